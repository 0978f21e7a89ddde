"""Benchmark: `compile` of a 10-member period against docxtpl rendering the same template with
the same context alone.

    python benchmarks/compile_report.py [--repeat 5]

The floor renders the bundled template with the context tdcli builds (appendix tables
included) and saves it: what docxtpl costs by itself. The measured run is the whole job in
the library: reading and validating both periods' submissions, aggregating, building the
context, rendering with the checks (variables before, leftover tags after), the data
workbook. Target: within 2x of the floor, end to end.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from workspaces import best_of, print_rows, render_alone, ten_member_workspace

from tdcli.contents.review import review_context
from tdcli.contents.tables import review_tables
from tdcli.model.periods import Period
from tdcli.resources import bundled_dir
from tdcli.usecases.compile import compile_review
from tdcli.workspace import load_workspace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="tdcli-bench-"))
    period, when = Period.parse("2022-H1"), date(2022, 7, 5)
    template = bundled_dir("templates") / "bao-cao.docx"
    try:
        folder = ten_member_workspace(root)
        workspace, _ = load_workspace(folder)
        assert workspace is not None
        first = compile_review(workspace, period, output=root / "ours.docx", report_date=when)
        assert first.aggregate is not None and len(first.aggregate.reporting) == 10, first.report
        context = review_context(workspace, first.aggregate, when)
        tables = review_tables(first.aggregate)

        def docxtpl_alone() -> None:
            render_alone(template, context, tables, root / "floor.docx")

        def ours() -> None:
            loaded, _ = load_workspace(folder)
            assert loaded is not None
            compile_review(loaded, period, output=root / "ours.docx", report_date=when)

        floor = best_of(options.repeat, docxtpl_alone)
        measured = best_of(options.repeat, ours)
        context_file = root / "context.json"
        serialisable = {**context, "_tables": [dataclasses.asdict(table) for table in tables]}
        context_file.write_text(json.dumps(serialisable, ensure_ascii=False), encoding="utf-8")
        floor_script = Path(__file__).with_name("docxtpl_floor.py")
        floor_command = [
            sys.executable,
            str(floor_script),
            str(context_file),
            str(template),
            str(root / "floor-process.docx"),
        ]
        command = [
            sys.executable,
            "-m",
            "tdcli",
            "compile",
            "-w",
            str(folder),
            "-p",
            "2022-H1",
            "-o",
            str(root / "cli.docx"),
        ]
        floor_process = best_of(
            options.repeat, lambda: subprocess.run(floor_command, check=True, capture_output=True)
        )
        cli = best_of(
            options.repeat, lambda: subprocess.run(command, check=True, capture_output=True)
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)

    rows = [
        ("docxtpl render + save, floor", floor, 1.0, ""),
        ("compile_review, 10 members (library)", measured, measured / floor, "<= 2x"),
        ("docxtpl render as a process, floor", floor_process, 1.0, ""),
        ("tdcli compile, 10 members (command)", cli, cli / floor_process, "<= 2x"),
    ]
    print_rows(rows)


if __name__ == "__main__":
    main()
