"""The cluster's configuration (`cluster.yaml`) as frozen models.

Every institution, person and place is data here, dated where names change (the ministry
before and after 01/3/2025, the legal bases, the recipients), and kept per year where it
rotates (members, chair, vice chair, theme, place, pledge commitments).

Names end up in official documents, so their text is cleaned where the cleaning cannot change
what anyone reads, and refused where it could: runs of whitespace (tabs, line breaks, the
non-breaking spaces Word pastes) become one space, and invisible format characters (zero-width
spaces, direction marks and overrides, soft hyphens, BOMs), which a paste brings and nobody
sees, are dropped; a control character (NUL, BEL, ESC, DEL...) can only come from an escape
typed on purpose in a quoted string (YAML itself refuses it raw), prints as nothing or as
garbage and breaks a Word document, so it is an error that names it. A year is four digits
within the years a period may have.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cached_property
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from tdcli.model.catalogue import WholeNumber
from tdcli.model.periods import Period, PeriodError, PeriodKind

__all__ = [
    "ClusterConfig",
    "Contact",
    "DatedText",
    "Decision",
    "Duties",
    "Member",
    "Signing",
    "YearConfig",
]

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_YEAR = re.compile(r"[0-9]{4}")


def _clean_text(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = " ".join(unicodedata.normalize("NFC", value).split())
    if text.isprintable():  # no control (Cc) or format (Cf) character: nothing to take out
        return text
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    control = next((char for char in text if unicodedata.category(char) == "Cc"), None)
    if control is not None:
        raise ValueError(
            f"có ký tự điều khiển không in được (U+{ord(control):04X}) trong '{_shown(text)}'; "
            "xóa ký tự đó"
        )
    return " ".join(text.split())


def _shown(text: str) -> str:
    """Text with its control characters as `\\x1b`, short enough for a message."""
    visible = "".join(
        f"\\x{ord(char):02x}" if unicodedata.category(char) == "Cc" else char for char in text
    )
    return visible if len(visible) <= 40 else visible[:37] + "..."


def _year(value: Any) -> Any:
    """A key of `years`: four digits within the years a period may have (as `Period` says)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return value
    text = str(value).strip()
    if not _YEAR.fullmatch(text):
        raise ValueError(f"'{_shown(text)}' không phải năm; ghi năm bằng bốn chữ số, như 2022")
    try:
        return Period.parse(text).year
    except PeriodError as error:
        raise ValueError(str(error)) from None


Year = Annotated[int, BeforeValidator(_year)]


Text = Annotated[str, BeforeValidator(_clean_text), Field(min_length=1)]


def _text_entry(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DatedText(_Model):
    """A name or line of text valid from `since` to `until` (both inclusive, both optional)."""

    text: Text
    since: date | None = None
    until: date | None = None

    def applies_on(self, day: date) -> bool:
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )


Dated = Annotated[DatedText, BeforeValidator(_text_entry)]


def _on(entries: list[DatedText], day: date) -> list[str]:
    return [entry.text for entry in entries if entry.applies_on(day)]


class Decision(_Model):
    """The decision that fixed the cluster's membership."""

    number: Text
    date: date
    issuer: Text | None = None
    summary: Text | None = None


class Member(_Model):
    """One member department in one year."""

    id: str
    province: Text
    department: Text
    director: Text | None = None
    director_title: Text = "Giám đốc"

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.fullmatch(value):
            raise ValueError(
                f"mã thành viên '{_shown(value)}' chỉ gồm chữ thường không dấu, số và dấu '-' "
                "(ví dụ bac-kan)"
            )
        return value


class Duties(_Model):
    """What the chair and the vice chair undertake in the pledge."""

    chair: list[Text] = Field(default_factory=list)
    vice_chair: list[Text] = Field(default_factory=list)


class Contact(_Model):
    """Where members send their reports back: the office, its address, e-mail and phone, and
    the person to ask. `contact: "Văn phòng Sở ..."` (one line of text) is the office alone."""

    office: Text
    address: Text | None = None
    email: Text | None = None
    phone: Text | None = None
    person: Text | None = None

    @property
    def line(self) -> str:
        """`Văn phòng Sở ..., số 1 đường ...; thư điện tử vp@...; điện thoại 0205 ...
        (bà Lê Thị Hoa)`: how a form and a reply say where to send."""
        text = self.office + (f", {self.address}" if self.address else "")
        text += f"; thư điện tử {self.email}" if self.email else ""
        text += f"; điện thoại {self.phone}" if self.phone else ""
        return text + (f" ({self.person})" if self.person else "")


def _contact(value: Any) -> Any:
    return {"office": value} if isinstance(value, str) else value


class Signing(_Model):
    """The pledge's signing as it happened, which the reports may then say: its date, its place
    and the meeting that signed it. Nothing says the pledge was signed until this is given."""

    date: date
    place: Text | None = None
    """Where it was signed (`Sở Tài nguyên và Môi trường tỉnh Cao Bằng`, `Cao Bằng`)."""
    event: Text | None = None
    """The meeting, when it had its own name (`Hội nghị ký kết giao ước thi đua năm 2022`)."""


def _deadlines(value: Any) -> Any:
    """`deadlines: {H1: 2022-06-10, FY: 2022-11-20}`: the day each period's report is due."""
    if not isinstance(value, dict):
        return value
    found: dict[str, Any] = {}
    for key, day in value.items():
        kind = str(key).strip().upper()
        if kind not in {item.value for item in PeriodKind}:
            kinds = ", ".join(item.value for item in PeriodKind)
            raise ValueError(f"'{_shown(str(key))}' không phải kỳ báo cáo; ghi một trong: {kinds}")
        found[kind] = day
    return found


def _targets(value: Any) -> Any:
    """Registered targets: member id -> {dotted field key -> whole number}, each read as its
    field reads it (`12 cuộc` for inspections); what its field cannot read is left as typed,
    for the model to say why at its key."""
    from tdcli.model.catalogue import ValueKind, field_spec, whole_number

    if not isinstance(value, dict):
        return value
    read: dict[Any, Any] = {}
    for member_id, member_targets in value.items():
        if not isinstance(member_targets, dict):
            read[member_id] = member_targets
            continue
        read[member_id] = {}
        for key, target in member_targets.items():
            spec = field_spec(str(key))
            if spec is None or spec.kind is ValueKind.TEXT:
                raise ValueError(f"'{key}' không phải chỉ tiêu số (xem: tdcli indicators)")
            try:
                read[member_id][key] = whole_number(target, spec.indicator)
            except PydanticCustomError:
                read[member_id][key] = target  # as typed: the model says why, at its key
    return read


class YearConfig(_Model):
    """What holds for one year: members, chair and vice chair, theme, place, commitments."""

    members: list[Member] = Field(min_length=1)
    chair: str
    vice_chair: str | None = None
    theme: Text | None = None
    place: Text
    commitments: list[Text] = Field(default_factory=list)
    contact: Annotated[Contact, BeforeValidator(_contact)] | None = None
    """Where members send their submissions (an office with its address, e-mail and phone, or
    one line of text), shown on the form and the annotated copies."""
    deadlines: Annotated[dict[str, date], BeforeValidator(_deadlines)] = Field(default_factory=dict)
    """The day each period's report is due, by the period's kind (`H1`, `FY`...): the form
    says it."""
    signing: Signing | None = None
    """The pledge's signing, when it has happened: the review says it only then."""
    activities: list[Text] = Field(default_factory=list)
    """What the cluster did together that year (meetings, exchanges), for the reports."""
    duties: Duties | None = None
    """The chair's and vice chair's duties in the pledge; defaults when absent."""
    targets: Annotated[dict[str, dict[str, WholeNumber]], BeforeValidator(_targets)] = Field(
        default_factory=dict
    )
    """Members' registered targets (bảng đăng ký chỉ tiêu thi đua): id -> {field key: number}."""

    @cached_property
    def members_by_id(self) -> dict[str, Member]:
        """Each member by its id; the first one where an id is repeated (an error in itself)."""
        found: dict[str, Member] = {}
        for member in self.members:
            found.setdefault(member.id, member)
        return found

    def member(self, member_id: str) -> Member | None:
        return self.members_by_id.get(member_id)

    @property
    def member_ids(self) -> list[str]:
        return [member.id for member in self.members]

    def deadline(self, period: Period) -> date | None:
        """The day the period's report is due, when cluster.yaml gives it."""
        return self.deadlines.get(period.kind.value)


class ClusterConfig(_Model):
    """The content of `cluster.yaml`."""

    name: Text
    ministry: list[Dated] = Field(min_length=1)
    parent_body: list[Dated] = Field(default_factory=list)
    decision: Decision | None = None
    legal_bases: list[Dated] = Field(default_factory=list)
    recipients: list[Dated] = Field(default_factory=list)
    document_symbol: Text = "CTĐ"
    """The issuer's part of a document number, as in "Số: 05/BC-CTĐ"."""
    years: dict[Year, YearConfig] = Field(min_length=1)

    def ministry_on(self, day: date) -> str:
        names = _on(self.ministry, day)
        return names[0] if names else self.ministry[-1].text

    def parent_body_on(self, day: date) -> str:
        """The parent body in document headers; the ministry unless cluster.yaml says otherwise."""
        names = _on(self.parent_body, day)
        return names[0] if names else self.ministry_on(day)

    def legal_bases_on(self, day: date) -> list[str]:
        return _on(self.legal_bases, day)

    def recipients_on(self, day: date) -> list[str]:
        return _on(self.recipients, day)
