"""The workspace a cluster's secretariat keeps: `cluster.yaml` and `submissions/<period>/`.

Every institution, person and place is data here, dated where names change (the ministry
before and after 01/3/2025, the legal bases, the recipients), and kept per year where it
rotates (members, chair, vice chair, theme, place, pledge commitments).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from tdcli.catalogue import WholeNumber
from tdcli.errors import UsageError
from tdcli.issues import Issue, make_issue
from tdcli.model_errors import issues_from_validation_error, suggestion
from tdcli.provinces import Province, registry
from tdcli.read.yamlfile import YamlDocument, read_yaml

__all__ = [
    "CLUSTER_FILE",
    "SUBMISSIONS_DIR",
    "ClusterConfig",
    "DatedText",
    "Decision",
    "Member",
    "Workspace",
    "WorkspaceNotFound",
    "YearConfig",
    "find_workspace",
    "load_workspace",
]

CLUSTER_FILE = "cluster.yaml"
SUBMISSIONS_DIR = "submissions"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class WorkspaceNotFound(UsageError):
    """No `cluster.yaml` in the folder given, nor in the current folder or its parents."""


def _clean_text(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(unicodedata.normalize("NFC", value).split())
    return value


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
        if not _SLUG.match(value):
            raise ValueError(
                f"mã thành viên '{value}' chỉ gồm chữ thường không dấu, số và dấu '-' "
                "(ví dụ bac-kan)"
            )
        return value


class Duties(_Model):
    """What the chair and the vice chair undertake in the pledge."""

    chair: list[Text] = Field(default_factory=list)
    vice_chair: list[Text] = Field(default_factory=list)


def _targets(value: Any) -> Any:
    """Registered targets: member id -> {dotted field key -> whole number}."""
    from tdcli.catalogue import ValueKind, field_spec

    if not isinstance(value, dict):
        return value
    for member_targets in value.values():
        if not isinstance(member_targets, dict):
            continue
        for key in member_targets:
            spec = field_spec(str(key))
            if spec is None or spec.kind is ValueKind.TEXT:
                raise ValueError(f"'{key}' không phải chỉ tiêu số (xem: tdcli indicators)")
    return value


class YearConfig(_Model):
    """What holds for one year: members, chair and vice chair, theme, place, commitments."""

    members: list[Member] = Field(min_length=1)
    chair: str
    vice_chair: str | None = None
    theme: Text | None = None
    place: Text
    commitments: list[Text] = Field(default_factory=list)
    contact: Text | None = None
    """Where members send their submissions (an e-mail address, an office), shown on the form."""
    activities: list[Text] = Field(default_factory=list)
    """What the cluster did together that year (meetings, exchanges), for the reports."""
    duties: Duties | None = None
    """The chair's and vice chair's duties in the pledge; defaults when absent."""
    targets: Annotated[dict[str, dict[str, WholeNumber]], BeforeValidator(_targets)] = Field(
        default_factory=dict
    )
    """Members' registered targets (bảng đăng ký chỉ tiêu thi đua): id -> {field key: number}."""

    def member(self, member_id: str) -> Member | None:
        return next((member for member in self.members if member.id == member_id), None)

    @property
    def member_ids(self) -> list[str]:
        return [member.id for member in self.members]


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
    years: dict[int, YearConfig] = Field(min_length=1)

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


@dataclass(frozen=True)
class Workspace:
    """A loaded workspace: its folder, its configuration and each member's province."""

    root: Path
    config: ClusterConfig
    provinces: dict[tuple[int, str], Province] = field(default_factory=dict)

    @property
    def cluster_file(self) -> Path:
        return self.root / CLUSTER_FILE

    @property
    def submissions_dir(self) -> Path:
        return self.root / SUBMISSIONS_DIR

    def year(self, year: int) -> YearConfig | None:
        return self.config.years.get(year)

    def province_of(self, year: int, member_id: str) -> Province | None:
        return self.provinces.get((year, member_id))


def find_workspace(start: Path | None = None, *, search_parents: bool = True) -> Path:
    """The folder holding `cluster.yaml`: `start` itself or its nearest parent that has one."""
    here = (start or Path.cwd()).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents) if search_parents else (here,):
        if (folder / CLUSTER_FILE).is_file():
            return folder
    raise WorkspaceNotFound(
        f"Không tìm thấy {CLUSTER_FILE} trong {here} hay thư mục cha nào; "
        "dùng --workspace DIR hoặc tạo mới bằng 'tdcli init DIR'"
    )


def load_workspace(root: Path) -> tuple[Workspace | None, list[Issue]]:
    """Read and check `cluster.yaml`; problems come back as issues located by line."""
    file = root / CLUSTER_FILE
    document, issues = read_yaml(file)
    if document is None:
        return None, issues
    if not isinstance(document.data, dict):
        issues.append(
            make_issue(
                "wrong-type",
                file=file,
                location=document.location(()),
                detail="phải là một nhóm các mục",
            )
        )
        return None, issues
    try:
        config = ClusterConfig.model_validate(document.data)
    except ValidationError as error:
        issues.extend(
            issues_from_validation_error(
                error, file=file, locate=document.location, model=ClusterConfig
            )
        )
        return None, issues
    provinces, year_issues = _check_years(config, document, file)
    issues.extend(year_issues)
    return Workspace(root=root, config=config, provinces=provinces), issues


def _check_years(
    config: ClusterConfig, document: YamlDocument, file: Path
) -> tuple[dict[tuple[int, str], Province], list[Issue]]:
    provinces: dict[tuple[int, str], Province] = {}
    issues: list[Issue] = []
    for year, year_config in config.years.items():
        found, year_issues = _check_year(year, year_config, document, file, config.name)
        provinces.update({(year, member_id): unit for member_id, unit in found.items()})
        issues.extend(year_issues)
    return provinces, issues


def _check_year(
    year: int, year_config: YearConfig, document: YamlDocument, file: Path, cluster: str
) -> tuple[dict[str, Province], list[Issue]]:
    """A year's members against the provinces of that year, and its chair and vice chair."""
    units = registry()
    provinces: dict[str, Province] = {}
    issues: list[Issue] = []

    def add(code: str, *path: str | int, **params: Any) -> None:
        location = document.location(("years", str(year), *path))
        issues.append(make_issue(code, file=file, location=location, year=year, **params))

    ids = Counter(member.id for member in year_config.members)
    seen_provinces: set[str] = set()
    for index, member in enumerate(year_config.members):
        where = ("members", index)
        if ids[member.id] > 1 and year_config.member_ids.index(member.id) != index:
            add("duplicate-member", *where, "id", value=member.id)
        unit = units.find(member.province, year)
        if unit is None:
            close = units.suggest(member.province, year)
            hint = f"; có phải là {', '.join(close)}?" if close else ""
            add("unknown-province", *where, "province", value=member.province, suggestion=hint)
        elif unit.code in seen_provinces:
            add("duplicate-province", *where, "province", value=unit.name)
        else:
            seen_provinces.add(unit.code)
            provinces[member.id] = unit
        if member.director is None:
            add("missing-director", *where, member=member.department)
    for role_key, role in (("chair", "Cụm trưởng"), ("vice_chair", "Cụm phó")):
        chosen = getattr(year_config, role_key)
        if chosen is not None and year_config.member(chosen) is None:
            add("unknown-role-member", role_key, value=chosen, role=role)
    if year_config.vice_chair is not None and year_config.vice_chair == year_config.chair:
        add("same-chair-and-vice", "vice_chair")
    for member_id in year_config.targets:
        if year_config.member(member_id) is None:
            add(
                "unknown-member",
                "targets",
                member_id,
                value=member_id,
                cluster=cluster,
                suggestion=suggestion(member_id, year_config.member_ids),
            )
    return provinces, issues
