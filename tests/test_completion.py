"""Shell completion (issue 14, part 4): the scripts for PowerShell, bash and zsh, installed
where each shell reads them, and the words a shell gets back from the workspace."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Invoke


def _complete(cwd: Path, **variables: str) -> list[str]:
    """What tdcli answers a shell asking for completions (a process of its own, as a shell
    runs it)."""
    env = {**os.environ, **variables}
    done = subprocess.run(
        [sys.executable, "-m", "tdcli"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.parametrize("shell", ["powershell", "pwsh", "bash", "zsh"])
def test_the_script_for_each_shell(cli: Invoke, shell: str) -> None:
    result = cli("completion", shell)
    assert result.exit_code == 0, result.output
    assert "_TDCLI_COMPLETE" in result.stdout and "tdcli" in result.stdout


def test_an_unknown_shell_is_a_usage_error(cli: Invoke) -> None:
    result = cli("completion", "fish")
    assert result.exit_code == 2
    assert "Lỗi:" in result.stderr


@pytest.mark.parametrize(
    ("shell", "startup", "script"),
    [
        ("bash", ".bashrc", ".bash_completions/tdcli.sh"),
        ("zsh", ".zshrc", ".zfunc/_tdcli"),
    ],
)
def test_install_writes_where_the_shell_reads(
    cli: Invoke,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shell: str,
    startup: str,
    script: str,
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / startup).write_text("# my settings\n", encoding="utf-8")
    result = cli("completion", shell, "--install")
    assert result.exit_code == 0, result.output
    assert "Đã cài gợi ý lệnh" in result.stdout
    assert (tmp_path / script).is_file()
    assert "_TDCLI_COMPLETE" in (tmp_path / script).read_text(encoding="utf-8")
    settings = (tmp_path / startup).read_text(encoding="utf-8")
    assert settings.startswith("# my settings")  # the user's own lines kept
    assert cli("completion", shell, "--install").exit_code == 0  # twice is harmless
    assert (tmp_path / startup).read_text(encoding="utf-8") == settings


def test_commands_complete(cum_ii: Path) -> None:
    words = _complete(
        cum_ii, _TDCLI_COMPLETE="complete_bash", COMP_WORDS="tdcli com", COMP_CWORD="1"
    )
    assert {"compile", "completion"} <= set(words)


def test_members_complete_from_the_workspace(cum_ii: Path) -> None:
    words = _complete(
        cum_ii, _TDCLI_COMPLETE="complete_bash", COMP_WORDS="tdcli form b", COMP_CWORD="2"
    )
    assert words == ["bac-giang", "bac-kan"]


def test_periods_complete_from_the_workspace(cum_ii: Path) -> None:
    words = _complete(
        cum_ii,
        _TDCLI_COMPLETE="complete_bash",
        COMP_WORDS="tdcli compile --period 2021",
        COMP_CWORD="3",
    )
    assert set(words) == {"2021", "2021-H1"}
    everything = _complete(
        cum_ii, _TDCLI_COMPLETE="complete_bash", COMP_WORDS="tdcli status --period ", COMP_CWORD="3"
    )
    assert {"2022-H1", "2021", "2021-H1"} <= set(everything)


def test_years_complete_in_zsh_with_the_workspace_option(cum_ii: Path, tmp_path: Path) -> None:
    words = _complete(
        tmp_path,
        _TDCLI_COMPLETE="complete_zsh",
        _TYPER_COMPLETE_ARGS=f"tdcli pledge -w {cum_ii} --year ",
    )
    assert any('"2021"' in word for word in words) and any('"2022"' in word for word in words)


def test_outside_a_workspace_nothing_fails(tmp_path: Path) -> None:
    words = _complete(
        tmp_path, _TDCLI_COMPLETE="complete_bash", COMP_WORDS="tdcli form ", COMP_CWORD="2"
    )
    assert [word for word in words if word] == []
