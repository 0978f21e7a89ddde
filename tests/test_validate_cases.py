"""One fixture file per failure case: its code and line, and the exit code of `tdcli validate`."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Invoke
from helpers import fixture_text, issue_pairs, put

# fixture, where it goes in the workspace, the (code, line) pairs expected, exit code
CASES: list[tuple[str, str, list[tuple[str, int | None]], int]] = [
    ("valid.yaml", "2022-H1/bac-kan.yaml", [], 0),
    ("unknown-group.yaml", "2022-H1/bac-kan.yaml", [("unknown-key", 3)], 1),
    ("unknown-field.yaml", "2022-H1/bac-kan.yaml", [("unknown-key", 5)], 1),
    ("duplicate-key.yaml", "2022-H1/bac-kan.yaml", [("duplicate-key", 9)], 1),
    ("not-a-number.yaml", "2022-H1/bac-kan.yaml", [("not-a-number", 4)], 1),
    ("negative-number.yaml", "2022-H1/bac-kan.yaml", [("negative-number", 10)], 1),
    ("not-whole-number.yaml", "2022-H1/bac-kan.yaml", [("not-whole-number", 10)], 1),
    ("ambiguous-number.yaml", "2022-H1/bac-kan.yaml", [("ambiguous-number", 15)], 1),
    ("number-too-large.yaml", "2022-H1/bac-kan.yaml", [("number-too-large", 21)], 1),
    ("sum-mismatch.yaml", "2022-H1/bac-kan.yaml", [("sum-mismatch", 4)], 1),
    ("approved-above-appraised.yaml", "2022-H1/bac-kan.yaml", [("exceeds-limit", 15)], 1),
    ("collected-above-amount.yaml", "2022-H1/bac-kan.yaml", [("exceeds-limit", 12)], 1),
    ("sanctioned-above-inspected.yaml", "2022-H1/bac-kan.yaml", [("exceeds-limit", 8)], 1),
    ("sessions-above-participants.yaml", "2022-H1/bac-kan.yaml", [("implausible-ratio", 18)], 0),
    ("huge-fine.yaml", "2022-H1/bac-kan.yaml", [("implausible-value", 11)], 0),
    ("missing-member.yaml", "2022-H1/bac-kan.yaml", [("missing-field", 1)], 1),
    ("invalid-period.yaml", "2022-H1/bac-kan.yaml", [("invalid-period", 2)], 1),
    ("period-mismatch.yaml", "2022-H1/bac-kan.yaml", [("period-mismatch", 2)], 1),
    ("member-mismatch.yaml", "2022-H1/bac-kan.yaml", [("member-mismatch", 1)], 1),
    ("unknown-member.yaml", "2022-H1/ha-noi.yaml", [("unknown-member", 1)], 1),
    ("year-not-configured.yaml", "2019-H1/bac-kan.yaml", [("year-not-configured", 2)], 1),
    ("wrong-type-group.yaml", "2022-H1/bac-kan.yaml", [("wrong-type", 17)], 1),
    ("wrong-type-narrative.yaml", "2022-H1/bac-kan.yaml", [("wrong-type", 25)], 1),
    ("top-level-list.yaml", "2022-H1/bac-kan.yaml", [("wrong-type", 1)], 1),
    ("yaml-syntax.yaml", "2022-H1/bac-kan.yaml", [("yaml-syntax", 6)], 1),
    ("yaml-tab.yaml", "2022-H1/bac-kan.yaml", [("yaml-syntax", 5)], 1),
    ("two-documents.yaml", "2022-H1/bac-kan.yaml", [("yaml-syntax", 3)], 1),
    ("empty.yaml", "2022-H1/bac-kan.yaml", [("file-empty", None)], 1),
    ("alias-bomb.yaml", "2022-H1/bac-kan.yaml", [("yaml-too-complex", None)], 1),
]


@pytest.mark.parametrize(
    ("fixture", "target", "expected", "exit_code"),
    CASES,
    ids=[case[0].removesuffix(".yaml") for case in CASES],
)
def test_case(
    cli: Invoke,
    workspace: Path,
    fixture: str,
    target: str,
    expected: list[tuple[str, int | None]],
    exit_code: int,
) -> None:
    file = put(workspace / "submissions", target, fixture_text(fixture))
    result = cli("validate", file, "--format", "json")
    assert issue_pairs(result.stdout) == expected
    assert result.exit_code == exit_code


def test_every_fixture_has_a_case() -> None:
    folder = Path(__file__).parent / "fixtures" / "submissions"
    assert sorted(path.name for path in folder.iterdir()) == sorted(case[0] for case in CASES)


def test_whole_workspace_is_valid(cli: Invoke, workspace: Path) -> None:
    result = cli("validate", workspace, "--format", "json")
    assert result.exit_code == 0, result.stdout
    assert issue_pairs(result.stdout) == []


def test_invalid_file_among_valid_ones_fails_the_run(cli: Invoke, workspace: Path) -> None:
    put(workspace / "submissions", "2022-H1/bac-kan.yaml", fixture_text("sum-mismatch.yaml"))
    result = cli("validate", workspace, "--format", "json")
    assert result.exit_code == 1
    assert issue_pairs(result.stdout) == [("sum-mismatch", 4)]


def test_two_files_for_one_member_is_an_error(cli: Invoke, workspace: Path) -> None:
    put(workspace / "submissions", "2022-H1/bac-kan.yaml", fixture_text("valid.yaml"))
    put(workspace / "submissions", "2022-H1/bac-kan.yml", fixture_text("valid.yaml"))
    result = cli("validate", workspace, "--format", "json")
    assert result.exit_code == 1
    assert [code for code, _ in issue_pairs(result.stdout)] == ["duplicate-submission"]
