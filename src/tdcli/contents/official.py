"""The official parts every document shares (Nghị định 30/2020/NĐ-CP): the header, the number
line, the legal bases, the recipients, the signer and the pledge's signature grid."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from tdcli.contents.lines import broken
from tdcli.model.cluster import ClusterConfig, Member, YearConfig
from tdcli.model.issues import Issue, make_issue
from tdcli.model.vnformat import date_short, place_date, vn_sorted

__all__ = [
    "CLOSING_LEFT_MM",
    "EMPTY_BLOCK",
    "GRID_COLUMNS",
    "HEADER_LEFT_MM",
    "NUMBER_BLANK",
    "TEXT_WIDTH_MM",
    "chair_signer",
    "default_date_issues",
    "era_changes",
    "grid_columns",
    "header_context",
    "legal_basis_lines",
    "number_line",
    "recipients",
    "signature_rows",
]

NUMBER_BLANK = "      "
"""The space left for the document's number, written by hand when it is registered."""

EMPTY_BLOCK = {"department": "", "caption": "", "title": "", "name": ""}

# The columns the bundled templates give the official parts (`tools/build_templates.py` builds
# them from these), which the names in them are broken into lines for.
TEXT_WIDTH_MM = 165.0
"""An A4 page less Nghị định 30's margins (30 mm left, 15 mm right)."""
HEADER_LEFT_MM = 70.0
"""The header's left column: parent and issuing body (cell margins 0,5 mm)."""
CLOSING_LEFT_MM = 75.0
"""The closing's left column, the recipients; the signer has the rest (cell margins 1,9 mm)."""
GRID_COLUMNS = 3
"""The signature grid's columns, of equal width (cell margins 1,9 mm)."""
_CELL_MARGINS_MM = 3.8


def _header_line(text: str, *, bold: bool) -> str:
    return broken(text, HEADER_LEFT_MM - 1.0, 12, bold=bold)


def _signer_line(text: str, size: float) -> str:
    return broken(text, TEXT_WIDTH_MM - CLOSING_LEFT_MM - _CELL_MARGINS_MM, size, bold=True)


def _grid_line(text: str) -> str:
    return broken(text, TEXT_WIDTH_MM / GRID_COLUMNS - _CELL_MARGINS_MM, 12, bold=True)


def era_changes(config: ClusterConfig, reference: date, day: date) -> list[str]:
    """What a document dated `day` says differently from one dated `reference` (when the
    period it speaks of ended, or the pledge was signed): the ministry, the parent body of
    the header, the legal bases; empty when both days are in one institutional era."""
    changes = []
    before, after = config.ministry_on(reference), config.ministry_on(day)
    if before != after:
        changes.append(f"tên Bộ ({before} → {after})")
    before, after = config.parent_body_on(reference), config.parent_body_on(day)
    if before != after and not changes:
        changes.append(f"cơ quan chủ quản ({before} → {after})")
    if config.legal_bases_on(reference) != config.legal_bases_on(day):
        changes.append("các căn cứ pháp lý")
    return changes


def default_date_issues(
    config: ClusterConfig, file: Path, what: str, reference: date, day: date
) -> list[Issue]:
    """The warning a document dated by default (`day`, today) gets when that puts it in
    another institutional era than `what` it speaks of (`reference`)."""
    changes = era_changes(config, reference, day)
    if not changes:
        return []
    return [
        make_issue(
            "date-other-era",
            file=file,
            day=date_short(day),
            what=what,
            changes="; ".join(changes),
            reference=date_short(reference),
            suggested=f"{reference:%d/%m/%Y}",
        )
    ]


def header_context(config: ClusterConfig, year: YearConfig, day: date) -> dict[str, str]:
    """The document header: parent and issuing body in upper case, each broken by meaning where
    the header's column needs it, and the place-date line."""
    return {
        "parent_body": _header_line(config.parent_body_on(day).upper(), bold=False),
        "issuer": _header_line(config.name.upper(), bold=True),
        "place_date": place_date(year.place, day),
    }


def number_line(kind: str, symbol: str) -> str:
    """`Số:       /BC-CTĐ`: the number line of a document of `kind` (BC: báo cáo)."""
    return f"Số: {NUMBER_BLANK}/{kind}-{symbol}"


def recipients(config: ClusterConfig, day: date, chair: Member | None) -> list[str]:
    """`Nơi nhận:` lines: the dated recipients, the chair, and the archive."""
    lines = [f"- {text};" for text in config.recipients_on(day)]
    if chair is not None:
        lines.append(f"- {chair.department};")
    lines.append("- Lưu: VT.")
    return lines


def chair_signer(config: ClusterConfig, chair: Member | None) -> dict[str, str]:
    """The signature block of a document the chair signs for the cluster, its lines broken by
    meaning where the signer's column needs it."""
    title = f"{chair.director_title} {chair.department}".upper() if chair else ""
    return {
        "authority": _signer_line(f"TM. {config.name.upper()}", 14),
        "role": "CỤM TRƯỞNG",
        "title": _signer_line(title, 13),
        "name": (chair.director or "") if chair is not None else "",
    }


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
        "department": _grid_line(member.department.upper()),
        "caption": caption,
        "title": _grid_line(member.director_title.upper()),
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
