"""The performance harness: a synthetic national-scale workspace, and every command measured
against a floor measured in the same run.

    python benchmarks/harness.py [--years 10] [--repeat 3] [--keep DIR]

It generates 34 provinces (the units in force from 01/7/2025) in 4 clusters, 10 years of
H1 and full-year submissions, half YAML and half Excel, then prints a table:

- `tdcli --help` against `python -c pass` (target: under 150 ms);
- `validate` of every file against loading the same files with openpyxl and ruamel alone
  (target: <= 1,5x);
- `compile` of one period against docxtpl rendering the same context alone (target: <= 2x);
- `export --all` of one cluster's years with `--jobs 1` and `--jobs 2`, and of half the years
  (targets: near-linear in years; two jobs close to half of one);
- the peak memory of `export` as years grow (target: flat).
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from workspaces import best_of, print_rows, render_alone

from tdcli.contents.form import form_requests
from tdcli.model.catalogue import Submission
from tdcli.model.periods import Period
from tdcli.model.provinces import registry
from tdcli.render.form import write_form
from tdcli.workspace import load_workspace

FIRST_YEAR = 2025
CLUSTER_SIZES = (9, 9, 8, 8)


def _figures(rng: random.Random, scale: float, months: int) -> dict[str, Any]:
    factor = scale * months / 6
    planned = int(rng.randint(2, 6) * factor)
    unannounced = int(rng.randint(0, 3) * factor)
    inspected = (planned + unannounced) * rng.randint(3, 7)
    sanctioned = rng.randint(0, max(inspected // 4, 1))
    amount = rng.randint(20, 400) * 1_000_000 * max(int(factor), 1)
    appraised = int(rng.randint(4, 15) * factor)
    resolved = int(rng.randint(500, 1500) * factor)
    return {
        "inspections": {
            "total": planned + unannounced,
            "planned": planned,
            "unannounced": unannounced,
            "organisations_inspected": inspected,
            "sanctioned": sanctioned,
        },
        "fines": {"decisions": sanctioned, "amount_vnd": amount, "collected_vnd": amount * 9 // 10},
        "eia": {
            "appraised": appraised,
            "approved": appraised - rng.randint(0, 2) if appraised > 2 else appraised,
            "environmental_permits": int(rng.randint(3, 12) * factor),
        },
        "trainings": {
            "sessions": int(rng.randint(2, 5) * factor),
            "participants": int(rng.randint(200, 500) * factor),
        },
        "admin_procedures": {
            "received": resolved + 40,
            "resolved": resolved,
            "resolved_on_time": resolved - 5,
        },
        "complaints": {
            "received": int(rng.randint(10, 40) * factor),
            "resolved": int(rng.randint(5, 10) * factor),
        },
        "land": {"certificates_issued": int(rng.randint(1000, 6000) * factor)},
        "emulation": {"initiatives": rng.randint(1, 4), "awards": rng.randint(5, 15)},
        "narrative": {
            "highlights": [
                f"Hoàn thành {rng.randint(90, 100)}% kế hoạch kiểm tra, thanh tra trong kỳ."
            ],
            "difficulties": ["Biên chế cán bộ chuyên môn còn thiếu so với khối lượng công việc."],
            "proposals": ["Đề nghị Bộ sớm ban hành hướng dẫn chấm điểm thi đua."],
            "next_tasks": ["Đẩy mạnh chuyển đổi số trong giải quyết thủ tục hành chính."],
        },
    }


def _yaml(value: Any, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        return "".join(
            f"{pad}{key}:\n{_yaml(item, indent + 2)}"
            if isinstance(item, dict | list)
            else f"{pad}{key}: {item}\n"
            for key, item in value.items()
        )
    return "".join(f"{pad}- {item}\n" for item in value)


def build_national(root: Path, years: int) -> list[Path]:
    """4 cluster workspaces over the 34 provinces, `years` years of H1 and full-year data."""
    rng = random.Random(2025)
    units = [unit for unit in registry().units if unit.until is None]
    folders = []
    start = 0
    for number, size in enumerate(CLUSTER_SIZES, start=1):
        members = units[start : start + size]
        start += size
        folder = root / f"cum-{number}"
        (folder / "submissions").mkdir(parents=True)
        lines = [
            f"name: Cụm thi đua số {number}",
            "ministry:",
            "  - Bộ Nông nghiệp và Môi trường",
            "years:",
        ]
        for year in range(FIRST_YEAR, FIRST_YEAR + years):
            lines += [
                f"  {year}:",
                "    place: Hà Nội",
                "    chair: m0",
                "    vice_chair: m1",
                "    theme: Kỷ cương, trách nhiệm, đổi mới, hiệu quả",
                "    members:",
            ]
            for index, unit in enumerate(members):
                lines += [
                    f"      - id: m{index}",
                    f"        province: {unit.name}",
                    f"        department: Sở Nông nghiệp và Môi trường {unit.kind} {unit.name}",
                    f"        director: Giám đốc {index}",
                ]
        (folder / "cluster.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        workspace, issues = load_workspace(folder)
        assert workspace is not None, issues
        scales = [rng.uniform(0.6, 1.8) for _ in members]
        for year in range(FIRST_YEAR, FIRST_YEAR + years):
            for code, months in ((f"{year}-H1", 6), (str(year), 12)):
                period = Period.parse(code)
                (folder / "submissions" / code).mkdir()
                for index, _ in enumerate(members):
                    data = {
                        "member": f"m{index}",
                        "period": code,
                        **_figures(rng, scales[index], months),
                    }
                    path = folder / "submissions" / code
                    if index % 2:
                        submission = Submission.model_validate(data)
                        (request,) = form_requests(
                            workspace, period, [f"m{index}"], {f"m{index}": submission}
                        )
                        write_form(request, path / f"m{index}.xlsx")
                    else:
                        (path / f"m{index}.yaml").write_text(_yaml(data), encoding="utf-8")
        folders.append(folder)
    return folders


def _run(*command: str) -> None:
    subprocess.run(list(command), check=True, capture_output=True)


def _peak_rss(command: list[str]) -> int | None:
    """Peak resident memory of a command in KiB (None where the OS does not say)."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", probe, *command], check=True, capture_output=True, text=True
        )
    except (subprocess.CalledProcessError, OSError):
        return None
    return int(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="Generate the workspace here and keep it.")
    options = parser.parse_args()
    root = options.keep or Path(tempfile.mkdtemp(prefix="tdcli-harness-"))
    tdcli = [sys.executable, "-m", "tdcli"]
    rows: list[tuple[str, float, float | None, str]] = []
    try:
        folders = build_national(root, options.years)
        files = sorted(path for folder in folders for path in (folder / "submissions").rglob("*.*"))
        print(
            f"{len(folders)} clusters, {len(files)} submissions, {options.years} years",
            file=sys.stderr,
        )

        python = best_of(options.repeat, lambda: _run(sys.executable, "-c", "pass"))
        help_time = best_of(options.repeat, lambda: _run(*tdcli, "--help"))
        rows += [
            ("python -c pass, floor", python, 1.0, ""),
            ("tdcli --help", help_time, help_time / python, "< 0,150 s"),
        ]

        def load_alone() -> None:
            from openpyxl import load_workbook
            from ruamel.yaml import YAML

            yaml = YAML(typ="safe")
            for path in files:
                if path.suffix == ".xlsx":
                    load_workbook(path)
                else:
                    yaml.load(path.read_text(encoding="utf-8"))

        def validate_all() -> None:
            from tdcli.usecases.validate import validate_paths

            for folder in folders:
                report = validate_paths([folder])
                assert report.valid, report.errors[:2]

        floor = best_of(options.repeat, load_alone)
        ours = best_of(options.repeat, validate_all)
        rows += [
            ("openpyxl + ruamel load, floor", floor, 1.0, ""),
            (f"validate, {len(files)} files", ours, ours / floor, "<= 1,5x"),
        ]

        rows += _compile_rows(folders[0], options.repeat)

        first = folders[0]
        half = options.years // 2
        all_years = [str(FIRST_YEAR + i) for i in range(options.years)]

        def export(jobs: int, years: list[str], out: str) -> None:
            flags = [flag for year in years for flag in ("--year", year)]
            _run(
                *tdcli,
                "export",
                "-w",
                str(first),
                "-o",
                str(root / out),
                "--force",
                "-j",
                str(jobs),
                "--date",
                "2035-01-15",
                *flags,
            )

        one_half = best_of(options.repeat, lambda: export(1, all_years[:half], "e-half"))
        one = best_of(options.repeat, lambda: export(1, all_years, "e-one"))
        two = best_of(options.repeat, lambda: export(2, all_years, "e-two"))
        rows += [
            (f"export {half} years, --jobs 1", one_half, 1.0, ""),
            (
                f"export {options.years} years, --jobs 1",
                one,
                one / one_half,
                f"~{options.years / half:.0f}x (linear)",
            ),
            (f"export {options.years} years, --jobs 2", two, two / one, "~0,5x of --jobs 1"),
        ]
        for count in (2, half, options.years):
            flags = [flag for year in all_years[:count] for flag in ("--year", year)]
            peak = _peak_rss(
                [
                    *tdcli,
                    "export",
                    "-w",
                    str(first),
                    "-o",
                    str(root / f"m{count}"),
                    "--force",
                    "-j",
                    "1",
                    "--date",
                    "2035-01-15",
                    *flags,
                ]
            )
            if peak is not None:
                rows.append((f"peak memory, export {count} years (MiB)", peak / 1024, None, "flat"))
    finally:
        if options.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print_rows(rows)


def _compile_rows(folder: Path, repeat: int) -> list[tuple[str, float, float | None, str]]:

    from tdcli.contents.review import review_context
    from tdcli.contents.tables import review_tables
    from tdcli.resources import bundled_dir
    from tdcli.usecases.compile import compile_review

    workspace, _ = load_workspace(folder)
    assert workspace is not None
    period, when = Period.parse(f"{FIRST_YEAR + 1}-H1"), date(FIRST_YEAR + 1, 7, 5)
    target = folder.parent / "compiled.docx"
    first = compile_review(workspace, period, output=target, report_date=when)
    assert first.aggregate is not None, first.report.errors[:2]
    context = review_context(workspace, first.aggregate, when)
    tables = review_tables(first.aggregate)
    template = bundled_dir("templates") / "bao-cao.docx"

    def alone() -> None:
        render_alone(template, context, tables, folder.parent / "floor.docx")

    def ours() -> None:
        compile_review(workspace, period, output=target, report_date=when)

    floor = best_of(repeat, alone)
    measured = best_of(repeat, ours)
    return [
        ("docxtpl render alone, floor", floor, 1.0, ""),
        (
            f"compile {period.code}, {len(first.aggregate.members)} members",
            measured,
            measured / floor,
            "<= 2x",
        ),
    ]


if __name__ == "__main__":
    main()
