"""The table model as pure data, and the same table through Word, Excel and the terminal."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from rich.console import Console

from tdcli.cli.output import print_table
from tdcli.compute.aggregate import MemberRef, aggregate
from tdcli.contents.official import chair_signer, number_line, recipients
from tdcli.contents.tables import (
    Column,
    ColumnKind,
    Figure,
    Sheet,
    Table,
    cell_text,
    member_figures_table,
    review_sheets,
    review_tables,
    totals_table,
    trend_sheets,
)
from tdcli.model.catalogue import Submission, field_spec
from tdcli.model.periods import Period
from tdcli.model.provinces import registry
from tdcli.render.outputs import (
    Outputs,
    refuse_overwrite,
    report_stem,
    safe_name,
    year_summary_files,
)
from tdcli.render.xlsx import write_workbook
from tdcli.workspace.layout import WorkspaceLayout

H1 = Period.parse("2022-H1")


def _submission(member: str, period: Period, **groups: dict[str, Any]) -> Submission:
    return Submission.model_validate({"member": member, "period": period.code, **groups})


def _aggregate() -> Any:
    members = [
        MemberRef("bac-kan", "Sở Bắc Kạn", registry().get("bac-kan")),
        MemberRef("cao-bang", "Sở Cao Bằng", registry().get("cao-bang")),
    ]
    current = {
        "bac-kan": _submission("bac-kan", H1, fines={"amount_vnd": 121_500_000, "decisions": 3}),
        "cao-bang": _submission("cao-bang", H1, fines={"amount_vnd": 2_800_000_000}),
    }
    previous = {
        "bac-kan": _submission("bac-kan", H1.previous_year(), fines={"amount_vnd": 100_000_000})
    }
    provinces = {member.id: member.province for member in members}
    return aggregate(H1, members, current, previous, provinces)


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (Figure(None), "-"),
        (Figure(0), "0"),
        (Figure(3_050), "3.050"),
        (Figure(121_450_000, 1_000_000), "121,5"),
        (Figure(2_800_000_000, 1_000_000), "2.800"),
        (7, "7"),
        ("tăng 12,5%", "tăng 12,5%"),
    ],
    ids=["none", "zero", "count", "millions", "billions", "row-number", "text"],
)
def test_a_cell_reads_as_the_documents_show_it(cell: Any, text: str) -> None:
    assert cell_text(cell) == text


def test_money_columns_are_in_millions_because_the_catalogue_says_so() -> None:
    spec = field_spec("fines.amount_vnd")
    assert spec is not None
    assert spec.column_label == "Tổng số tiền xử phạt (triệu đồng)"
    assert Figure.of(spec, 5).divisor == 1_000_000
    count = field_spec("fines.decisions")
    assert count is not None and Figure.of(count, 5).divisor == 1


def test_review_tables_have_members_a_total_and_the_comparison() -> None:
    fines = next(table for table in review_tables(_aggregate()) if "Xử phạt" in table.title)
    headers = [column.header for column in fines.columns]
    assert headers[:2] == ["STT", "Đơn vị"]
    assert headers[-1] == "Tổng số tiền xử phạt: so với cùng kỳ"
    assert [cell_text(cell) for cell in fines.rows[0]] == [
        "1",
        "Bắc Kạn",
        "3",
        "121,5",
        "-",
        "tăng 21,5%",
    ]
    assert fines.total is not None
    assert [cell_text(cell) for cell in fines.total][:5] == ["", "Tổng cộng", "3", "2.921,5", "-"]
    assert cell_text(fines.total[-1]) == "tăng 21,5%*"  # compared on fewer members: marked


def test_sheets_totals_member_page_and_trend_come_from_the_same_cells() -> None:
    result = _aggregate()
    sheets = review_sheets(result, "Cụm thi đua số II")
    (sheet,) = [sheet for sheet in sheets if sheet.name == "Xử phạt VPHC"]
    assert sheet.subtitle == "Cụm thi đua số II — 6 tháng đầu năm 2022"
    assert sheets[0].tables[0].note == "Ghi chú: ô để trống là không có số liệu."
    assert sheet.tables[0].rows == next(
        table.rows for table in review_tables(result) if "Xử phạt" in table.title
    )
    totals = {row[0]: row for row in totals_table(result).rows}
    assert cell_text(totals["Tổng số tiền xử phạt (triệu đồng)"][1]) == "2.921,5"
    page = {row[0]: row for row in member_figures_table(result, "cao-bang").rows}
    assert [cell_text(cell) for cell in page["Tổng số tiền xử phạt (triệu đồng)"][1:]] == [
        "2.800",
        "-",
        "-",
    ]
    (fines_trend,) = [sheet for sheet in trend_sheets([result]) if sheet.name == "Xử phạt VPHC"]
    assert fines_trend.tables[1].columns[1].header == "2022 (6 tháng đầu)"


def test_the_workbook_holds_numbers_and_cached_totals(tmp_path: Path) -> None:
    table = Table(
        title="",
        columns=[
            Column("STT", ColumnKind.ORDINAL),
            Column("Đơn vị", ColumnKind.NAME),
            Column("Tiền (triệu đồng)", summed=True),
            Column("Không ai báo cáo", summed=True),
        ],
        rows=[
            [1, "A", Figure(1_500_000, 1_000_000), Figure(None)],
            [2, "=cmd|' /C calc'!A0", Figure(2_000_000, 1_000_000), Figure(None)],
        ],
        total=["", "Tổng cộng", Figure(3_500_000, 1_000_000), Figure(None)],
        note="Ghi chú",
    )
    target = write_workbook([Sheet("Bảng", "BẢNG", [table])], tmp_path / "t.xlsx")
    sheet = load_workbook(target, data_only=True)["Bảng"]
    rows = [row for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]
    assert rows[1] == ("STT", "Đơn vị", "Tiền (triệu đồng)", "Không ai báo cáo")
    assert rows[2] == (1, "A", 1.5, None)
    assert rows[3][1] == "=cmd|' /C calc'!A0"  # text, never a formula
    assert rows[4] == (None, "Tổng cộng", 3.5, None)  # the cached SUM; no data is not 0
    formulas = load_workbook(target)["Bảng"]
    assert str(formulas.cell(row=rows.index(rows[4]) + 2, column=3).value).startswith("=SUM(")


def test_the_terminal_shows_the_same_text() -> None:
    buffer = io.StringIO()
    print_table(totals_table(_aggregate()), Console(file=buffer, width=200))
    assert (
        "2.921,5" in buffer.getvalue() and "Tổng số tiền xử phạt (triệu đồng)" in buffer.getvalue()
    )


def test_official_parts() -> None:
    from tdcli.model.cluster import ClusterConfig

    config = ClusterConfig.model_validate(
        {
            "name": "Cụm thi đua số II",
            "ministry": ["Bộ Tài nguyên và Môi trường"],
            "recipients": [{"text": "Bộ A", "until": "2024-12-31"}, "Vụ B"],
            "years": {
                2022: {
                    "members": [
                        {
                            "id": "lang-son",
                            "province": "Lạng Sơn",
                            "department": "Sở Lạng Sơn",
                            "director": "Vi Văn Tuấn",
                        }
                    ],
                    "chair": "lang-son",
                    "place": "Lạng Sơn",
                }
            },
        }
    )
    chair = config.years[2022].member("lang-son")
    assert number_line("BC", "CTĐ") == "Số:       /BC-CTĐ"
    from datetime import date

    assert recipients(config, date(2022, 7, 5), chair) == [
        "- Bộ A;",
        "- Vụ B;",
        "- Sở Lạng Sơn;",
        "- Lưu: VT.",
    ]
    assert recipients(config, date(2025, 7, 5), None) == ["- Vụ B;", "- Lưu: VT."]
    assert chair_signer(config, chair) == {
        "authority": "TM. CỤM THI ĐUA SỐ II",
        "role": "CỤM TRƯỞNG",
        "title": "GIÁM ĐỐC SỞ LẠNG SƠN",
        "name": "Vi Văn Tuấn",
    }


def test_output_names(tmp_path: Path) -> None:
    outputs = Outputs(WorkspaceLayout(tmp_path))
    assert outputs.review(H1) == tmp_path / "out" / "bao-cao-so-ket-6-thang-dau-nam-2022.docx"
    assert report_stem(Period(2021)) == "bao-cao-tong-ket-nam-2021"
    assert outputs.pledge(2022).name == "giao-uoc-thi-dua-nam-2022.docx"
    assert outputs.forms_folder(H1) == tmp_path / "out" / "forms" / "2022-H1"
    assert safe_name("Đắk Lắk – Sở NN&MT") == "dak-lak-so-nn-mt"
    files = year_summary_files(H1, ["bac-kan"], trend=True)
    assert files.all == [
        "2022/bao-cao-so-ket-6-thang-dau-nam-2022.docx",
        "2022/bao-cao-so-ket-6-thang-dau-nam-2022.xlsx",
        "2022/bieu-do-theo-don-vi.png",
        "2022/bieu-do-qua-cac-nam.png",
        "2022/thanh-vien/bac-kan.docx",
    ]
    assert year_summary_files(H1, [], trend=False).trend_chart is None


def test_an_output_never_replaces_an_input(tmp_path: Path) -> None:
    from tdcli.errors import UsageError

    source = tmp_path / "a.yaml"
    with pytest.raises(UsageError):
        refuse_overwrite([tmp_path / "sub" / ".." / "a.yaml"], [source])
    refuse_overwrite([tmp_path / "b.docx"], [source])


def test_the_trend_follows_the_periods_in_time_order() -> None:
    from tdcli.compute.trends import trend
    from tdcli.model.catalogue import main_indicators

    first = _aggregate()
    later = aggregate(
        Period(2023),
        [MemberRef("bac-kan", "Sở Bắc Kạn", registry().get("bac-kan"))],
        {"bac-kan": _submission("bac-kan", Period(2023), fines={"amount_vnd": 7})},
    )
    across = trend([later, first])
    assert across.periods == (H1, Period(2023))
    assert tuple(across.values) == main_indicators()
    assert across.values["fines.amount_vnd"] == (2_921_500_000, 7)
    assert across.values["inspections.total"] == (None, None)
    assert across.until(2022).periods == (H1,)
    assert across.until(2022).values["fines.amount_vnd"] == (2_921_500_000,)
