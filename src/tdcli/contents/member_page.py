"""One member's page of a year summary: its figures beside a year earlier's, and its
highlights."""

from __future__ import annotations

from datetime import date
from typing import Any

from tdcli.compute.aggregate import Aggregate
from tdcli.contents.official import header_context
from tdcli.contents.phrases import capitalised
from tdcli.contents.tables import cell_text, member_figures_table
from tdcli.workspace import Workspace

__all__ = ["member_summary_context"]


def member_summary_context(
    workspace: Workspace, aggregate: Aggregate, member_id: str, report_date: date
) -> dict[str, Any]:
    """One member's page: each figure beside last year's and the change, and its highlights."""
    period = aggregate.period
    year = workspace.year(period.year)
    if year is None:
        raise LookupError(f"cluster.yaml has no year {period.year}")
    row = next(row for row in aggregate.members if row.member.id == member_id)
    figures = [
        {
            "label": cell_text(label),
            "current": cell_text(current),
            "previous": cell_text(previous),
            "change": cell_text(change),
        }
        for label, current, previous, change in member_figures_table(aggregate, member_id).rows
    ]
    narrative = row.submission.narrative if row.submission else None
    basis = (
        f"Số liệu {period.label} so với {period.previous_year().label}"
        if aggregate.has_previous
        else f"Số liệu {period.label}"
    )
    if row.submission is None:
        basis = f"Đơn vị chưa gửi báo cáo {period.label}"
    return {
        "header": header_context(workspace.config, year, report_date),
        "document": {
            "title": f"TÓM TẮT KẾT QUẢ THI ĐUA {period.label.upper()}",
            "basis": basis,
        },
        "member": {
            "department": row.member.department,
            "province": row.member.province.name,
            "highlights": list(narrative.highlights) if narrative else [],
        },
        "columns": {
            "current": capitalised(period.label),
            "previous": capitalised(period.previous_year().label),
        },
        "figures": figures,
    }
