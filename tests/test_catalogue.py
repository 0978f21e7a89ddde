from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tdcli.check.submission import validate_submission_data
from tdcli.model.catalogue import GROUPS, Submission, ValueKind, field_spec, iter_fields
from tdcli.model.issues import CATALOGUE, Location

CONTRACT = {
    "inspections": ["total", "planned", "unannounced", "organisations_inspected", "sanctioned"],
    "fines": ["decisions", "amount_vnd", "collected_vnd"],
    "eia": ["appraised", "approved", "environmental_permits"],
    "trainings": ["sessions", "participants"],
    "narrative": ["highlights", "difficulties", "proposals", "next_tasks"],
}


def test_public_keys_are_kept() -> None:
    groups = {group.key: list(group.field_names()) for group in GROUPS}
    for key, fields in CONTRACT.items():
        assert groups[key][: len(fields)] == fields


def test_every_field_has_a_vietnamese_label_and_a_unit() -> None:
    for spec in iter_fields():
        assert spec.label and spec.label[0].isupper()
        assert spec.unit or spec.kind is ValueKind.TEXT
    assert field_spec("fines.amount_vnd") is not None
    assert field_spec("fines.amount_vnd").unit == "đồng"  # type: ignore[union-attr]
    assert field_spec("inspections.total").unit == "cuộc"  # type: ignore[union-attr]
    assert field_spec("nope.nothing") is None


def test_every_rule_code_is_in_the_issue_catalogue() -> None:
    """Each rule is broken on purpose (its fields set to small and huge numbers): what it finds
    is a catalogue code given exactly the parameters that code declares (`value` aside: the
    issue takes it from the field), and checking a submission turns it into that issue."""
    for group in GROUPS:
        for rule in group.rules:
            attributes: list[object] = []
            if dataclasses.is_dataclass(rule):  # the fields it reads are among its attributes
                attributes = [getattr(rule, item.name) for item in dataclasses.fields(rule)]
            names = [
                name
                for attribute in attributes
                for name in (attribute if isinstance(attribute, tuple) else (attribute,))
                if isinstance(name, str) and name in group.model_fields
            ]
            assert names, f"{rule!r} names no field of {group.key}"
            spoke = False
            for numbers in itertools.product((0, 1, 10**17), repeat=len(names)):
                values = dict(zip(names, numbers, strict=True))
                findings = rule.check(group.model_validate(values))
                for finding in findings:
                    assert finding.code in CATALOGUE, f"{rule!r} emits {finding.code!r}"
                    assert finding.field in group.model_fields, (rule, finding.field)
                    declared = set(CATALOGUE[finding.code].params)
                    assert set(finding.params) - {"value"} == declared, (rule, finding.params)
                if findings:
                    spoke = True
                    data = {"member": "x", "period": "2022-H1", group.key: values}
                    assert {finding.code for finding in findings} <= set(_validate(data)[1])
            assert spoke, f"{rule!r} in {group.key} never speaks"


def _validate(data: dict[str, Any]) -> tuple[Submission | None, list[str]]:
    submission, issues = validate_submission_data(
        data, file=Path("x.yaml"), locate=lambda path: Location()
    )
    return submission, [issue.code for issue in issues]


def test_rules_speak_only_when_all_their_fields_are_given() -> None:
    base = {"member": "x", "period": "2022-H1"}
    assert _validate({**base, "inspections": {"total": 5, "planned": 3}})[1] == []
    assert _validate({**base, "inspections": {"total": 5, "planned": 3, "unannounced": 1}})[1] == [
        "sum-mismatch"
    ]
    assert _validate({**base, "eia": {"approved": 5}})[1] == []
    assert _validate({**base, "eia": {"approved": 5, "appraised": 4}})[1] == ["exceeds-limit"]


def test_a_rule_still_runs_in_a_valid_group_when_another_group_fails() -> None:
    data = {
        "member": "x",
        "period": "2022-H1",
        "fines": {"decisions": "nhiều"},
        "eia": {"approved": 5, "appraised": 4},
    }
    submission, found = _validate(data)
    assert submission is None
    assert sorted(found) == ["exceeds-limit", "not-a-number"]


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@settings(max_examples=300)
@given(st.data())
def test_any_value_in_any_field_gives_a_result_or_issues(data: st.DataObject) -> None:
    spec = data.draw(st.sampled_from(list(iter_fields())))
    value = data.draw(values)
    submission, found = _validate(
        {"member": "x", "period": "2022-H1", spec.group.key: {spec.name: value}}
    )
    assert set(found) <= set(CATALOGUE)
    if not found:
        assert submission is not None
        assert submission.value(spec.key) in (None, ()) or value is not None
