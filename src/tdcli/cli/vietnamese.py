"""Click's and Typer's own words in Vietnamese: the usage line, help headings, defaults, type
names and every usage error, translated in this one place.

Typer 0.29 vendors Click under `typer._click` and writes most of its messages as English
f-strings, not through gettext. `install()`, called once when `tdcli.cli` is imported, puts a
Vietnamese help formatter on the vendored `Context` and replaces how the vendored exceptions
word and show themselves: by the exception's class and attributes (the option, its close
matches, the parameter's Vietnamese metavar), and for the messages of parameter types and
pydantic's coercion by the error's type or an ordered table of patterns. An English message
nothing knows still reaches the user, after a Vietnamese lead.

This relies on Typer's internals: pyproject.toml pins typer to 0.29.x, and `install()` fails
at import, naming what moved, when a patched class or method is not where it was.
"""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Callable, Sequence
from typing import IO, Any

from typer._click import exceptions as click_errors
from typer._click._compat import get_text_stderr
from typer._click.core import Command, Context
from typer._click.formatting import HelpFormatter
from typer._click.termui import style
from typer._click.utils import _escape_control_characters, echo
from typer.core import TyperArgument, _TyperParameter

__all__ = [
    "USAGE_PREFIX",
    "VietnameseHelpFormatter",
    "install",
    "message",
    "patched",
    "translate",
]

USAGE_PREFIX = "Cách dùng: "
ERROR_PREFIX = "Lỗi: "
UNKNOWN_LEAD = "Giá trị không hợp lệ: "

_USAGE_PIECES = (("[OPTIONS]", "[TÙY CHỌN]"), ("COMMAND [ARGS]...", "LỆNH [THAM SỐ]..."))
_HEADINGS = {"Arguments": "Tham số", "Options": "Tùy chọn", "Commands": "Lệnh"}
_HELP_OPTION = {"Show this message and exit.": "Xem hướng dẫn này rồi thoát."}

# What Typer prints between <> when a parameter has no metavar of its own (every parameter of
# tdcli has one; this is the safety net for one added without).
_TYPE_NAMES = {
    "int": "SỐ",
    "int range": "SỐ",
    "float": "SỐ",
    "float range": "SỐ",
    "str": "CHỮ",
    "text": "CHỮ",
    "path": "ĐƯỜNG_DẪN",
    "file": "TỆP",
    "dir": "THƯ_MỤC",
    "directory": "THƯ_MỤC",
    "datetime": "NGÀY_GIỜ",
    "bool": "CÓ_KHÔNG",
}

_PATH_KINDS = {"file": "tệp ", "dir": "thư mục ", "directory": "thư mục ", "path": ""}

_OS_REASONS = {
    "No such file or directory": "không tìm thấy",
    "Permission denied": "không có quyền truy cập",
    "Is a directory": "là một thư mục, cần một tệp",
    "Not a directory": "không phải là thư mục",
    "File exists": "đã có",
    "unknown error": "lỗi không rõ",
}


def _quoted(text: str) -> str:
    return f"'{_escape_control_characters(str(text))}'"


def _kind(match: re.Match[str]) -> str:
    return _PATH_KINDS.get(match["kind"].lower(), "")


def _extra_arguments(match: re.Match[str]) -> str:
    return f"Thừa tham số: {match['args']} (lệnh không nhận thêm giá trị này)."


def _no_command(match: re.Match[str]) -> str:
    guess = f" Có phải là {match['guess']}?" if match["guess"] else ""
    return f"Không có lệnh {match['name']}.{guess}"


def _os_error(match: re.Match[str]) -> str:
    return f"{match['name']}: {_OS_REASONS[match['reason']]}"


def _choose_from(match: re.Match[str]) -> str:
    return "chọn một trong: " + ", ".join(re.split(r",\s*", match["choices"].strip()))


_QUOTED = r"(?P<name>'.*'|\".*\")"
_OS_REASON = "|".join(re.escape(reason) for reason in _OS_REASONS)

# Ordered: the first pattern matching the whole message gives its Vietnamese. Compiled (and
# cached by `re`) on the first error, not when `tdcli --help` starts.
_MESSAGES: Sequence[tuple[str, Callable[[re.Match[str]], str]]] = [
    (
        rf"(?P<kind>file|dir|directory|path) {_QUOTED} does not exist\.?",
        lambda m: f"không tìm thấy {_kind(m)}{m['name']}",
    ),
    (
        rf"(?P<kind>file|dir|directory|path) {_QUOTED} is a directory\.?",
        lambda m: f"{m['name']} là một thư mục, cần một tệp",
    ),
    (
        rf"(?P<kind>file|dir|directory|path) {_QUOTED} is a file\.?",
        lambda m: f"{m['name']} là một tệp, cần một thư mục",
    ),
    (
        rf"(?P<kind>file|dir|directory|path) {_QUOTED} is not readable\.?",
        lambda m: f"không đọc được {_kind(m)}{m['name']}",
    ),
    (
        rf"(?P<kind>file|dir|directory|path) {_QUOTED} is not writable\.?",
        lambda m: f"không ghi được vào {_kind(m)}{m['name']}",
    ),
    (rf"{_QUOTED}: (?P<reason>{_OS_REASON})\.?", _os_error),
    (
        r"Input should be greater than or equal to (?P<n>\S+)",
        lambda m: f"phải từ {m['n']} trở lên",
    ),
    (r"Input should be greater than (?P<n>\S+)", lambda m: f"phải lớn hơn {m['n']}"),
    (
        r"Input should be less than or equal to (?P<n>\S+)",
        lambda m: f"phải từ {m['n']} trở xuống",
    ),
    (r"Input should be less than (?P<n>\S+)", lambda m: f"phải nhỏ hơn {m['n']}"),
    (r"Input should be a valid integer.*", lambda m: "cần một số nguyên"),
    (r"Input should be a valid number.*", lambda m: "cần một số"),
    (r"Input should be a valid boolean.*", lambda m: "cần true hoặc false"),
    (r"Input should be a valid (?:date|datetime).*", lambda m: "cần một ngày hợp lệ"),
    (r"Input should be a valid path.*", lambda m: "cần một đường dẫn"),
    (
        r"Input should be (?P<choices>'.*')",
        lambda m: "chọn một trong: " + re.sub(r",? or ", ", ", m["choices"]),
    ),
    (
        r"(?:Value error, )?(?P<value>'.*'|\".*\") is not one of (?P<choices>.*?)\.?",
        lambda m: f"{m['value']} không có trong các lựa chọn: {m['choices']}",
    ),
    (
        r"Value (?P<value>.*) is not a valid (?P<label>\w+)\.?",
        lambda m: f"{m['value']} không hợp lệ (cần kiểu {m['label']})",
    ),
    (r"Value must be an iterable\.?", lambda m: "cần một danh sách giá trị"),
    (r"Choose from:\s*(?P<choices>.*)", _choose_from),
    (
        r"Option (?P<name>'.+') requires an argument\.?",
        lambda m: f"Tùy chọn {m['name']} cần một giá trị đi kèm.",
    ),
    (
        r"Option (?P<name>'.+') requires (?P<n>\d+) arguments\.?",
        lambda m: f"Tùy chọn {m['name']} cần {m['n']} giá trị đi kèm.",
    ),
    (
        r"Option (?P<name>'.+') does not take a value\.?",
        lambda m: f"Tùy chọn {m['name']} không nhận giá trị (chỉ ghi {m['name']}).",
    ),
    (
        r"Argument (?P<name>'.+') takes (?P<n>\d+) values\.?",
        lambda m: f"Tham số {m['name']} cần {m['n']} giá trị.",
    ),
    (r"Got unexpected extra arguments?(?:\(s\))? \((?P<args>.*)\)", _extra_arguments),
    (r"No such command (?P<name>'.*')\.(?: Did you mean (?P<guess>.*)\?)?", _no_command),
    (r"Missing command\.?", lambda m: "Thiếu tên lệnh (xem danh sách lệnh với -h)."),
    (r"No such option:? (?P<name>\S+)", lambda m: f"Không có tùy chọn {m['name']}"),
]


def _is_vietnamese(text: str) -> bool:
    """Whether a message outside its quoted values is already ours: English from Click has
    only ASCII letters there."""
    bare = re.sub(r"'[^']*'|\"[^\"]*\"", "", text)
    return any(char.isalpha() and not char.isascii() for char in bare)


def translate(text: str, *, lead: str = UNKNOWN_LEAD) -> str:
    """A message of Click, Typer or pydantic in Vietnamese; one nothing knows after `lead`."""
    text = text.strip()
    if _is_vietnamese(text):
        return text
    for pattern, say in _MESSAGES:
        found = re.fullmatch(pattern, text, re.DOTALL)
        if found:
            return say(found)
    return f"{lead}{text}"


def _pydantic_reason(error: BaseException | None) -> str | None:
    """Why typer's pydantic coercion refused a value, from the error's type and context
    rather than its English text; None for an error of another kind."""
    from pydantic import ValidationError

    if not isinstance(error, ValidationError):
        return None
    found = error.errors()
    if not found:
        return None
    first = found[0]
    kind, context, given = first.get("type"), first.get("ctx") or {}, first.get("input")
    value = _escape_control_characters(str(given))
    bounds = {
        "greater_than_equal": ("ge", "phải từ {} trở lên"),
        "greater_than": ("gt", "phải lớn hơn {}"),
        "less_than_equal": ("le", "phải từ {} trở xuống"),
        "less_than": ("lt", "phải nhỏ hơn {}"),
    }
    if kind in bounds:
        key, wording = bounds[kind]
        return f"{wording.format(context.get(key))} (đã ghi {value})"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{_quoted(value)} không phải là số nguyên"
    if kind in ("float_parsing", "float_type", "decimal_parsing"):
        return f"{_quoted(value)} không phải là số"
    if kind == "value_error" and "error" in context:
        return translate(str(context["error"]), lead="")
    return translate(str(first.get("msg", "")), lead="")


def _hint(error: click_errors.BadParameter) -> str | None:
    hint: Sequence[str] | str | None = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint()
    if hint is None:
        return None
    if not isinstance(hint, str):
        hint = " / ".join(repr(item) for item in hint)
    return hint.replace("(env var: ", "(biến môi trường: ")


def _missing(error: click_errors.MissingParameter) -> str:
    param_type = error.param_type or (error.param.param_type_name if error.param else "")
    noun = {"argument": "tham số", "option": "tùy chọn"}.get(param_type, "giá trị")
    hint = _hint(error)
    text = f"Thiếu {noun} {hint}." if hint else f"Thiếu {noun}."
    details = [error.message] if error.message else []
    if isinstance(error.param, _TyperParameter):
        details.append(error.param.get_missing_message(ctx=error.ctx) or "")
    said = [translate(detail, lead="").rstrip(".") for detail in details if detail]
    return " ".join([text, *(f"{detail[:1].upper()}{detail[1:]}." for detail in said)])


def message(error: click_errors.ClickException) -> str:
    """What a Click or Typer exception says, in Vietnamese (without the "Lỗi:" lead)."""
    if isinstance(error, click_errors.NoArgsIsHelpError):
        return error.message  # the help page itself, already Vietnamese
    if isinstance(error, click_errors.MissingParameter):
        return _missing(error)
    if isinstance(error, click_errors.BadParameter):
        reason = _pydantic_reason(error.__cause__) or translate(error.message, lead="")
        hint = _hint(error)
        return f"Giá trị không hợp lệ cho {hint}: {reason}" if hint else f"{UNKNOWN_LEAD}{reason}"
    if isinstance(error, click_errors.NoSuchOption):
        option = _escape_control_characters(error.option_name)
        said = (
            f"Không có tùy chọn {option}"
            if error.message.startswith("No such option")
            else translate(error.message)
        )
        if error.possibilities:
            said += f" (có thể là: {', '.join(sorted(error.possibilities))})"
        return said
    if isinstance(error, click_errors.FileError):
        reason = _OS_REASONS.get(error.message, error.message)
        return f"Không mở được tệp {error.ui_filename!r}: {reason}"
    return translate(error.message)


def _format_message(self: click_errors.ClickException) -> str:
    return message(self)


def _show(self: click_errors.ClickException, file: IO[Any] | None = None) -> None:
    """Click's layout in Vietnamese: the usage line and where to find help when the error
    knows its command, then the red "Lỗi:" line (red as the error boundary's)."""
    if file is None:
        file = get_text_stderr()
    ctx = getattr(self, "ctx", None)
    color = ctx.color if ctx is not None else self.show_color
    if os.environ.get("NO_COLOR"):
        color = False
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = f"Xem '{ctx.command_path} {ctx.help_option_names[0]}' để biết cách dùng.\n"
        echo(f"{ctx.get_usage()}\n{hint}", file=file, color=color)
    import shutil

    from tdcli.cli.common import said

    width = shutil.get_terminal_size((80, 24)).columns
    text = said(ERROR_PREFIX + self.format_message(), width)
    lead = style(ERROR_PREFIX, fg="red", bold=True)
    echo(lead + text[len(ERROR_PREFIX) :], file=file, color=color)


# The bracket is kept on one line ("[mặc định: table]", never "[mặc" then "định: table]"): its
# spaces are this private character while the text is wrapped, spaces again once it is.
_KEEP = "\ue000"
_UNBROKEN = 32


def _help_extras(text: str) -> str:
    """Typer's bracket after a help text ("[default: 0; x>=0; required]") in Vietnamese."""
    found = re.fullmatch(r"(?P<help>.*?)(?P<gap>\s*)\[(?P<extras>[^\[\]]*)\]", text, re.DOTALL)
    if found is None:
        return text
    said = []
    for item in found["extras"].split("; "):
        if item == "required":
            said.append("bắt buộc")
        elif item.startswith("default: "):
            value = item.removeprefix("default: ")
            said.append("mặc định: " + ("tính khi chạy" if value == "(dynamic)" else value))
        elif item.startswith("env var: "):
            said.append("biến môi trường: " + item.removeprefix("env var: "))
        elif bounds := re.fullmatch(r"(?P<low>[-\d.]+)<=x<=(?P<high>[-\d.]+)", item):
            said.append(f"từ {bounds['low']} đến {bounds['high']}")
        elif bounds := re.fullmatch(r"x>=(?P<low>[-\d.]+)", item):
            said.append(f"từ {bounds['low']} trở lên")
        elif bounds := re.fullmatch(r"x<=(?P<high>[-\d.]+)", item):
            said.append(f"từ {bounds['high']} trở xuống")
        else:
            return text  # a bracket of our own help text, not Typer's
    bracket = f"[{'; '.join(said)}]"
    if len(bracket) <= _UNBROKEN:
        bracket = bracket.replace(" ", _KEEP)
    return f"{found['help']}{found['gap']}{bracket}"


def _type_name(found: re.Match[str]) -> str:
    """`<int range>` as `<SỐ>`; a list's type as its item's (a list argument's name already
    ends in "...", a repeated option is repeated whole)."""
    label = re.sub(r"^list\[(.*)\]$", r"\1", found["label"])
    name = _TYPE_NAMES.get(label.lower())
    return found[0] if name is None else f"<{name}>"


def _help_row(first: str, second: str) -> tuple[str, str]:
    """One row of an Arguments, Options or Commands list in Vietnamese."""
    first = re.sub(r"<(?P<label>[^<>|]+)>", _type_name, first)
    second = _HELP_OPTION.get(second, second)
    return first, _help_extras(second)


_HYPHEN = "\ue001"
"""A hyphen inside a word while the text is wrapped: "out/xep-hang-thi-dua.xlsx", "2022-H1"
and "--period" are never broken at their hyphens."""


def _whole_words(text: str) -> str:
    return re.sub(r"(?<=\S)-|-(?=\S)", _HYPHEN, text)


def _restored(text: str) -> str:
    return text.replace(_KEEP, " ").replace(_HYPHEN, "-")


class VietnameseHelpFormatter(HelpFormatter):
    """Click's help formatter with its words in Vietnamese, put in before the text is wrapped
    so that every width is measured on what is printed."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english, vietnamese in _USAGE_PIECES:
            args = args.replace(english, vietnamese)
        # Typer writes a required argument in braces ("{TỆP}..."); Click's plain "TỆP..." reads
        # better, beside "[THÀNH_VIÊN]" for one that may be left out.
        args = re.sub(r"\{(?P<name>[^{}\s]+)\}", r"\g<name>", args)
        if prefix is None or prefix.strip() == "Usage:":
            prefix = USAGE_PREFIX
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_HEADINGS.get(heading, heading))

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        start = len(self.buffer)
        rows = [_help_row(*row) for row in rows]
        super().write_dl(
            [(first, _whole_words(second)) for first, second in rows], col_max, col_spacing
        )
        self.buffer[start:] = [_restored(part) for part in self.buffer[start:]]

    def write_text(self, text: str) -> None:
        """A paragraph wrapped at spaces only; an example ("Ví dụ: tdcli ...") kept on one line
        when it fits."""
        room = self.width - self.current_indent - 2

        def example(found: re.Match[str]) -> str:
            line = found[0]
            return line.replace(" ", _KEEP) if len(line.strip()) <= room else line

        text = re.sub(r"^[ \t]*Ví dụ: .*$", example, text, flags=re.MULTILINE)
        start = len(self.buffer)
        super().write_text(_whole_words(text))
        self.buffer[start:] = [_restored(part) for part in self.buffer[start:]]


def _short_help(self: Command, limit: int = 45) -> str:
    """A command's line in a list of commands: its first sentence whole, wrapped by the list
    when long, never cut with "..." mid-phrase."""
    if self.short_help:
        return inspect.cleandoc(self.short_help).strip()
    paragraph = inspect.cleandoc(self.help or "").split("\n\n")[0]
    words = " ".join(paragraph.split())
    sentence = re.match(r"^(.*?[.!?])(?:\s|$)", words)
    return (sentence[1] if sentence else words).strip()


def _argument_type(self: TyperArgument, ctx: Context) -> str | None:
    """An argument with a metavar shows it alone, as an option does: "TỆP", never
    "TỆP <list[Path]>"."""
    if self.metavar is not None:
        return None
    return _TyperParameter.display_type_rich(self, ctx)


_parse_args = Command.parse_args


def _parse_args_in_context(self: Command, ctx: Context, args: list[str]) -> list[str]:
    """Click gives the parser's errors ("Option '-p' requires an argument.") their context,
    and so the usage line and where to find help; Typer's copy leaves it out."""
    try:
        return _parse_args(self, ctx, args)
    except click_errors.UsageError as error:
        if error.ctx is None:
            error.ctx, error.cmd = ctx, ctx.command
        raise


def patched() -> list[tuple[type, str, object]]:
    """What `install()` replaces: (the vendored class, its attribute, the replacement)."""
    errors = click_errors
    return [
        (Context, "formatter_class", VietnameseHelpFormatter),
        (errors.ClickException, "show", _show),
        (errors.UsageError, "show", _show),
        (errors.ClickException, "format_message", _format_message),
        (errors.BadParameter, "format_message", _format_message),
        (errors.MissingParameter, "format_message", _format_message),
        (errors.NoSuchOption, "format_message", _format_message),
        (errors.FileError, "format_message", _format_message),
        (TyperArgument, "display_type_rich", _argument_type),
        (Command, "parse_args", _parse_args_in_context),
        (Command, "get_short_help_str", _short_help),
    ]


_installed = False


def install() -> None:
    """Put the Vietnamese in place, once; fail loudly when Typer's internals have moved."""
    global _installed
    if _installed:
        return
    missing = [
        f"{owner.__module__}.{owner.__qualname__}.{name}"
        for owner, name, _ in patched()
        if not hasattr(owner, name)
    ]
    required = (
        (HelpFormatter, "write_usage"),
        (HelpFormatter, "write_heading"),
        (HelpFormatter, "write_dl"),
        (HelpFormatter, "write_text"),
        (_TyperParameter, "display_type_rich"),
        (_TyperParameter, "get_missing_message"),
    )
    missing += [
        f"{owner.__qualname__}.{name}" for owner, name in required if not hasattr(owner, name)
    ]
    if missing:
        raise RuntimeError(
            "tdcli cần typer 0.29.x (pyproject.toml); phiên bản typer đã cài không còn: "
            + ", ".join(missing)
        )
    for owner, name, replacement in patched():
        setattr(owner, name, replacement)
    _installed = True
