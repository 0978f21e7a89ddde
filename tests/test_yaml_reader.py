"""Files as they arrive from Windows machines: BOMs, CRLF, NFD text, UTF-16, legacy encodings."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tdcli.model.catalogue import Submission
from tdcli.read.yamlfile import parse_yaml
from tdcli.usecases.period import load_submission

from conftest import Invoke
from helpers import fixture_text, issue_pairs, put

Pairs = list[tuple[str, int | None]]
HEAD = "member: bac-kan\nperiod: 2022-H1\n"


def _load(workspace: Path, content: bytes) -> tuple[Pairs, Submission | None]:
    file = put(workspace / "submissions", "2022-H1/bac-kan.yaml", content)
    checked = load_submission(file)
    return [(issue.code, issue.location.line) for issue in checked.issues], checked.submission


def test_bom_crlf_and_nfd_read_like_the_original(workspace: Path) -> None:
    text = fixture_text("valid.yaml")
    _, plain = _load(workspace, text.encode("utf-8"))
    variant = unicodedata.normalize("NFD", text).replace("\n", "\r\n")
    pairs, odd = _load(workspace, b"\xef\xbb\xbf" + variant.encode("utf-8"))
    assert pairs == []
    assert odd == plain


def test_utf16_from_notepad(workspace: Path) -> None:
    text = fixture_text("valid.yaml")
    _, plain = _load(workspace, text.encode("utf-8"))
    pairs, odd = _load(workspace, text.replace("\n", "\r\n").encode("utf-16"))
    assert pairs == []
    assert odd == plain


def test_legacy_encoding_is_named_with_its_line(workspace: Path) -> None:
    content = "member: bac-kan\nperiod: 2022-H1\nnarrative:\n  highlights: Sở Tài nguyên\n"
    pairs, submission = _load(workspace, content.encode("cp1258", errors="replace"))
    assert pairs == [("encoding-error", 4)]
    assert submission is None


def test_numbers_reach_the_models_as_typed(workspace: Path) -> None:
    _, submission = _load(workspace, fixture_text("valid.yaml").encode("utf-8"))
    assert submission is not None
    values = submission.model_dump()
    assert values["fines"]["amount_vnd"] == 2_800_000_000
    assert values["eia"]["appraised"] == 1000
    assert values["trainings"]["participants"] == 1500
    assert values["admin_procedures"]["resolved"] == 1190


def test_empty_is_not_zero(workspace: Path) -> None:
    _, submission = _load(workspace, fixture_text("valid.yaml").encode("utf-8"))
    assert submission is not None
    assert submission.eia.environmental_permits is None
    assert submission.land.certificates_issued is None
    assert submission.complaints.is_empty()


def test_narrative_keeps_special_characters_and_splits_lines(workspace: Path) -> None:
    _, submission = _load(workspace, fixture_text("valid.yaml").encode("utf-8"))
    assert submission is not None
    assert "&" in submission.narrative.highlights[0]
    assert submission.narrative.difficulties == (
        "Thiếu cán bộ chuyên môn về môi trường cấp huyện.",
        "Kinh phí cho quan trắc còn hạn chế (< 50% nhu cầu).",
    )


def test_quoted_null_is_text_but_plain_null_is_empty(workspace: Path) -> None:
    content = (
        "member: bac-kan\nperiod: 2022-H1\nland:\n  certificates_issued: null\n"
        'narrative:\n  proposals: "null"\n'
    )
    pairs, submission = _load(workspace, content.encode("utf-8"))
    assert pairs == []
    assert submission is not None
    assert submission.land.certificates_issued is None
    assert submission.narrative.proposals == ("null",)


def test_input_file_is_never_modified(cli: Invoke, workspace: Path) -> None:
    file = put(workspace / "submissions", "2022-H1/bac-kan.yaml", fixture_text("sum-mismatch.yaml"))
    os.utime(file, (1_600_000_000, 1_600_000_000))
    before = (file.read_bytes(), file.stat().st_mtime_ns)
    result = cli("validate", file, "--format", "json")
    assert issue_pairs(result.stdout) == [("sum-mismatch", 4)]
    assert (file.read_bytes(), file.stat().st_mtime_ns) == before


def test_a_file_too_large_is_refused_without_reading(workspace: Path) -> None:
    file = workspace / "submissions" / "2022-H1" / "bac-kan.yaml"
    with file.open("wb") as handle:
        handle.truncate(5 * 1024 * 1024)
    checked = load_submission(file)
    assert [issue.code for issue in checked.issues] == ["file-too-large"]


def test_a_bom_further_on_and_invisible_characters_in_keys_are_dropped(workspace: Path) -> None:
    """Files joined together bring a BOM mid-file; a paste brings zero-width spaces and
    direction marks into keys. Nobody sees them; no key of tdcli has one."""
    text = fixture_text("valid.yaml")
    _, plain = _load(workspace, text.encode("utf-8"))
    odd = text.replace("inspections:", "\ufeffinspections:").replace("total:", "to\u200btal\u200e:")
    pairs, read = _load(workspace, odd.encode("utf-8"))
    assert pairs == []
    assert read == plain


def test_what_an_alias_copies_is_located_where_it_was_typed(workspace: Path) -> None:
    content = HEAD + "inspections: &counts\n  total: 6\n  planned: x\nfines: *counts\n"
    pairs, _ = _load(workspace, content.encode("utf-8"))
    # `fines` holds a copy of the inspections: its keys are not fines' fields
    assert sorted(pairs) == [("not-a-number", 5), ("unknown-key", 4), ("unknown-key", 5)]


YAML_PIECES = st.sampled_from(
    [*"[]{}:,-?&*!|>'\"# \nab0~.", "&a ", "*a", "\n  ", "\n- ", "? ", ": ", "!!null ", "---\n"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(YAML_PIECES, max_size=40).map("".join))
def test_any_text_gives_data_or_an_issue(text: str) -> None:
    document, issues = parse_yaml(text, Path("x.yaml"))
    assert document is not None or issues
