"""Rendering a Word template with docxtpl, safely.

A template is untrusted: it may come from anyone. It renders in a bounded Jinja sandbox whose
context holds plain data only (text, numbers, true/false, lists, dicts). What tdcli adds that
is not text (the appendix tables, the charts) never enters the context as an object: the
template sees a marker string, and tdcli puts the tables or pictures where the marker came out.

A render is a fixed sequence of steps:

1. read: the file passes `read/guard.py` (size, archive, no DTD) and is opened from the
   checked bytes;
2. inspect: tracked changes are refused; a link to an attached template is dropped, any other
   link to something outside the file (a linked picture, a remote frame or subdocument, a
   field that fetches content) is refused; every tag sits within one paragraph, and a
   `{%p %}`, `{%tr %}` or `{%tc %}` tag alone in its paragraph, row or cell (docxtpl drops
   whatever else is there);
3. parse: each part (body, headers, footers, footnotes, properties) is parsed: no include,
   import or extends; the two ends of every block tag at the same level of the document (both
   in running text, or both whole paragraphs of one body or cell, or both rows of one table);
   every variable it uses is in the context (naming the variable, the tag and the template);
4. render in the sandbox; an error names the part, the tag and its paragraph; every part must
   come out as well-formed XML (docxtpl would otherwise repair it by dropping content);
5. insert tdcli's tables and pictures at their markers;
6. check that no tag and no marker is left;
7. save under a temporary name and move it into place.
"""

from __future__ import annotations

import functools
import html
import re
import secrets
import string
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tdcli.errors import TdcliError, UsageError
from tdcli.render.outputs import atomic_path
from tdcli.render.pages import finish_layout

if TYPE_CHECKING:
    from docxtpl import DocxTemplate
    from jinja2.sandbox import SandboxedEnvironment

__all__ = [
    "FILTERS",
    "MAX_CALL_DEPTH",
    "MAX_COMPUTED",
    "MAX_INSERTIONS",
    "MAX_INT_BITS",
    "MAX_ITEMS",
    "MAX_LOOP_STEPS",
    "MAX_OUTPUT",
    "MAX_RANGE",
    "MAX_STRING",
    "RENDER_SECONDS",
    "Blocks",
    "Insert",
    "Pictures",
    "TemplateError",
    "TemplateNotFound",
    "make_environment",
    "open_template",
    "render_template",
]


class TemplateError(TdcliError):
    """A template that cannot be rendered: not a .docx, tracked changes, a link outside the
    file, tags that would lose content, bad syntax, a variable missing, an error or a limit
    reached while rendering, a tag left over.

    Exit 1: the template is an input file whose content is wrong, like a submission that does
    not validate; the command itself was right, and the fix is in the file."""

    exit_code = 1


class TemplateNotFound(TemplateError, UsageError):
    """`--template` names nothing: the command was called wrongly (exit 2)."""

    exit_code = 2


# Limits of the sandbox. The bundled report renders in a few milliseconds, about 130 000
# characters of XML, with loops of a few dozen items; each bound is far above what a real
# template needs and far below what would hurt the machine.

MAX_RANGE = 10_000
"""Items of one `range(...)`: months, members, rows of a table."""
MAX_LOOP_STEPS = 250_000
"""Steps of all `{% for %}` loops of one render together: nested loops multiply."""
MAX_STRING = 1_000_000
"""Characters of one text a template computes (`'x' * n`, `center`, `replace`, `join`...)."""
MAX_ITEMS = 100_000
"""Items of one list or dict a template computes (`[0] * n`, `batch`, `slice`...)."""
MAX_COMPUTED = 20_000_000
"""Characters and items of all the texts and lists a template computes in one render
together: many values each within the bounds above would otherwise add up (a thousand
`{% set %}` of a million characters each)."""
MAX_INT_BITS = 4096
"""Bits of one integer a template computes (`**`, `*`): about 1 200 decimal digits."""
MAX_FORMAT_WIDTH = 1_000
"""Width or precision in a format (`'%9999d'`, `'{:>9999}'`, `tojson(indent)`)."""
MAX_CALL_DEPTH = 50
"""Macros (and recursive loops) calling one another, nested."""
MAX_OUTPUT = 10_000_000
"""Characters of XML one part (or one macro's output) may come to: 75 times the report."""
RENDER_SECONDS = 3.0
"""CPU seconds the sandbox may spend on one render: the bundled report needs a few ms."""
MAX_INSERTIONS = 20
"""Tables and pictures tdcli inserts at markers in one document (counted before any is built:
the appendix takes a fifth of a second to build)."""


@dataclass(frozen=True)
class Blocks:
    """Paragraphs and tables tdcli builds into the document where the template prints this
    variable (`{{p appendix_tables }}`). The template sees one marker string; `build` gets the
    rendered python-docx document and returns new block elements (w:p, w:tbl), each time it
    is called (a marker printed twice gets two copies)."""

    build: Callable[[Any], Sequence[Any]]


@dataclass(frozen=True)
class Pictures:
    """Images tdcli puts into the document `width_mm` wide. The template sees a list of
    marker strings, one per image (`{% for chart in charts %}{{ chart }}{% endfor %}`)."""

    paths: tuple[Path, ...]
    width_mm: float


Insert = Blocks | Pictures


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
    """A bounded, immutable sandbox (a user's template cannot reach Python, change the data
    or exhaust the machine), autoescaped, strict about undefined, with no loader."""
    environment: SandboxedEnvironment = _environment_class()()
    return environment


def open_template(template: Path) -> DocxTemplate:
    """The template read through the guard and opened from the checked bytes."""
    from tdcli.read.guard import open_word_file

    if not template.exists():
        raise TemplateNotFound(f"Không tìm thấy mẫu {template}")
    if not template.is_file():
        raise TemplateNotFound(f"Mẫu {template} không phải là một tệp")
    checked, issues = open_word_file(template)
    if checked is None:
        message = issues[0].message if issues else "không đọc được"
        raise TemplateError(f"Mẫu {template.name}: {message}")
    document = _template_class()(checked.stream())
    try:
        document.init_docx()
    except Exception as error:  # python-docx raises assorted errors on a file that is not .docx
        raise TemplateError(
            f"Mẫu {template.name} không phải tệp Word .docx đọc được (có thể là mẫu .dotx, "
            "tệp có macro .docm, hoặc tệp hỏng); mở bằng Word hoặc LibreOffice Writer rồi lưu "
            "lại dạng Word (.docx)"
        ) from error
    document.display_name = template.name
    return document


def render_template(
    template: Path,
    context: Mapping[str, Any],
    target: Path,
    *,
    inserts: Mapping[str, Insert] | None = None,
) -> Path:
    """Render `template` with `context` into `target` (atomically).

    `context` holds plain data only. `inserts` names the tables and pictures tdcli puts into
    the document where the template prints them; the template sees marker strings."""
    _require_plain(context, "context")
    name = template.name
    document = open_template(template)
    _inspect(document, name)
    environment = make_environment()
    nonce = "".join(secrets.choice(string.digits) for _ in range(16))
    full, markers = _with_markers(_shielded(context), inserts or {}, nonce)
    used = _parse_parts(document, environment, name)
    missing = set(used) - set(full)
    if missing:
        names = "; ".join(f"{variable} ({used[variable]})" for variable in sorted(missing))
        raise TemplateError(f"Mẫu {name} dùng biến không có trong dữ liệu: {names}")
    _render(document, environment, full, name)
    _insert(document, markers, nonce, name)
    _markers_left(document, markers, nonce, name, ends=not _holds(context, _OPEN + _CLOSE))
    leftover = _leftover_tags(document)
    if leftover:
        raise TemplateError(
            f"Mẫu {name} còn thẻ chưa xử lý sau khi tạo văn bản: {leftover} "
            "(một thẻ bị Word tách thành nhiều đoạn định dạng? gõ lại thẻ đó liền một lần)"
        )
    _unshield(document)
    finish_layout(document)
    _no_stale_statistics(document)
    with atomic_path(target) as temporary:
        document.save(temporary)
    return target


_STATISTICS = ("Pages", "Words", "Characters", "CharactersWithSpaces", "Lines", "Paragraphs")
_EXTENDED = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


def _no_stale_statistics(document: Any) -> None:
    """The template's page, word and line counts (`docProps/app.xml`, shown by Windows Explorer)
    describe the template, not the document: dropped, and Word counts its own when it saves."""
    from lxml import etree

    for part in document.docx.part.package.iter_parts():
        if str(part.partname) != "/docProps/app.xml":
            continue
        try:
            root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False))
        except etree.XMLSyntaxError:
            return
        for name in (*_STATISTICS, "TotalTime"):
            for element in root.findall(f"{_EXTENDED}{name}"):
                root.remove(element)
        application = root.find(f"{_EXTENDED}Application")
        if application is not None:
            application.text = "tdcli"
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# Plain data --------------------------------------------------------------------------------

_SHIELD = str.maketrans({"{": "\ue000", "}": "\ue001"})
_UNSHIELD = str.maketrans({"\ue000": "{", "\ue001": "}"})
_SHIELD_CHARACTERS = str.maketrans({"\ue000": None, "\ue001": None})


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters a Word document cannot hold (XML 1.0): dropped from the data, where they are
invisible anyway, rather than breaking the document."""


def _shielded(value: Any) -> Any:
    """Plain data whose braces are private-use characters while the template renders, so that
    a province's "{{ ... }}" is text in the document and never taken for a tag left over."""
    if isinstance(value, str):
        return _XML_INVALID.sub("", value.translate(_SHIELD_CHARACTERS)).translate(_SHIELD)
    if isinstance(value, list | tuple):
        return [_shielded(item) for item in value]
    if isinstance(value, dict):
        return {key: _shielded(item) for key, item in value.items()}
    return value


def _unshield(document: Any) -> None:
    """The braces of the data back, once the leftover tags were looked for."""
    from docx.oxml.ns import qn

    for part in _text_parts(document):
        for node in part.iter(qn("w:t")):
            if node.text and ("\ue000" in node.text or "\ue001" in node.text):
                node.text = node.text.translate(_UNSHIELD)


def _require_plain(value: Any, path: str) -> None:
    """The context holds text, numbers, booleans, None, lists and dicts with text keys only:
    anything else could be called or inspected from inside the sandbox."""
    if value is None or isinstance(value, str | int | float):
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _require_plain(item, f"{path}[{index}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path}: a template context key must be text, not {key!r}")
            _require_plain(item, f"{path}.{key}")
        return
    raise TypeError(f"{path}: a template context holds plain data, not {type(value).__name__}")


def _with_markers(
    context: Mapping[str, Any], inserts: Mapping[str, Insert], nonce: str
) -> tuple[dict[str, Any], dict[int, tuple[str, Insert, int]]]:
    """The context with a marker string (or a list of them) for each insert; the markers by
    number, with their variable, their insert and which picture they stand for."""
    full = dict(context)
    markers: dict[int, tuple[str, Insert, int]] = {}
    for variable, insert in inserts.items():
        if isinstance(insert, Blocks):
            number = len(markers)
            markers[number] = (variable, insert, 0)
            full[variable] = _marker(nonce, number)
        else:
            items = []
            for index in range(len(insert.paths)):
                number = len(markers)
                markers[number] = (variable, insert, index)
                items.append(_marker(nonce, number))
            full[variable] = items
    return full, markers


_OPEN, _CLOSE = "\ufdd0", "\ufdd1"
"""A marker's ends: Unicode noncharacters, which no text a province sends holds in practice,
so that one left in the output after the inserts (a marker the template cut or changed)
is found, unless the data itself had them."""


def _marker(nonce: str, number: int) -> str:
    # Digits between the ends: case filters leave it whole, escaping leaves it alone, and a
    # province's text cannot guess the random part.
    return f"{_OPEN}{nonce}:{number}{_CLOSE}"


def _holds(value: Any, characters: str) -> bool:
    """Whether any text in plain data `value` holds one of `characters`."""
    if isinstance(value, str):
        return any(character in value for character in characters)
    if isinstance(value, list | tuple):
        return any(_holds(item, characters) for item in value)
    if isinstance(value, dict):
        return any(_holds(item, characters) for item in value.values())
    return False


# The sandbox -------------------------------------------------------------------------------


class _LimitReached(Exception):
    """A template went past a bound of the sandbox; the message says which, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_REMOVED_FILTERS = ("safe", "urlize")  # both let a template write raw XML into the document
_REMOVED_GLOBALS = ("lipsum",)  # lipsum(n) writes n paragraphs: unbounded

# Methods whose result has no bound a check can give before calling them (`expandtabs(n)`,
# `translate(table)`, `to_bytes(n)`) or that leave text for bytes. Methods that change a list
# or dict are refused by the immutable sandbox; `center`, `replace`, `join`... are measured.
_REFUSED_METHODS = frozenset({"expandtabs", "translate", "maketrans", "encode", "to_bytes"})

_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _too_long(what: str) -> _LimitReached:
    return _LimitReached(f"tạo ra {what} quá dài (giới hạn {_count(MAX_STRING)} ký tự)")


def _too_many(what: str) -> _LimitReached:
    return _LimitReached(f"tạo ra {what} quá nhiều phần tử (giới hạn {_count(MAX_ITEMS)})")


def _checked(value: Any) -> Any:
    """`value` if it is within the bounds of one computed value."""
    if isinstance(value, str) and len(value) > MAX_STRING:
        raise _too_long("chuỗi")
    if isinstance(value, list | tuple | dict | set | frozenset) and len(value) > MAX_ITEMS:
        raise _too_many("danh sách")
    if _is_int(value) and _bits(value) > MAX_INT_BITS:
        raise _LimitReached("tạo ra số quá lớn")
    return value


def _width(value: Any, what: str) -> None:
    if isinstance(value, int) and value > MAX_FORMAT_WIDTH:
        raise _LimitReached(f"{what} {value} quá lớn (giới hạn {MAX_FORMAT_WIDTH})")


def _check_percent_format(text: str) -> None:
    """`%` formatting (`'%5d' % n`, `|format`): no width taken from the arguments, no width
    or precision past the bound."""
    for match in _PERCENT_SPEC.finditer(text):
        for part in match.groups():
            if part == "*":
                raise _LimitReached("định dạng '%*' (độ rộng lấy từ dữ liệu) không dùng được")
            if part is not None:
                _width(int(part), "độ rộng định dạng")


def _check_brace_format(text: str) -> None:
    """`str.format` (`'{:>10}'.format(x)`): no nested fields in a spec, no width past the
    bound."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return  # str.format itself will say what is wrong
    for _, _, spec, _ in fields:
        if not spec:
            continue
        if "{" in spec:
            raise _LimitReached("định dạng lồng nhau ('{:{}}') không dùng được")
        for number in re.findall(r"\d+", spec):
            _width(int(number), "độ rộng định dạng")


def _text_length(value: Any) -> int:
    return len(value) if isinstance(value, str) else len(str(value))


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would pass a bound, before computing it."""
    if operator == "*":
        for sequence, count in ((left, right), (right, left)):
            if isinstance(sequence, str | list | tuple) and isinstance(count, int):
                size = len(sequence) * max(count, 0)
                if isinstance(sequence, str) and size > MAX_STRING:
                    raise _too_long("chuỗi")
                if not isinstance(sequence, str) and size > MAX_ITEMS:
                    raise _too_many("danh sách")
        if _is_int(left) and _is_int(right) and _bits(left) + _bits(right) > MAX_INT_BITS:
            raise _LimitReached("tạo ra số quá lớn")
    elif operator == "**":
        growing = _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1
        if growing and min(right, MAX_INT_BITS + 1) * _bits(left) > MAX_INT_BITS:
            raise _LimitReached("lũy thừa tạo ra số quá lớn")
    elif operator == "+":
        both_text = isinstance(left, str) and isinstance(right, str)
        both_lists = isinstance(left, list | tuple) and isinstance(right, list | tuple)
        if both_text and len(left) + len(right) > MAX_STRING:
            raise _too_long("chuỗi")
        if both_lists and len(left) + len(right) > MAX_ITEMS:
            raise _too_many("danh sách")
    elif operator == "%" and isinstance(left, str):
        _check_percent_format(left)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bits(value: int) -> int:
    return abs(value).bit_length()


def _argument(
    args: Sequence[Any], kwargs: Mapping[str, Any], index: int, name: str, default: Any
) -> Any:
    if len(args) > index:
        return args[index]
    return kwargs.get(name, default)


def _check_filter(name: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    """Refuse a filter call whose result would pass a bound, before calling it. `args` start
    with the filtered value; a lazy iterable is read into a list in place."""
    value = args[0] if args else None
    if name == "center":
        _size_at_most(_argument(args, kwargs, 1, "width", 80))
    elif name == "indent":
        width = _argument(args, kwargs, 1, "width", 4)
        step = width if isinstance(width, int) else len(str(width))
        lines = str(value).count("\n") + 1
        if _text_length(value) + lines * max(step, 0) > MAX_STRING:
            raise _too_long("chuỗi")
    elif name == "replace":
        old = str(_argument(args, kwargs, 1, "old", ""))
        new = str(_argument(args, kwargs, 2, "new", ""))
        _check_replace(str(value), old, new, _argument(args, kwargs, 3, "count", None))
    elif name == "join":
        items = args[0] = list(value) if value is not None else []
        _check_join(items, str(_argument(args, kwargs, 1, "d", "")))
    elif name in ("batch", "slice"):
        count = _argument(args, kwargs, 1, "linecount" if name == "batch" else "slices", 1)
        if isinstance(count, int) and count > MAX_ITEMS:
            raise _too_many("danh sách")
    elif name == "sum":
        start = _argument(args, kwargs, 2, "start", 0)
        if not isinstance(start, int | float):
            raise _LimitReached("bộ lọc sum chỉ cộng các số")
    elif name == "format":
        _check_percent_format(str(value))
    elif name == "tojson":
        indent = _argument(args, kwargs, 1, "indent", None)
        _width(indent if isinstance(indent, int) else len(str(indent or "")), "thụt lề tojson")
    elif name == "wordwrap":
        width = _argument(args, kwargs, 1, "width", 79)
        wrap = _argument(args, kwargs, 3, "wrapstring", None)
        lines = _text_length(value) // max(width if isinstance(width, int) else 1, 1) + 1
        if wrap is not None and _text_length(value) + lines * len(str(wrap)) > MAX_STRING:
            raise _too_long("chuỗi")


def _size_at_most(width: Any) -> None:
    if isinstance(width, int) and width > MAX_STRING:
        raise _too_long("chuỗi")


def _check_replace(text: str, old: str, new: str, count: Any) -> None:
    found = text.count(old)
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    if len(text) + found * (len(new) - len(old)) > MAX_STRING:
        raise _too_long("chuỗi")


def _check_join(items: list[Any], separator: str) -> None:
    if len(items) > MAX_ITEMS:
        raise _too_many("danh sách")
    size = len(separator) * max(len(items) - 1, 0)
    for item in items:
        size += _text_length(item)
        if size > MAX_STRING:
            raise _too_long("chuỗi")


def _check_method(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Refuse a call of a text method whose result would pass a bound; the arguments to call
    it with (a lazy iterable given to `join` is read into a list)."""
    owner = getattr(method, "__self__", None)
    if not isinstance(owner, str):
        return args
    name = getattr(method, "__name__", "")
    if name in ("center", "ljust", "rjust", "zfill"):
        _size_at_most(_argument(args, kwargs, 0, "width", 0))
    elif name == "replace":
        old = _argument(args, kwargs, 0, "old", "")
        new = _argument(args, kwargs, 1, "new", "")
        if isinstance(old, str) and isinstance(new, str):
            _check_replace(owner, old, new, _argument(args, kwargs, 2, "count", -1))
    elif name == "join" and args:
        items = list(args[0])
        _check_join(items, owner)
        return (items, *args[1:])
    return args


@functools.cache
def _environment_class() -> type[Any]:
    """The bounded sandbox, built on first use (jinja2 is imported only when rendering)."""
    from jinja2 import StrictUndefined, nodes, pass_context
    from jinja2.exceptions import TemplateSyntaxError
    from jinja2.runtime import BlockReference, Context, LoopContext, Macro
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    from jinja2.visitor import NodeTransformer

    loop_filter, size_filter = "tdcli:lặp", "tdcli:độ-dài"  # names no template can type

    class Bounded(NodeTransformer):
        """Every loop's items counted and timed; every `~` concatenation measured."""

        def visit_For(self, node: nodes.For) -> nodes.Node:
            self.generic_visit(node)
            node.iter = nodes.Filter(
                node.iter, loop_filter, [], [], None, None, lineno=node.iter.lineno
            )
            return node

        def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
            self.generic_visit(node)
            return nodes.Filter(node, size_filter, [], [], None, None, lineno=node.lineno)

    refused = {
        nodes.Extends: "extends",
        nodes.Include: "include",
        nodes.Import: "import",
        nodes.FromImport: "from ... import",
    }

    class BoundedSandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

        def __init__(self) -> None:
            super().__init__(autoescape=True, undefined=StrictUndefined)
            self._steps = 0
            self._depth = 0
            self._produced = 0
            self._computed = 0
            self._deadline: float | None = None
            for name in _REMOVED_GLOBALS:
                self.globals.pop(name, None)
            self.globals["range"] = self._range
            for name in _REMOVED_FILTERS:
                self.filters.pop(name, None)
            self.filters.update(_filters())
            self.filters = {
                name: self._guarded_filter(name, function)
                for name, function in self.filters.items()
            }
            self.filters[loop_filter] = pass_context(lambda _, items: self._iterate(items))
            self.filters[size_filter] = pass_context(lambda _, value: self._measured(value))

        def _measured(self, value: Any) -> Any:
            """`value` if it keeps the bounds of one value and of all values computed."""
            _checked(value)
            if isinstance(value, str | list | tuple | dict):
                self._computed += len(value)
                if self._computed > MAX_COMPUTED:
                    raise _LimitReached(
                        f"tính ra quá nhiều dữ liệu (tổng cộng hơn {_count(MAX_COMPUTED)} ký tự "
                        "hoặc phần tử)"
                    )
            return value

        def start_clock(self, seconds: float) -> None:
            self._deadline = time.process_time() + seconds

        def tick(self) -> None:
            if self._deadline is not None and time.process_time() > self._deadline:
                raise _LimitReached(f"chạy quá {RENDER_SECONDS:g} giây")

        # Parsing: no loader, no autoescape switch, every loop bounded.

        def parse(
            self, source: str, name: str | None = None, filename: str | None = None
        ) -> nodes.Template:
            tree: nodes.Template = super().parse(source, name, filename)
            for kind, tag in refused.items():
                for node in tree.find_all(kind):
                    raise TemplateSyntaxError(
                        f"thẻ {{% {tag} %}} không dùng được: mẫu không được nạp tệp khác",
                        node.lineno,
                    )
            for modifier in tree.find_all((nodes.EvalContextModifier,)):
                raise TemplateSyntaxError(
                    "thẻ {% autoescape %} không dùng được: văn bản luôn được thoát ký tự",
                    modifier.lineno,
                )
            return tree

        def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
            tree = self.parse(source) if isinstance(source, str) else source
            tree = Bounded().visit(tree)
            tree.set_environment(self)
            return super().from_string(tree, globals, template_class)

        # Running: every hook ticks the clock and measures what it makes.

        def _range(self, *args: int) -> range:
            numbers = range(*args)
            try:
                count = len(numbers)
            except OverflowError:
                count = MAX_RANGE + 1
            if count > MAX_RANGE:
                raise _LimitReached(f"range(...) quá dài (giới hạn {_count(MAX_RANGE)} số)")
            return numbers

        def _iterate(self, items: Iterable[Any]) -> Iterator[Any]:
            for item in items:
                self._steps += 1
                if self._steps > MAX_LOOP_STEPS:
                    raise _LimitReached(
                        f"các vòng lặp chạy quá {_count(MAX_LOOP_STEPS)} bước (vòng lặp lồng nhau?)"
                    )
                self.tick()
                yield item

        def _guarded_filter(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
            passes_argument = getattr(function, "jinja_pass_arg", None) is not None

            @functools.wraps(function)
            def guarded(*args: Any, **kwargs: Any) -> Any:
                self.tick()
                head, rest = (args[:1], list(args[1:])) if passes_argument else ((), list(args))
                _check_filter(name, rest, kwargs)
                return self._measured(function(*head, *rest, **kwargs))

            return guarded

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            if not super().is_safe_attribute(obj, attr, value):
                return False
            return not (isinstance(obj, str | int | float) and attr in _REFUSED_METHODS)

        def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
            wrapper = super().wrap_str_format(value)
            if wrapper is None:
                return None
            _check_brace_format(value.__self__)

            def checked_format(*args: Any, **kwargs: Any) -> str:
                text: str = self._measured(wrapper(*args, **kwargs))
                return text

            return checked_format

        def getattr(self, obj: Any, attribute: str) -> Any:
            self.tick()
            return super().getattr(obj, attribute)

        def getitem(self, obj: Any, argument: Any) -> Any:
            self.tick()
            return super().getitem(obj, argument)

        def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
            self.tick()
            _check_binop(operator, left, right)
            return self._measured(super().call_binop(context, operator, left, right))

        def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
            self.tick()
            if isinstance(obj, Macro | LoopContext | BlockReference):
                if isinstance(obj, LoopContext) and args:
                    args = (self._iterate(args[0]), *args[1:])
                self._depth += 1
                try:
                    if self._depth > MAX_CALL_DEPTH:
                        raise _LimitReached(
                            f"macro gọi lồng nhau quá {MAX_CALL_DEPTH} tầng (macro tự gọi lại?)"
                        )
                    return self._measured(super().call(context, obj, *args, **kwargs))
                finally:
                    self._depth -= 1
            args = _check_method(obj, args, kwargs)
            return self._measured(super().call(context, obj, *args, **kwargs))

        def concat(self, parts: Iterable[str]) -> str:
            pieces = []
            size = 0
            for piece in parts:
                size += len(piece)
                if size > MAX_OUTPUT:
                    raise _LimitReached(
                        f"tạo ra văn bản quá lớn (giới hạn {_count(MAX_OUTPUT)} ký tự XML mỗi phần)"
                    )
                pieces.append(piece)
            self._produced += size
            if self._produced > 5 * MAX_OUTPUT:
                raise _LimitReached("tạo ra văn bản quá lớn")
            self.tick()
            return "".join(pieces)

    return BoundedSandbox


# The template object -----------------------------------------------------------------------


@functools.cache
def _template_class() -> type[Any]:
    """docxtpl's template whose every part is rendered with its errors located and its output
    checked to be well-formed XML (docxtpl itself repairs broken XML by dropping content)."""
    from docx.oxml.parser import parse_xml  # strict: no recovery, no entities, no network
    from docxtpl import DocxTemplate

    class CheckedTemplate(DocxTemplate):  # type: ignore[misc]
        display_name = "mẫu"

        def render_xml_part(
            self, src_xml: str, part: Any, context: Any, jinja_env: Any = None
        ) -> str:
            where = _part_label(str(part.partname))
            try:
                xml: str = super().render_xml_part(src_xml, part, context, jinja_env)
            except TemplateError:
                raise
            except Exception as error:
                source = _numbered(src_xml)
                raise TemplateError(_failure(self.display_name, where, source, error)) from error
            try:
                parse_xml(xml.encode("utf-8"))
            except Exception as error:  # lxml's XMLSyntaxError: broken structure
                raise TemplateError(
                    f"Mẫu {self.display_name}, {where}: văn bản tạo ra bị hỏng cấu trúc, docxtpl "
                    "sẽ phải bỏ bớt nội dung (một thẻ {%- hoặc -%}, hay các thẻ cắt ngang đoạn "
                    "văn hoặc bảng?); đặt mỗi cặp thẻ khối cùng một chỗ, dùng {%p ... %} cho cả "
                    "đoạn văn"
                ) from error
            return xml

        def patch_xml(self, src_xml: str) -> str:
            # Each part is patched twice, to parse it before rendering and to render it.
            patched: dict[str, str] = self.__dict__.setdefault("_patched", {})
            if src_xml not in patched:
                patched[src_xml] = super().patch_xml(src_xml)
            return patched[src_xml]

        def map_tree(self, tree: Any) -> None:
            # Emptied first: lxml takes time superlinear in its size to detach a whole body
            # (a minute for 300 000 paragraphs), and no time to drop its children.
            root = self.docx._element
            body = root.body
            body.clear()
            root.replace(body, tree)

        def render_properties(self, context: Any, jinja_env: Any = None) -> None:
            try:
                super().render_properties(context, jinja_env)
            except TemplateError:
                raise
            except Exception as error:
                where = "thuộc tính tài liệu (Title, Subject...)"
                raise TemplateError(_failure(self.display_name, where, None, error)) from error

    return CheckedTemplate


def _numbered(src_xml: str) -> str:
    """The part's source as Jinja numbers its lines: docxtpl starts a line at each paragraph."""
    return src_xml.replace("<w:p ", "\n<w:p ").replace("<w:p>", "\n<w:p>")


_PART_LABELS = (
    (re.compile(r"/word/document\d*\.xml$"), "thân văn bản"),
    (re.compile(r"/word/header\d*\.xml$"), "đầu trang"),
    (re.compile(r"/word/footer\d*\.xml$"), "chân trang"),
    (re.compile(r"/word/footnotes\d*\.xml$"), "chú thích cuối trang"),
    (re.compile(r"/word/endnotes\d*\.xml$"), "chú thích cuối văn bản"),
)


def _part_label(partname: str) -> str:
    for pattern, label in _PART_LABELS:
        if pattern.search(partname):
            return label if "document" in partname else f"{label} ({partname.rsplit('/', 1)[-1]})"
    return partname.lstrip("/")


# Locating and describing errors --------------------------------------------------------------

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_UNSAFE = re.compile(r"attribute '([^']*)' of '([^']*)' object is unsafe")
_MARKUP = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})|<[^>]*>", re.S)


def _plain(xml: str, limit: int = 90) -> str:
    """The text of a stretch of XML, with the tags in it, shortened."""
    text = _MARKUP.sub(lambda match: match.group(1) or "", xml)
    text = " ".join(html.unescape(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _place(source: str | None, line: int | None) -> str:
    """Which tag (or paragraph) line `line` of `source` is."""
    if source is None or line is None:
        return ""
    lines = source.split("\n")
    if not 1 <= line <= len(lines):
        return ""
    text = _plain(lines[line - 1], limit=400)
    tags = _TAG.findall(text)
    if len(tags) == 1:
        return f"thẻ «{' '.join(tags[0].split())}»"
    return f"đoạn «{_plain(text)}»" if text else ""


def _template_line(error: BaseException) -> int | None:
    from jinja2.exceptions import TemplateSyntaxError

    if isinstance(error, TemplateSyntaxError) and error.lineno:
        return int(error.lineno)
    line = None
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def _describe(error: BaseException) -> str:
    from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError

    if isinstance(error, _LimitReached):
        return error.message
    if isinstance(error, UndefinedError):
        return f"dùng biến không có trong dữ liệu ({error.message})"
    if isinstance(error, SecurityError):
        unsafe = _UNSAFE.search(str(error))
        if unsafe:
            return (
                f"dùng «{unsafe.group(1)}» của một giá trị kiểu {unsafe.group(2)}: thao tác không "
                "được phép trong mẫu"
            )
        return f"dùng thao tác không được phép ({error})"
    if isinstance(error, TemplateSyntaxError):
        return f"sai cú pháp Jinja: {error.message}"
    if isinstance(error, ZeroDivisionError):
        return "chia cho 0"
    if isinstance(error, OverflowError):
        return "số quá lớn"
    if isinstance(error, RecursionError):
        return "gọi lồng nhau quá sâu"
    if isinstance(error, MemoryError):
        return "cần quá nhiều bộ nhớ"
    if isinstance(error, TypeError | ValueError | LookupError | AttributeError):
        return f"phép tính hoặc bộ lọc dùng sai kiểu giá trị ({error})"
    return f"lỗi khi tạo văn bản ({error})"


def _failure(name: str, where: str, source: str | None, error: BaseException) -> str:
    place = _place(source, _template_line(error))
    located = f"{where}, {place}" if place else where
    return f"Mẫu {name}, {located}: {_describe(error)}"


# Inspecting the template before rendering ------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
}
_TRACKED = tuple(f"{_W}{name}" for name in ("ins", "del", "moveFrom", "moveTo"))
_FETCHING_FIELDS = frozenset({"INCLUDEPICTURE", "INCLUDETEXT", "DDEAUTO", "DDE", "LINK", "IMPORT"})
_ATTACHED_TEMPLATE = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
)
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_LINK_KINDS = {
    "image": "ảnh liên kết tới tệp ngoài (chèn ảnh vào văn bản, không chọn Link to File)",
    "oleObject": "đối tượng liên kết tới tệp ngoài",
    "subDocument": "văn bản con nằm ở tệp ngoài",
    "frame": "khung lấy nội dung từ bên ngoài",
}
_FORM_TAG = re.compile(r"\{[{%#](p|tr|tc) ")
_OPENER = re.compile(r"\{[{%#]")
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}


def _content_parts(document: Any) -> list[tuple[str, Any]]:
    """(label, root element) of the body, headers, footers, footnotes and endnotes."""
    from docx.oxml.parser import parse_xml

    found = []
    for part in document.docx.part.package.iter_parts():
        if part.content_type not in _CONTENT_TYPES:
            continue
        root = getattr(part, "element", None)
        if root is None:
            try:
                root = parse_xml(part.blob)
            except Exception as error:  # lxml's XMLSyntaxError
                label = _part_label(str(part.partname))
                raise TemplateError(
                    f"Mẫu {document.display_name}: phần {label} bị hỏng ({error}); mở bằng "
                    "Word hoặc LibreOffice Writer rồi lưu lại dạng Word (.docx)"
                ) from error
        found.append((_part_label(str(part.partname)), root))
    return found


def _inspect(document: Any, name: str) -> None:
    """What would make the report differ from what the template shows, or reach outside."""
    parts = _content_parts(document)
    for where, root in parts:
        for change in root.iter(*_TRACKED):
            raise TemplateError(
                f"Mẫu {name} còn thay đổi được theo dõi (Track Changes) ở {where}"
                f"{_near(change)}: chấp nhận hoặc bỏ các thay đổi được theo dõi trong Word trước "
                "(Review > Accept/Reject All Changes), rồi lưu lại mẫu"
            )
    _external_links(document, name)
    for where, root in parts:
        _fetching_fields(root, where, name)
        _tags_in_place(root, where, name)


def _near(element: Any) -> str:
    paragraph = next(element.iterancestors(f"{_W}p"), None)
    if paragraph is None:
        paragraph = element
    words = paragraph.iter(f"{_W}t", f"{_W}delText")
    text = " ".join("".join(node.text or "" for node in words).split())
    return f" (đoạn «{_plain(text, 60)}»)" if text else ""


def _external_links(document: Any, name: str) -> None:
    """Drop the link to an attached template (Word keeps the path of the .dotx a document
    was made from; nothing shows from it); refuse any other link to something outside the
    file except hyperlinks, which fetch nothing until clicked."""
    package = document.docx.part.package
    sources = [(package, package.rels)] + [(part, part.rels) for part in package.iter_parts()]
    for owner, relationships in sources:
        for key, relationship in list(relationships.items()):
            if not relationship.is_external or relationship.reltype == _HYPERLINK:
                continue
            if relationship.reltype == _ATTACHED_TEMPLATE and owner is not package:
                _drop_attached_template(owner, key)
                continue
            kind = relationship.reltype.rsplit("/", 1)[-1]
            what = _LINK_KINDS.get(kind, f"liên kết '{kind}' tới bên ngoài")
            target = _plain(str(relationship.target_ref), 80)
            raise TemplateError(
                f"Mẫu {name} có {what}: {target}; tdcli không dùng mẫu lấy nội dung từ bên "
                "ngoài. Nhúng nội dung vào văn bản (hoặc xóa nó) rồi lưu lại mẫu"
            )


def _drop_attached_template(part: Any, key: str) -> None:
    element = getattr(part, "element", None)
    if element is not None:
        for attached in list(element.iter(f"{_W}attachedTemplate")):
            attached.getparent().remove(attached)
    del part.rels[key]


def _fetching_fields(root: Any, where: str, name: str) -> None:
    """Refuse fields that fetch content when the report is opened (a linked picture, text
    from another file, DDE). A field's kind is the first word of its instruction."""
    instructions = [field.get(f"{_W}instr", "") for field in root.iter(f"{_W}fldSimple")]
    open_fields: list[list[str]] = []
    for node in root.iter(f"{_W}fldChar", f"{_W}instrText"):
        if node.tag == f"{_W}instrText":
            if open_fields:
                open_fields[-1].append(node.text or "")
        elif node.get(f"{_W}fldCharType") == "begin":
            open_fields.append([])
        elif node.get(f"{_W}fldCharType") == "end" and open_fields:
            instructions.append("".join(open_fields.pop()))
    instructions += ["".join(parts) for parts in open_fields]
    for instruction in instructions:
        words = instruction.replace('"', " ").split()
        if words and words[0].upper() in _FETCHING_FIELDS:
            raise TemplateError(
                f"Mẫu {name} có trường {words[0].upper()} ở {where} lấy nội dung từ bên ngoài "
                "khi mở văn bản; xóa trường đó (hoặc chèn thẳng nội dung) rồi lưu lại mẫu"
            )


def _paragraph_texts(root: Any) -> list[tuple[Any, str]]:
    """Each paragraph with text, and its own text (a text box's paragraphs are their own)."""
    texts: dict[Any, list[str]] = {}
    for node in root.iter(f"{_W}t"):
        paragraph = next(node.iterancestors(f"{_W}p"), None)
        if paragraph is not None:
            texts.setdefault(paragraph, []).append(node.text or "")
    return [(paragraph, "".join(parts)) for paragraph, parts in texts.items()]


def _own_text(element: Any) -> str:
    return "".join(node.text or "" for node in element.iter(f"{_W}t"))


def _tags_in_place(root: Any, where: str, name: str) -> None:
    """Each tag within one paragraph; a paragraph, row or cell tag alone where it stands
    (docxtpl replaces that whole paragraph, row or cell with the tag)."""
    containers = {"p": f"{_W}p", "tr": f"{_W}tr", "tc": f"{_W}tc"}
    words = {"p": "đoạn văn", "tr": "dòng của bảng", "tc": "ô của bảng"}
    for paragraph, text in _paragraph_texts(root):
        position = 0
        while (opener := _OPENER.search(text, position)) is not None:
            end = text.find(_CLOSER[opener.group()], opener.end())
            if end < 0:
                start = text[opener.start() : opener.start() + 40]
                raise TemplateError(
                    f"Mẫu {name}, {where}: thẻ «{start}» không đóng trong cùng đoạn văn "
                    f"(đoạn «{_plain(text, 60)}»); một thẻ phải nằm gọn trong một đoạn"
                )
            position = end + 2
        for tag in _TAG.findall(text):
            form = _FORM_TAG.match(tag)
            if form is None:
                continue
            kind = form.group(1)
            container = (
                paragraph if kind == "p" else next(paragraph.iterancestors(containers[kind]), None)
            )
            if container is None:
                raise TemplateError(
                    f"Mẫu {name}, {where}: thẻ «{tag}» chỉ dùng trong một {words[kind]}"
                )
            rest = _own_text(container).replace(tag, "", 1)
            if rest.strip():
                raise TemplateError(
                    f"Mẫu {name}, {where}: thẻ «{tag}» phải đứng một mình trong {words[kind]} "
                    f"của nó; phần «{_plain(rest, 60)}» cùng {words[kind]} sẽ bị mất khi tạo văn "
                    f"bản. Chuyển phần đó sang {words[kind]} khác"
                )


# Parsing each part -----------------------------------------------------------------------------

_OPENING_WORDS = frozenset(
    {"for", "if", "macro", "call", "filter", "set", "with", "autoescape", "block"}
)
_LEVEL_TOKENS = re.compile(
    r"(?P<jinja>\{%[-+]?\s*(?P<word>\w+)?.*?%\}|\{\{.*?\}\}|\{#.*?#\})"
    r"|<(?P<close>/)?(?P<name>[A-Za-z_][\w:.-]*)"
    r"(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*(?P<empty>/)?>"
    r"|<\?.*?\?>|<!--.*?-->",
    re.S,
)


def _parse_parts(document: Any, environment: Any, name: str) -> dict[str, str]:
    """Parse every part the render will use; each variable used, with where it is first used.

    A syntax error, a refused tag or block tags at different levels stop here, named."""
    from jinja2 import meta, nodes

    used: dict[str, str] = {}
    for where, source in _sources(document):
        try:
            tree = environment.parse(source)
            variables = meta.find_undeclared_variables(tree)  # compiles: an unknown filter
        except Exception as error:
            raise TemplateError(_failure(name, where, source, error)) from error
        _block_levels(source, where, name)
        for variable in sorted(variables):
            if variable in used:
                continue
            line = next(
                (
                    node.lineno
                    for node in tree.find_all(nodes.Name)
                    if node.name == variable and node.ctx == "load"
                ),
                None,
            )
            place = _place(source, line)
            used[variable] = f"{where}, {place}" if place else where
    return used


def _sources(document: Any) -> list[tuple[str, str]]:
    """(label, Jinja source) of each part docxtpl renders, numbered as docxtpl numbers them."""
    sources = [("thân văn bản", _numbered(document.patch_xml(document.get_xml())))]
    for uri in (document.HEADER_URI, document.FOOTER_URI):
        for _, part in document.get_headers_footers(uri):
            source = document.patch_xml(document.get_part_xml(part))
            sources.append((_part_label(str(part.partname)), _numbered(source)))
    for part in document.docx.part.package.iter_parts():
        if part.content_type.endswith("wordprocessingml.footnotes+xml"):
            source = document.patch_xml(part.blob.decode("utf-8", "replace"))
            sources.append((_part_label(str(part.partname)), _numbered(source)))
    properties = document.docx.core_properties
    for field in ("author", "comments", "identifier", "language", "subject", "title"):
        value = getattr(properties, field) or ""
        if "{" in value:
            sources.append((f"thuộc tính tài liệu ({field})", value))
    return sources


def _block_levels(source: str, where: str, name: str) -> None:
    """The two ends of a block tag (and its `else`/`elif`) sit at the same level of the XML:
    docxtpl keeps or repeats what lies between them, and that only stays a document when both
    ends are inside running text of a paragraph, or both whole paragraphs of one body or cell,
    or both rows of one table. Otherwise the report loses what lies outside the tags."""
    stack: list[str] = []
    opened: list[tuple[str, tuple[str, ...], int, str]] = []
    raw = False
    for token in _LEVEL_TOKENS.finditer(source):
        word = token.group("word")
        if token.group("name") is not None:
            if raw or token.group("empty"):
                continue
            element = token.group("name")
            if token.group("close") is None:
                stack.append(element)
            elif element in stack:
                while stack.pop() != element:
                    pass
            continue
        if word is None:
            continue
        if raw:
            raw = word != "endraw"
            continue
        tag = " ".join(token.group("jinja").split())
        if word == "raw":
            raw = True
        elif word in _OPENING_WORDS and not (word == "set" and "=" in tag):
            opened.append((word, tuple(stack), token.start(), tag))
        elif opened and (word in ("elif", "else") or word == f"end{opened[-1][0]}"):
            _, level, start, first = opened[-1] if word in ("elif", "else") else opened.pop()
            if level != tuple(stack):
                raise TemplateError(
                    f"Mẫu {name}, {where}: thẻ «{first}» (đoạn «{_line_text(source, start)}») "
                    f"và thẻ «{tag}» (đoạn «{_line_text(source, token.start())}») không cùng một "
                    "cấp trong văn bản (một thẻ giữa dòng chữ, thẻ kia đứng riêng một đoạn, hoặc "
                    "một thẻ ngoài bảng, thẻ kia trong ô bảng): phần nằm ngoài các thẻ sẽ bị mất. "
                    "Đặt cả hai thẻ cùng một chỗ: {%p ... %} mỗi thẻ một đoạn riêng quanh các đoạn "
                    "và bảng, {%tr ... %} quanh các dòng của một bảng"
                )


def _line_text(source: str, position: int) -> str:
    start = source.rfind("\n", 0, position) + 1
    end = source.find("\n", position)
    return _plain(source[start : end if end >= 0 else len(source)], 60)


# Rendering -----------------------------------------------------------------------------------


def _render(document: Any, environment: Any, context: dict[str, Any], name: str) -> None:
    environment.start_clock(RENDER_SECONDS)
    try:
        document.render(context, environment, autoescape=True)
    except TemplateError:
        raise
    except Exception as error:  # docxtpl's own steps on what the template's XML holds
        raise TemplateError(
            f"Mẫu {name}: không tạo được văn bản ({_describe(error)}); mở mẫu bằng Word, lưu "
            "lại rồi thử lại"
        ) from error


# Inserting tables and pictures ---------------------------------------------------------------

_BLOCK_CONTAINERS = frozenset(
    f"{_W}{name}" for name in ("body", "tc", "txbxContent", "hdr", "ftr", "footnote", "endnote")
)


def _insert(
    document: Any, markers: Mapping[int, tuple[str, Insert, int]], nonce: str, name: str
) -> None:
    """Put each insert where its marker came out, then refuse any marker left elsewhere."""
    from docx.oxml.ns import qn

    body = document.docx.element.body
    pattern = _marker_pattern(nonce)
    cells: list[Any] = []
    found = f".//text()[contains(., '{nonce}')]"  # the nonce is digits
    printed = sum(len(pattern.findall(str(text))) for text in body.xpath(found))
    if printed > MAX_INSERTIONS:
        raise TemplateError(
            f"Mẫu {name} in bảng hoặc biểu đồ {printed} lần; tdcli chèn nhiều nhất "
            f"{MAX_INSERTIONS} lần trong một văn bản"
        )
    while hits := body.xpath(found):
        hit = hits[0]
        match = pattern.search(str(hit))
        if match is None or int(match.group(1)) not in markers:
            raise TemplateError(
                f"Mẫu {name} đổi hay cắt một bảng hoặc biểu đồ của tdcli "
                f"(«{_plain(str(hit), 40)}»); in nó nguyên vẹn, ví dụ {{{{p appendix_tables }}}} "
                "một mình trong một đoạn"
            )
        variable, insert, index = markers[int(match.group(1))]
        owner = hit.getparent()
        container = owner if hit.is_text else owner.getparent()
        at = 0 if hit.is_text else container.index(owner) + 1
        text = str(hit)
        before, after = text[: match.start()], text[match.end() :]
        if hit.is_text:
            owner.text = before + after
        else:
            owner.tail = before + after
        if isinstance(insert, Pictures):
            drawing = _drawing(document, insert.paths[index], insert.width_mm)
            if container.tag == qn("w:t"):  # a run holds text and drawings side by side
                owner.text = before
                owner.addnext(drawing)
                if after:
                    rest = owner.makeelement(qn("w:t"), {})
                    rest.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                    rest.text = after
                    drawing.addnext(rest)
            elif container.tag == qn("w:r"):
                container.insert(at, drawing)
            elif container.tag == qn("w:p"):
                container.insert(at, _wrapped(drawing, "w:r"))
            elif container.tag in _BLOCK_CONTAINERS:
                container.insert(at, _wrapped(_wrapped(drawing, "w:r"), "w:p"))
                cells.append(container)
            else:
                raise _misplaced(name, variable)
        else:
            elements = list(insert.build(document.docx))
            if container.tag in _BLOCK_CONTAINERS:
                for offset, element in enumerate(elements):
                    container.insert(at + offset, element)
                cells.append(container)
            else:
                paragraph = (
                    container
                    if container.tag == qn("w:p")
                    else next(container.iterancestors(qn("w:p")), None)
                )
                if paragraph is None:
                    raise _misplaced(name, variable)
                for element in reversed(elements):
                    paragraph.addnext(element)
                parent = paragraph.getparent()
                cells.append(parent)
                if _is_empty(paragraph):
                    parent.remove(paragraph)
    for cell in cells:
        if cell.tag == qn("w:tc") and (len(cell) == 0 or cell[-1].tag != qn("w:p")):
            cell.append(cell.makeelement(qn("w:p"), {}))


def _marker_pattern(nonce: str) -> re.Pattern[str]:
    return re.compile(_OPEN + nonce + r":(\d+)" + _CLOSE)


def _drawing(document: Any, path: Path, width_mm: float) -> Any:
    from docx.oxml import OxmlElement
    from docx.shared import Mm

    inline = document.docx.part.new_pic_inline(str(path), Mm(width_mm), None)
    drawing = OxmlElement("w:drawing")
    drawing.append(inline)
    return drawing


def _wrapped(element: Any, tag: str) -> Any:
    from docx.oxml import OxmlElement

    wrapper = OxmlElement(tag)
    wrapper.append(element)
    return wrapper


def _is_empty(paragraph: Any) -> bool:
    from docx.oxml.ns import qn

    if _own_text(paragraph).strip():
        return False
    visible = (qn("w:drawing"), qn("w:pict"), qn("w:object"), qn("w:tbl"), qn("w:sectPr"))
    return next(paragraph.iter(*visible), None) is None


def _misplaced(name: str, variable: str) -> TemplateError:
    return TemplateError(
        f"Mẫu {name} đặt «{variable}» ở chỗ tdcli không chèn được; đặt "
        f"{{{{p {variable} }}}} một mình trong một đoạn văn"
    )


def _markers_left(
    document: Any,
    markers: Mapping[int, tuple[str, Insert, int]],
    nonce: str,
    name: str,
    *,
    ends: bool,
) -> None:
    """A marker printed outside the body (a header, a footer, the document's properties) has
    nothing to insert it, and one cut or changed (`appendix_tables[:5]`) is not a marker any
    more: both refused, never left as stray digits in place of a table. With `ends`, the
    marker's end characters count too (the data had none)."""
    pattern = _marker_pattern(nonce)
    needles = [nonce.encode("ascii")]
    if ends:
        needles += [_OPEN.encode("utf-8"), _CLOSE.encode("utf-8")]
    for part in document.docx.part.package.iter_parts():
        if not part.content_type.endswith("xml"):
            continue  # pictures and other binary parts: never rendered, any bytes by chance
        blob = part.blob
        if not any(needle in blob for needle in needles):
            continue
        match = pattern.search(blob.decode("utf-8", "replace"))
        where = _part_label(str(part.partname))
        if match is None or int(match.group(1)) not in markers:
            raise TemplateError(
                f"Mẫu {name} đổi hay cắt một bảng hoặc biểu đồ của tdcli ({where}); in nó nguyên "
                "vẹn, ví dụ {{p appendix_tables }} một mình trong một đoạn"
            )
        variable = markers[int(match.group(1))][0]
        raise TemplateError(
            f"Mẫu {name} đặt «{variable}» ở {where}, chỗ tdcli không chèn được bảng hay biểu đồ; "
            f"đặt {{{{p {variable} }}}} một mình trong một đoạn của thân văn bản"
        )


def _text_parts(document: DocxTemplate) -> list[Any]:
    """The body, and the headers and footers the document has."""
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
    return parts


def _leftover_tags(document: DocxTemplate) -> str | None:
    for element in _text_parts(document):
        text = _own_text(element)  # python-docx's itertext() asks each paragraph for its text
        for mark in ("{{", "{%", "{#", "}}", "%}"):
            where = text.find(mark)
            if where >= 0:
                return text[max(where - 20, 0) : where + 30].strip()
    return None
