"""Shell completion: `tdcli completion` prints or installs the script for PowerShell, bash or
zsh, and the options complete member ids, periods and years from the workspace.

The scripts are Typer's; the shell asks `tdcli` itself for the words (the `_TDCLI_COMPLETE`
variable), which is why `enable_if_asked` registers Typer's completion classes only then: a
normal run pays nothing for it.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tdcli.cli.common import out_console, say
from tdcli.errors import TdcliError, os_reason

if TYPE_CHECKING:
    from tdcli.workspace import Workspace

__all__ = [
    "COMPLETE_VAR",
    "complete_member",
    "complete_period",
    "complete_year",
    "enable_if_asked",
    "register",
]

PROG = "tdcli"
COMPLETE_VAR = "_TDCLI_COMPLETE"


class Shell(StrEnum):
    powershell = "powershell"
    pwsh = "pwsh"
    bash = "bash"
    zsh = "zsh"


_HOW_TO_LOAD = {
    Shell.powershell: "tdcli completion powershell | Out-String | Invoke-Expression",
    Shell.pwsh: "tdcli completion pwsh | Out-String | Invoke-Expression",
    Shell.bash: 'eval "$(tdcli completion bash)"',
    Shell.zsh: 'eval "$(tdcli completion zsh)"',
}


def enable_if_asked() -> None:
    """When a shell asks for completions, let Typer answer (its classes registered)."""
    if os.environ.get(COMPLETE_VAR):
        from typer._completion_classes import completion_init

        completion_init()


def completion(
    shell: Annotated[
        Shell,
        typer.Argument(
            metavar="TRÌNH_LỆNH",
            help="Trình dòng lệnh: powershell (Windows PowerShell 5.1), pwsh (PowerShell 7), "
            "bash hoặc zsh.",
        ),
    ],
    install: Annotated[
        bool,
        typer.Option(
            "--install",
            help="Cài vào tệp khởi động của trình dòng lệnh (hồ sơ PowerShell, ~/.bashrc, "
            "~/.zshrc) để lần sau tự có gợi ý.",
        ),
    ] = False,
) -> None:
    """Gợi ý lệnh bằng phím Tab: tên lệnh, tùy chọn, mã thành viên, kỳ báo cáo, năm.

    Không có --install: in đoạn mã để nạp ngay trong cửa sổ đang mở.

    Ví dụ: tdcli completion powershell --install
    """
    from typer._completion_shared import get_completion_script
    from typer._completion_shared import install as install_script

    console = out_console()
    if not install:
        script = get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell)
        typer.echo(script)
        return
    try:
        if shell is Shell.bash:
            path = _install_bash(
                get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell="bash")
            )
        else:
            _, path = install_script(shell=shell.value, prog_name=PROG, complete_var=COMPLETE_VAR)
    except (OSError, typer.Exit) as error:
        reason = os_reason(error) if isinstance(error, OSError) else "không tìm được hồ sơ"
        raise TdcliError(
            f"Không cài được gợi ý lệnh cho {shell.value} ({reason}); nạp trong cửa sổ đang mở "
            f"bằng: {_HOW_TO_LOAD[shell]}"
        ) from None
    say(
        console,
        f"Đã cài gợi ý lệnh cho {shell.value} vào {path}. Mở cửa sổ dòng lệnh mới rồi gõ "
        "tdcli và phím Tab.",
    )


def _install_bash(script: str) -> Path:
    """The script in ~/.bash_completions/tdcli.sh, sourced once from ~/.bashrc (Typer's own
    installer adds a blank line to ~/.bashrc on every run)."""
    home = Path.home()
    path = home / ".bash_completions" / f"{PROG}.sh"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(script + "\n", encoding="utf-8")
    startup = home / ".bashrc"
    line = f"source '{path}'"
    text = startup.read_text(encoding="utf-8") if startup.is_file() else ""
    if line not in text.splitlines():
        text = text + ("" if not text or text.endswith("\n") else "\n") + line + "\n"
        startup.write_text(text, encoding="utf-8")
    return path


def register(app: typer.Typer) -> None:
    from tdcli.cli.common import boundary

    app.command("completion")(boundary(completion))


# What the options complete ------------------------------------------------------------------


def _workspace(ctx: Any) -> Workspace | None:
    """The workspace the command line points at (`-w`), or the current folder's; None when
    there is none or it cannot be read: completion never fails aloud."""
    from tdcli.workspace import find_workspace, load_workspace

    explicit = getattr(ctx, "params", {}).get("workspace") if ctx is not None else None
    try:
        root = find_workspace(Path(explicit) if explicit else None, search_parents=not explicit)
        loaded, _ = load_workspace(root)
    except Exception:  # completion must never print a traceback into the shell
        return None
    return loaded


def complete_member(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Member ids of the workspace's years, the latest year's first, with the department."""
    workspace = _workspace(ctx)
    if workspace is None:
        return []
    seen: dict[str, str] = {}
    for year in sorted(workspace.config.years, reverse=True):
        for member in workspace.config.years[year].members:
            seen.setdefault(member.id, member.department)
    return [(key, name) for key, name in seen.items() if key.startswith(incomplete)]


def complete_period(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Periods of the years in cluster.yaml and of the period folders, latest first."""
    from tdcli.model.periods import Period

    workspace = _workspace(ctx)
    if workspace is None:
        return []
    periods = set(workspace.layout.periods())
    for year in workspace.config.years:
        periods.update({Period.parse(f"{year}-H1"), Period.parse(str(year))})
    ordered = sorted(periods, key=lambda period: (period.end, period.start), reverse=True)
    return [(p.code, p.label) for p in ordered if p.code.startswith(incomplete)]


def complete_year(ctx: typer.Context, incomplete: str) -> list[str]:
    """The years of cluster.yaml, latest first."""
    workspace = _workspace(ctx)
    if workspace is None:
        return []
    years = sorted((str(year) for year in workspace.config.years), reverse=True)
    return [year for year in years if year.startswith(incomplete)]
