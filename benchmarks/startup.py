"""Benchmark: how fast the command line starts, each command a process against its floor.

    python benchmarks/startup.py [--repeat 10]

Measured in one run, each a process of its own (what a user waits for), best of the repeats,
the rounds interleaved so that a busy moment of a shared machine falls on every measure alike:

- `tdcli --help` against `python -c pass` (target: under 150 ms);
- `tdcli validate` of one filled form of the example against a bare process that loads the same
  file with openpyxl (`python -c "import openpyxl; openpyxl.load_workbook(FILE)"`; target:
  <= 1,3x);
- `tdcli compile` of the example's 2022-H1 (ten members, as `compile_report.py` builds it)
  against `docxtpl_floor.py`, docxtpl rendering the same template with the same context in a
  process of its own (target: <= 2x).

tdcli's modules are compiled to bytecode first (`compileall`): where PYTHONDONTWRITEBYTECODE is
set, nothing else would write the .pyc files, and every run would compile the sources again.
"""

from __future__ import annotations

import argparse
import compileall
import dataclasses
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from workspaces import print_rows, ten_member_workspace

import tdcli
from tdcli.contents.review import review_context
from tdcli.contents.tables import review_tables
from tdcli.model.periods import Period
from tdcli.resources import bundled_dir
from tdcli.usecases.compile import compile_review
from tdcli.workspace import load_workspace

HELP_TARGET = 0.150
VALIDATE_TARGET = 1.3
COMPILE_TARGET = 2.0


def tdcli_command() -> list[str]:
    """The `tdcli` script installed beside this interpreter, as a user runs it; else
    `python -m tdcli`."""
    folder = Path(sys.executable).parent
    for name in ("tdcli", "tdcli.exe"):
        if (folder / name).is_file():
            return [str(folder / name)]
    return [sys.executable, "-m", "tdcli"]


def best_of_interleaved(
    repeat: int, commands: dict[str, Sequence[str]], cwd: Path
) -> dict[str, float]:
    """The fastest of `repeat` runs of each command, in seconds; one round runs every command
    once, so that noise falls on all of them alike."""
    best = dict.fromkeys(commands, float("inf"))
    for _ in range(repeat):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(list(command), check=True, capture_output=True, cwd=cwd)
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=10)
    options = parser.parse_args()
    compileall.compile_dir(Path(tdcli.__file__).parent, quiet=1)
    root = Path(tempfile.mkdtemp(prefix="tdcli-startup-"))
    period, when = Period.parse("2022-H1"), date(2022, 7, 5)
    template = bundled_dir("templates") / "bao-cao.docx"
    ours = tdcli_command()
    try:
        folder = ten_member_workspace(root)
        form = folder / "submissions" / "2022-H1" / "bac-kan.xlsx"  # a filled form of the example
        workspace, _ = load_workspace(folder)
        assert workspace is not None
        first = compile_review(workspace, period, output=root / "library.docx", report_date=when)
        assert first.aggregate is not None and len(first.aggregate.reporting) == 10, first.report
        context = review_context(workspace, first.aggregate, when)
        tables = review_tables(first.aggregate)
        context_file = root / "context.json"
        serialisable = {**context, "_tables": [dataclasses.asdict(table) for table in tables]}
        context_file.write_text(json.dumps(serialisable, ensure_ascii=False), encoding="utf-8")
        floor_script = Path(__file__).with_name("docxtpl_floor.py")

        commands: dict[str, Sequence[str]] = {
            "python": [sys.executable, "-c", "pass"],
            "help": [*ours, "--help"],
            "openpyxl": [
                sys.executable,
                "-c",
                "import sys, openpyxl; openpyxl.load_workbook(sys.argv[1])",
                str(form),
            ],
            "validate": [*ours, "validate", str(form)],
            "docxtpl": [
                sys.executable,
                str(floor_script),
                str(context_file),
                str(template),
                str(root / "floor.docx"),
            ],
            "compile": [
                *ours,
                "compile",
                "-w",
                str(folder),
                "-p",
                period.code,
                "-o",
                str(root / "cli.docx"),
                "--date",
                "05/07/2022",
            ],
        }
        for command in commands.values():  # once, unmeasured: files in the disk's cache
            subprocess.run(list(command), check=True, capture_output=True, cwd=root)
        best = best_of_interleaved(options.repeat, commands, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    shown = " ".join(Path(part).name if index == 0 else part for index, part in enumerate(ours))
    print(f"tdcli run as `{shown}`, best of {options.repeat}, in {sys.version.split()[0]}")
    help_met = best["help"] < HELP_TARGET
    validate_ratio = best["validate"] / best["openpyxl"]
    compile_ratio = best["compile"] / best["docxtpl"]
    rows = [
        ("python -c pass, floor", best["python"], 1.0, ""),
        (
            "tdcli --help",
            best["help"],
            best["help"] / best["python"],
            f"< 0,150 s: {_verdict(help_met)}",
        ),
        ("openpyxl.load_workbook process, floor", best["openpyxl"], 1.0, ""),
        (
            "tdcli validate ONE.xlsx",
            best["validate"],
            validate_ratio,
            f"<= 1,3x: {_verdict(validate_ratio <= VALIDATE_TARGET)}",
        ),
        ("docxtpl render process, floor", best["docxtpl"], 1.0, ""),
        (
            "tdcli compile, 10 members",
            best["compile"],
            compile_ratio,
            f"<= 2x: {_verdict(compile_ratio <= COMPILE_TARGET)}",
        ),
    ]
    print_rows(rows)


if __name__ == "__main__":
    main()
