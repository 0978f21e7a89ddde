"""Readers: one module per input format, each giving plain data and a way to locate a field.

A reader never validates: it hands the models the values as the writer typed them, and says
where each one came from (a line of a YAML file, a cell of a workbook).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tdcli.model.issues import Issue, Location, make_issue

__all__ = ["RawSubmission", "read_submission_file"]


@dataclass(frozen=True)
class RawSubmission:
    """What a reader found in a file: the data and where each dotted path sits in the file."""

    file: Path
    data: Any
    locate: Callable[[Sequence[str | int]], Location]


def read_submission_file(file: Path) -> tuple[RawSubmission | None, list[Issue]]:
    """Read a submission with the reader its suffix calls for."""
    suffix = file.suffix.lower()
    if suffix in (".yaml", ".yml"):
        from tdcli.read.yamlfile import MAX_SUBMISSION_NODES, read_yaml

        document, issues = read_yaml(file, max_nodes=MAX_SUBMISSION_NODES)
        if document is None:
            return None, issues
        return RawSubmission(file, document.data, document.location), issues
    if suffix == ".xlsx":
        from tdcli.read.excel import read_excel

        return read_excel(file)
    if suffix in (".xls", ".xlsm", ".ods", ".csv"):
        detail = f"tệp {suffix}; lưu lại dạng Excel Workbook (.xlsx)"
    else:
        detail = f"đuôi tệp '{file.suffix}'"
    return None, [make_issue("unsupported-file", file=file, detail=detail)]
