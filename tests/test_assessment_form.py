"""The self-assessment form (phiếu tự chấm điểm): a scheme's own spec, written and read back by
the same machinery as the indicator form; opened in LibreOffice where it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import test_libreoffice
from tdcli.errors import UsageError
from tdcli.model.formspec import ASSESSMENT_SHEET, META_SHEET, scheme_form_spec
from tdcli.model.issues import Location
from tdcli.model.scheme import Scheme, SelfAssessment, points_text
from tdcli.read.excel import read_excel, read_self_assessment
from tdcli.usecases.assess_form import write_assessment_forms
from tdcli.workspace import Workspace, load_workspace

from helpers import cell_of, fill_form, make_form

SCHEME: dict[str, Any] = {
    "source": {
        "number": "3980/BTNMT-TĐKTTT",
        "date": "2022-11-15",
        "issuer": "Bộ Tài nguyên và Môi trường",
    },
    "scale": 1000,
    "groups": [
        {
            "id": "g1",
            "label": "Thực hiện nhiệm vụ chuyên môn",
            "criteria": [
                {"id": "1.1", "label": "Hoàn thành kế hoạch công tác năm", "max": 20},
                {
                    "id": "tc-2",
                    "label": "Thực hiện chỉ tiêu chuyên môn",
                    "max": 200,
                    "guidance": "Số liệu so với chỉ tiêu đăng ký",
                },
            ],
        },
        {
            "id": "g2",
            "label": "Công tác thi đua, khen thưởng",
            "criteria": [
                {"id": "2.1", "label": "Tổ chức phong trào thi đua", "max": 12.5},
                {"id": "2.2", "label": "Khen thưởng kịp thời", "max": 30},
            ],
        },
    ],
    "bonus": {
        "max": 15,
        "criteria": [{"id": "b_1", "label": "Sáng kiến cấp tỉnh", "max": 20}],
    },
    "penalty": {"criteria": [{"id": "p1", "label": "Chậm gửi báo cáo", "max": 10}]},
}
MAXIMA = {"1.1": 20, "tc-2": 200, "2.1": 12.5, "2.2": 30, "b_1": 20, "p1": 10}
KEYS = {"1.1": "1.1", "tc-2": "tc_2", "2.1": "2.1", "2.2": "2.2", "b_1": "b_1", "p1": "p1"}


def _scheme(**changes: Any) -> Scheme:
    return Scheme.model_validate({**SCHEME, **changes})


def _workspace(folder: Path) -> Workspace:
    loaded, _ = load_workspace(folder)
    assert loaded is not None
    return loaded


def _write(folder: Path, target: Path, scheme: Scheme | None = None, **options: Any) -> Path:
    result = write_assessment_forms(
        _workspace(folder),
        2022,
        scheme or _scheme(),
        ["bac-kan"],
        output=target,
        force=options.pop("force", False),
        **options,
    )
    assert result.report.valid and result.members == ["bac-kan"]
    (written,) = result.written
    return written


@pytest.fixture
def form(workspace: Path, tmp_path: Path) -> Path:
    return _write(workspace, tmp_path / "bac-kan.xlsx")


def _cell(workbook: Any, key: str) -> Any:
    ((sheet, reference),) = list(workbook.defined_names[key].destinations)
    return workbook[sheet][reference.replace("$", "")]


# Writing ------------------------------------------------------------------------------------


def test_every_criterion_has_named_unlocked_points_and_note_cells(form: Path) -> None:
    workbook = load_workbook(form)
    sheet = workbook[ASSESSMENT_SHEET]
    assert sheet.protection.sheet and not sheet.protection.password
    for criterion, key in KEYS.items():
        points, note = _cell(workbook, f"diem.{key}"), _cell(workbook, f"ghichu.{key}")
        assert points.row == note.row, criterion  # the note on the criterion's row
        assert (points.column_letter, note.column_letter) == ("D", "E")
        assert not points.protection.locked and not note.protection.locked
        assert note.alignment.wrap_text
        assert sheet[f"C{points.row}"].value == MAXIMA[criterion]
    headers = [sheet.cell(row=7, column=column).value for column in range(1, 7)]
    assert headers == [
        "STT",
        "Tiêu chí",
        "Điểm tối đa",
        "Điểm tự chấm",
        "Diễn giải, căn cứ",
        "Kiểm tra",
    ]
    assert sheet["A1"].value == "PHIẾU TỰ CHẤM ĐIỂM THI ĐUA NĂM 2022"
    assert "3980/BTNMT-TĐKTTT" in sheet["A2"].value
    assert sheet["A3"].value == "Sở Tài nguyên và Môi trường tỉnh Bắc Kạn"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage


def test_points_are_validated_from_zero_to_the_criterion_maximum(form: Path) -> None:
    workbook = load_workbook(form)
    rules = workbook[ASSESSMENT_SHEET].data_validations.dataValidation
    for criterion, key in KEYS.items():
        reference = _cell(workbook, f"diem.{key}").coordinate
        (rule,) = [rule for rule in rules if reference in rule.sqref]
        assert (rule.type, rule.operator, rule.formula1) == ("decimal", "between", "0")
        assert Decimal(rule.formula2) == Decimal(str(MAXIMA[criterion]))
        assert rule.showErrorMessage and rule.error
        note = _cell(workbook, f"ghichu.{key}").coordinate
        (text,) = [rule for rule in rules if note in rule.sqref]
        assert text.type == "textLength"


def test_live_checks_and_totals_are_formulas(form: Path) -> None:
    workbook = load_workbook(form)
    sheet = workbook[ASSESSMENT_SHEET]
    points = {key: _cell(workbook, f"diem.{key}").coordinate for key in KEYS.values()}
    total = _cell(workbook, "tong.diem")
    groups = [_cell(workbook, f"cong.{group}") for group in ("g1", "g2", "thuong", "tru")]
    assert groups[0].value == f"=SUM({points['1.1']},{points['tc_2']})"
    assert groups[2].value == f"=MIN(15,SUM({points['b_1']}))"
    assert groups[3].value == f"=SUM({points['p1']})"
    g1, g2, bonus, penalty = (cell.coordinate for cell in groups)
    assert total.value == f"={g1}+{g2}+{bonus}-{penalty}"
    assert sheet[f"B{total.row}"].value == "Tổng điểm = tiêu chí + thưởng − trừ"
    assert all(cell.protection.locked for cell in (*groups, total))
    bonus_check = sheet[f"F{_cell(workbook, 'diem.b_1').row}"].value
    assert "Thiếu căn cứ" in bonus_check and "Vượt điểm tối đa" in bonus_check
    score_check = sheet[f"F{_cell(workbook, 'diem.1.1').row}"].value
    assert "Chưa chấm" in score_check and "Thiếu căn cứ" not in score_check


def test_metadata_says_member_year_and_scheme(form: Path) -> None:
    workbook = load_workbook(form)
    meta = workbook[META_SHEET]
    assert meta.sheet_state == "veryHidden"
    values = {row[0].value: row[1].value for row in meta.iter_rows(max_col=2)}
    assert {key: values[key] for key in ("form_version", "member", "year", "scheme")} == {
        "form_version": "1",
        "member": "bac-kan",
        "year": "2022",
        "scheme": "3980/BTNMT-TĐKTTT",
    }
    assert set(values) == {
        "form_version",
        "member",
        "year",
        "cluster",
        "department",
        "generator",
        "scheme",
    }


def test_forms_go_to_the_year_folder_by_default(workspace: Path) -> None:
    result = write_assessment_forms(
        _workspace(workspace), 2022, _scheme(), None, output=None, force=False
    )
    folder = workspace / "out" / "forms" / "tu-cham-2022"
    assert result.written == [folder / f"{member}.xlsx" for member in result.members]
    assert result.members == ["bac-kan", "cao-bang", "lang-son"]
    assert result.to_json_dict()["forms"][0] == {
        "member": "bac-kan",
        "file": str(folder / "bac-kan.xlsx"),
        "prefilled": False,
    }


def test_a_year_not_configured_is_an_issue_and_nothing_is_written(workspace: Path) -> None:
    result = write_assessment_forms(
        _workspace(workspace), 2030, _scheme(), None, output=None, force=False
    )
    assert [issue.code for issue in result.report.issues] == ["year-not-configured"]
    assert result.written == [] and not (workspace / "out").exists()


def test_a_filled_form_is_never_replaced_by_a_blank_one(form: Path, workspace: Path) -> None:
    _write(workspace, form)  # a blank form is written over
    fill_form(form, {"ghichu.2.2": "Đã khen thưởng 3 tập thể"})
    with pytest.raises(UsageError, match="không ghi đè"):
        _write(workspace, form)
    _write(workspace, form, force=True)
    assert _read(form) == {"member": "bac-kan", "year": 2022, "scores": {}}


# Reading ------------------------------------------------------------------------------------


def _read(path: Path, scheme: Scheme | None = None) -> Any:
    raw, issues = read_self_assessment(path, scheme or _scheme())
    assert issues == [] and raw is not None
    return raw.data


def test_a_filled_form_reads_as_the_yaml_file_would(form: Path) -> None:
    fill_form(
        form,
        {
            "diem.1.1": 18,
            "ghichu.1.1": "Hoàn thành 48/50 nhiệm vụ",
            "diem.tc_2": "185,5",
            "ghichu.2.1": "Chưa tổng hợp xong",
            "diem.2.2": 0,
            "diem.b_1": 12.5,
            "ghichu.b_1": "Quyết định số 345/QĐ-UBND",
            "diem.p1": "  ",
        },
    )
    raw, issues = read_self_assessment(form, _scheme())
    assert issues == [] and raw is not None
    assert raw.data == {
        "member": "bac-kan",
        "year": 2022,
        "scores": {
            "1.1": {"points": 18, "note": "Hoàn thành 48/50 nhiệm vụ"},
            "tc-2": {"points": "185,5", "note": None},
            "2.1": {"points": None, "note": "Chưa tổng hợp xong"},
            "2.2": {"points": 0, "note": None},
            "b_1": {"points": 12.5, "note": "Quyết định số 345/QĐ-UBND"},
        },
    }
    points, note = cell_of(form, "diem.tc_2"), cell_of(form, "ghichu.tc_2")
    assert str(raw.locate(("scores", "tc-2", "points"))) == points
    assert str(raw.locate(("scores", "tc-2"))) == points
    assert str(raw.locate(("scores", "tc-2", "note"))) == note
    assert raw.locate(("member",)) == Location(sheet=ASSESSMENT_SHEET, cell="A3")
    assert raw.locate(("year",)) == Location(sheet=ASSESSMENT_SHEET, cell="A1")

    scored = {key: value for key, value in raw.data["scores"].items() if key != "2.1"}
    assessment = SelfAssessment.model_validate({**raw.data, "scores": scored})
    assert assessment.scores["tc-2"].points == Decimal("185.5")
    assert assessment.scores["b_1"].points == Decimal("12.5")


def test_a_form_of_another_scheme_is_refused(form: Path, workspace: Path, tmp_path: Path) -> None:
    other = _scheme(source={**SCHEME["source"], "number": "101/BTNMT-TĐKTTT"})
    raw, issues = read_self_assessment(form, other)
    assert raw is None
    assert [(issue.code, str(issue.location)) for issue in issues] == [
        ("scheme-mismatch", f"{ASSESSMENT_SHEET}!A2")
    ]
    assert "101/BTNMT-TĐKTTT" in issues[0].message and "3980/BTNMT-TĐKTTT" in issues[0].message

    indicator = make_form(workspace, "bac-kan", "2022-H1", tmp_path / "chi-tieu.xlsx")
    # a report form is named for what it is, not as a form of another scheme
    found = read_self_assessment(indicator, other)[1]
    assert [issue.code for issue in found] == ["wrong-form-kind"]
    assert "biểu mẫu báo cáo kết quả thi đua" in found[0].message
    assert "tdcli assess form" in found[0].message
    assert read_excel(form)[0] is None  # nor is it an indicator report


def test_ids_that_meet_as_names_keep_their_own_cells(workspace: Path, tmp_path: Path) -> None:
    groups = [
        {
            "id": "g1",
            "label": "Nhóm",
            "criteria": [
                {"id": "tc-2", "label": "Gạch ngang", "max": 10},
                {"id": "tc_2", "label": "Gạch dưới", "max": 10},
            ],
        }
    ]
    scheme = _scheme(groups=groups, bonus=None, penalty=None)
    keys = [item.key for item in scheme_form_spec(scheme).fields()]
    assert keys == ["diem.tc_2", "ghichu.tc_2", "diem.tc_2_2", "ghichu.tc_2_2"]
    path = _write(workspace, tmp_path / "bac-kan.xlsx", scheme)
    fill_form(path, {"diem.tc_2": 1, "diem.tc_2_2": 2})
    assert _read(path, scheme)["scores"] == {
        "tc-2": {"points": 1, "note": None},
        "tc_2": {"points": 2, "note": None},
    }


def test_a_form_prefilled_with_a_self_assessment_reads_it_back(
    workspace: Path, tmp_path: Path
) -> None:
    sent = SelfAssessment.model_validate(
        {
            "member": "bac-kan",
            "year": 2022,
            "scores": {"1.1": {"points": "19,75", "note": "Đủ"}, "b_1": 5, "p1": 0},
        }
    )
    path = _write(workspace, tmp_path / "bac-kan.xlsx", prefill={"bac-kan": sent})
    assert SelfAssessment.model_validate(_read(path)) == sent


points = st.decimals(min_value=0, max_value=1_000_000, places=2, allow_nan=False)


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("blank")
    workspace = shutil.copytree(Path(__file__).parent / "fixtures" / "workspace", folder / "ws")
    return _write(workspace, folder / "bac-kan.xlsx")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    criterion=st.sampled_from(sorted(KEYS)),
    value=points,
    typed_as=st.sampled_from(["number", "text"]),
)
def test_any_points_in_any_cell_read_back_as_the_same_value(
    blank: Path, criterion: str, value: Decimal, typed_as: str
) -> None:
    """Typed as a number (what Excel stores) or as Vietnamese text (185,5 or 1.000,25)."""
    typed: Any = points_text(value) if typed_as == "text" else float(value)
    with tempfile.TemporaryDirectory() as folder:
        path = fill_form(blank, {f"diem.{KEYS[criterion]}": typed}, Path(folder) / "f.xlsx")
        data = _read(path)
    assert list(data["scores"]) == [criterion]
    assert SelfAssessment.model_validate(data).scores[criterion].points == value


# LibreOffice --------------------------------------------------------------------------------

office = test_libreoffice.office  # one headless soffice for the module, driven through UNO


@pytest.mark.libreoffice
@pytest.mark.skipif(test_libreoffice.SOFFICE is None, reason="LibreOffice is not installed")
def test_calc_computes_the_totals_and_prints_the_form(
    office: test_libreoffice.Office, form: Path, tmp_path: Path
) -> None:
    """Scores typed into Calc: it computes the subtotals and the total (the bonus clamped to
    its maximum), saves the form as .xlsx that tdcli reads back, and prints it to PDF."""
    typed = {"diem.1.1": "18", "diem.tc_2": "150.5", "diem.b_1": "20", "diem.p1": "4"}
    entries = [{"key": key, "how": "type", "text": text} for key, text in typed.items()]
    entries.append({"key": "ghichu.b_1", "how": "paste-text", "text": "QĐ số 345/QĐ-UBND"})
    saved = tmp_path / "calc" / "bac-kan.xlsx"
    saved.parent.mkdir()
    office.run("fill-form", source=form, target=saved, entries=entries)

    computed = load_workbook(saved, data_only=True)
    assert _cell(computed, "cong.g1").value == pytest.approx(168.5)
    assert _cell(computed, "cong.thuong").value == 15  # MIN(15, 20)
    assert _cell(computed, "tong.diem").value == pytest.approx(168.5 + 15 - 4)
    assert _read(saved)["scores"]["b_1"] == {"points": 20, "note": "QĐ số 345/QĐ-UBND"}

    assert test_libreoffice.SOFFICE is not None
    pdfs = tmp_path / "pdf"
    process = subprocess.Popen(
        [
            test_libreoffice.SOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(pdfs),
            str(saved),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=test_libreoffice._without_python_environment(),
        start_new_session=True,
    )
    try:
        log, _ = process.communicate(timeout=180)
    finally:
        test_libreoffice._stop(process)
    pdf = pdfs / "bac-kan.pdf"
    assert pdf.exists(), log.decode(errors="replace")
    assert test_libreoffice._pages(pdf) >= 1
