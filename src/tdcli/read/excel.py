"""Reading a filled-in form (.xlsx) as its form spec describes it: fields by their named cells,
metadata from the hidden sheet, and where the member and the period are shown.

The file passes the guard first (size, archive, DTDs); the cells are read from the sheet XML
(`xlsx_cells`). What is read is plain data keyed by section and field, the values as typed; the
models judge them. `read_form` knows no catalogue; `read_excel` reads the indicator form as a
submission's data, `read_self_assessment` a scheme's self-assessment form as a self-assessment's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tdcli.model.formspec import (
    FORM_KINDS,
    FormField,
    FormSpec,
    indicator_form_spec,
    scheme_form_spec,
)
from tdcli.model.issues import Issue, Location, make_issue
from tdcli.read import RawSubmission
from tdcli.read.guard import open_workbook_file
from tdcli.read.xlsx_cells import (
    CellValue,
    WorkbookCells,
    WorkbookError,
    WorkbookTooComplex,
    open_workbook_cells,
)

if TYPE_CHECKING:
    from tdcli.model.scheme import Scheme

__all__ = ["FilledForm", "read_excel", "read_form", "read_self_assessment"]

_EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)
_MISSING_SHOWN = 5
"""Missing named cells reported one by one; the rest in one issue."""
_META_SLACK = 20  # rows of the metadata sheet read beyond the spec's keys (a reordered sheet)


@dataclass(frozen=True)
class FilledForm:
    """What a filled-in form holds: its metadata, its values as typed and where each one is."""

    file: Path
    spec: FormSpec
    meta: Mapping[str, str]
    """The metadata keys the spec names that the file gives (`form_version`, `member`, ...)."""
    values: Mapping[str, Mapping[str, Any]]
    """Section key, then field name, to the value as typed; a field whose cell could not be
    read is left out (an issue says why)."""
    cells: Mapping[str, Location]
    """Dotted key to the field's input cell."""

    def locate(self, path: Sequence[str | int]) -> Location:
        """Where a field or a metadata key is: its input cell, or the heading line the spec
        shows it on (the metadata sheet itself is hidden)."""
        head = tuple(part for part in path if isinstance(part, str))
        if head:
            shown = self.spec.meta_cell(head[0])
            if shown is not None:
                return Location(sheet=self.spec.form_sheet, cell=shown)
        if len(head) >= 2 and f"{head[0]}.{head[1]}" in self.cells:
            return self.cells[f"{head[0]}.{head[1]}"]
        return Location(sheet=self.spec.form_sheet)


def read_excel(file: Path) -> tuple[RawSubmission | None, list[Issue]]:
    """Read a filled-in indicator form as a submission's plain data, located by sheet and cell."""
    form, issues = read_form(file, indicator_form_spec())
    if form is None:
        return None, issues
    data: dict[str, Any] = {
        "member": form.meta.get("member"),
        "period": form.meta.get("period"),
        **{section: dict(values) for section, values in form.values.items()},
    }
    return RawSubmission(file, data, form.locate), issues


def read_self_assessment(file: Path, scheme: Scheme) -> tuple[RawSubmission | None, list[Issue]]:
    """Read a filled-in self-assessment form of `scheme` as a self-assessment's plain data, the
    shape of `self/<member>.yaml`: `{member, year, scores: {criterion id: {points, note}}}`.

    A criterion whose points and note are both blank is left out; one with a note only keeps
    its points as None (not scored yet). A form made for another scheme is `scheme-mismatch`;
    a report's form, `wrong-form-kind`.
    """
    spec = scheme_form_spec(scheme)
    form, issues = read_form(file, spec)
    if form is None:
        return None, issues
    scores: dict[str, dict[str, Any]] = {}
    cells: dict[tuple[str, ...], Location] = {}
    for item in spec.fields():
        cells[item.path] = form.cells[item.key]
        _, criterion, part = item.path
        value = form.values.get(item.section, {}).get(item.name)
        if part == "note":
            value = _note_text(value)
        elif isinstance(value, str) and not value.strip():
            value = None
        scores.setdefault(criterion, {})[part] = value
    data: dict[str, Any] = {
        "member": form.meta.get("member"),
        "year": _year(form.meta.get("year")),
        "scores": {
            criterion: entry
            for criterion, entry in scores.items()
            if entry.get("points") is not None or entry.get("note") is not None
        },
    }

    def locate(path: Sequence[str | int]) -> Location:
        head = tuple(str(part) for part in path)
        if len(head) == 2 and head[0] == "scores":
            head = (*head, "points")
        found = cells.get(head[:3])
        return found if found is not None else form.locate(head)

    return RawSubmission(file, data, locate), issues


def _note_text(value: Any) -> str | None:
    """A note as text (a number typed in a note is its text); None when blank."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return text if text.strip() else None


def _year(value: str | None) -> int | str | None:
    """The year as the YAML file writes it (2021), or the text the form holds, for the model."""
    return int(value) if value is not None and value.isdigit() else value


def read_form(file: Path, spec: FormSpec) -> tuple[FilledForm | None, list[Issue]]:
    """Read a filled-in form of `spec`; problems come back as issues, never as exceptions."""
    checked, issues = open_workbook_file(file)
    if checked is None:
        return None, issues
    try:
        keys = {item.key for item in spec.fields()}
        keys |= {item.key for item in spec.sender.fields} if spec.sender else set()
        workbook = open_workbook_cells(checked.archive, keys)
        meta, issues = _metadata(file, spec, workbook)
        if meta is None:
            return None, issues
        for expected in spec.expected_meta:
            found = meta.get(expected.key)
            if found != expected.value:
                shown = spec.meta_cell(expected.key)
                own_sheet = spec.form_sheet in workbook.sheet_names
                location = (
                    Location(sheet=spec.form_sheet, cell=shown) if shown and own_sheet else None
                )
                issue = make_issue(
                    expected.code,
                    file=file,
                    location=location,
                    value=found or f"không có; tệp không phải {spec.title.lower()}",
                    expected=expected.value,
                )
                return None, [issue]
        return _read_fields(file, spec, workbook, meta, issues)
    except WorkbookTooComplex as error:
        return None, [make_issue("zip-bomb", file=file, detail=str(error))]
    except WorkbookError as error:
        return None, [make_issue("corrupt-workbook", file=file, detail=str(error))]
    finally:
        checked.close()


def _read_fields(
    file: Path, spec: FormSpec, workbook: WorkbookCells, meta: dict[str, str], issues: list[Issue]
) -> tuple[FilledForm | None, list[Issue]]:
    places: dict[str, tuple[str, str]] = {}
    missing: list[FormField] = []
    for item in spec.fields():
        place = workbook.named_cell(item.key)
        if place is None:
            missing.append(item)
        else:
            places[item.key] = place
    if missing and spec.form_sheet not in workbook.sheet_names:
        # the cause, once: every cell went with the sheet
        sheet_gone = make_issue(
            "missing-form-sheet", file=file, sheet=spec.form_sheet, command=spec.kind.command
        )
        return None, [*issues, sheet_gone]
    if missing:
        # a handful named one by one; a form of another shape is one issue, not thousands
        named = missing[:_MISSING_SHOWN]
        issues.extend(
            make_issue(
                "missing-form-cell", file=file, field=item.key, label=item.label, name=item.label
            )
            for item in named
        )
        if len(missing) > len(named):
            more = len(missing) - len(named)
            issues.append(make_issue("missing-form-cells-more", file=file, count=more))
        return None, issues
    optional = []
    for item in spec.sender.fields if spec.sender else ():
        place = workbook.named_cell(item.key)
        if place is not None:
            places[item.key] = place
            optional.append(item)
    by_sheet: dict[str, list[str]] = {}
    for sheet_name, coordinate in places.values():
        by_sheet.setdefault(sheet_name, []).append(coordinate)
    found = {
        (sheet_name, reference): cell
        for sheet_name, references in by_sheet.items()
        for reference, cell in workbook.cells(sheet_name, references).items()
    }
    values: dict[str, dict[str, Any]] = {}
    cells: dict[str, Location] = {}
    for item in spec.fields():
        sheet_name, coordinate = places[item.key]
        location = Location(sheet=sheet_name, cell=coordinate)
        cells[item.key] = location
        cell = found.get((sheet_name, coordinate))
        if cell is None:
            continue
        problem = _cell_issue(file, item.key, item.label, location, cell)
        if problem is not None:
            issues.append(problem)
            continue
        values.setdefault(item.section, {})[item.name] = cell.value
    # Who prepared it: read where the form has the cells (a form made before had none).
    for item in optional:
        sheet_name, coordinate = places[item.key]
        location = Location(sheet=sheet_name, cell=coordinate)
        cells[item.key] = location
        cell = found.get((sheet_name, coordinate))
        if cell is None or _cell_issue(file, item.key, item.label, location, cell) is not None:
            continue
        if cell.value is not None:
            values.setdefault(item.section, {})[item.name] = cell.value
    return FilledForm(file, spec, meta, values, cells), issues


def _cell_issue(
    file: Path, key: str, label: str, location: Location, cell: CellValue
) -> Issue | None:
    """Why a cell gives no value at all: damaged, a formula never calculated, an Excel error;
    the field named by its label, as every message names it."""

    def issue(code: str, **params: Any) -> Issue:
        return make_issue(code, file=file, location=location, field=key, label=label, **params)

    if cell.problem is not None:
        return issue("corrupt-workbook", detail=cell.problem)
    if cell.formula is not None and cell.value is None:
        return issue("formula-without-value", value=cell.formula)
    value = cell.value
    if cell.kind == "e" or (isinstance(value, str) and value.strip() in _EXCEL_ERRORS):
        return issue("cell-error", value=value)
    return None


def _metadata(
    file: Path, spec: FormSpec, workbook: WorkbookCells
) -> tuple[dict[str, str] | None, list[Issue]]:
    if spec.meta_sheet not in workbook.sheet_names:
        detail = "không có trang thông tin biểu mẫu"
        first = next(spec.fields(), None)
        if first is not None and first.key not in workbook.names:
            detail = f"không có các ô được đặt tên như {first.key}"
        return None, [make_issue("not-a-tdcli-form", file=file, detail=detail)]
    rows = range(1, len(spec.meta_keys) + _META_SLACK + 1)
    cells = workbook.cells(spec.meta_sheet, [f"{column}{row}" for row in rows for column in "AB"])
    wanted = {*spec.meta_keys, *(kind.marker for kind in FORM_KINDS)}
    meta: dict[str, str] = {}
    for row in rows:
        key, value = cells.get(f"A{row}"), cells.get(f"B{row}")
        for column, cell in (("A", key), ("B", value)):
            if cell is not None and cell.problem is not None:
                detail = f"trang thông tin biểu mẫu, ô {column}{row}: {cell.problem}"
                return None, [make_issue("corrupt-workbook", file=file, detail=detail)]
        if key is None or not isinstance(key.value, str) or value is None:
            continue
        name = key.value.strip()
        if name in wanted and name not in meta and value.value is not None:
            meta[name] = _meta_text(value.value)
    version = meta.get("form_version")
    if version is None:
        return None, [
            make_issue("not-a-tdcli-form", file=file, detail="không ghi phiên bản biểu mẫu")
        ]
    if version not in spec.supported_versions:
        supported = ", ".join(sorted(spec.supported_versions))
        return None, [
            make_issue("unknown-form-version", file=file, value=version, supported=supported)
        ]
    other = next(
        (
            kind
            for kind in FORM_KINDS
            if spec.kind.marker not in meta and kind != spec.kind and kind.marker in meta
        ),
        None,
    )
    if other is not None:
        return None, [
            make_issue(
                "wrong-form-kind",
                file=file,
                found=other.title.lower(),
                checked_by=other.checked_by,
                expected=spec.kind.title.lower(),
                command=spec.kind.command,
            )
        ]
    return {key: text for key, text in meta.items() if key in spec.meta_keys}, []


def _meta_text(value: Any) -> str:
    """A metadata value as text: `1`, not `1.0`, when a program saved the version as a number."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
