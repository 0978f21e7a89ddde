"""Rendering a Word template with docxtpl, safely.

A render is a fixed sequence of steps: open the template; check that every variable it uses is
in the context (naming the variable and the template); render in a sandboxed Jinja
environment with autoescape on and strict undefined; check that no tag is left in the output;
save under a temporary name and move it into place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tdcli.errors import TdcliError
from tdcli.render.outputs import atomic_path

if TYPE_CHECKING:
    from docxtpl import DocxTemplate
    from jinja2.sandbox import SandboxedEnvironment

__all__ = ["FILTERS", "TemplateError", "make_environment", "open_template", "render_template"]


class TemplateError(TdcliError):
    """A template that cannot be rendered: bad syntax, a variable missing, a tag left over."""

    exit_code = 2


def _filters() -> dict[str, Callable[..., str]]:
    from tdcli.model import vnformat

    return {
        "int_vn": vnformat.format_int,
        "decimal_vn": vnformat.format_decimal,
        "percent_vn": vnformat.format_percent,
        "money_text": vnformat.money_text,
        "money_millions": vnformat.money_millions,
        "date_long": vnformat.date_long,
        "date_short": vnformat.date_short,
        "number_in_words": vnformat.number_in_words,
        "amount_in_words": vnformat.amount_in_words,
    }


FILTERS = (
    "int_vn",
    "decimal_vn",
    "percent_vn",
    "money_text",
    "money_millions",
    "date_long",
    "date_short",
    "number_in_words",
    "amount_in_words",
)
"""The filters a template can use (templates/README.md describes each)."""


def make_environment() -> SandboxedEnvironment:
    """Sandboxed (a user's template cannot reach Python), autoescaped, strict about undefined."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    environment = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    environment.filters.update(_filters())
    return environment


def open_template(template: Path) -> DocxTemplate:
    from docxtpl import DocxTemplate

    if not template.is_file():
        raise TemplateError(f"Không tìm thấy mẫu {template}")
    try:
        document = DocxTemplate(template)
        document.init_docx()
    except Exception as error:  # python-docx raises assorted errors on a file that is not .docx
        raise TemplateError(
            f"Mẫu {template.name} không phải tệp Word .docx đọc được ({type(error).__name__})"
        ) from None
    return document


def render_template(
    template: Path,
    context: Mapping[str, Any],
    target: Path,
    *,
    extras: Mapping[str, Callable[[DocxTemplate], Any]] | None = None,
) -> Path:
    """Render `template` with `context` into `target` (atomically).

    `extras` maps names to builders of context entries that need the template object
    (subdocuments); each is built only if the template uses it.
    """
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    document = open_template(template)
    environment = make_environment()
    builders = dict(extras or {})
    full: dict[str, Any] = dict(context)
    try:
        used = _used_variables(document, environment)
    except TemplateSyntaxError as error:
        raise TemplateError(
            f"Mẫu {template.name} sai cú pháp Jinja: {error.message} (thẻ thứ {error.lineno})"
        ) from None
    missing = used - set(full) - set(builders)
    if missing:
        names = ", ".join(sorted(missing))
        raise TemplateError(f"Mẫu {template.name} dùng biến không có trong dữ liệu: {names}")
    for name in used & set(builders):
        full[name] = builders[name](document)
    try:
        document.render(full, environment, autoescape=True)
    except UndefinedError as error:
        raise TemplateError(
            f"Mẫu {template.name}: biến không có trong dữ liệu ({error.message})"
        ) from None
    except SecurityError as error:
        raise TemplateError(f"Mẫu {template.name} dùng thao tác không được phép: {error}") from None
    except TemplateSyntaxError as error:
        raise TemplateError(f"Mẫu {template.name} sai cú pháp Jinja: {error.message}") from None
    leftover = _leftover_tags(document)
    if leftover:
        raise TemplateError(
            f"Mẫu {template.name} còn thẻ chưa xử lý sau khi tạo văn bản: {leftover} "
            "(một thẻ bị Word tách thành nhiều đoạn định dạng? gõ lại thẻ đó liền một lần)"
        )
    with atomic_path(target) as temporary:
        document.save(temporary)
    return target


def _used_variables(document: DocxTemplate, environment: SandboxedEnvironment) -> set[str]:
    """The variables the template uses (body, headers, footers), from the document already
    open (docxtpl's own check reads the file again)."""
    from jinja2 import meta

    xml = document.patch_xml(document.get_xml())
    for uri in (document.HEADER_URI, document.FOOTER_URI):
        for _, part in document.get_headers_footers(uri):
            xml += document.patch_xml(document.get_part_xml(part))
    used: set[str] = meta.find_undeclared_variables(environment.parse(xml))
    return used


def _leftover_tags(document: DocxTemplate) -> str | None:
    docx = document.docx
    parts = [docx.element.body]
    for section in docx.sections:
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
        ):
            if not part.is_linked_to_previous:  # asking for an absent one would create it
                parts.append(part._element)
    for element in parts:
        text = "".join(element.itertext())
        for mark in ("{{", "{%", "{#", "}}", "%}"):
            where = text.find(mark)
            if where >= 0:
                return text[max(where - 20, 0) : where + 30].strip()
    return None
