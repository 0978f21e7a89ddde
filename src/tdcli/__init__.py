"""tdcli: the report compiler of emulation clusters (cụm thi đua) of environment departments.

The library reads submissions, validates them against the indicator catalogue and the
workspace, and (in later stages) aggregates and renders them. It never prints. The public API
is what `__all__` lists; names load on first use so that the command line starts fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Submission": "tdcli.model.catalogue",
    "iter_fields": "tdcli.model.catalogue",
    "Issue": "tdcli.model.issues",
    "ValidationReport": "tdcli.model.issues",
    "Period": "tdcli.model.periods",
    "load_submission": "tdcli.usecases.period",
    "validate_paths": "tdcli.usecases.validate",
    "Workspace": "tdcli.workspace",
    "find_workspace": "tdcli.workspace",
    "load_workspace": "tdcli.workspace",
}

__all__ = [
    "Issue",
    "Period",
    "Submission",
    "ValidationReport",
    "Workspace",
    "__version__",
    "find_workspace",
    "iter_fields",
    "load_submission",
    "load_workspace",
    "validate_paths",
]

if TYPE_CHECKING:
    from tdcli.model.catalogue import Submission, iter_fields
    from tdcli.model.issues import Issue, ValidationReport
    from tdcli.model.periods import Period
    from tdcli.usecases.period import load_submission
    from tdcli.usecases.validate import validate_paths
    from tdcli.workspace import Workspace, find_workspace, load_workspace


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'tdcli' has no attribute {name!r}")
