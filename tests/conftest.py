from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tdcli.cli import app

from helpers import FIXTURES, ROOT

Invoke = Callable[..., Any]


@pytest.fixture(autouse=True, scope="session")
def _state_folder(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """What tdcli records of the outputs it wrote goes to a folder of the test run, not to the
    user's state folder (worker processes inherit it)."""
    import os

    from tdcli.render.drafts import STATE_DIR_VARIABLE

    before = os.environ.get(STATE_DIR_VARIABLE)
    os.environ[STATE_DIR_VARIABLE] = str(tmp_path_factory.mktemp("state"))
    yield
    if before is None:
        del os.environ[STATE_DIR_VARIABLE]
    else:
        os.environ[STATE_DIR_VARIABLE] = before


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the small test workspace (3 members, 2022)."""
    target = tmp_path / "ws"
    shutil.copytree(FIXTURES / "workspace", target)
    return target


@pytest.fixture
def cli() -> Invoke:
    """Run tdcli in-process; returns the click Result."""
    runner = CliRunner(env={"COLUMNS": "200"})

    def invoke(*args: str | Path) -> Any:
        return runner.invoke(app, [str(arg) for arg in args], catch_exceptions=False)

    return invoke


@pytest.fixture
def cum_ii(tmp_path: Path) -> Path:
    """A copy of the bundled example workspace of Cụm thi đua số II."""
    target = tmp_path / "cum-ii"
    shutil.copytree(ROOT / "examples" / "cum-ii", target, ignore=shutil.ignore_patterns("out"))
    return target
