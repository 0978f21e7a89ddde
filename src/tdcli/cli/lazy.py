"""The commands are built when they are used, not each time `tdcli` starts.

Typer turns every registered function into a Click command before it reads a single argument:
it takes each signature apart and evaluates its annotations, some 40 ms for tdcli's commands,
more than `tdcli --help` has left to spend once Typer is imported. Here the command modules
register their commands on a Typer of their own (`tdcli.cli.registry`), and the root group
(`typer.Typer(cls=deferred_group(registry))`) builds one when it is looked up: the command being
run, the one whose help is asked for, every one when a shell completes a command name or a
test walks `group.commands`. The root's help lists them from what Typer would show for them
(their help text, hidden or deprecated), without building them.

Building goes through Typer's own functions (`get_command_from_info`, `get_group_from_info`),
so a command behaves exactly as if Typer had built it at start.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

import typer
from typer._click.core import Command, Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup
from typer.main import (
    get_command_from_info,
    get_command_name,
    get_group_from_info,
    solve_typer_info_defaults,
)
from typer.models import CommandInfo, TyperInfo

__all__ = ["deferred_group"]


class _Registry:
    """What one Typer registered, by command name in Typer's order: commands, then groups."""

    def __init__(self, commands: typer.Typer) -> None:
        self.app = commands
        self.entries: dict[str, CommandInfo | TyperInfo] = {}
        for info in commands.registered_commands:
            assert info.callback is not None, "a command must have a callback function"
            self.entries[info.name or get_command_name(info.callback.__name__)] = info
        for group in commands.registered_groups:
            name = solve_typer_info_defaults(group).name
            assert name, "a group of commands must have a name"  # Typer merges a nameless one
            self.entries[name] = group

    def build(self, name: str, root: TyperGroup) -> Command:
        """The command as Typer builds it, with the root's settings."""
        info = self.entries[name]
        if isinstance(info, CommandInfo):
            return get_command_from_info(
                info,
                pretty_exceptions_short=self.app.pretty_exceptions_short,
                rich_markup_mode=root.rich_markup_mode,
            )
        return get_group_from_info(
            info,
            pretty_exceptions_short=self.app.pretty_exceptions_short,
            rich_markup_mode=root.rich_markup_mode,
            suggest_commands=root.suggest_commands,
        )

    def summary(self, name: str) -> Command:
        """What the root's list of commands shows of one (help, short help, hidden,
        deprecated), without its parameters."""
        info = self.entries[name]
        if isinstance(info, CommandInfo):
            import inspect

            text = info.help
            text = inspect.getdoc(info.callback) if text is None else inspect.cleandoc(text)
            return TyperCommand(
                name=name,
                help=text,
                short_help=info.short_help,
                hidden=info.hidden,
                deprecated=info.deprecated,
            )
        solved = solve_typer_info_defaults(info)
        return TyperCommand(
            name=name,
            help=solved.help,
            short_help=solved.short_help,
            hidden=solved.hidden,
            deprecated=solved.deprecated,
        )


class _Commands(MutableMapping[str, Command]):
    """A group's commands by name: the registered ones built on first lookup."""

    def __init__(self, registry: _Registry, root: TyperGroup, built: dict[str, Command]) -> None:
        self._registry = registry
        self._root = root
        self._built = dict(built)
        self._names = [*registry.entries, *(name for name in built if name not in registry.entries)]

    def __getitem__(self, name: str) -> Command:
        if name not in self._built:
            if name not in self._names:
                raise KeyError(name)
            self._built[name] = self._registry.build(name, self._root)
        return self._built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        if name not in self._names:
            self._names.append(name)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self._names:
            raise KeyError(name)
        self._names.remove(name)
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names))

    def __len__(self) -> int:
        return len(self._names)

    def summary(self, name: str) -> Command | None:
        if name in self._built:
            return self._built[name]
        return self._registry.summary(name) if name in self._names else None


class _DeferredGroup(TyperGroup):
    source: typer.Typer

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands(_Registry(self.source), self, dict(self.commands))
        self._listing = False

    def list_commands(self, ctx: Context) -> list[str]:
        return list(self.commands)  # the names only: Typer's own would build every command

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if self._listing and isinstance(self.commands, _Commands):
            return self.commands.summary(cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        with self._summaries():
            super().format_commands(ctx, formatter)

    @contextmanager
    def _summaries(self) -> Iterator[None]:
        self._listing = True
        try:
            yield
        finally:
            self._listing = False


def deferred_group(commands: typer.Typer) -> type[TyperGroup]:
    """The class of a root group (`typer.Typer(cls=...)`) whose commands are those registered on
    `commands` (commands and groups added with `add_typer`), each built when first looked up."""
    return type("DeferredGroup", (_DeferredGroup,), {"source": commands})
