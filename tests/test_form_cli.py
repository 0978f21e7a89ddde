"""`tdcli form` and `tdcli validate --annotate` from the command line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tdcli.model.catalogue import iter_fields
from tdcli.model.issues import CATALOGUE
from tdcli.render.annotate import RESULT_SHEET
from tdcli.usecases.period import load_submission

from conftest import Invoke
from helpers import cell_of, fill_form, fixture_text, make_form, put


def test_form_for_one_member_goes_under_out(cli: Invoke, workspace: Path) -> None:
    result = cli("form", "bac-kan", "--period", "2022-H1", "-w", workspace)
    assert result.exit_code == 0, result.stderr
    written = workspace / "out" / "forms" / "2022-H1" / "bac-kan.xlsx"
    assert written.is_file()
    # a blank form reads back, as an empty submission that must not count as a report
    assert [issue.code for issue in load_submission(written).issues] == ["empty-submission"]


def test_form_for_all_members(cli: Invoke, workspace: Path, tmp_path: Path) -> None:
    result = cli("form", "--all", "--period", "2022-H1", "-w", workspace, "-o", tmp_path / "forms")
    assert result.exit_code == 0
    assert sorted(path.name for path in (tmp_path / "forms").iterdir()) == [
        "bac-kan.xlsx",
        "cao-bang.xlsx",
        "lang-son.xlsx",
    ]


def test_form_from_inside_the_workspace(
    cli: Invoke, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workspace / "submissions")
    assert cli("form", "lang-son", "-p", "2022", "-o", tmp_path / "x.xlsx").exit_code == 0
    assert (tmp_path / "x.xlsx").is_file()


def test_prefill_carries_the_submission(cli: Invoke, workspace: Path, tmp_path: Path) -> None:
    target = tmp_path / "cao-bang.xlsx"
    assert (
        cli(
            "form", "cao-bang", "-p", "2022-H1", "--prefill", "-w", workspace, "-o", target
        ).exit_code
        == 0
    )
    original = load_submission(workspace / "submissions/2022-H1/cao-bang.yaml").submission
    assert original is not None
    assert load_submission(target).submission == original.model_copy()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("form", "bac-kam", "-p", "2022-H1"), "bac-kan"),
        (("form", "-p", "2022-H1"), "--all"),
        (("form", "bac-kan", "--all", "-p", "2022-H1"), "--all"),
        (("form", "bac-kan"), "--period"),
        (("form", "bac-kan", "-p", "2022-H5"), "2022-H1"),
    ],
    ids=["unknown-member", "no-member", "both", "no-period", "bad-period"],
)
def test_form_usage_errors(
    cli: Invoke, workspace: Path, args: tuple[str, ...], needle: str
) -> None:
    result = cli(*args, "-w", workspace)
    assert result.exit_code == 2
    assert needle in result.stderr


def test_a_year_cluster_yaml_does_not_configure_is_an_issue_as_in_compile(
    cli: Invoke, workspace: Path
) -> None:
    form = cli("form", "bac-kan", "-p", "2019-H1", "-w", workspace)
    compiled = cli("compile", "-p", "2019-H1", "-w", workspace)
    assert form.exit_code == compiled.exit_code == 1
    assert "2019" in form.stdout and "chưa khai báo năm 2019" in form.stdout
    assert not (workspace / "out").exists()


def test_annotated_copy_marks_each_problem_cell(cli: Invoke, workspace: Path) -> None:
    path = make_form(
        workspace, "bac-kan", "2022-H1", workspace / "submissions/2022-H1/bac-kan.xlsx"
    )
    fill_form(path, {"inspections.total": "nhiều", "eia.appraised": 2, "eia.approved": 3})
    os.utime(path, (1_600_000_000, 1_600_000_000))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    out = workspace / "bac-kan-loi.xlsx"
    result = cli("validate", path, "--annotate", out)
    assert result.exit_code == 1
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    workbook = load_workbook(out)
    for key in ("inspections.total", "eia.approved"):
        sheet, coordinate = cell_of(path, key).split("!")
        cell = workbook[sheet][coordinate]
        assert cell.comment is not None and "Lỗi" in cell.comment.text
        assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    result_sheet = workbook[RESULT_SHEET]
    rows = list(result_sheet.iter_rows(values_only=True))
    assert rows[0][0] == "KẾT QUẢ KIỂM TRA BIỂU MẪU"
    assert rows[1][0] == "Sở Tài nguyên và Môi trường tỉnh Bắc Kạn — 6 tháng đầu năm 2022"
    assert rows[2][0] == "Tệp bac-kan.xlsx: 2 lỗi."
    assert str(rows[3][0]).startswith("Việc cần làm: sửa các ô tô màu đỏ")
    header = next(index for index, row in enumerate(rows) if row[0] == "Vị trí")
    assert [row[0] for row in rows[header + 1 :]] == [
        cell_of(path, "inspections.total"),
        cell_of(path, "eia.approved"),
    ]
    setup = result_sheet.page_setup
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
    assert result_sheet.sheet_properties.pageSetUpPr.fitToPage
    assert load_submission(out).issues  # the copy is still a readable form


def test_annotate_a_valid_form_says_so(cli: Invoke, workspace: Path) -> None:
    path = make_form(
        workspace, "bac-kan", "2022-H1", workspace / "submissions/2022-H1/bac-kan.xlsx"
    )
    fill_form(path, {"land.certificates_issued": 12})
    out = workspace / "ok.xlsx"
    result = cli("validate", path, "--annotate", out)
    assert result.exit_code == 0
    assert "không tạo bản có chú thích" in result.stderr
    assert not out.exists()


def test_annotate_a_folder_writes_a_copy_per_file_with_errors(cli: Invoke, workspace: Path) -> None:
    folder = workspace / "submissions" / "2022-H1"
    wrong = make_form(workspace, "bac-kan", "2022-H1", folder / "bac-kan.xlsx")
    fill_form(wrong, {"inspections.total": "nhiều"})
    right = make_form(workspace, "lang-son", "2022-H1", folder / "lang-son.xlsx")
    fill_form(right, {"land.certificates_issued": 12})
    replies = workspace / "phan-hoi"
    result = cli("validate", folder, "--annotate", replies)
    assert result.exit_code == 1
    assert sorted(path.name for path in replies.iterdir()) == ["bac-kan-loi.xlsx"]
    assert "bac-kan-loi.xlsx" in result.stderr


def test_annotate_opens_the_workbook_through_the_guard(
    cli: Invoke, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_form(
        workspace, "bac-kan", "2022-H1", workspace / "submissions/2022-H1/bac-kan.xlsx"
    )
    monkeypatch.setattr("tdcli.read.guard.MAX_XLSX_BYTES", path.stat().st_size - 1)
    out = workspace / "bac-kan-loi.xlsx"
    result = cli("validate", path, "--annotate", out)
    assert result.exit_code == 1  # a problem of the file, said as such: not a usage error
    assert "Không ghi được bản có chú thích" in result.stderr and "quá lớn" in result.stderr
    assert not out.exists()


def test_annotate_a_problem_cell_inside_merged_cells(cli: Invoke, workspace: Path) -> None:
    """Only the first cell of a merged range holds a comment: the problem is noted there."""
    import re
    import zipfile

    path = make_form(
        workspace, "bac-kan", "2022-H1", workspace / "submissions/2022-H1/bac-kan.xlsx"
    )
    fill_form(path, {"inspections.total": "nhiều"})
    sheet, coordinate = cell_of(path, "inspections.total").split("!")
    row = coordinate.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    xml, count = re.subn("<mergeCells[^>]*>", f'\\g<0><mergeCell ref="C{row}:D{row}"/>', xml)
    assert count == 1
    parts["xl/worksheets/sheet1.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    out = workspace / "bac-kan-loi.xlsx"
    assert cli("validate", path, "--annotate", out).exit_code == 1
    comment = load_workbook(out)[sheet][f"C{row}"].comment
    assert comment is not None and "không phải là số" in comment.text


@pytest.mark.parametrize(
    "case", ["yaml", "two-files", "same-file", "not-xlsx-target", "a-folder-to-one-file"]
)
def test_annotate_usage_errors(cli: Invoke, workspace: Path, case: str) -> None:
    form = make_form(
        workspace, "bac-kan", "2022-H1", workspace / "submissions/2022-H1/bac-kan.xlsx"
    )
    yaml = put(workspace / "submissions", "2022-H1/lang-son.yaml", fixture_text("valid.yaml"))
    args = {
        "yaml": (yaml, "--annotate", workspace / "x.xlsx"),
        "two-files": (form, yaml, "--annotate", workspace / "x.xlsx"),
        "same-file": (form, "--annotate", form),
        "not-xlsx-target": (form, "--annotate", workspace / "x.txt"),
        "a-folder-to-one-file": (workspace / "submissions", "--annotate", workspace / "x.xlsx"),
    }[case]
    assert cli("validate", *args).exit_code == 2


_CELL_VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=40).filter(
        lambda text: not text.startswith("=")
    ),
    st.datetimes(),
    st.booleans(),
    st.sampled_from(
        ["#REF!", "#VALUE!", "#DIV/0!", "=1+1", "=A1*2", "=SUM(D8:D9)", "2,8 tỷ", "1.000"]
    ),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_value_in_any_input_cell_gives_a_result_or_issues(
    workspace: Path, data: st.DataObject
) -> None:
    path = workspace / "submissions/2022-H1/bac-kan.xlsx"
    if not path.exists():
        make_form(workspace, "bac-kan", "2022-H1", path)
    keys = [spec.key for spec in iter_fields()]
    chosen = data.draw(st.lists(st.sampled_from(keys), min_size=1, max_size=4, unique=True))
    values = {key: data.draw(_CELL_VALUES) for key in chosen}
    scratch = workspace / "scratch" / "2022-H1"
    scratch.mkdir(parents=True, exist_ok=True)
    filled = fill_form(path, values, scratch / "bac-kan.xlsx")
    checked = load_submission(filled)
    assert all(issue.code in CATALOGUE for issue in checked.issues)
    assert (checked.submission is None) == any(i.severity == "error" for i in checked.issues)


def test_annotate_a_workbook_openpyxl_cannot_load(cli: Invoke, workspace: Path) -> None:
    """A number cell holding `12abc`, as other programs write: the list of issues still goes
    back to the province, saying why the sheets are not in it."""
    import re
    import zipfile

    path = make_form(
        workspace, "bac-kan", "2022-H1", workspace / "submissions/2022-H1/bac-kan.xlsx"
    )
    reference = cell_of(path, "inspections.total").split("!")[1]
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    pattern = rf'<c r="{reference}" s="(\d+)"(?: t="\w+")?(?:/>|>.*?</c>)'
    xml, count = re.subn(pattern, rf'<c r="{reference}" s="\1"><v>12abc</v></c>', xml, count=1)
    assert count == 1
    parts["xl/worksheets/sheet1.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    out = workspace / "bac-kan-loi.xlsx"
    result = cli("validate", path, "--annotate", out)
    assert result.exit_code == 1
    sheet = load_workbook(out)[RESULT_SHEET]
    texts = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value]
    assert any("Không chép được" in text for text in texts)
    assert any("12abc" in text for text in texts)


def test_annotate_never_writes_among_the_submissions(cli: Invoke, workspace: Path) -> None:
    path = make_form(
        workspace, "bac-kan", "2022-H1", workspace / "submissions/2022-H1/bac-kan.xlsx"
    )
    out = workspace / "submissions/2022-H1/cao-bang.xlsx"
    result = cli("validate", path, "--annotate", out)
    assert result.exit_code == 2
    assert not out.exists()


def test_prefill_says_what_it_filled(cli: Invoke, workspace: Path) -> None:
    result = cli("form", "--all", "-p", "2022-H1", "--prefill", "-w", workspace)
    assert result.exit_code == 0
    lines = [line for line in result.stdout.splitlines() if line.startswith("Đã tạo")]
    assert [line.endswith("(điền sẵn số liệu đã gửi)") for line in lines] == [False, True, False]
    empty = cli("form", "bac-kan", "-p", "2022", "--prefill", "-w", workspace)
    assert empty.exit_code == 0 and "Chưa có báo cáo hợp lệ nào để điền sẵn" in empty.stdout


def test_a_form_holding_values_is_never_replaced_without_force(
    cli: Invoke, workspace: Path, tmp_path: Path
) -> None:
    target = tmp_path / "bac-kan.xlsx"
    assert cli("form", "bac-kan", "-p", "2022-H1", "-w", workspace, "-o", target).exit_code == 0
    again = cli("form", "bac-kan", "-p", "2022-H1", "-w", workspace, "-o", target)
    assert again.exit_code == 0  # a blank form may be made again
    fill_form(target, {"inspections.total": 6})
    before = target.read_bytes()
    refused = cli("form", "bac-kan", "-p", "2022-H1", "-w", workspace, "-o", target)
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert target.read_bytes() == before
    forced = cli("form", "bac-kan", "-p", "2022-H1", "-w", workspace, "-o", target, "--force")
    assert forced.exit_code == 0 and target.read_bytes() != before


@pytest.mark.parametrize("name", ["notes.txt", "bac-kan.xls", "bac-kan.docx"])
def test_a_form_is_written_only_as_xlsx(
    cli: Invoke, workspace: Path, tmp_path: Path, name: str
) -> None:
    target = tmp_path / name
    target.write_text("của tôi", encoding="utf-8")
    result = cli("form", "bac-kan", "-p", "2022-H1", "-w", workspace, "-o", target)
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == "của tôi"
