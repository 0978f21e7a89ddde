"""What every command shares: the error boundary, the consoles and finding the workspace."""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import typer

from tdcli.errors import TdcliError, UsageError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

__all__ = [
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "boundary",
    "err_console",
    "load_workspace_or_exit",
    "out_console",
    "parse_date",
    "parse_period",
    "print_json",
    "said",
    "say",
    "state",
    "visible",
    "workspace_root",
]

EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class _State:
    debug: bool = False


state = _State()


def visible(text: str) -> str:
    """`text` as a terminal may show it: control and bidirectional formatting characters (from
    a file name, a cell, a YAML value) written as escapes, never acted on."""
    import unicodedata

    return "".join(
        char
        if char in "\n\t" or unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co")
        else f"\\u{ord(char):04x}"
        for char in text
    )


def _console(stream: Any, **options: Any) -> Console:
    """A console that prints text literally: no markup (`[/]` in a value is text), no emoji
    codes, no control characters; with `NO_COLOR` no escape code at all, as when the output
    goes to a file or a pipe, where the width is 80 columns unless `COLUMNS` says otherwise."""
    import os

    from rich.console import Console

    class _Literal(Console):
        def render_str(self, text: str, **kwargs: Any) -> Any:
            return super().render_str(visible(text), **kwargs)

    if os.environ.get("NO_COLOR"):
        options["color_system"] = None
    if not os.environ.get("COLUMNS", "").isdigit() and not _is_terminal(stream):
        options["width"] = 80
    return _Literal(highlight=False, markup=False, emoji=False, **options)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no stream (pythonw), or a closed one
        return False


def said(text: str, width: int, *, indent: int = 2) -> str:
    """`text` wrapped at spaces only (never inside a path, a number, an option or a code),
    its following lines indented."""
    import textwrap

    lines = []
    for paragraph in text.split("\n"):
        lines.extend(
            textwrap.wrap(
                paragraph,
                width=max(width, 20),
                subsequent_indent=" " * indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
            or [""]
        )
    return "\n".join(lines)


def say(console: Console, text: str) -> None:
    """A line for the user, wrapped at spaces for the console's width."""
    console.print(said(text, console.width), soft_wrap=True)


def out_console() -> Console:
    return _console(sys.stdout, soft_wrap=False)


def err_console() -> Console:
    return _console(sys.stderr, stderr=True)


def boundary(command: Callable[P, R]) -> Callable[P, R]:
    """Turn a library exception into a red `Lỗi:` line and its exit code; never a traceback
    unless `--debug` asks for one. A draft kept before the command stopped is named first:
    the user finds their edited document under its new name."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        from tdcli.render.drafts import kept_drafts

        with kept_drafts() as kept:
            try:
                return command(*args, **kwargs)
            except (typer.Exit, typer.Abort):
                raise
            except KeyboardInterrupt:
                _said_kept(kept)
                err_console().print(
                    "Đã dừng theo yêu cầu. Các tệp đã ghi xong vẫn nguyên vẹn; tệp đang ghi dở "
                    "không được giữ lại."
                )
                raise typer.Exit(EXIT_INTERRUPTED) from None
            except TdcliError as error:
                if state.debug:
                    traceback.print_exc()
                _said_kept(kept)
                console = err_console()
                console.print(_red("Lỗi: ", str(error), console.width), soft_wrap=True)
                raise typer.Exit(error.exit_code) from None
            except Exception as error:
                if state.debug:
                    raise
                _said_kept(kept)
                err_console().print(
                    _red(
                        "Lỗi không mong đợi: ",
                        f"{type(error).__name__}: {error}\n"
                        "Chạy lại với 'tdcli --debug ...' để xem chi tiết và gửi cho nhóm phát "
                        "triển.",
                    )
                )
                raise typer.Exit(EXIT_INTERNAL) from None

    return run


def _said_kept(kept: Sequence[Any]) -> None:
    if kept:
        from tdcli.cli.output import print_kept

        print_kept(kept, err_console())


def _red(head: str, body: str, width: int | None = None) -> Text:
    """`head` in bold red, then `body`; wrapped at spaces to `width` when given."""
    from rich.text import Text

    text = visible(head + body)
    if width is not None:
        text = said(text, width)
    return Text.assemble((text[: len(head)], "bold red"), text[len(head) :])


def workspace_root(explicit: Path | None) -> Path:
    """The workspace a command works in: `--workspace`, else the current folder or a parent."""
    from tdcli.workspace import find_workspace

    return find_workspace(explicit, search_parents=explicit is None)


def print_json(data: Any) -> None:
    """What a command returns, as JSON on standard output."""
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def parse_period(text: str) -> Any:
    from tdcli.model.periods import Period, PeriodError

    if not text:
        raise UsageError("Thiếu --period (ví dụ --period 2022-H1)")
    try:
        return Period.parse(text)
    except PeriodError as error:
        raise UsageError(str(error)) from None


def parse_date(text: str | None) -> Any:
    from tdcli.model.vnformat import parse_date as read_date

    if text is None:
        return None
    try:
        return read_date(text)
    except ValueError:
        raise UsageError(
            f"Ngày '{text}' không hợp lệ; ghi theo dạng 20/01/2026, 20-01-2026 hoặc 2026-01-20"
        ) from None


def load_workspace_or_exit(explicit: Path | None) -> Any:
    """The workspace, or its cluster.yaml issues printed and exit 1."""
    from tdcli.cli.output import print_report
    from tdcli.model.issues import ValidationReport
    from tdcli.workspace import WorkspaceLayout, load_workspace

    root = workspace_root(explicit)
    loaded, issues = load_workspace(root)
    report = ValidationReport(files=[str(WorkspaceLayout(root).cluster_file)], issues=issues)
    if loaded is None or not report.valid:
        print_report(report, out_console())
        raise typer.Exit(1)
    return loaded, issues
