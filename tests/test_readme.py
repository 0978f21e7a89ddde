"""The README's commands and tables stay true."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from tdcli.model.issues import issue_code_table

from helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def quickstart() -> list[str]:
    match = re.search(r"<!-- quickstart -->\s*```(?:bash|sh)?\n(.*?)```", README, re.S)
    assert match, "README has no quick-start block"
    return [line for line in match.group(1).splitlines() if line.strip()]


def test_exactly_two_commands() -> None:
    commands = quickstart()
    assert len(commands) == 2
    assert commands[0].startswith("python -m pip install . && tdcli ")
    assert commands[1] == 'python -m pip install -e ".[test]" && python -m pytest'


def test_main_command_runs() -> None:
    install, _, main = quickstart()[0].partition(" && ")
    assert install == "python -m pip install ."
    executable = shutil.which("tdcli")
    if executable is None:
        pytest.fail("tdcli is not on PATH: install the project first")
    argv = shlex.split(main)
    done = subprocess.run(
        [executable, *argv[1:]], cwd=ROOT, capture_output=True, text=True, encoding="utf-8"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    output = argv[argv.index("-o") + 1]
    assert (ROOT / output).is_file() and (ROOT / output).with_suffix(".xlsx").is_file()


def test_issue_codes_table_is_the_catalogue() -> None:
    match = re.search(r"<!-- issue-codes -->\n(.*?)<!-- /issue-codes -->", README, re.S)
    assert match and match.group(1) == issue_code_table()


def _block(marker: str) -> list[str]:
    match = re.search(rf"<!-- {marker} -->\s*```\w*\n(.*?)```", README, re.S)
    assert match, f"README has no block {marker}"
    return [line for line in match.group(1).splitlines() if line.strip()]


@pytest.mark.parametrize("marker", ["commands:vi", "commands:windows"])
def test_the_readme_commands_work_on_the_example(
    marker: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every tdcli command of the block, in order, in the folder the block is in (`cd`)."""
    from typer.testing import CliRunner

    from tdcli.cli import app

    runner = CliRunner(env={"COLUMNS": "100"})
    monkeypatch.chdir(tmp_path)
    ran = 0
    for line in _block(marker):
        argv = shlex.split(line.replace("\\", "/"), comments=True)
        if argv[0] == "cd":
            monkeypatch.chdir(Path.cwd() / argv[1])
            continue
        if argv[0] != "tdcli":
            continue  # setting up Python (venv, pip) is CI's own job
        result = runner.invoke(app, argv[1:], catch_exceptions=False)
        assert result.exit_code == 0, f"{line}\n{result.output}"
        ran += 1
    assert ran >= 3
