"""What `tdcli` imports and builds to start: heavy modules only where used, commands built only
when used. No timings here (benchmarks/startup.py measures them); these hold the causes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from tdcli.cli import app, lazy, registry

HEAVY = ("openpyxl", "numpy", "matplotlib", "docx", "docxtpl")


def _imported_after(argv: list[str], cwd: Path) -> set[str]:
    """The heavy modules a `tdcli` process has imported once it has run `argv`."""
    code = (
        "import sys\n"
        "from tdcli.cli import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        f"print('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=cwd
    )
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("HEAVY="), done.stdout + done.stderr
    return {name for name in last.removeprefix("HEAVY=").split(",") if name}


def test_validating_a_form_imports_neither_openpyxl_nor_numpy(cum_ii: Path) -> None:
    form = cum_ii / "submissions" / "2022-H1" / "bac-kan.xlsx"
    assert _imported_after(["validate", str(form)], cum_ii) == set()


def test_compile_writes_its_workbook_without_numpy(cum_ii: Path) -> None:
    argv = ["compile", "-p", "2022-H1", "-w", str(cum_ii), "-o", str(cum_ii / "r.docx")]
    imported = _imported_after(argv, cum_ii)
    assert (cum_ii / "r.xlsx").is_file()
    assert "openpyxl" in imported
    assert "numpy" not in imported


def test_numpy_is_importable_after_openpyxl() -> None:
    code = (
        "import sys\n"
        "from tdcli.render.workbook_library import load_openpyxl\n"
        "load_openpyxl()\n"
        "assert 'openpyxl' in sys.modules and 'numpy' not in sys.modules\n"
        "import numpy, openpyxl\n"
        "from openpyxl.compat.numbers import NUMPY\n"
        "print(numpy.__name__, openpyxl.__name__, NUMPY)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["numpy", "openpyxl", "False"]


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the commands built from their functions, in order."""
    names: list[str] = []
    build = lazy._Registry.build

    def counted(self: Any, name: str, root: Any) -> Any:
        names.append(name)
        return build(self, name, root)

    monkeypatch.setattr(lazy._Registry, "build", counted)
    return names


def test_the_root_help_builds_no_command(built: list[str]) -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "validate" in result.output and "assess" in result.output
    assert built == []


def test_a_command_builds_only_itself(built: list[str]) -> None:
    assert CliRunner().invoke(app, ["validate", "-h"]).exit_code == 0
    assert CliRunner().invoke(app, ["assess", "rank", "-h"]).exit_code == 0
    assert built == ["validate", "assess"]


def test_every_command_is_still_there(built: list[str]) -> None:
    group = typer.main.get_command(app)
    commands = group.commands  # type: ignore[attr-defined]
    assert list(commands)[:2] == ["validate", "form"]
    assert built == []
    assert {name for name, _ in commands.items()} == set(commands)
    assert set(built) == set(commands)


def test_the_help_is_what_typer_would_print_building_everything() -> None:
    """The same commands registered on a plain Typer, built at start as Typer does."""
    eager = typer.Typer(
        name="tdcli",
        help=app.info.help,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    eager.registered_callback = app.registered_callback
    eager.registered_commands = list(registry.registered_commands)
    eager.registered_groups = list(registry.registered_groups)
    runner = CliRunner(env={"COLUMNS": "80"})
    for args in (["--help"], [], ["valdate"], ["assess", "-h"], ["validate", "-h"]):
        ours, theirs = runner.invoke(app, args), runner.invoke(eager, args)
        assert (ours.exit_code, ours.output) == (theirs.exit_code, theirs.output), args
