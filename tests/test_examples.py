"""The bundled examples are valid and say what they are meant to show."""

from __future__ import annotations

import pytest

from tdcli.usecases.period import load_submission
from tdcli.usecases.validate import validate_paths
from tdcli.workspace import load_workspace

from helpers import ROOT


@pytest.mark.parametrize("name", ["cum-ii", "cum-ii-2025"])
def test_example_is_valid(name: str) -> None:
    report = validate_paths([ROOT / "examples" / name])
    assert report.valid, [issue.where + " " + issue.message for issue in report.errors]


def test_cluster_ii_has_every_member_for_every_period() -> None:
    root = ROOT / "examples" / "cum-ii"
    workspace, _ = load_workspace(root)
    assert workspace is not None
    assert workspace.config.decision is not None
    assert workspace.config.decision.number == "395/QĐ-BTNMT"
    for period in ("2021-H1", "2021", "2022-H1"):
        year = workspace.year(int(period[:4]))
        assert year is not None
        folder = root / "submissions" / period
        files = sorted([*folder.glob("*.yaml"), *folder.glob("*.xlsx")])
        assert sorted(path.stem for path in files) == sorted(year.member_ids)
        for file in files:
            assert load_submission(file, workspace).valid


def test_post_2025_example_spans_the_merger() -> None:
    workspace, issues = load_workspace(ROOT / "examples" / "cum-ii-2025")
    assert workspace is not None
    assert [issue.code for issue in issues] == ["missing-director"]
    merged = workspace.province_of(2025, "thai-nguyen")
    assert merged is not None and merged.predecessors == ("thai-nguyen", "bac-kan")
    before = workspace.year(2024)
    assert before is not None and "Tài nguyên" in before.members[0].department
    after = workspace.year(2025)
    assert after is not None and all("Nông nghiệp" in member.department for member in after.members)
