"""The floor of `compile_report.py` as a process of its own: start Python, import docxtpl, render
the template with a context read from JSON, save. `tdcli compile` as a command is compared
with this, so both pay for an interpreter and their imports.

    python benchmarks/docxtpl_floor.py CONTEXT.json TEMPLATE.docx OUT.docx
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from tdcli.contents.tables import Cell, Column, ColumnKind, Figure, Table
from tdcli.render.nd30 import add_data_table


def _cell(value: Any) -> Cell:
    return Figure(**value) if isinstance(value, dict) else value


def _table(data: dict[str, Any]) -> Table:
    """A table of the table model back from `dataclasses.asdict`."""
    return Table(
        title=data["title"],
        columns=[Column(c["header"], ColumnKind(c["kind"]), c["summed"]) for c in data["columns"]],
        rows=[[_cell(value) for value in row] for row in data["rows"]],
        total=None if data["total"] is None else [_cell(value) for value in data["total"]],
        note=data["note"],
    )


def main() -> None:
    context_file, template, target = (Path(arg) for arg in sys.argv[1:4])
    data = json.loads(context_file.read_text(encoding="utf-8"))
    document = DocxTemplate(template)
    subdoc = document.new_subdoc()
    for table in data.pop("_tables"):
        add_data_table(subdoc, _table(table), 252)
    context = {**data, "appendix_tables": subdoc, "charts": []}
    document.render(context, SandboxedEnvironment(autoescape=True), autoescape=True)
    document.save(target)


if __name__ == "__main__":
    main()
