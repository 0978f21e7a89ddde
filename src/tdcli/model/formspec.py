"""What makes a workbook a tdcli form: its sheets, its version and its metadata keys.

The form writer and the Excel reader both follow this. Input cells are found by workbook-level
defined names equal to the field's dotted key (`inspections.total`), never by position, so the
layout can change and other tools can fill the form too.
"""

from __future__ import annotations

__all__ = [
    "FORM_SHEET",
    "FORM_VERSION",
    "INSTRUCTIONS_SHEET",
    "MEMBER_CELL",
    "META_KEYS",
    "META_SHEET",
    "PERIOD_CELL",
    "SUPPORTED_VERSIONS",
]

FORM_VERSION = "1"
SUPPORTED_VERSIONS = frozenset({"1"})
FORM_SHEET = "Biểu mẫu"
INSTRUCTIONS_SHEET = "Hướng dẫn"
META_SHEET = "tdcli"
# Rows of the (very hidden) metadata sheet: key in column A, value in column B.
META_KEYS = ("form_version", "member", "period", "cluster", "department", "generator")
# Where the form sheet shows the period (title) and the member's department: the reader points
# a wrong-member or wrong-period issue there, since the metadata sheet is hidden.
PERIOD_CELL = "A1"
MEMBER_CELL = "A2"
