from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from tdcli.cli import app
from tdcli.model.catalogue import iter_fields

from conftest import Invoke
from helpers import fixture_text, issue_pairs, put

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_commands_are_registered() -> None:
    assert {"validate", "indicators", "init"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(cli: Invoke, command: str) -> None:
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert "Ví dụ: tdcli " + command in " ".join(result.stdout.split())


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from tdcli.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('openpyxl', 'docx', 'docxtpl', 'matplotlib', 'numpy')\n"
        "heavy = [m for m in heavy if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "HEAVY="


def test_python_dash_m(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tdcli", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.startswith("tdcli ")


def test_unknown_option_is_a_usage_error(cli: Invoke, workspace: Path) -> None:
    assert cli("validate", workspace, "--no-such-option").exit_code == 2


def test_missing_path_is_a_usage_error(cli: Invoke, tmp_path: Path) -> None:
    assert cli("validate", tmp_path / "absent.yaml").exit_code == 2


def test_no_path_is_a_usage_error(cli: Invoke) -> None:
    assert cli("validate").exit_code == 2


def test_table_output_names_file_line_and_label(cli: Invoke, workspace: Path) -> None:
    put(workspace / "submissions", "2022-H1/bac-kan.yaml", fixture_text("sum-mismatch.yaml"))
    result = cli("validate", workspace)
    assert result.exit_code == 1
    text = " ".join(result.stdout.split())
    assert "bac-kan.yaml" in text and "Lỗi" in text and "1 lỗi" in text


def test_json_and_table_report_the_same_issues(cli: Invoke, workspace: Path) -> None:
    put(
        workspace / "submissions",
        "2022-H1/bac-kan.yaml",
        fixture_text("collected-above-amount.yaml"),
    )
    data = json.loads(cli("validate", workspace, "--format", "json").stdout)
    assert data["valid"] is False and data["error_count"] == 1
    issue = data["issues"][0]
    assert issue["field"] == "fines.collected_vnd"
    assert issue["label"] == "Số tiền đã nộp ngân sách"
    assert issue["value"] == "3.000.000.000"


def test_unexpected_failure_is_one_line_unless_debug(
    cli: Invoke, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tdcli.usecases.validate

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("hỏng")

    monkeypatch.setattr(tdcli.usecases.validate, "validate_paths", broken)
    result = cli("validate", workspace)
    assert result.exit_code == 3
    assert "Traceback" not in result.stderr and "--debug" in result.stderr
    with pytest.raises(RuntimeError):
        cli("--debug", "validate", workspace)


def test_indicators_json_lists_every_field(cli: Invoke) -> None:
    result = cli("indicators", "--format", "json")
    assert result.exit_code == 0
    listed = [
        field["key"] for group in json.loads(result.stdout)["groups"] for field in group["fields"]
    ]
    assert listed == [spec.key for spec in iter_fields()]
    assert "fines.amount_vnd" in listed and "narrative.next_tasks" in listed


def test_indicators_table(cli: Invoke) -> None:
    result = cli("indicators")
    assert result.exit_code == 0
    assert "Thanh tra, kiểm tra" in result.stdout and "inspections.total" in result.stdout


@pytest.mark.parametrize("example", ["cum-ii", "cum-ii-2025"])
def test_init_creates_a_valid_workspace(cli: Invoke, tmp_path: Path, example: str) -> None:
    target = tmp_path / "new"
    assert cli("init", target, "--example", example).exit_code == 0
    assert (target / "cluster.yaml").is_file()
    assert cli("validate", target).exit_code == 0
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".tdcli")]


@pytest.mark.parametrize("example", ["cum-ii", "cum-ii-2025"])
def test_init_empty_has_only_the_configuration(cli: Invoke, tmp_path: Path, example: str) -> None:
    target = tmp_path / "new"
    result = cli("init", target, "--example", example, "--empty")
    assert result.exit_code == 0, result.output
    assert "trống" in result.stdout and "cluster.yaml" in result.stdout
    assert sorted(path.name for path in target.iterdir()) == ["cluster.yaml", "submissions"]
    assert not any((target / "submissions").iterdir())
    assert cli("validate", target).exit_code == 0  # the configuration is valid, nothing to check
    status = cli(
        "status", "-w", target, "--period", "2022-H1" if example == "cum-ii" else "2025-H1"
    )
    assert status.exit_code in (0, 1), status.output  # nobody has sent anything yet


def test_init_with_the_example_says_how_to_start_empty(cli: Invoke, tmp_path: Path) -> None:
    result = cli("init", tmp_path / "new")
    assert result.exit_code == 0
    assert "--empty" in result.stdout


def test_init_refuses_a_folder_with_content(cli: Invoke, workspace: Path) -> None:
    result = cli("init", workspace)
    assert result.exit_code == 2
    assert "đã có nội dung" in result.stderr


def test_init_unknown_example(cli: Invoke, tmp_path: Path) -> None:
    assert cli("init", tmp_path / "x", "--example", "nope").exit_code == 2
    assert not (tmp_path / "x").exists()


def test_issues_sorted_by_line(cli: Invoke, workspace: Path) -> None:
    text = (
        fixture_text("valid.yaml")
        .replace("  total: 6\n", "  total: x\n")
        .replace("member: bac-kan", "member: bac")
    )
    put(workspace / "submissions", "2022-H1/bac-kan.yaml", text)
    pairs = issue_pairs(cli("validate", workspace, "--format", "json").stdout)
    assert [line for _, line in pairs] == sorted(line or 0 for _, line in pairs)


def test_public_api_names_resolve() -> None:
    import tdcli

    for name in tdcli.__all__:
        assert getattr(tdcli, name) is not None


def test_an_empty_folder_is_said_to_be_empty(cli: Invoke, tmp_path: Path) -> None:
    result = cli("validate", tmp_path, "--format", "json")
    assert result.exit_code == 0
    assert [item["code"] for item in json.loads(result.stdout)["issues"]] == ["no-files"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("[red]bac-kan[/].yaml", "12"),
        ("bac-kan.yaml", "'[/] 12'"),
        ("bac-kan.yaml", '"\\e]0;pwned\\a 12"'),
        ("bac-kan.yaml", '"\\u202e 12"'),
    ],
    ids=["markup-in-name", "markup-in-value", "terminal-escape", "bidi-override"],
)
def test_text_from_a_file_is_printed_literally(
    cli: Invoke, workspace: Path, name: str, value: str
) -> None:
    text = fixture_text("valid.yaml").replace("  total: 6\n", f"  total: {value}\n")
    path = put(workspace / "submissions", f"2022-H1/{name}", text)
    result = cli("validate", path)
    assert result.exit_code == 1, result.output
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "Lỗi không mong đợi" not in result.output


def test_compile_says_the_date_it_used_and_warns_of_another_era(
    cli: Invoke, cum_ii: Path, tmp_path: Path
) -> None:
    today = cli("compile", "-w", cum_ii, "--period", "2022-H1", "-o", tmp_path / "a.docx")
    assert today.exit_code == 0, today.output
    joined = " ".join(today.output.split())
    assert "Văn bản ghi ngày" in joined and "--date 30/06/2022" in joined
    dated = cli(
        "compile",
        "-w",
        cum_ii,
        "--period",
        "2022-H1",
        "-o",
        tmp_path / "b.docx",
        "--date",
        "15-07-2022",
    )
    assert dated.exit_code == 0, dated.output
    assert "Văn bản ghi ngày" not in dated.output
    assert "(ghi ngày 15/07/2022)" in " ".join(dated.output.split())
    wrong = cli("compile", "-w", cum_ii, "--period", "2022-H1", "--date", "31/02/2022")
    assert wrong.exit_code == 2
