"""The floor of `compile_report.py` as a process of its own: start Python, import docxtpl, render
the template with a context read from JSON, save. `tdcli compile` as a command is compared
with this, so both pay for an interpreter and their imports.

    python benchmarks/docxtpl_floor.py CONTEXT.json TEMPLATE.docx OUT.docx
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from tdcli.render.nd30 import DataTable, add_data_table


def main() -> None:
    context_file, template, target = (Path(arg) for arg in sys.argv[1:4])
    data = json.loads(context_file.read_text(encoding="utf-8"))
    document = DocxTemplate(template)
    subdoc = document.new_subdoc()
    for table in data.pop("_tables"):
        add_data_table(subdoc, DataTable(**table), 252)
    context = {**data, "appendix_tables": subdoc, "charts": []}
    document.render(context, SandboxedEnvironment(autoescape=True), autoescape=True)
    document.save(target)


if __name__ == "__main__":
    main()
