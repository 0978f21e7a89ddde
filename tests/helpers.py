"""Helpers shared by the tests."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


def issue_pairs(output: str) -> list[tuple[str, int | None]]:
    """(code, line) of each issue in a `--format json` output."""
    data = json.loads(output)
    return [(item["code"], item["location"]["line"]) for item in data["issues"]]


def add_assessment(workspace: Path) -> Path:
    """The fixture's year-end assessment of 2022 (3 members, a scheme of 100 points, one
    award voted in one round) copied into `workspace/assessment/2022`."""
    import shutil

    target = workspace / "assessment" / "2022"
    shutil.copytree(FIXTURES / "assessment" / "2022", target)
    return target


def fixture_text(name: str) -> str:
    return (FIXTURES / "submissions" / name).read_text(encoding="utf-8")


def put(folder: Path, relative: str, content: str | bytes) -> Path:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="\n")
    return path


def codes(pairs: Sequence[tuple[str, int | None]]) -> set[str]:
    return {code for code, _ in pairs}


def make_form(workspace: Path, member: str, period: str, target: Path) -> Path:
    """A blank form written by the library, as `tdcli form` writes it."""
    from tdcli.contents.form import form_requests
    from tdcli.model.periods import Period
    from tdcli.render.form import write_form
    from tdcli.workspace import load_workspace

    loaded, _ = load_workspace(workspace)
    assert loaded is not None
    (request,) = form_requests(loaded, Period.parse(period), [member])
    return write_form(request, target)


def fill_form(path: Path, values: dict[str, object], target: Path | None = None) -> Path:
    """Type values into a form's input cells, found by their defined names."""
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    for key, value in values.items():
        ((sheet, reference),) = list(workbook.defined_names[key].destinations)
        workbook[sheet][reference.replace("$", "")] = value
    workbook.save(target or path)
    return target or path


def cell_of(path: Path, key: str) -> str:
    """`Biểu mẫu!D8`: the cell a defined name points at."""
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    ((sheet, reference),) = list(workbook.defined_names[key].destinations)
    return f"{sheet}!{reference.replace('$', '')}"


def set_cached_formula(path: Path, reference: str, formula: str, cached: str | None) -> None:
    """Rewrite one cell of the form sheet as a formula with (or without) a cached value, as a
    program that does (or does not) calculate would save it."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    name = "xl/worksheets/sheet1.xml"
    xml = parts[name].decode("utf-8")
    value = f"<v>{cached}</v>" if cached is not None else ""
    cell = f'<c r="{reference}" s="\\1"><f>{formula}</f>{value}</c>'
    pattern = rf'<c r="{reference}" s="(\d+)"(?: t="\w+")?(?:/>|>.*?</c>)'
    xml, count = re.subn(pattern, cell, xml, count=1)
    assert count == 1, reference
    parts[name] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
