"""What `tdcli validate` and `tdcli indicators` print at 80 columns, without colour, piped.

Issues come under their file's path, one a line (two for a long message); nothing a user
looks for (a path, a cell, a number, a value, a code) is ever cut across lines; the wide
table only where its message column reads."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from tdcli.cli import app
from tdcli.model.catalogue import iter_fields

from helpers import fill_form, fixture_text, make_form, put

ANSI = re.compile(r"\x1b\[")
PIPED = {"COLUMNS": "80", "NO_COLOR": None, "FORCE_COLOR": None, "TTY_COMPATIBLE": None}
"""80 columns, output to a pipe (CliRunner's stream is no terminal), no colour asked for."""

FIVE_ERRORS: dict[str, object] = {
    "inspections.total": "1.500.000.0O0",
    "eia.appraised": 3,
    "eia.approved": 5,
    "trainings.sessions": -2,
    "trainings.participants": 2.5,
    "admin_procedures.received": "#REF!",
}
"""Typed into lang-son's form: five errors, each a line or two at 80 columns."""


def run(*args: str | Path, **env: str | None) -> Any:
    runner = CliRunner(env={**PIPED, **env})
    return runner.invoke(app, [str(arg) for arg in args], catch_exceptions=False)


@pytest.fixture
def errors(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The workspace, as the current folder, with errors in an .xlsx and a .yaml."""
    form = make_form(
        workspace, "lang-son", "2022-H1", workspace / "submissions/2022-H1/lang-son.xlsx"
    )
    fill_form(form, {**FIVE_ERRORS, "fines.amount_vnd": "1,000"})  # the longest message
    text = (
        fixture_text("valid.yaml")
        .replace("period: 2022-H1", "period: 2022-H2")
        .replace("planned: 4", "planned: nhiều lắm")
        .replace("participants: 1,5 nghìn", "participants: 2,5")
    )
    put(workspace / "submissions", "2022-H1/bac-kan.yaml", text)
    monkeypatch.chdir(workspace)
    return workspace


def issues_of(*args: str | Path) -> list[dict[str, Any]]:
    report: dict[str, Any] = json.loads(run("validate", *args, "-f", "json").stdout)
    return list(report["issues"])


def lines_of(output: str) -> list[str]:
    return output.rstrip("\n").split("\n")


def test_issues_fit_80_columns_and_nothing_is_cut(errors: Path) -> None:
    issues = issues_of(".")
    result = run("validate", ".")
    assert result.exit_code == 1
    lines = lines_of(result.stdout)
    assert max(cell_len(line) for line in lines) <= 80
    # each file's path once, on a line of its own, before its issues
    for name in ("bac-kan.yaml", "lang-son.xlsx"):
        path = str(Path("submissions", "2022-H1", name))
        assert lines.count(path) == 1
    assert lines.index(str(Path("submissions/2022-H1/bac-kan.yaml"))) == 0
    for issue in issues:
        location = issue["location"]
        if location["cell"]:
            assert any(f"{location['sheet']}!{location['cell']}" in line for line in lines)
        elif location["line"]:
            assert any(f"dòng {location['line']} " in line for line in lines)
        if issue["value"]:
            assert any(issue["value"] in line for line in lines), issue["value"]
        assert any(f"[{issue['code']}]" in line for line in lines)
    for number in ("1.500.000.0O0", "'1,000'", "(5)", "(3)", "(-2)", "#REF!", "'nhiều lắm'"):
        assert any(number in line for line in lines), number
    assert lines[-1].startswith("Đã kiểm tra 4 tệp: 9 lỗi, 0 cảnh báo")


def test_an_issue_takes_a_line_or_two(errors: Path) -> None:
    """The severity in words first (it reads without colour), a long message goes on under a
    hanging indent: no line but a path's starts at the margin."""
    lines = lines_of(run("validate", ".").stdout)[:-1]
    heads = [line for line in lines if line.startswith("  ") and not line.startswith("   ")]
    assert heads and all(line.startswith(("  Lỗi  ", "  Cảnh báo  ")) for line in heads)
    more = [line for line in lines if line.startswith("    ")]
    assert more and all(not line[4].isspace() for line in more)
    assert all(line.startswith(("  ", "submissions")) for line in lines)


def test_five_errors_take_at_most_twelve_lines(errors: Path) -> None:
    form = Path("submissions/2022-H1/lang-son.xlsx")
    fill_form(make_form(errors, "lang-son", "2022-H1", form), FIVE_ERRORS)
    assert len(issues_of(form)) == 5
    result = run("validate", form)
    assert result.exit_code == 1
    assert len(lines_of(result.stdout)) <= 12


def test_the_same_output_without_colour_and_piped(errors: Path) -> None:
    piped = run("validate", ".").stdout
    assert not ANSI.search(piped)
    no_colour = run("validate", ".", NO_COLOR="1", FORCE_COLOR="1")  # a terminal, NO_COLOR
    assert not ANSI.search(no_colour.stdout)
    assert no_colour.stdout == piped
    coloured = run("validate", ".", FORCE_COLOR="1").stdout
    assert "\x1b[1;31mLỗi" in coloured  # errors red on a terminal
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == piped


def test_80_columns_when_the_width_is_unknown(errors: Path) -> None:
    result = run("validate", ".", COLUMNS=None)
    assert max(cell_len(line) for line in lines_of(result.stdout)) <= 80
    assert result.stdout == run("validate", ".").stdout


@pytest.mark.parametrize("columns", ["100", "120", "160"])
def test_one_issue_a_line_until_the_table_reads(errors: Path, columns: str) -> None:
    result = run("validate", ".", COLUMNS=columns)
    lines = lines_of(result.stdout)
    assert not any("┃" in line or "│" in line for line in lines)
    assert max(cell_len(line) for line in lines) <= int(columns)


def test_the_table_on_a_wide_terminal(errors: Path) -> None:
    result = run("validate", ".", COLUMNS="220")
    lines = lines_of(result.stdout)
    assert any("┃ Tệp" in line for line in lines)
    assert max(cell_len(line) for line in lines) <= 220
    # the message column gets 60 columns at least: a table line with the path is whole
    for name in ("bac-kan.yaml", "lang-son.xlsx"):
        assert any(str(Path("submissions/2022-H1", name)) in line for line in lines)
    for code in ("not-a-number", "exceeds-limit", "period-mismatch"):
        assert any(code in line for line in lines)


def test_metadata_fields_are_named_in_vietnamese(errors: Path) -> None:
    by_code = {issue["code"]: issue for issue in issues_of(".")}
    assert by_code["period-mismatch"]["label"] == "Kỳ báo cáo"
    put(errors / "submissions", "2022-H1/bac-kan.yaml", "member: bac-kan\n")
    (missing,) = issues_of("submissions/2022-H1/bac-kan.yaml")
    assert (missing["code"], missing["label"]) == ("missing-field", "Kỳ báo cáo")
    put(errors / "submissions", "2022-H1/bac-kan.yaml", "period: 2022-H1\n")
    assert issues_of("submissions/2022-H1/bac-kan.yaml")[0]["label"] == "Mã thành viên"
    text = run("validate", "submissions/2022-H1/bac-kan.yaml").stdout
    assert "Mã thành viên  Thiếu mục bắt buộc 'member'  [missing-field]" in text


def test_indicators_at_80_columns_show_every_key_whole() -> None:
    result = run("indicators")
    assert result.exit_code == 0
    lines = lines_of(result.stdout)
    assert max(cell_len(line) for line in lines) <= 80
    assert not ANSI.search(result.stdout)
    for spec in iter_fields():
        assert any(re.search(rf"(^|\s){re.escape(spec.key)}(\s|$)", line) for line in lines)
        assert spec.label in " ".join(result.stdout.split())
    assert "Thanh tra, kiểm tra" in lines


def test_indicators_keys_go_on_their_own_line_when_narrow() -> None:
    result = run("indicators", COLUMNS="50")
    lines = lines_of(result.stdout)
    assert max(cell_len(line) for line in lines) <= 50
    for spec in iter_fields():
        assert "  " + spec.key in lines


def test_indicators_as_a_table_when_wide() -> None:
    lines = lines_of(run("indicators", COLUMNS="200").stdout)
    assert any("┃ Nhóm" in line for line in lines)
    for spec in iter_fields():
        assert any(f"│ {spec.key} " in line for line in lines)
