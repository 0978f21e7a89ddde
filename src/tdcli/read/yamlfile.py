"""Reading YAML with the line of every key and value, and no guessing of types.

Every scalar is kept as the text the writer typed (only `null`, `~` and empty become None), so
that `1.000` stays one thousand and `2,8 tỷ` reaches the number reader intact; the models
convert. Duplicate keys, tabs, BOMs, NFD text and CRLF line ends are all handled here; the
file's size is bounded by the guard before parsing, its node count while building.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tdcli.model.issues import Issue, Location, make_issue
from tdcli.read.guard import MAX_YAML_BYTES, read_bytes

__all__ = ["YamlDocument", "decode_text", "parse_yaml", "read_yaml"]

_MAX_NODES = 100_000

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
    """Bytes to NFC text: UTF-8 with or without BOM, or UTF-16 with a BOM (Windows Notepad)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        text = raw.decode("utf-8-sig")
    return unicodedata.normalize("NFC", text)


class _TooComplex(Exception):
    pass


class _Builder:
    """Turns ruamel's node tree into plain data, recording lines and duplicate keys."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.document = YamlDocument(data=None)
        self.issues: list[Issue] = []
        self.count = 0
        self.active: set[int] = set()

    def build(self, node: Any, path: Path_) -> Any:
        from ruamel.yaml.nodes import MappingNode, SequenceNode

        self.count += 1
        if self.count > _MAX_NODES or id(node) in self.active:
            raise _TooComplex
        self.document.value_lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, MappingNode):
            self.active.add(id(node))
            result = self._mapping(node, path)
            self.active.discard(id(node))
            return result
        if isinstance(node, SequenceNode):
            self.active.add(id(node))
            items = [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
            self.active.discard(id(node))
            return items
        if node.tag.endswith(":null") and not node.style:  # plain (libyaml says "")
            return None
        return str(node.value)

    def _mapping(self, node: Any, path: Path_) -> dict[str, Any]:
        from ruamel.yaml.nodes import ScalarNode

        result: dict[str, Any] = {}
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                self.issues.append(
                    make_issue(
                        "wrong-type",
                        file=self.file,
                        location=Location(line=line),
                        detail="tên mục phải là một từ, không phải danh sách hay nhóm",
                    )
                )
                continue
            key = unicodedata.normalize("NFC", str(key_node.value)).strip()
            if key in first_lines:
                self.issues.append(
                    make_issue(
                        "duplicate-key",
                        file=self.file,
                        location=Location(line=line),
                        field=".".join(str(part) for part in (*path, key)),
                        key=key,
                        first_line=first_lines[key],
                    )
                )
                continue
            first_lines[key] = line
            self.document.key_lines[(*path, key)] = line
            result[key] = self.build(value_node, (*path, key))
        return result


def parse_yaml(text: str, file: Path) -> tuple[YamlDocument | None, list[Issue]]:
    """Parse YAML text; problems come back as issues, never as exceptions."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    if not text.strip():
        return None, [make_issue("file-empty", file=file)]
    yaml = YAML(typ="safe")  # libyaml's parser (ruamel.yaml.clib) when installed: 8x faster
    try:
        root = yaml.compose(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = None if mark is None else mark.line + 1
        problem = str(error.problem or error.context or "").strip()
        detail = _PROBLEMS_VI.get(problem, problem)
        return None, [
            make_issue("yaml-syntax", file=file, location=Location(line=line), detail=detail)
        ]
    except (YAMLError, RecursionError, ValueError) as error:
        return None, [make_issue("yaml-syntax", file=file, detail=str(error).strip())]
    if root is None:
        return None, [make_issue("file-empty", file=file)]
    builder = _Builder(file)
    try:
        builder.document.data = builder.build(root, ())
    except (_TooComplex, RecursionError):
        return None, [make_issue("yaml-too-complex", file=file)]
    return builder.document, builder.issues


def read_yaml(file: Path) -> tuple[YamlDocument | None, list[Issue]]:
    """Read and parse a YAML file from disk."""
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
    return parse_yaml(text, file)
