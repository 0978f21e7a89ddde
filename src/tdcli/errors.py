"""Exceptions for when work cannot go on. Problems in data are issues, not exceptions."""

from __future__ import annotations

__all__ = ["TdcliError", "UsageError"]


class TdcliError(Exception):
    """Work cannot go on; the message is Vietnamese and shown to the user as it is."""

    exit_code = 1


class UsageError(TdcliError):
    """The command was called wrongly (a missing workspace, a folder that is not empty)."""

    exit_code = 2
