"""Hostile inputs, one small generator per class: each is refused with one clear issue (its
code, its file and its line), exit 1, and nothing written; the worst of each class, at the real
limits, is refused (or read) by a separate process in under 5 s and 600 MB of address space.

The in-process cases lower a module's limit (`limits`) so that a small input crosses it; the
bounded cases run `tdcli validate` at the shipped limits.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import socket
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tdcli.read import guard
from tdcli.workspace import load_workspace

from conftest import Invoke
from helpers import FIXTURES, make_form

HEAD = "member: bac-kan\nperiod: 2022-H1\n"
SUBMISSION = "submissions/2022-H1/bac-kan.yaml"
FORM = "submissions/2022-H1/bac-kan.xlsx"
CLUSTER = (FIXTURES / "workspace" / "cluster.yaml").read_text(encoding="utf-8")
NEXT_LINE = CLUSTER.count("\n") + 1  # the first line of what is appended to cluster.yaml
SHEET = "xl/worksheets/sheet1.xml"  # the form sheet
TIME_LIMIT = 5.0
MEMORY_LIMIT = 600 * 1024 * 1024

Triple = tuple[str, str, int | None]
Build = Callable[[Path], bytes]


def _triples(output: str) -> list[Triple]:
    """(code, file name, line) of each issue in a `--format json` output."""
    return [
        (item["code"], Path(item["file"]).name, item["location"]["line"])
        for item in json.loads(output)["issues"]
    ]


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every path under `root` with its size and modification time."""
    return {
        str(path.relative_to(root)): (path.lstat().st_size, path.lstat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
    }


# YAML --------------------------------------------------------------------------------------


def _yaml(text: str) -> Build:
    return lambda workspace: text.encode("utf-8")


def _alias_deeper_than_the_limit(workspace: Path) -> bytes:
    """Each anchor within the limit, the aliases together far beyond it."""
    lines = [HEAD.rstrip("\n"), "a0: &a0 " + "[" * 20 + "]" * 20]
    lines += [f"a{i}: &a{i} " + "[" * 10 + f"*a{i - 1}" + "]" * 10 for i in range(1, 6)]
    return ("\n".join(lines) + "\n").encode()


# Workbooks ---------------------------------------------------------------------------------


def _form(workspace: Path) -> bytes:
    return make_form(
        workspace, "bac-kan", "2022-H1", workspace / "scratch" / "form.xlsx"
    ).read_bytes()


def _rebuild(form: bytes, changes: dict[str, Callable[[bytes], bytes]]) -> bytes:
    """The form's archive with some parts changed or added (a change of b"" adds a part)."""
    source = zipfile.ZipFile(io.BytesIO(form))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            data = source.read(name)
            archive.writestr(name, changes[name](data) if name in changes else data)
        for name, change in changes.items():
            if name not in source.namelist():
                archive.writestr(name, change(b""))
    return buffer.getvalue()


def _noise(count: int) -> bytes:
    """`count` empty cells that do not compress a hundredfold (the ratio check lets them in)."""
    chance = random.Random(count)
    return b"".join(b'<c s="%d"/>' % chance.randrange(1_000_000) for _ in range(count))


def _padded_row(count: int) -> Build:
    """Row 7 of the form sheet, above every input cell, padded with empty cells."""

    def build(workspace: Path) -> bytes:
        def pad(data: bytes) -> bytes:
            return data.replace(
                b'</c></row><row r="8"', b"</c>" + _noise(count) + b'</row><row r="8"'
            )

        return _rebuild(_form(workspace), {SHEET: pad})

    return build


def _shared_strings(count: int) -> Build:
    def build(workspace: Path) -> bytes:
        items = b"".join(b"<si><t>%d</t></si>" % index for index in range(count))
        main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        sst = b'<sst xmlns="' + main + b'">' + items + b"</sst>"
        return _rebuild(_form(workspace), {"xl/sharedStrings.xml": lambda _: sst})

    return build


def _in_workbook(markup: Callable[[int], bytes], count: int) -> Build:
    """Something inserted before the workbook's views: defined names, nesting."""

    def build(workspace: Path) -> bytes:
        def insert(data: bytes) -> bytes:
            return data.replace(b"<bookViews>", markup(count) + b"<bookViews>", 1)

        return _rebuild(_form(workspace), {"xl/workbook.xml": insert})

    return build


def _names(count: int) -> bytes:
    return b"".join(
        b"<definedName name=\"n%d\">'B'!$D$%d</definedName>" % (index, index)
        for index in range(count)
    )


def _nesting(count: int) -> bytes:
    return b"".join(b'<x a="%d">' % index for index in range(count)) + b"</x>" * count


def _styles(count: int) -> Build:
    def build(workspace: Path) -> bytes:
        def insert(data: bytes) -> bytes:
            xfs = b"".join(b'<xf numFmtId="%d"/>' % (index % 200) for index in range(count))
            return data.replace(b"</cellXfs>", xfs + b"</cellXfs>", 1)

        return _rebuild(_form(workspace), {"xl/styles.xml": insert})

    return build


def _big_part(workspace: Path) -> bytes:
    """A part of 2 MB with few tags: one long text node (`limits` lowers the part size to 1 MB)."""
    text = b"".join(b"%d " % index for index in range(300_000))[: 2 * 1024 * 1024]
    part = b"<sst><si><t>" + text + b"</t></si></sst>"
    return _rebuild(_form(workspace), {"xl/sharedStrings.xml": lambda _: part})


def _sheet_not_xml(workspace: Path) -> bytes:
    """The form sheet's relationship points at a part that is not XML."""

    def retarget(data: bytes) -> bytes:
        return data.replace(b"worksheets/sheet1.xml", b"media/image1.png", 1)

    return _rebuild(
        _form(workspace),
        {"xl/_rels/workbook.xml.rels": retarget, "xl/media/image1.png": lambda _: b"\x89PNG"},
    )


def _tags_over_the_bound(workspace: Path) -> bytes:
    """Parts of 200 000 empty elements, each under the size the ratio check judges, that
    together have more tags than the guard lets in."""
    pad = b"<p>" + b"<c/>" * 200_000 + b"</p>"
    parts = guard.MAX_XLSX_MARKUP // 200_000 + 1
    return _rebuild(
        _form(workspace), {f"xl/pad{index}.xml": lambda _: pad for index in range(parts)}
    )


def _one_sheet_named_many_times(workspace: Path) -> bytes:
    """Each input cell's name on a sheet of its own, every sheet the form sheet's part: a part
    the guard counted once would be read once for each."""

    def rename(data: bytes) -> bytes:
        text = data.decode("utf-8")
        count = iter(range(1000))
        text = re.sub("'Biểu mẫu'!", lambda _: f"'S{next(count)}'!", text)
        relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        sheets = "".join(
            f'<sheet xmlns:r="{relation}" name="S{index}" sheetId="{100 + index}" r:id="rId1"/>'
            for index in range(next(count))
        )
        return text.replace("</sheets>", sheets + "</sheets>", 1).encode("utf-8")

    return _rebuild(_form(workspace), {"xl/workbook.xml": rename})


# cluster.yaml ------------------------------------------------------------------------------


def _year(key: str) -> Build:
    block = (
        f"  {key}:\n    place: Bắc Kạn\n    chair: bac-kan\n    members:\n"
        "      - {id: bac-kan, province: Bắc Kạn, department: Sở, director: A}\n"
    )
    return lambda workspace: (CLUSTER + block).encode("utf-8")


def _cluster_with(old: str, new: str) -> Build:
    assert old in CLUSTER
    return lambda workspace: CLUSTER.replace(old, new, 1).encode("utf-8")


def _repeated_members(count: int) -> Build:
    member = "      - {id: bac-kan, province: Bắc Kạn, department: Sở, director: A}\n"
    return lambda workspace: (CLUSTER + member * count).encode("utf-8")


# The cases ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A hostile file put at `target` in the workspace, and what validating `checked` gives."""

    name: str
    target: str
    build: Build
    expected: list[Triple]
    checked: str = ""  # relative to the workspace; the target when empty
    limits: dict[str, int] = field(default_factory=dict)


Y, X, C = "bac-kan.yaml", "bac-kan.xlsx", "cluster.yaml"
ALONE = ("checked-without-cluster", C, None)
"""With a cluster.yaml that cannot be loaded, the submissions are checked each on its own, and
that is said once beside the issue."""
DEEP = ("yaml-too-deep", Y, 3)
BOMB = ("zip-bomb", X, None)
MARKUP = {"tdcli.read.guard.MAX_XLSX_MARKUP": 5_000}

CASES = [
    # YAML nested beyond any reader's need (libyaml's composer crashed on these)
    Case("yaml-deep-flow-lists", SUBMISSION, _yaml(HEAD + "x: " + "[" * 100_000), [DEEP]),
    Case("yaml-deep-flow-mappings", SUBMISSION, _yaml(HEAD + "x: " + "{a: " * 50_000), [DEEP]),
    Case("yaml-deep-block-lists", SUBMISSION, _yaml("- " * 100_000 + "x\n"), [(DEEP[0], Y, 1)]),
    Case("yaml-deep-complex-keys", SUBMISSION, _yaml("? " * 100_000 + "x\n"), [(DEEP[0], Y, 1)]),
    Case(
        "yaml-deep-indentation",
        SUBMISSION,
        _yaml("".join(" " * level + f"k{level}:\n" for level in range(100)) + " " * 100 + "v\n"),
        [(DEEP[0], Y, 33)],
    ),
    Case("yaml-deep-through-aliases", SUBMISSION, _alias_deeper_than_the_limit, [(DEEP[0], Y, 5)]),
    # YAML too wide or too many copies
    Case(
        "yaml-wide-list",
        SUBMISSION,
        _yaml(HEAD + "x: [" + "1," * 5_000 + "]\n"),
        [("yaml-too-complex", Y, None)],
        limits={"tdcli.read.yamlfile.MAX_SUBMISSION_NODES": 1_000},
    ),
    Case(
        "yaml-many-keys",
        SUBMISSION,
        _yaml(HEAD + "".join(f"k{index}: 1\n" for index in range(5_000))),
        [("yaml-too-complex", Y, None)],
        limits={"tdcli.read.yamlfile.MAX_SUBMISSION_NODES": 1_000},
    ),
    Case(
        "yaml-alias-bomb-of-mappings",
        SUBMISSION,
        _yaml(
            HEAD
            + "a: &a {x: 1, y: 1, z: 1, w: 1}\n"
            + "".join(
                f"{name}: &{name} {{p: *{last}, q: *{last}, r: *{last}, s: *{last}}}\n"
                for last, name in zip("abcdefghi", "bcdefghij", strict=True)
            )
        ),
        [("yaml-too-complex", Y, None)],
    ),
    Case(
        "yaml-alias-loop", SUBMISSION, _yaml(HEAD + "x: &a [*a]\n"), [("yaml-too-complex", Y, None)]
    ),
    Case(
        "yaml-anchor-twice",
        SUBMISSION,
        _yaml(HEAD + "a: &x 1\nb: &x 2\n"),
        [("yaml-syntax", Y, 4)],
    ),
    Case("yaml-undefined-alias", SUBMISSION, _yaml(HEAD + "a: *x\n"), [("yaml-syntax", Y, 3)]),
    # Workbooks within every archive limit that would take a minute and gigabytes to read
    Case("xlsx-empty-cells", FORM, _padded_row(6_000), [BOMB], limits=MARKUP),
    Case("xlsx-shared-strings", FORM, _shared_strings(3_000), [BOMB], limits=MARKUP),
    Case("xlsx-defined-names", FORM, _in_workbook(_names, 3_000), [BOMB], limits=MARKUP),
    Case("xlsx-deep-nesting", FORM, _in_workbook(_nesting, 3_000), [BOMB], limits=MARKUP),
    Case(
        "xlsx-styles",
        FORM,
        _styles(3_000),
        [BOMB],
        limits={"tdcli.read.guard.MAX_XLSX_STYLE_MARKUP": 1_000},
    ),
    Case(
        "xlsx-huge-part",
        FORM,
        _big_part,
        [BOMB],
        limits={"tdcli.read.guard.MAX_XLSX_XML_BYTES": 1024 * 1024},
    ),
    Case("xlsx-sheet-not-xml", FORM, _sheet_not_xml, [("corrupt-workbook", X, None)]),
    Case(
        "xlsx-one-sheet-named-many-times", FORM, _one_sheet_named_many_times, [BOMB], limits=MARKUP
    ),
    # cluster.yaml
    *[
        Case(f"cluster-year-{key}", C, _year(key), [("invalid-value", C, NEXT_LINE), ALONE], ".")
        for key in ("0", "-1", "99999", "1989", "2101", "+2022", "02022", "2_022", "1e3")
    ],
    Case(
        "cluster-escape-in-director",
        C,
        _cluster_with("director: Hoàng Văn Minh", 'director: "Hoàng\\e[31m Văn Minh"'),
        [("invalid-value", C, 21), ALONE],
        ".",
    ),
    Case(
        "cluster-nul-in-place",
        C,
        _cluster_with("place: Lạng Sơn", 'place: "Lạng\\0Sơn"'),
        [("invalid-value", C, 14), ALONE],
        ".",
    ),
    Case(
        "cluster-id-with-line-break",
        C,
        _cluster_with("- id: bac-kan", '- id: "bac-kan\\n"'),
        [("invalid-value", C, 18), ALONE],
        ".",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_refused_with_one_clear_issue_and_nothing_written(
    cli: Invoke, workspace: Path, monkeypatch: pytest.MonkeyPatch, case: Case
) -> None:
    for name, value in case.limits.items():
        monkeypatch.setattr(name, value)
    (workspace / case.target).write_bytes(case.build(workspace))
    before = _snapshot(workspace)
    result = cli("validate", workspace / (case.checked or case.target), "--format", "json")
    assert _triples(result.stdout) == case.expected
    assert result.exit_code == 1
    assert _snapshot(workspace) == before


def test_invisible_characters_in_names_are_dropped(workspace: Path) -> None:
    """Zero-width spaces, direction marks, soft hyphens and BOMs come with a paste; nobody
    sees them, so they are cleaned rather than refused (control characters are refused)."""
    pasted = "Sở Tài\u200b nguyên\u00ad và Môi trường\u202e tỉnh\ufeff Bắc Kạn"
    text = CLUSTER.replace(
        "department: Sở Tài nguyên và Môi trường tỉnh Bắc Kạn", f"department: {pasted}"
    )
    (workspace / "cluster.yaml").write_text(text, encoding="utf-8")
    loaded, issues = load_workspace(workspace)
    assert issues == [] and loaded is not None
    member = loaded.config.years[2022].member("bac-kan")
    assert member is not None
    assert member.department == "Sở Tài nguyên và Môi trường tỉnh Bắc Kạn"


# Special files: a FIFO, a device, a socket would block or never end ------------------------


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _device(path: Path) -> None:
    path.symlink_to(os.devnull)


def _socket(path: Path) -> None:
    here = Path.cwd()
    os.chdir(path.parent)  # a socket's path is limited to about a hundred bytes
    try:
        server = socket.socket(socket.AF_UNIX)
        server.bind(path.name)
        server.close()
    finally:
        os.chdir(here)


SPECIAL: list[tuple[Callable[[Path], None], str]] = [
    (_fifo, "FIFO"),
    (_device, "thiết bị"),
    (_socket, "socket"),
]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and sockets are POSIX")
@pytest.mark.parametrize(("make", "said"), SPECIAL, ids=[case[0].__name__[1:] for case in SPECIAL])
def test_a_special_file_is_refused_without_waiting(
    workspace: Path, make: Callable[[Path], None], said: str
) -> None:
    path = workspace / SUBMISSION
    make(path)
    before = _snapshot(workspace)
    code, output = _bounded(path)
    assert code == 1
    assert _triples(output) == [("file-unreadable", Y, None)]
    assert said in json.loads(output)["issues"][0]["message"]
    assert _snapshot(workspace) == before


# The worst of each class at the real limits, in a process bounded in time and memory ---------

_RUN_BOUNDED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
from tdcli.cli import main
main(sys.argv[1:])
"""


def _bounded(path: Path) -> tuple[int, str]:
    """`tdcli validate PATH --format json` in a process of at most 600 MB, within 5 s."""
    script = _RUN_BOUNDED.format(memory=MEMORY_LIMIT)
    completed = subprocess.run(
        [sys.executable, "-c", script, "validate", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIME_LIMIT,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )
    assert completed.returncode in (0, 1), completed.stderr[-2000:]
    return completed.returncode, completed.stdout


def _flat_list(workspace: Path) -> bytes:
    """Just under the 4 MB a YAML file may have: a million and a half numbers."""
    return (HEAD + "x: [" + "1," * 1_900_000 + "]\n").encode()


def _long_line(workspace: Path) -> bytes:
    """A narrative of one line of 4 million characters, just under the size limit."""
    return (HEAD + "narrative:\n  highlights: " + "x" * 4_000_000 + "\n").encode()


def _worst_sheet(workspace: Path) -> bytes:
    """As many tags as the guard lets in, all in a row the reader must go through."""
    return _padded_row(guard.MAX_XLSX_MARKUP - 5_000)(workspace)


@dataclass(frozen=True)
class Worst:
    name: str
    target: str
    build: Build
    expected: set[str]  # the codes found; an empty set: read, and valid
    checked: str = ""


WORST = [
    Worst("yaml-deep-flow-lists", SUBMISSION, _yaml("[" * 1_000_000), {"yaml-too-deep"}),
    Worst("yaml-deep-flow-mappings", SUBMISSION, _yaml("{a: " * 1_000_000), {"yaml-too-deep"}),
    Worst("yaml-deep-block-lists", SUBMISSION, _yaml("- " * 2_000_000), {"yaml-too-deep"}),
    Worst("yaml-flat-list", SUBMISSION, _flat_list, {"yaml-too-complex"}),
    Worst("yaml-long-line", SUBMISSION, _long_line, set()),
    Worst("xlsx-tags-over-the-bound", FORM, _tags_over_the_bound, {"zip-bomb"}),
    Worst("xlsx-tags-within-the-bound", FORM, _worst_sheet, {"empty-submission"}),
    Worst(
        "cluster-ten-thousand-repeated-ids",
        C,
        _repeated_members(10_000),
        {"duplicate-member", "duplicate-province"},
        ".",
    ),
    Worst(
        "cluster-deep",
        C,
        _yaml(CLUSTER + "x: " + "[" * 1_000_000),
        {"yaml-too-deep", ALONE[0]},
        ".",
    ),
]


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS bounds a process on Linux")
@pytest.mark.parametrize("case", WORST, ids=[case.name for case in WORST])
def test_the_worst_case_stays_within_5_s_and_600_mb(workspace: Path, case: Worst) -> None:
    (workspace / case.target).write_bytes(case.build(workspace))
    before = _snapshot(workspace)
    code, output = _bounded(workspace / (case.checked or case.target))
    assert {found for found, _, _ in _triples(output)} == case.expected
    assert code == (1 if case.expected else 0)
    assert _snapshot(workspace) == before
