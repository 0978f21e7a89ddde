"""The folders are the stages, and imports go one way (ARCHITECTURE.md draws the map)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).parent.parent / "src" / "tdcli"

# Each stage may import from itself and the stages before it, never from a later one.
STAGES = [
    "model",
    "read",
    "check",
    "workspace",
    "compute",
    "contents",
    "render",
    "usecases",
    "cli",
]
FOUNDATION = {"errors", "resources"}
"""Modules at the top of the package that every stage may use; they import no stage."""


def _stage(module: str) -> int:
    """The rank of `tdcli.x.y`: its stage's place in the flow, -1 for the foundation."""
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "tdcli":
        raise ValueError(module)
    if parts[1] in FOUNDATION:
        return -1
    return STAGES.index(parts[1])


def _modules() -> list[Path]:
    return sorted(
        path for path in SOURCE.rglob("*.py") if path != SOURCE / "__init__.py"
    )  # the package's own __init__ is the public facade over every stage


def _name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(part for part in parts if part != "__init__")


def _imports(path: Path) -> list[str]:
    """Every tdcli module the file imports, at the top or inside a function."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "tdcli":
                found += [f"tdcli.{alias.name}" for alias in node.names]
            elif node.module.startswith("tdcli."):
                found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.startswith("tdcli.")]
    return found


def test_every_module_sits_in_a_stage() -> None:
    for path in _modules():
        name = _name(path)
        if name in ("tdcli.__main__",):
            continue
        _stage(name)  # raises for a module outside the stages


@pytest.mark.parametrize("path", _modules(), ids=lambda path: _name(path))
def test_imports_go_one_way(path: Path) -> None:
    name = _name(path)
    if name == "tdcli.__main__":
        return
    own = _stage(name)
    backwards = [
        module
        for module in _imports(path)
        if module != "tdcli.__version__" and _stage(module) > own
    ]
    assert backwards == [], f"{name} imports a later stage: {backwards}"


def test_no_module_was_left_at_the_top() -> None:
    top = {path.stem for path in SOURCE.glob("*.py")}
    assert top == {"__init__", "__main__", *FOUNDATION}
