"""Every word the command line prints is Vietnamese: Click's and Typer's own messages (the usage
line, help headings, defaults, metavars and every usage error) come through
`tdcli.cli.vietnamese`, with the exit codes unchanged."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer._click import exceptions as click_errors
from typer._click.core import Context
from typer.testing import CliRunner

from tdcli.cli import app
from tdcli.cli import vietnamese as vi

from conftest import Invoke

ENGLISH = {
    # Click's and Typer's words, in any case
    "usage",
    "options",
    "arguments",
    "commands",
    "command",
    "error",
    "invalid",
    "missing",
    "try",
    "help",
    "default",
    "required",
    "exist",
    "exists",
    "such",
    "option",
    "argument",
    "input",
    "should",
    "greater",
    "less",
    "than",
    "range",
    "integer",
    "value",
    "values",
    "valid",
    "choose",
    "possible",
    "unexpected",
    "extra",
    "show",
    "message",
    "exit",
    "aborted",
    "did",
    "mean",
    "requires",
    "take",
    "takes",
    "directory",
    "readable",
    "writable",
    "env",
    "var",
    "dynamic",
    # type names and type-derived metavars
    "path",
    "file",
    "dir",
    "text",
    "str",
    "int",
    "float",
    "bool",
    "boolean",
    "datetime",
}
ENGLISH_MARKS = ("list[", "x>=", "x<=", "<=x", "<int", "<str", "<path", "<file", "<dir")


def _tree() -> list[tuple[str, ...]]:
    """The path of every command and group, the root's first."""
    found: list[tuple[str, ...]] = []

    def walk(command: object, path: tuple[str, ...]) -> None:
        found.append(path)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return found


COMMANDS = _tree()
NAMES = {name for path in COMMANDS for name in path}


def english_words(text: str) -> list[str]:
    """Click's and Typer's English left in `text`, once what is ours is taken out: option
    names, quoted values, file and folder names, command names."""
    marks = [mark for mark in ENGLISH_MARKS if mark in text]
    text = re.sub(r"'[^'\n]*'|\"[^\"\n]*\"", " ", text)
    text = re.sub(r"(?<![\w-])--?[A-Za-z][\w-]*", " ", text)
    text = re.sub(r"\S*[/\\.~]\w\S*", " ", text)  # cluster.yaml, submissions/2022-H1/...
    words = re.findall(r"[A-Za-z]+", text)
    return marks + [word for word in words if word.lower() in ENGLISH and word not in NAMES]


def test_the_checker_sees_english() -> None:
    assert english_words("Error: Invalid value for 'PATH': path 'x' does not exist.") == [
        "Error",
        "Invalid",
        "value",
        "path",
        "exist",
    ]
    assert english_words("-h, --help  Show this message and exit.") == [
        "Show",
        "message",
        "exit",
    ]
    assert english_words("  -y, --year <list[int]>  [default: 0; x>=0]") == [
        "list[",
        "x>=",
        "int",
        "default",
    ]
    assert english_words("Xem 'tdcli validate -h': tdcli templates list, cluster.yaml") == []


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(("tdcli", *path)))
def test_every_help_is_vietnamese_at_80_columns(path: tuple[str, ...]) -> None:
    result = CliRunner(env={"COLUMNS": "80"}).invoke(app, [*path, "-h"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("Cách dùng: " + " ".join(("tdcli", *path))), text
    assert "Tùy chọn:" in text and "Xem hướng dẫn này rồi thoát." in text
    assert english_words(text) == [], text
    assert all(len(line) <= 80 for line in text.splitlines()), text
    assert not re.search(r"\[mặc$", text, re.MULTILINE), text  # "[mặc định: X]" kept whole


def test_a_group_names_its_commands_and_an_argument_its_metavar(cli: Invoke) -> None:
    assert "Lệnh:" in cli("assess", "-h").output
    assert "LỆNH [THAM SỐ]..." in cli("-h").output
    validate = cli("validate", "-h").output
    assert "Cách dùng: tdcli validate [TÙY CHỌN] TỆP..." in validate
    assert "Tham số:\n  TỆP  " in validate
    assert "[mặc định: table]" in validate and "[bắt buộc]" in validate
    assert "[từ 1 đến 10]" in cli("assess", "ballots", "-h").output
    assert "[từ 0 trở lên]" in cli("export", "-h").output


@pytest.mark.parametrize("path", [(), ("assess",), ("templates",)], ids=str)
def test_a_group_without_a_command_shows_its_help(path: tuple[str, ...]) -> None:
    result = CliRunner(env={"COLUMNS": "80"}).invoke(app, list(path))
    assert result.exit_code == 2
    assert result.output.startswith("Cách dùng: "), result.output
    assert english_words(result.output) == [], result.output


# (args, what the "Lỗi:" line says); {folder} and {file} are made in tmp_path
USAGE_ERRORS = {
    "missing-file": (
        ["validate", "khongco.xlsx"],
        "Lỗi: Giá trị không hợp lệ cho 'TỆP': không tìm thấy 'khongco.xlsx'",
    ),
    "missing-argument": (["validate"], "Lỗi: Thiếu tham số 'TỆP'."),
    "missing-arguments": (["templates", "copy"], "Lỗi: Thiếu tham số 'TÊN_MẪU'."),
    "unknown-option": (["compile", "--bogus"], "Lỗi: Không có tùy chọn --bogus"),
    "close-option": (
        ["compile", "--perio", "2022"],
        "Lỗi: Không có tùy chọn --perio (có thể là: --period)",
    ),
    "option-without-value": (["compile", "-p"], "Lỗi: Tùy chọn '-p' cần một giá trị đi kèm."),
    "flag-with-value": (["status", "--strict=1"], "Lỗi: Tùy chọn '--strict' không nhận giá trị"),
    "root-flag-with-value": (["--debug=1", "status"], "không nhận giá trị"),
    "bad-int": (
        ["status", "-y", "20x2"],
        "Lỗi: Giá trị không hợp lệ cho '--year' / '-y': '20x2' không phải là số nguyên",
    ),
    "fraction": (["export", "--jobs", "1.5"], "'1.5' không phải là số nguyên"),
    "negative-jobs": (
        ["export", "--jobs", "-1"],
        "Lỗi: Giá trị không hợp lệ cho '--jobs' / '-j': phải từ 0 trở lên (đã ghi -1)",
    ),
    "round-0": (
        ["assess", "ballots", "--round", "0"],
        "Lỗi: Giá trị không hợp lệ cho '--round': phải từ 1 trở lên (đã ghi 0)",
    ),
    "round-11": (["assess", "ballots", "--round", "11"], "phải từ 10 trở xuống (đã ghi 11)"),
    "bad-choice": (
        ["indicators", "--format", "csv"],
        "Lỗi: Giá trị không hợp lệ cho '--format' / '-f': 'csv' không có trong các lựa chọn: "
        "'table', 'json'",
    ),
    "extra-argument": (["status", "2022"], "Lỗi: Thừa tham số: 2022"),
    "unknown-command": (["statu"], "Lỗi: Không có lệnh 'statu'. Có phải là 'status'?"),
    "unknown-subcommand": (["assess", "bogus"], "Lỗi: Không có lệnh 'bogus'."),
    "folder-for-a-file": (
        ["compile", "-o", "{folder}"],
        "là một thư mục, cần một tệp",
    ),
    "file-for-a-folder": (["export", "-o", "{file}"], "là một tệp, cần một thư mục"),
    "workspace-is-a-file": (["status", "-w", "{file}"], "là một tệp, cần một thư mục"),
}


@pytest.mark.parametrize(
    ("args", "said"), list(USAGE_ERRORS.values()), ids=list(USAGE_ERRORS.keys())
)
def test_usage_errors_are_vietnamese(
    cli: Invoke, tmp_path: Path, args: list[str], said: str
) -> None:
    (tmp_path / "thu-muc").mkdir()
    (tmp_path / "tep.docx").write_bytes(b"")
    places = {"{folder}": str(tmp_path / "thu-muc"), "{file}": str(tmp_path / "tep.docx")}
    result = cli(*(places.get(arg, arg) for arg in args))
    assert result.exit_code == 2, result.output
    text = result.output
    assert said in text, text
    assert text.startswith("Cách dùng: tdcli"), text
    assert re.search(r"^Xem 'tdcli[\w ]* -h' để biết cách dùng\.$", text, re.MULTILINE), text
    assert english_words(text) == [], text


def test_the_script_itself_speaks_vietnamese(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tdcli", "validate", "khongco.xlsx"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", "COLUMNS": "80"},
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "Cách dùng: tdcli validate [TÙY CHỌN] TỆP...\n"
        "Xem 'tdcli validate -h' để biết cách dùng.\n"
        "\n"
        "Lỗi: Giá trị không hợp lệ cho 'TỆP': không tìm thấy 'khongco.xlsx'\n"
    )


class _Kind(StrEnum):
    A = "a"
    B = "b"


def _own_app() -> typer.Typer:
    own = typer.Typer(rich_markup_mode=None)

    @own.command()
    def run(
        period: Annotated[str, typer.Option("--period", metavar="KỲ")],
        kind: Annotated[_Kind, typer.Option("--kind")] = _Kind.A,
        count: Annotated[int, typer.Option("--count")] = 0,
    ) -> None:
        raise click_errors.UsageError("Something brand new happened")

    return own


def test_errors_no_command_of_tdcli_raises_yet() -> None:
    """A required option, a choice and a message nobody translated, in a command of its own."""
    own = _own_app()
    runner = CliRunner()
    missing = runner.invoke(own, [])
    assert missing.exit_code == 2
    assert "Lỗi: Thiếu tùy chọn '--period'." in missing.output
    unknown = runner.invoke(own, ["--period", "2022"])
    assert unknown.exit_code == 2
    assert "Lỗi: Giá trị không hợp lệ: Something brand new happened" in unknown.output
    help_text = runner.invoke(own, ["--help"], env={"COLUMNS": "80"}).output
    assert "--count <SỐ>" in help_text and "--kind <a|b>" in help_text
    assert "--period KỲ" in help_text and "[bắt buộc]" in help_text


def test_messages_by_type_and_by_pattern() -> None:
    assert vi.message(click_errors.FileError("so-lieu.xlsx", "Permission denied")) == (
        "Không mở được tệp 'so-lieu.xlsx': không có quyền truy cập"
    )
    assert vi.message(click_errors.UsageError("Missing command.")) == (
        "Thiếu tên lệnh (xem danh sách lệnh với -h)."
    )
    assert vi.message(click_errors.BadParameter("Thiếu năm")) == "Giá trị không hợp lệ: Thiếu năm"
    assert vi.translate("Got unexpected extra arguments (a b)").startswith("Thừa tham số: a b")
    assert vi.translate("dir 'x' does not exist.") == "không tìm thấy thư mục 'x'"
    assert vi.translate("Input should be 'a' or 'b'") == "chọn một trong: 'a', 'b'"
    assert vi.translate("Tệp 'a.xlsx' đã có") == "Tệp 'a.xlsx' đã có"  # ours, unchanged
    assert vi.translate("Whatever else") == "Giá trị không hợp lệ: Whatever else"


def test_the_vendored_click_is_where_the_translation_expects_it() -> None:
    """Typer 0.29 vendors Click under typer._click; a Typer that moved it fails here (and at
    import, in `install()`) rather than printing English again."""
    assert typer.__version__.startswith("0.29."), typer.__version__
    for owner, name, replacement in vi.patched():
        assert getattr(owner, name) is replacement, f"{owner.__qualname__}.{name}"
    assert isinstance(
        Context(typer.main.get_command(app)).make_formatter(), vi.VietnameseHelpFormatter
    )


def test_a_file_s_own_keys_are_named_in_vietnamese() -> None:
    """An issue about the member or period a file claims names the field as the form does,
    never by its key ("Chỉ tiêu: period")."""
    from tdcli.check.submission import Expected, check_identity
    from tdcli.model.issues import Location
    from tdcli.model.periods import Period

    issues = check_identity(
        "bac-kan",
        Period.parse("2022-H1"),
        Path("bac-kan.yaml"),
        lambda path: Location(),
        None,
        Expected(member="ca-mau", period=Period.parse("2022")),
    )
    assert [(issue.field, issue.label) for issue in issues] == [
        ("member", "Mã thành viên"),
        ("period", "Kỳ báo cáo"),
    ]


def test_a_cell_that_gives_no_value_is_named_by_its_label(workspace: Path) -> None:
    from tdcli.usecases.period import load_submission

    from helpers import fill_form, make_form

    form = make_form(
        workspace, "bac-kan", "2022-H1", workspace / "submissions/2022-H1/bac-kan.xlsx"
    )
    fill_form(form, {"inspections.total": "#REF!"})
    (issue,) = load_submission(form).issues
    assert (issue.code, issue.label) == ("cell-error", "Tổng số cuộc thanh tra, kiểm tra")
