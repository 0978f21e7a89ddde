"""tdcli: the report compiler of emulation clusters (cụm thi đua) of environment departments.

The library loads a workspace, reads and checks its submissions, tells who sent what for a
period, and compiles the review report, the pledge and the year summaries; each is a function
returning a result. It never prints. The public API
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
    "MemberState": "tdcli.compute.status",
    "PeriodStatus": "tdcli.compute.status",
    "Workspace": "tdcli.workspace",
    "find_workspace": "tdcli.workspace",
    "load_workspace": "tdcli.workspace",
    "load_submission": "tdcli.usecases.period",
    "read_period": "tdcli.usecases.period",
    "validate_paths": "tdcli.usecases.validate",
    "CompileResult": "tdcli.usecases.compile",
    "compile_review": "tdcli.usecases.compile",
    "prepare_review": "tdcli.usecases.compile",
    "PledgeResult": "tdcli.usecases.pledge",
    "compile_pledge": "tdcli.usecases.pledge",
    "ExportResult": "tdcli.usecases.export",
    "run_export": "tdcli.usecases.export",
}

__all__ = [
    "CompileResult",
    "ExportResult",
    "Issue",
    "MemberState",
    "Period",
    "PeriodStatus",
    "PledgeResult",
    "Submission",
    "ValidationReport",
    "Workspace",
    "__version__",
    "compile_pledge",
    "compile_review",
    "find_workspace",
    "iter_fields",
    "load_submission",
    "load_workspace",
    "prepare_review",
    "read_period",
    "run_export",
    "validate_paths",
]

if TYPE_CHECKING:
    from tdcli.compute.status import MemberState, PeriodStatus
    from tdcli.model.catalogue import Submission, iter_fields
    from tdcli.model.issues import Issue, ValidationReport
    from tdcli.model.periods import Period
    from tdcli.usecases.compile import CompileResult, compile_review, prepare_review
    from tdcli.usecases.export import ExportResult, run_export
    from tdcli.usecases.period import load_submission, read_period
    from tdcli.usecases.pledge import PledgeResult, compile_pledge
    from tdcli.usecases.validate import validate_paths
    from tdcli.workspace import Workspace, find_workspace, load_workspace


def __dir__() -> list[str]:
    return sorted(__all__)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'tdcli' has no attribute {name!r}")
