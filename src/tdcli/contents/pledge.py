"""The emulation pledge's content (giao ước thi đua): the template context, as a pure function of
the workspace, the year and the signing date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tdcli.contents.phrases import bullet_lines
from tdcli.contents.review import header_context
from tdcli.model.cluster import Member, YearConfig
from tdcli.model.vnformat import vn_sorted
from tdcli.workspace import Workspace

__all__ = [
    "PledgeDefaults",
    "grid_columns",
    "legal_basis_lines",
    "pledge_context",
    "signature_rows",
]

EMPTY_BLOCK = {"department": "", "caption": "", "title": "", "name": ""}


@dataclass(frozen=True)
class PledgeDefaults:
    """What a pledge says when cluster.yaml does not: the sector's usual commitments and the
    chair's and vice chair's usual duties (package data, `data/pledge-defaults.yaml`)."""

    commitments: tuple[str, ...]
    chair_duties: tuple[str, ...]
    vice_chair_duties: tuple[str, ...]


def legal_basis_lines(bases: Sequence[str]) -> list[str]:
    """`Căn cứ ...;` one per line, the last ending with a full stop."""
    lines = []
    for index, text in enumerate(bases):
        text = text.strip().rstrip(".;")
        if not text.lower().startswith("căn cứ"):
            text = f"Căn cứ {text}"
        lines.append(text + ("." if index == len(bases) - 1 else ";"))
    return lines


def grid_columns(count: int) -> int:
    """Blocks per row: two for a small cluster, three otherwise."""
    return 2 if count <= 4 else 3


def _block(member: Member, caption: str) -> dict[str, str]:
    return {
        "department": member.department.upper(),
        "caption": caption,
        "title": member.director_title.upper(),
        "name": member.director or "",
    }


def signature_rows(year: YearConfig, provinces: dict[str, str]) -> list[list[dict[str, str]]]:
    """Rows of three cells: the chair first, then the vice chair, then the others in Vietnamese
    order of their provinces. With two blocks a row they take the outer cells; a last row
    with one block has it in the middle."""
    chair = year.member(year.chair)
    vice = year.member(year.vice_chair) if year.vice_chair else None
    others = vn_sorted(
        [m for m in year.members if m is not chair and m is not vice],
        key=lambda member: provinces.get(member.id, member.department),
    )
    blocks = []
    if chair is not None:
        blocks.append(_block(chair, "Cụm trưởng"))
    if vice is not None:
        blocks.append(_block(vice, "Cụm phó"))
    blocks.extend(_block(member, "") for member in others)
    per_row = grid_columns(len(blocks))
    rows = []
    for start in range(0, len(blocks), per_row):
        chunk = blocks[start : start + per_row]
        if len(chunk) == 1:
            rows.append([EMPTY_BLOCK, chunk[0], EMPTY_BLOCK])
        elif len(chunk) == 2:
            rows.append([chunk[0], EMPTY_BLOCK, chunk[1]])
        else:
            rows.append(chunk)
    return rows


def pledge_context(
    workspace: Workspace, year_number: int, signing_date: date, defaults: PledgeDefaults
) -> dict[str, Any]:
    """Everything the pledge's template uses; templates/README.md lists it."""
    config = workspace.config
    year = workspace.year(year_number)
    if year is None:
        raise LookupError(f"cluster.yaml has no year {year_number}")
    provinces = {
        member.id: unit.name
        for member in year.members
        if (unit := workspace.province_of(year_number, member.id)) is not None
    }
    ministry = config.ministry_on(signing_date)
    names = vn_sorted(provinces.values())
    listing = ", ".join(names[:-1]) + f" và {names[-1]}" if len(names) > 1 else "".join(names)
    chair = year.member(year.chair)
    vice = year.member(year.vice_chair) if year.vice_chair else None
    duties = year.duties
    commitments = list(year.commitments) or list(defaults.commitments)
    return {
        "header": header_context(workspace, year, signing_date),
        "document": {
            "title": f"GIAO ƯỚC THI ĐUA NĂM {year_number}",
            "summary": f"{config.name} thuộc {ministry}",
        },
        "legal_bases": legal_basis_lines(config.legal_bases_on(signing_date)),
        "year": year_number,
        "theme": year.theme or "",
        "members_sentence": (
            f"{config.name} gồm {len(provinces):02d} đơn vị: Sở các tỉnh, thành phố {listing}."
        ),
        "intro": (
            f"Nhằm thực hiện thắng lợi nhiệm vụ chính trị năm {year_number}, các Sở thành viên "
            f"{config.name} thống nhất ký kết giao ước thi đua năm {year_number}"
            + (" với chủ đề:" if year.theme else " với các nội dung sau:")
        ),
        "commitments": [
            f"{index}. {text.rstrip('.')}." for index, text in enumerate(commitments, 1)
        ],
        "chair": {
            "department": chair.department if chair else "",
            "duties": bullet_lines(
                [
                    text.rstrip(".;")
                    for text in (duties.chair if duties and duties.chair else defaults.chair_duties)
                ]
            ),
        },
        "vice_chair": {
            "department": vice.department if vice else "",
            "duties": bullet_lines(
                [
                    text.rstrip(".;")
                    for text in (
                        duties.vice_chair
                        if duties and duties.vice_chair
                        else defaults.vice_chair_duties
                    )
                ]
            ),
        },
        "closing": (
            f"Giao ước thi đua năm {year_number} được các Sở thành viên {config.name} nhất trí "
            "thông qua, cùng ký tên dưới đây và nghiêm túc tổ chức thực hiện./."
        ),
        "signature_rows": signature_rows(year, provinces),
        "has_targets": bool(year.targets),
    }
