"""The command line: a thin layer over the library. Heavy modules are imported by the commands
that need them, and a command is built from its signature only when it is used (`cli/lazy.py`),
so that `tdcli --help` stays instant."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Annotated

import typer

from tdcli import __version__
from tdcli.cli.assess import register as register_assess
from tdcli.cli.collect import register as register_collect
from tdcli.cli.commands import register
from tdcli.cli.common import state
from tdcli.cli.completion import enable_if_asked
from tdcli.cli.completion import register as register_completion
from tdcli.cli.lazy import deferred_group
from tdcli.cli.status import register as register_status
from tdcli.cli.vietnamese import install as install_vietnamese

install_vietnamese()  # Click's and Typer's own words in Vietnamese, before any command runs

__all__ = ["app", "main"]

registry = typer.Typer(rich_markup_mode=None)
"""Where the command modules register their commands; `app` builds each when it is used."""

app = typer.Typer(
    name="tdcli",
    help=(
        "Biên tập báo cáo của cụm thi đua ngành môi trường: kiểm tra số liệu các tỉnh, "
        "lập biểu mẫu, tổng hợp báo cáo."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=deferred_group(registry),
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tdcli {__version__}")
        raise typer.Exit


@app.callback()
def _root(
    debug: Annotated[
        bool, typer.Option("--debug", help="Hiện đủ chi tiết kỹ thuật khi có sự cố bất ngờ.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="In phiên bản rồi thoát."),
    ] = False,
) -> None:
    """tdcli: báo cáo cụm thi đua."""
    state.debug = debug


register(registry)
register_status(registry)
register_collect(registry)
register_assess(registry)
register_completion(registry)


def _utf8_streams() -> None:
    # Redirected output on Windows defaults to the ANSI code page, which has no Vietnamese.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if reconfigure is not None and encoding != "utf8":
            reconfigure(encoding="utf-8", errors="replace")


def _stop_on_terminate() -> None:
    """SIGTERM (a closed terminal, a service stopped) ends a run as Ctrl-C does: the files being
    written are removed, the whole ones kept, exit 130."""
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, interrupt)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the `tdcli` script and `python -m tdcli`."""
    _utf8_streams()
    _stop_on_terminate()
    enable_if_asked()  # a shell asking for completions (tdcli completion)
    app(args=list(argv) if argv is not None else None, prog_name="tdcli")
