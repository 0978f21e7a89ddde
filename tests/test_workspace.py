from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tdcli.workspace import WorkspaceNotFound, find_workspace, load_workspace

from conftest import Invoke
from helpers import FIXTURES, issue_pairs

BASE = (FIXTURES / "workspace" / "cluster.yaml").read_text(encoding="utf-8")
ALONE = ("checked-without-cluster", None)

# (name, replacement of the base text, expected (code, line) pairs)
CLUSTER_CASES: list[tuple[str, tuple[str, str], list[tuple[str, int | None]]]] = [
    ("unknown-province", ("province: Bắc Kạn", "province: Bac Kann"), [("unknown-province", 19)]),
    (
        "province-not-existing-that-year",
        ("province: Cao Bằng", "province: Hà Tây"),
        [("unknown-province", 23)],
    ),
    (
        "duplicate-member",
        ("- id: cao-bang", "- id: bac-kan"),
        [("duplicate-member", 22), ("unknown-role-member", 16), ("unknown-member", 1)],
    ),
    (
        "duplicate-province",
        ("province: Cao Bằng", "province: Bắc Cạn"),
        [("duplicate-province", 23)],
    ),
    ("chair-not-a-member", ("chair: lang-son", "chair: ha-noi"), [("unknown-role-member", 15)]),
    (
        "chair-is-vice-chair",
        ("vice_chair: cao-bang", "vice_chair: lang-son"),
        [("same-chair-and-vice", 16)],
    ),
    ("missing-director", ("        director: Nông Thị Hoa\n", ""), [("missing-director", 22)]),
    # a cluster.yaml that cannot be loaded: the submissions are checked each on its own, and
    # that is said once
    ("bad-member-id", ("- id: bac-kan", "- id: Bắc Kạn"), [("invalid-value", 18), ALONE]),
    ("missing-place", ("    place: Lạng Sơn\n", ""), [("missing-field", 12), ALONE]),
    ("unknown-key", ("    theme:", "    them:"), [("unknown-key", 13), ALONE]),
    ("bad-date", ("date: 2022-03-02", "date: 02/3/2022"), [("wrong-type", 10), ALONE]),
    (
        "no-members",
        ("    members:\n", "    members: []\n    old:\n"),
        [("invalid-value", 17), ("unknown-key", 18), ALONE],
    ),
]


@pytest.mark.parametrize(
    ("replace", "expected"),
    [case[1:] for case in CLUSTER_CASES],
    ids=[case[0] for case in CLUSTER_CASES],
)
def test_cluster_file_problems(
    cli: Invoke, workspace: Path, replace: tuple[str, str], expected: list[tuple[str, int | None]]
) -> None:
    old, new = replace
    assert old in BASE
    (workspace / "cluster.yaml").write_text(BASE.replace(old, new, 1), encoding="utf-8")
    result = cli("validate", workspace, "--format", "json")
    assert sorted(issue_pairs(result.stdout)) == sorted(expected)
    errors = [code for code, _ in expected if code not in ("missing-director", ALONE[0])]
    assert result.exit_code == (1 if errors else 0)


def test_names_follow_the_dates() -> None:
    workspace, issues = load_workspace(FIXTURES / "workspace")
    assert workspace is not None and issues == []
    config = workspace.config
    assert config.ministry_on(date(2025, 2, 28)) == "Bộ Tài nguyên và Môi trường"
    assert config.ministry_on(date(2025, 3, 1)) == "Bộ Nông nghiệp và Môi trường"
    assert config.parent_body_on(date(2022, 6, 30)) == "Bộ Tài nguyên và Môi trường"
    province = workspace.province_of(2022, "lang-son")
    assert province is not None and province.code == "lang-son"


def test_found_from_a_subfolder(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace / "submissions" / "2022-H1")
    assert find_workspace() == workspace.resolve()


def test_not_found_outside(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceNotFound):
        find_workspace(tmp_path)


def test_validate_from_inside_the_workspace(
    cli: Invoke, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workspace / "submissions")
    result = cli("validate", ".", "--format", "json")
    assert result.exit_code == 0
    assert len(__import__("json").loads(result.stdout)["files"]) == 2


def test_explicit_workspace_must_be_one(cli: Invoke, workspace: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = cli("validate", workspace / "submissions", "--workspace", empty)
    assert result.exit_code == 2
    assert "cluster.yaml" in result.stderr


def test_explicit_workspace_checks_membership(cli: Invoke, workspace: Path, tmp_path: Path) -> None:
    outside = tmp_path / "inbox" / "2022-H1"
    outside.mkdir(parents=True)
    text = "member: ha-noi\nperiod: 2022-H1\nland:\n  certificates_issued: 3\n"
    (outside / "ha-noi.yaml").write_text(text, encoding="utf-8")
    alone = cli("validate", outside / "ha-noi.yaml", "--format", "json")
    assert issue_pairs(alone.stdout) == []
    checked = cli("validate", outside / "ha-noi.yaml", "-w", workspace, "--format", "json")
    assert issue_pairs(checked.stdout) == [("unknown-member", 1)]
    assert checked.exit_code == 1
