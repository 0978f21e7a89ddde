"""`tdcli pledge`: the year's pledge reopened and checked."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from docx_helpers import body_texts, open_docx, run_fonts
from tdcli.contents.official import grid_columns, legal_basis_lines
from tdcli.model.provinces import registry

from conftest import Invoke
from helpers import ROOT, issue_pairs

NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Vũ Thị Giang",
    "Đặng Văn Hải",
    "Bùi Thị Hạnh",
    "Đỗ Văn Khánh",
    "Hồ Thị Lan",
    "Ngô Văn Minh",
    "Dương Thị Nga",
    "Lý Văn Phúc",
    "Mai Thị Quyên",
    "Trịnh Văn Sơn",
]


def make_cluster(
    folder: Path,
    count: int,
    year: int,
    *,
    directors: bool = True,
    targets: bool = False,
    commitments: bool = True,
) -> Path:
    """A workspace of `count` members in `year`, pre- or post-2025 by the year."""
    units = [unit for unit in registry().in_year(year) if year < 2025 or unit.until is None][:count]
    sector = "Sở Tài nguyên và Môi trường" if year < 2025 else "Sở Nông nghiệp và Môi trường"
    lines = [
        "name: Cụm thi đua số V",
        "ministry:",
        "  - text: Bộ Tài nguyên và Môi trường",
        "    until: 2025-02-28",
        "  - text: Bộ Nông nghiệp và Môi trường",
        "    since: 2025-03-01",
        "legal_bases:",
        "  - text: Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022",
        "    since: 2024-01-01",
        "  - text: Luật Thi đua, khen thưởng ngày 26/11/2003",
        "    until: 2023-12-31",
        "  - Căn cứ Quyết định số 395/QĐ-BTNMT ngày 02/3/2022 của Bộ Tài nguyên và Môi trường;",
        "years:",
        f"  {year}:",
        "    theme: Kỷ cương, trách nhiệm, đổi mới, hội nhập, hiệu quả",
        "    place: Hà Nội",
        f"    chair: m{count - 1}",
        "    vice_chair: m0" if count > 1 else "",
        "    members:",
    ]
    for index, unit in enumerate(units):
        lines += [
            f"      - id: m{index}",
            f"        province: {unit.name}",
            f"        department: {sector} {unit.kind} {unit.name}",
        ]
        if directors and index != 1:
            lines.append(f"        director: {NAMES[index]}")
    if commitments:
        lines += [
            "    commitments:",
            "      - Hoàn thành xuất sắc nhiệm vụ được giao.",
            "      - Đẩy mạnh chuyển đổi số",
        ]
    if targets:
        lines += [
            "    targets:",
            "      m0:",
            "        inspections.total: 12",
            "        fines.amount_vnd: 1,5 tỷ",
            f"      m{count - 1}:",
            "        trainings.sessions: 8",
        ]
    (folder / "submissions").mkdir(parents=True, exist_ok=True)
    (folder / "cluster.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def signature_table(path: Path) -> Any:
    return next(
        t
        for t in open_docx(path).tables
        if "GIÁM ĐỐC" in t.rows[0].cells[0].text + t.rows[0].cells[1].text
    )


def blocks(path: Path) -> list[list[str]]:
    """The signature blocks of the pledge: the texts of each non-empty cell of the grid."""
    grid = signature_table(path)
    found = []
    for row in grid.rows:
        for cell in row.cells:
            texts = [p.text.replace("\n", " ") for p in cell.paragraphs if p.text.strip()]
            if texts:
                found.append(texts)
    return found


@pytest.mark.parametrize("count", [3, 9, 10, 15])
@pytest.mark.parametrize("year", [2022, 2026])
def test_the_grid_has_a_block_per_member(
    cli: Invoke, tmp_path: Path, count: int, year: int
) -> None:
    folder = make_cluster(tmp_path / "ws", count, year)
    target = tmp_path / "pledge.docx"
    result = cli("pledge", "-y", year, "-w", folder, "-o", target, "--date", f"{year}-03-15")
    assert result.exit_code == 0, result.stdout + result.stderr
    found = blocks(target)
    assert len(found) == count
    sector = "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG" if year < 2025 else "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
    assert all(block[0].startswith(sector) and "GIÁM ĐỐC" in block for block in found)
    assert found[0][1] == "Cụm trưởng" and found[0][-1] == NAMES[count - 1]
    names = {block[-1] for block in found}
    for index in range(count):
        if index != 1:
            assert NAMES[index] in names
    grid = signature_table(target)
    assert all(row._tr.find(f".//{qn('w:cantSplit')}") is not None for row in grid.rows)
    per_row = grid_columns(count)
    assert len(grid.rows) == -(-count // per_row)


def test_content_theme_commitments_and_legal_bases(cli: Invoke, tmp_path: Path) -> None:
    folder = make_cluster(tmp_path / "ws", 9, 2024)
    target = tmp_path / "p.docx"
    assert (
        cli("pledge", "-y", 2024, "-w", folder, "-o", target, "--date", "2024-03-15").exit_code == 0
    )
    texts = body_texts(open_docx(target))
    assert "GIAO ƯỚC THI ĐUA NĂM 2024" in texts
    assert "Cụm thi đua số V thuộc Bộ Tài nguyên và Môi trường" in texts
    assert "“Kỷ cương, trách nhiệm, đổi mới, hội nhập, hiệu quả”" in texts
    assert "1. Hoàn thành xuất sắc nhiệm vụ được giao." in texts
    assert "2. Đẩy mạnh chuyển đổi số." in texts
    bases = [text for text in texts if text.startswith("Căn cứ")]
    assert bases == [
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022;",
        "Căn cứ Quyết định số 395/QĐ-BTNMT ngày 02/3/2022 của Bộ Tài nguyên và Môi trường.",
    ]
    document = open_docx(target)
    for paragraph in document.paragraphs:
        if paragraph.text.startswith("Căn cứ"):
            assert all(run.italic for run in paragraph.runs)
    assert any(text.endswith("./.") for text in texts)
    assert "Hà Nội, ngày 15 tháng 3 năm 2024" in texts


def test_page_and_fonts(cli: Invoke, tmp_path: Path) -> None:
    folder = make_cluster(tmp_path / "ws", 9, 2022)
    target = tmp_path / "p.docx"
    assert cli("pledge", "-y", 2022, "-w", folder, "-o", target).exit_code == 0
    document = open_docx(target)
    section = document.sections[0]
    assert round(section.page_width / Mm(1)) == 210 and round(section.page_height / Mm(1)) == 297
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(value / Mm(1)) for value in margins] == [20, 20, 30, 15]
    assert all(
        set(slot.values()) == {"Times New Roman"} for slot in run_fonts(document.styles.element)
    )


def test_after_the_ministries_merged(cli: Invoke, tmp_path: Path) -> None:
    folder = make_cluster(tmp_path / "ws", 4, 2026)
    target = tmp_path / "p.docx"
    assert (
        cli("pledge", "-y", 2026, "-w", folder, "-o", target, "--date", "2026-03-01").exit_code == 0
    )
    texts = body_texts(open_docx(target))
    assert "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in texts
    assert "Cụm thi đua số V thuộc Bộ Nông nghiệp và Môi trường" in texts


def test_a_missing_director_leaves_a_blank_line_and_warns(cli: Invoke, tmp_path: Path) -> None:
    folder = make_cluster(tmp_path / "ws", 3, 2022)
    target = tmp_path / "p.docx"
    result = cli("pledge", "-y", 2022, "-w", folder, "-o", target)
    assert result.exit_code == 0
    assert "Cảnh báo" in result.stdout and "Chưa có tên giám đốc" in result.stdout
    chair, vice, other = blocks(target)  # m1, the one without a director, comes last
    assert other[-1] == "GIÁM ĐỐC"  # no name after the title: the line is left blank
    assert chair[-1] == NAMES[2] and vice[-1] == NAMES[0]


def test_default_commitments_when_the_year_has_none(cli: Invoke, tmp_path: Path) -> None:
    folder = make_cluster(tmp_path / "ws", 3, 2022, commitments=False)
    target = tmp_path / "p.docx"
    assert cli("pledge", "-y", 2022, "-w", folder, "-o", target).exit_code == 0
    numbered = [
        text
        for text in body_texts(open_docx(target))
        if text[:2] in {f"{n}." for n in range(1, 10)}
    ]
    assert len(numbered) >= 7
    assert any("chuyển đổi số" in text for text in numbered)
    assert any("tham nhũng" in text for text in numbered)


def test_registration_table(cli: Invoke, tmp_path: Path) -> None:
    folder = make_cluster(tmp_path / "ws", 3, 2022, targets=True)
    target = tmp_path / "p.docx"
    assert cli("pledge", "-y", 2022, "-w", folder, "-o", target).exit_code == 0
    document = open_docx(target)
    texts = body_texts(document)
    assert "BẢNG ĐĂNG KÝ CHỈ TIÊU THI ĐUA NĂM 2022" in texts
    table = document.tables[-1]
    assert table.rows[0].cells[2].text.startswith("Tổng số cuộc thanh tra")
    assert len(table.rows) == 1 + 3
    values = {row.cells[1].text: [c.text for c in row.cells[2:]] for row in table.rows[1:]}
    assert ["12", "1.500", "-"] in values.values()


def test_no_registration_table_without_targets(cli: Invoke, tmp_path: Path) -> None:
    folder = make_cluster(tmp_path / "ws", 3, 2022)
    target = tmp_path / "p.docx"
    assert cli("pledge", "-y", 2022, "-w", folder, "-o", target).exit_code == 0
    assert "Phụ lục" not in body_texts(open_docx(target))


def test_an_invalid_member_list_stops(cli: Invoke, tmp_path: Path) -> None:
    folder = make_cluster(tmp_path / "ws", 3, 2022)
    cluster = folder / "cluster.yaml"
    text = cluster.read_text(encoding="utf-8")
    cluster.write_text(text.replace("province: Hà Nội", "province: Hà Tây"), encoding="utf-8")
    result = cli("pledge", "-y", 2022, "-w", folder, "-o", tmp_path / "p.docx")
    assert result.exit_code == 1
    assert "Hà Tây" in result.stdout
    assert not (tmp_path / "p.docx").exists()


def test_targets_for_someone_not_a_member(cli: Invoke, tmp_path: Path) -> None:
    folder = make_cluster(tmp_path / "ws", 3, 2022, targets=True)
    cluster = folder / "cluster.yaml"
    cluster.write_text(
        cluster.read_text(encoding="utf-8").replace("      m0:\n", "      mx:\n"), encoding="utf-8"
    )
    result = cli("validate", folder, "--format", "json")
    assert [code for code, _ in issue_pairs(result.stdout)].count("unknown-member") == 1


def test_usage(cli: Invoke, tmp_path: Path) -> None:
    folder = make_cluster(tmp_path / "ws", 3, 2022)
    assert cli("pledge", "-w", folder).exit_code == 2
    assert cli("pledge", "-y", 2030, "-w", folder).exit_code == 1
    assert cli("pledge", "-y", 2022, "-w", folder, "-o", tmp_path / "p.txt").exit_code == 2


def test_the_example_pledge(cli: Invoke, tmp_path: Path) -> None:
    workspace = tmp_path / "cum-ii"
    shutil.copytree(ROOT / "examples" / "cum-ii", workspace)
    assert cli("pledge", "-y", 2022, "-w", workspace, "--date", "2022-03-15").exit_code == 0
    assert len(blocks(workspace / "out" / "giao-uoc-thi-dua-nam-2022.docx")) == 9


def test_legal_basis_punctuation() -> None:
    assert legal_basis_lines(["Luật A", "Căn cứ Nghị định B;", "Thông tư C."]) == [
        "Căn cứ Luật A;",
        "Căn cứ Nghị định B;",
        "Căn cứ Thông tư C.",
    ]
