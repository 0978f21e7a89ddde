"""Who gets which form: for each member of the year, the form's addressee, where to send it
back, and what to pre-fill it with."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from tdcli.check.model_errors import suggestion
from tdcli.errors import UsageError
from tdcli.model.cluster import Member
from tdcli.model.periods import Period
from tdcli.model.vnformat import date_short
from tdcli.workspace import Workspace

__all__ = ["FormRequest", "Prefill", "annotation_heading", "form_requests", "return_line"]


class Prefill(Protocol):
    """What a form can be pre-filled from: a value for each dotted key (a `Submission`)."""

    def value(self, dotted: str) -> Any: ...


@dataclass(frozen=True)
class FormRequest:
    """One form to write: for which member and period, with what to pre-fill it."""

    member: Member
    period: Period
    cluster: str
    contact: str
    """Where the filled form goes back: the office, its address, e-mail and phone."""
    deadline: date | None = None
    """The day the filled form is due, when cluster.yaml gives one for the period."""
    prefill: Prefill | None = None
    extra_metadata: Mapping[str, str] = field(default_factory=dict)
    """Metadata a form of another catalogue records (a scoring scheme's id, say)."""

    @property
    def metadata(self) -> dict[str, str]:
        """What the form's metadata sheet says of whom and when it is for."""
        return {
            "member": self.member.id,
            "period": self.period.code,
            "cluster": self.cluster,
            "department": self.member.department,
            **self.extra_metadata,
        }


def form_requests(
    workspace: Workspace,
    period: Period,
    member_ids: Iterable[str] | None = None,
    prefill: Mapping[str, Prefill] | None = None,
) -> list[FormRequest]:
    """The forms for these members (all members of the year when None)."""
    year = workspace.year(period.year)
    if year is None:
        raise UsageError(f"cluster.yaml chưa khai báo năm {period.year} (mục years)")
    chair = year.member(year.chair)
    contact = year.contact.line if year.contact else None
    contact = contact or (chair.department if chair else workspace.config.name)
    chosen = list(member_ids) if member_ids is not None else year.member_ids
    requests = []
    for member_id in chosen:
        member = year.member(member_id)
        if member is None:
            raise UsageError(
                f"'{member_id}' không phải thành viên của {workspace.config.name} năm "
                f"{period.year}{suggestion(member_id, year.member_ids)}"
            )
        requests.append(
            FormRequest(
                member=member,
                period=period,
                cluster=workspace.config.name,
                contact=contact,
                deadline=year.deadline(period),
                prefill=(prefill or {}).get(member_id),
            )
        )
    return requests


def return_line(request: FormRequest) -> str:
    """`Hạn gửi: trước ngày 10/6/2022. Gửi về: Văn phòng Sở ...; thư điện tử ...`: the form's
    heading line and the instructions' last step."""
    due = f"Hạn gửi: trước ngày {date_short(request.deadline)}. " if request.deadline else ""
    return f"{due}Gửi về: {request.contact}."


def annotation_heading(
    file_name: str, whose: str | None, errors: int, warnings: int, contact: str | None
) -> list[str]:
    """The lines above the list of problems in an annotated copy: a title, whose form it is and
    for which period, what was found, and what to do next."""
    found = f"{errors} lỗi" + (f", {warnings} cảnh báo" if warnings else "")
    back = f" cho {contact}" if contact else ""
    return [
        "KẾT QUẢ KIỂM TRA BIỂU MẪU",
        whose or file_name,
        f"Tệp {file_name}: {found}.",
        "Việc cần làm: sửa các ô tô màu đỏ (lỗi) và xem lại các ô tô màu vàng (cảnh báo) theo "
        "danh sách dưới đây (mỗi ô có chú thích); không đổi tên trang hay xóa dòng; lưu dạng "
        f"Excel (.xlsx) rồi gửi lại{back}.",
    ]
