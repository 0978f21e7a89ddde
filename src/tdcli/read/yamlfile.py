"""Reading YAML with the line of every key and value, and no guessing of types.

Every scalar is kept as the text the writer typed (only `null`, `~` and empty become None), so
that `1.000` stays one thousand and `2,8 tỷ` reaches the number reader intact; the models
convert. Duplicate keys, tabs, BOMs, NFD text and CRLF line ends are all handled here.

The work is bounded whatever the file holds: its size by the guard before parsing; then the
plain data is built straight from the parser's events, one at a time and without recursion,
so that nesting is bounded (`MAX_YAML_DEPTH`) before it goes deeper than any reader needs,
and nodes are counted as they come, aliases counted as the copies they stand for
(`MAX_YAML_NODES`). libyaml's own composer recurses in C once per level: a small file of
`[[[[...` nested a hundred thousand deep would crash the process there, and a 4 MB flat list
would take gigabytes before anything counted it.
"""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tdcli.model.issues import Issue, Location, make_issue
from tdcli.read.guard import MAX_YAML_BYTES, read_bytes

__all__ = [
    "MAX_SUBMISSION_NODES",
    "MAX_YAML_DEPTH",
    "MAX_YAML_NODES",
    "YamlDocument",
    "decode_text",
    "parse_yaml",
    "read_yaml",
]

MAX_YAML_DEPTH = 32
"""Levels of nested mappings and lists: a submission has 3, cluster.yaml 5 (years, a year, its
targets, a member's targets); whatever walks the data afterwards (the models' validation, a
copy) recurses once a level."""
MAX_YAML_NODES = 100_000
"""Keys and values of one file, each alias counted as the nodes it copies: cluster.yaml for
thirty years of twenty members with their targets has about 30 000."""
MAX_SUBMISSION_NODES = 10_000
"""The same for a member's submission: the catalogue has under a hundred fields, and every node
is checked (and may give an issue) afterwards, so a submission is held to far less."""

Path_ = tuple[str | int, ...]

_PROBLEMS_VI = {
    "mapping values are not allowed here": (
        "không được đặt dấu ':' ở đây (thiếu dấu cách sau ':' hoặc thụt lề sai?)"
    ),
    "could not find expected ':'": "thiếu dấu ':' sau tên mục",
    "found character '\\t' that cannot start any token": (
        "có ký tự Tab; YAML chỉ dùng dấu cách để thụt lề"
    ),
    "found character that cannot start any token": (
        "có ký tự không hợp lệ (thường là Tab; YAML chỉ dùng dấu cách để thụt lề)"
    ),
    "did not find expected ',' or ']'": "thiếu dấu ',' hoặc ']' trong danh sách",
    "did not find expected ',' or '}'": "thiếu dấu ',' hoặc '}'",
    "did not find expected '-' indicator": "thụt lề không đúng trong danh sách",
    "found unknown escape character": "ký tự thoát (\\) không hợp lệ trong chuỗi có ngoặc kép",
    "expected a single document in the stream": "tệp chỉ được có một tài liệu (bỏ dòng '---')",
    "found undefined alias": "bí danh (*) chưa được định nghĩa",
    "found unexpected end of stream": "tệp kết thúc giữa chừng (thiếu dấu ngoặc kép đóng?)",
    "while scanning a quoted scalar": "thiếu dấu ngoặc kép đóng",
    "did not find expected key": "thụt lề không đúng hoặc thiếu dấu ':'",
    "found duplicate anchor": "neo (&) bị lặp lại",
}


@dataclass
class YamlDocument:
    """The plain data of a YAML file, with the 1-based line of each value and each key."""

    data: Any
    value_lines: dict[Path_, int] = field(default_factory=dict)
    key_lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The line of `path` (its key's line if it has one), or of its nearest ancestor."""
        parts = tuple(path)
        while True:
            if parts in self.key_lines:
                return self.key_lines[parts]
            if parts in self.value_lines:
                return self.value_lines[parts]
            if not parts:
                return None
            parts = parts[:-1]

    def location(self, path: Sequence[str | int]) -> Location:
        return Location(line=self.line_of(path))


def decode_text(raw: bytes) -> str:
    """Bytes to NFC text: UTF-8 with or without BOM, or UTF-16 with a BOM (Windows Notepad).

    A BOM further on (files pasted or joined together) goes too: as a character, U+FEFF is
    invisible and out of use, and YAML would read it as part of a key or refuse the line.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        text = raw.decode("utf-8-sig")
    return unicodedata.normalize("NFC", text.replace("\ufeff", ""))


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class _TooComplex(Exception):
    """More nodes than the bound, or an alias inside what it names."""


class _TooDeep(Exception):
    """Nesting beyond the bound, at this line."""

    def __init__(self, line: int) -> None:
        self.line = line


class _Malformed(Exception):
    """What libyaml's composer would refuse: a second document, an alias to nothing."""

    def __init__(self, detail: str, line: int) -> None:
        self.detail = detail
        self.line = line


@dataclass(frozen=True)
class _Anchored:
    """What an anchor (`&name`) stands for, ready to be copied where an alias names it."""

    data: Any
    text: str | None  # its text, when it is a scalar (a key may be an alias of one)
    nodes: int
    depth: int
    value_lines: tuple[tuple[Path_, int], ...]  # below the anchored node, paths relative to it
    key_lines: tuple[tuple[Path_, int], ...]


@dataclass
class _Frame:
    """A mapping or a list being built."""

    data: dict[str, Any] | list[Any]
    path: Path_
    quiet: bool  # built only to be passed over: a repeated key's value, a key that is a list
    level: int
    anchor: str | None
    line: int
    started: tuple[int, int, int]  # node count, value lines, key lines when it began
    deepest: int = 0
    has_key: bool = False
    key: str | None = None  # the key whose value comes next; None: the value is passed over
    first_lines: dict[str, int] = field(default_factory=dict)


def _key_text(text: str) -> str:
    """A key as written, without the invisible characters a paste can bring (zero-width
    spaces, BOMs, direction marks): no key of tdcli has one."""
    key = unicodedata.normalize("NFC", text).strip()
    if not key.isascii():
        key = "".join(char for char in key if unicodedata.category(char) != "Cf").strip()
    return key


class _Builder:
    """Builds plain data from parser events, recording lines, duplicate keys and bounds."""

    def __init__(self, file: Path, max_nodes: int, max_depth: int) -> None:
        self.file = file
        self.max_nodes = max_nodes
        self.max_depth = max_depth
        self.issues: list[Issue] = []
        self.count = 0
        self.value_lines: list[tuple[Path_, int]] = []
        self.key_lines: list[tuple[Path_, int]] = []
        self.anchors: dict[str, _Anchored] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[_Frame] = []
        self.documents = 0
        self.root: Any = None

    def run(self, events: Iterable[Any]) -> YamlDocument | None:
        """The document the events describe, or None when they hold no document at all."""
        from ruamel.yaml.events import (
            AliasEvent,
            CollectionEndEvent,
            DocumentStartEvent,
            MappingStartEvent,
            ScalarEvent,
            SequenceStartEvent,
        )

        for event in events:
            if isinstance(event, ScalarEvent):
                self._scalar(event)
            elif isinstance(event, MappingStartEvent | SequenceStartEvent):
                self._start(event, {} if isinstance(event, MappingStartEvent) else [])
            elif isinstance(event, CollectionEndEvent):
                self._end()
            elif isinstance(event, AliasEvent):
                self._alias(event)
            elif isinstance(event, DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    raise _Malformed(
                        "tệp chỉ được có một tài liệu (bỏ dòng '---')", event.start_mark.line + 1
                    )
        if not self.documents:
            return None
        document = YamlDocument(data=self.root)
        for path, line in self.value_lines:
            document.value_lines.setdefault(path, line)
        document.key_lines.update(self.key_lines)
        return document

    def _slot(self) -> tuple[Path_, bool, str]:
        """Where the next node goes: its path, whether it is passed over, and its role."""
        if not self.stack:
            return (), False, "root"
        frame = self.stack[-1]
        if isinstance(frame.data, list):
            return (*frame.path, len(frame.data)), frame.quiet, "item"
        if not frame.has_key:
            return frame.path, True, "key"
        return (*frame.path, frame.key or ""), frame.quiet or frame.key is None, "value"

    def _count(self, nodes: int) -> None:
        self.count += nodes
        if self.count > self.max_nodes:
            raise _TooComplex

    def _new_anchor(self, name: str | None, line: int) -> None:
        """An anchor's name may be given once (libyaml's composer refused it twice too)."""
        if name is None:
            return
        if name in self.anchors or name in self.open_anchors:
            raise _Malformed("neo (&) bị lặp lại", line)

    def _scalar(self, event: Any) -> None:
        line = event.start_mark.line + 1
        self._count(1)
        self._new_anchor(event.anchor, line)
        path, quiet, role = self._slot()
        text = str(event.value)
        if event.style:  # quoted or a block: text, whatever it says
            value: str | None = text
        elif event.tag is not None:  # `!` alone says "text", as a quote does
            value = None if event.tag.endswith(":null") else text
        else:
            value = None if text in _NULLS else text
        if role != "key" and not quiet:
            self.value_lines.append((path, line))
        if event.anchor is not None:
            self.anchors[event.anchor] = _Anchored(value, text, 1, 0, (), ())
        self._place(value, text, line, role)

    def _start(self, event: Any, data: dict[str, Any] | list[Any]) -> None:
        line = event.start_mark.line + 1
        self._count(1)
        self._new_anchor(event.anchor, line)
        path, quiet, role = self._slot()
        level = len(self.stack) + 1
        if level > self.max_depth:
            raise _TooDeep(line)
        if role != "key" and not quiet:
            self.value_lines.append((path, line))
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        started = (self.count - 1, len(self.value_lines), len(self.key_lines))
        self.stack.append(
            _Frame(data, path, quiet, level, event.anchor, line, started, deepest=level)
        )

    def _end(self) -> None:
        frame = self.stack.pop()
        if self.stack:
            parent = self.stack[-1]
            parent.deepest = max(parent.deepest, frame.deepest)
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            count, values, keys = frame.started
            strip = len(frame.path)
            self.anchors[frame.anchor] = _Anchored(
                frame.data,
                None,
                self.count - count,
                frame.deepest - frame.level + 1,
                tuple((path[strip:], line) for path, line in self.value_lines[values:]),
                tuple((path[strip:], line) for path, line in self.key_lines[keys:]),
            )
        self._place(frame.data, None, frame.line, self._role_of_top())

    def _role_of_top(self) -> str:
        """The role of the collection just closed, in its parent."""
        if not self.stack:
            return "root"
        frame = self.stack[-1]
        if isinstance(frame.data, list):
            return "item"
        return "value" if frame.has_key else "key"

    def _alias(self, event: Any) -> None:
        line = event.start_mark.line + 1
        name = event.anchor
        if name in self.open_anchors:  # an alias inside what it names: a loop
            raise _TooComplex
        anchored = self.anchors.get(name)
        if anchored is None:
            raise _Malformed("bí danh (*) chưa được định nghĩa", line)
        self._count(anchored.nodes)
        if len(self.stack) + anchored.depth > self.max_depth:
            raise _TooDeep(line)
        if self.stack:
            frame = self.stack[-1]
            frame.deepest = max(frame.deepest, len(self.stack) + anchored.depth)
        path, quiet, role = self._slot()
        if role != "key" and not quiet:
            self.value_lines.append((path, line))
            self.value_lines.extend(((*path, *rest), at) for rest, at in anchored.value_lines)
            self.key_lines.extend(((*path, *rest), at) for rest, at in anchored.key_lines)
        self._place(copy.deepcopy(anchored.data), anchored.text, line, role)

    def _place(self, value: Any, text: str | None, line: int, role: str) -> None:
        if role == "root":
            self.root = value
            return
        frame = self.stack[-1]
        if isinstance(frame.data, list):
            frame.data.append(value)
            return
        if role == "value":
            frame.has_key = False
            if frame.key is not None:
                frame.data[frame.key] = value
            return
        frame.has_key, frame.key = True, None
        if text is None:
            if not frame.quiet:
                self.issues.append(
                    make_issue(
                        "wrong-type",
                        file=self.file,
                        location=Location(line=line),
                        detail="tên mục phải là một từ, không phải danh sách hay nhóm",
                    )
                )
            return
        key = _key_text(text)
        if key in frame.first_lines:
            if not frame.quiet:
                self.issues.append(
                    make_issue(
                        "duplicate-key",
                        file=self.file,
                        location=Location(line=line),
                        field=".".join(str(part) for part in (*frame.path, key)),
                        key=key,
                        first_line=frame.first_lines[key],
                    )
                )
            return
        frame.first_lines[key] = line
        frame.key = key
        if not frame.quiet:
            self.key_lines.append(((*frame.path, key), line))


def parse_yaml(
    text: str, file: Path, *, max_nodes: int | None = None
) -> tuple[YamlDocument | None, list[Issue]]:
    """Parse YAML text; problems come back as issues, never as exceptions."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    if not text.strip():
        return None, [make_issue("file-empty", file=file)]
    yaml = YAML(typ="safe")  # libyaml's parser (ruamel.yaml.clib) when installed: 8x faster
    builder = _Builder(file, max_nodes or MAX_YAML_NODES, MAX_YAML_DEPTH)
    try:
        document = builder.run(yaml.parse(text))
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = None if mark is None else mark.line + 1
        problem = str(error.problem or error.context or "").strip()
        detail = _PROBLEMS_VI.get(problem, problem)
        return None, [
            make_issue("yaml-syntax", file=file, location=Location(line=line), detail=detail)
        ]
    except _Malformed as error:
        location = Location(line=error.line)
        return None, [make_issue("yaml-syntax", file=file, location=location, detail=error.detail)]
    except _TooDeep as error:
        location = Location(line=error.line)
        return None, [
            make_issue("yaml-too-deep", file=file, location=location, limit=MAX_YAML_DEPTH)
        ]
    except _TooComplex:
        return None, [make_issue("yaml-too-complex", file=file)]
    except (YAMLError, RecursionError, ValueError) as error:
        return None, [make_issue("yaml-syntax", file=file, detail=str(error).strip())]
    if document is None:
        return None, [make_issue("file-empty", file=file)]
    return document, builder.issues


def read_yaml(
    file: Path, *, max_nodes: int | None = None
) -> tuple[YamlDocument | None, list[Issue]]:
    """Read and parse a YAML file from disk, within `max_nodes` (`MAX_YAML_NODES` if None)."""
    raw, issues = read_bytes(file, MAX_YAML_BYTES)
    if raw is None:
        return None, issues
    try:
        text = decode_text(raw)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [
            make_issue(
                "encoding-error",
                file=file,
                location=Location(line=line),
                detail=f"byte 0x{raw[error.start]:02x} ở dòng {line}",
            )
        ]
    return parse_yaml(text, file, max_nodes=max_nodes)
