"""Benchmark: validating filled Excel forms, against merely loading them with openpyxl.

    python benchmarks/validate_forms.py [--forms 100] [--repeat 3]

Prints a table of timings and ratios measured in the same run (targets: validation within
1.5x of the openpyxl floor; `tdcli form --all` for 10 members under a second of work after
start-up). Not a test: machines here are shared and noisy, so read the ratios.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook
from workspaces import best_of, print_rows, ten_member_workspace

from tdcli.contents.form import form_requests
from tdcli.model.periods import Period
from tdcli.render.form import write_form
from tdcli.usecases.init import create_workspace
from tdcli.usecases.period import load_submission
from tdcli.usecases.validate import validate_paths
from tdcli.workspace import load_workspace


def make_forms(root: Path, count: int) -> Path:
    """`count` filled forms, one folder each (`NNN/2022-H1/<member>.xlsx`), from the example."""
    workspace_dir = create_workspace(root / "workspace", "cum-ii")
    workspace, _ = load_workspace(workspace_dir)
    assert workspace is not None
    period = Period.parse("2022-H1")
    sources = workspace.layout.submission_files(period)
    filled = {}
    for file in sources:
        submission = load_submission(file, workspace).submission
        assert submission is not None
        filled[submission.member] = submission
    requests = form_requests(workspace, period, None, filled)
    forms = root / "forms"
    for index in range(count):
        request = requests[index % len(requests)]
        write_form(request, forms / f"{index:03d}" / period.code / f"{request.member.id}.xlsx")
    return forms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--forms", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="tdcli-bench-"))
    try:
        forms = make_forms(root, options.forms)
        files = sorted(forms.rglob("*.xlsx"))
        floor = best_of(options.repeat, lambda: [load_workbook(path) for path in files])
        report = validate_paths([forms])
        assert report.valid, [issue.message for issue in report.errors][:3]
        ours = best_of(options.repeat, lambda: validate_paths([forms]))

        ten = ten_member_workspace(root)
        workspace, _ = load_workspace(ten)
        assert workspace is not None and len(workspace.config.years[2022].members) == 10
        period = Period.parse("2022-H1")

        def write_ten() -> None:
            for request in form_requests(workspace, period):
                write_form(request, root / "ten-forms" / f"{request.member.id}.xlsx")

        form_work = best_of(options.repeat, write_ten)
        tdcli = [sys.executable, "-m", "tdcli"]
        startup = best_of(
            options.repeat,
            lambda: subprocess.run([*tdcli, "--version"], check=True, capture_output=True),
        )
        command = best_of(
            options.repeat,
            lambda: subprocess.run(
                [
                    *tdcli,
                    "form",
                    "--all",
                    "-p",
                    "2022-H1",
                    "-w",
                    str(ten),
                    "-o",
                    str(root / "cli-forms"),
                ],
                check=True,
                capture_output=True,
            ),
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)

    rows = [
        ("openpyxl.load_workbook, floor", floor, 1.0, ""),
        (f"validate_paths, {len(files)} forms", ours, ours / floor, "<= 1,5x"),
        ("form --all, 10 members (library)", form_work, None, "< 1 s"),
        ("tdcli --version (start-up)", startup, None, ""),
        ("tdcli form --all, 10 members", command, None, ""),
        ("  of which work after start-up", command - startup, None, "< 1 s"),
    ]
    print_rows(rows)


if __name__ == "__main__":
    main()
