"""The emulation pledge's content (giao ước thi đua): the template context, as a pure function of
the workspace, the year and the signing date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tdcli.contents.official import header_context, legal_basis_lines, signature_rows
from tdcli.contents.phrases import bullet_lines, province_list
from tdcli.workspace import Workspace

__all__ = ["PledgeDefaults", "pledge_context"]


@dataclass(frozen=True)
class PledgeDefaults:
    """What a pledge says when cluster.yaml does not: the sector's usual commitments and the
    chair's and vice chair's usual duties (package data, `data/pledge-defaults.yaml`)."""

    commitments: tuple[str, ...]
    chair_duties: tuple[str, ...]
    vice_chair_duties: tuple[str, ...]


def pledge_context(
    workspace: Workspace, year_number: int, signing_date: date, defaults: PledgeDefaults
) -> dict[str, Any]:
    """Everything the pledge's template uses; templates/README.md lists it."""
    config = workspace.config
    year = workspace.year(year_number)
    if year is None:
        raise LookupError(f"cluster.yaml has no year {year_number}")
    provinces = {member: unit.name for member, unit in workspace.provinces_in(year_number).items()}
    ministry = config.ministry_on(signing_date)
    listing = province_list(list(provinces.values()))
    chair = year.member(year.chair)
    vice = year.member(year.vice_chair) if year.vice_chair else None
    duties = year.duties
    commitments = list(year.commitments) or list(defaults.commitments)
    return {
        "header": header_context(config, year, signing_date),
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
