"""Pydantic's validation errors as tdcli issues, with codes, locations and Vietnamese text."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from tdcli.model.catalogue import FieldSpec, ValueKind, entry_hint, field_spec
from tdcli.model.issues import CATALOGUE, Issue, Location, make_issue

__all__ = ["Locator", "issues_from_validation_error", "suggestion"]

Locator = Callable[[Sequence[str | int]], Location]

_WRONG_TYPE = {
    "model_type": "phải là một nhóm các mục dạng 'tên: giá trị'",
    "model_attributes_type": "phải là một nhóm các mục dạng 'tên: giá trị'",
    "dict_type": "phải là một nhóm các mục dạng 'tên: giá trị'",
    "list_type": "phải là một danh sách (mỗi mục bắt đầu bằng '- ')",
    "tuple_type": "phải là một danh sách (mỗi mục bắt đầu bằng '- ')",
    "string_type": "phải là văn bản",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "bool_parsing": "phải là true hoặc false",
    "date_from_datetime_parsing": "ngày không hợp lệ; ghi theo dạng 2022-03-02",
    "date_from_datetime_inexact": "ngày không hợp lệ; ghi theo dạng 2022-03-02",
    "date_parsing": "ngày không hợp lệ; ghi theo dạng 2022-03-02",
    "date_type": "ngày không hợp lệ; ghi theo dạng 2022-03-02",
    "decimal_type": "phải là số",
    "decimal_parsing": "phải là số",
}

_INVALID = {
    "too_short": "danh sách không được để trống",
    "string_too_short": "không được để trống",
    "too_long": "danh sách quá dài",
    "string_too_long": "văn bản quá dài",
}


_BOUNDS = {
    "greater_than": "phải lớn hơn {}",
    "greater_than_equal": "phải từ {} trở lên",
    "less_than": "phải nhỏ hơn {}",
    "less_than_equal": "không được lớn hơn {}",
}


def _bound_text(bound: Any) -> str:
    """A bound as Vietnamese text writes it: `0,5`, `1.000`."""
    from decimal import Decimal, InvalidOperation

    from tdcli.model.vnformat import format_decimal

    try:
        return format_decimal(Decimal(str(bound)), 4, trim=True)
    except (InvalidOperation, ValueError):
        return str(bound)


def suggestion(word: str, known: Sequence[str]) -> str:
    """`; có phải là 'total'?` when a known key is close to `word`, else ``."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    if not close:
        close = [name for name in known if word.lower() in name or name in word.lower()][:1]
    return f"; có phải là '{close[0]}'?" if close else ""


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    origin = typing.get_origin(annotation)
    if origin is not None or isinstance(annotation, types.UnionType):
        for argument in typing.get_args(annotation):
            found.extend(_models_in(argument))
    return found


def _model_at(model: type[BaseModel], path: Sequence[str | int]) -> type[BaseModel] | None:
    """The model that validates the mapping at `path` below `model`."""
    current: type[BaseModel] | None = model
    for part in path:
        if current is None:
            return None
        if isinstance(part, int) or part not in current.model_fields:
            continue
        candidates = _models_in(current.model_fields[part].annotation)
        current = candidates[0] if candidates else None
    return current


def _title(model: type[BaseModel], path: Sequence[str | int]) -> str | None:
    """The Vietnamese title a model gives the field at `path` (an item of a list is named by
    its list), or None: a key no model declares has no label."""
    names = list(path)
    while names and isinstance(names[-1], int):
        names.pop()
    if not names:
        return None
    parent = _model_at(model, names[:-1])
    info = parent.model_fields.get(str(names[-1])) if parent is not None else None
    return None if info is None else info.title


def _declares(annotation: Any, marker: object) -> bool:
    """Whether `marker` is in the `Annotated` metadata of `annotation`, or of a type in it."""
    if typing.get_origin(annotation) is typing.Annotated and any(
        item is marker for item in annotation.__metadata__
    ):
        return True
    return any(_declares(argument, marker) for argument in typing.get_args(annotation))


def _reads_points(model: type[BaseModel], loc: Sequence[str | int]) -> bool:
    """Whether the field at `loc` is the assessment's `Points` (a score, a maximum)."""
    from tdcli.model.scheme import Points

    if not loc or not isinstance(loc[-1], str):
        return False
    parent = _model_at(model, loc[:-1])
    info = parent.model_fields.get(loc[-1]) if parent is not None else None
    if info is None:
        return False
    reader = typing.get_args(Points)[1]
    return any(item is reader for item in info.metadata) or _declares(info.annotation, reader)


def _number_params(
    kind: str,
    spec: FieldSpec | None,
    model: type[BaseModel],
    loc: Sequence[str | int],
    in_cell: bool = False,
) -> dict[str, str]:
    """How the field's numbers are written (`hint`) and its `unit`, as far as `kind` says them:
    from the catalogue for an indicator (or a target in cluster.yaml, keyed by the field), the
    points of the assessment, else a whole number; `in_cell`, as a cell of the form takes
    them (no words, no separators)."""
    declared = CATALOGUE[kind].params
    if "hint" not in declared and "unit" not in declared:
        return {}
    if spec is None and loc:
        spec = field_spec(str(loc[-1]))
    if spec is not None:
        value_kind, unit = spec.kind, spec.unit
    elif _reads_points(model, loc):
        value_kind, unit = ValueKind.POINTS, "điểm"
    else:
        value_kind, unit = ValueKind.COUNT, "số nguyên"
    hint = entry_hint(value_kind, unit, in_cell=in_cell)
    found = {"hint": hint[:1].lower() + hint[1:], "unit": unit}
    return {name: text for name, text in found.items() if name in declared}


def _dotted(path: Sequence[str | int]) -> str | None:
    names = [str(part) for part in path if isinstance(part, str)]
    return ".".join(names) or None


def issues_from_validation_error(
    error: ValidationError,
    *,
    file: str | Path,
    locate: Locator,
    model: type[BaseModel],
    prefix: Sequence[str | int] = (),
) -> list[Issue]:
    """One issue per error pydantic collected; `prefix` is where `model`'s data sits."""
    issues = []
    for item in error.errors(include_url=False):
        loc = [part for part in item["loc"] if not (isinstance(part, str) and "[" in part)]
        path = (*prefix, *loc)
        kind = item["type"]
        dotted = _dotted(path)
        spec = field_spec(dotted) if dotted else None
        value = item.get("input")
        shown = value if isinstance(value, str | int | float) else None
        common: dict[str, Any] = {
            "file": file,
            "location": locate(path),
            "field": dotted,
            "label": spec.label if spec else _title(model, loc),
        }
        if kind == "extra_forbidden":
            parent = _model_at(model, loc[:-1])
            known = list(parent.model_fields) if parent else []
            key = str(loc[-1])
            issues.append(
                make_issue("unknown-key", key=key, suggestion=suggestion(key, known), **common)
            )
        elif kind == "missing":
            issues.append(make_issue("missing-field", key=str(loc[-1]), **common))
        elif kind in CATALOGUE:
            # pydantic's details, as far as the code declares them: a message never breaks
            declared = CATALOGUE[kind].params
            context = {k: v for k, v in (item.get("ctx") or {}).items() if k in declared}
            in_cell = common["location"] is not None and common["location"].cell is not None
            for name, text in _number_params(kind, spec, model, loc, in_cell).items():
                context.setdefault(name, text)
            issues.append(make_issue(kind, value=shown, **context, **common))
        elif kind in _WRONG_TYPE:
            issues.append(make_issue("wrong-type", value=shown, detail=_WRONG_TYPE[kind], **common))
        elif kind in _INVALID:
            issues.append(make_issue("invalid-value", value=shown, detail=_INVALID[kind], **common))
        elif kind in _BOUNDS:
            bound = next(iter((item.get("ctx") or {}).values()), "")
            detail = _BOUNDS[kind].format(_bound_text(bound))
            issues.append(make_issue("invalid-value", value=shown, detail=detail, **common))
        else:
            message = str(item.get("msg", "")).removeprefix("Value error, ")
            issues.append(make_issue("invalid-value", value=shown, detail=message, **common))
    return issues
