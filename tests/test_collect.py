"""`tdcli collect`: what arrives by e-mail filed by its own content, copied, never moved."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from tdcli.cli import collect as collect_cli
from tdcli.cli import commands
from tdcli.read import intake
from tdcli.read.intake import unpack
from tdcli.workspace.intake import read_records
from tdcli.workspace.layout import WorkspaceLayout

from helpers import fill_form, make_form, put

STAMP = r"\d{8}T\d{6}"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.fixture
def run(workspace: Path) -> Any:
    """`tdcli` with the commands and `collect`, in the workspace; returns the click Result."""
    app = typer.Typer()
    commands.register(app)
    collect_cli.register(app)
    runner = CliRunner(env={"COLUMNS": "200"})

    def invoke(*args: str | Path) -> Any:
        argv = [str(arg) for arg in args] + ["-w", str(workspace)]
        return runner.invoke(app, argv, catch_exceptions=False)

    return invoke


@pytest.fixture(autouse=True)
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Temporary folders in a known place, to check they are always removed."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder
    assert list(folder.iterdir()) == []


def form(workspace: Path, tmp_path: Path, member: str, period: str, **values: object) -> bytes:
    """The bytes of a form made for `member` and filled in with `values`."""
    path = tmp_path / "forms" / f"{member}-{period}-{len(values)}-{abs(hash(str(values)))}.xlsx"
    path.parent.mkdir(exist_ok=True)
    make_form(workspace, member, period, path)
    typed = {key.replace("__", "."): value for key, value in values.items()}
    if typed:
        fill_form(path, typed)
    return path.read_bytes()


def other_cluster(data: bytes, tmp_path: Path) -> bytes:
    from openpyxl import load_workbook

    from tdcli.model.formspec import indicator_form_spec

    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook[indicator_form_spec().meta_sheet]
    for row in sheet.iter_rows():
        if row[0].value == "cluster":
            row[1].value = "Cụm thi đua số V"
    path = tmp_path / "forms" / "other-cluster.xlsx"
    workbook.save(path)
    return path.read_bytes()


def zip_of(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def eml_of(attachments: dict[str, bytes]) -> bytes:
    message = EmailMessage()
    message["From"] = "vanthu@sotnmt.caobang.gov.vn"
    message["To"] = "cum2@example.vn"
    message["Subject"] = "Báo cáo 6 tháng đầu năm 2022"
    message.set_content("Kính gửi Văn phòng Cụm, Sở gửi kèm báo cáo.")
    for name, data in attachments.items():
        maintype, subtype = (
            ("application", "octet-stream")
            if not name.endswith(".docx")
            else ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
        )
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def not_a_form(tmp_path: Path) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Danh sách cán bộ", "Chức vụ"])
    path = tmp_path / "forms" / "danh-sach.xlsx"
    path.parent.mkdir(exist_ok=True)
    workbook.save(path)
    return path.read_bytes()


def snapshot(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def in_name_order(folder: Path) -> None:
    """Modified times that follow the names: `collect` takes the oldest first."""
    for index, path in enumerate(sorted(folder.rglob("*"))):
        os.utime(path, (1_700_000_000 + index, 1_700_000_000 + index))


@pytest.fixture
def arrivals(workspace: Path, tmp_path: Path) -> Path:
    """A downloads folder as the secretariat has it after the first days of the round."""
    folder = tmp_path / nfd("Tải về")
    bac_kan = form(workspace, tmp_path, "bac-kan", "2022-H1", inspections__total=6)
    put(folder, nfd("BC 6 tháng - Sở TNMT Bắc Kạn.xlsx"), bac_kan)
    put(folder, nfd("BC 6 tháng - Sở TNMT Bắc Kạn (1).xlsx"), bac_kan)
    lang_son_bad = form(workspace, tmp_path, "lang-son", "2022-H1", inspections__total="nhiều")
    put(
        folder,
        "tep dinh kem.zip",
        zip_of(
            {
                nfd("Lạng Sơn/báo cáo.xlsx"): lang_son_bad,
                nfd("__MACOSX/Lạng Sơn/._báo cáo.xlsx"): b"\0\5\26\7",
                nfd("Lạng Sơn/công văn.pdf"): b"%PDF-1.4 ...",
            }
        ),
    )
    cao_bang = form(workspace, tmp_path, "cao-bang", "2022-H1", inspections__total=5)
    put(
        folder,
        "thu.eml",
        eml_of({nfd("Báo cáo Cao Bằng.xlsx"): cao_bang, nfd("Công văn.docx"): b"PK\3\4 word"}),
    )
    put(
        folder,
        "bac-kan ca nam.xlsx",
        form(workspace, tmp_path, "bac-kan", "2022", inspections__total=9),
    )
    put(folder, "scan.pdf", b"%PDF-1.4 scanned")
    put(folder, "bao cao.ods", b"PK\3\4 ods")
    put(folder, "danh sach.xlsx", not_a_form(tmp_path))
    put(
        folder,
        "cum khac.xlsx",
        other_cluster(form(workspace, tmp_path, "cao-bang", "2022-H1"), tmp_path),
    )
    put(folder, "ha-noi.yaml", "member: ha-noi\nperiod: 2022-H1\ninspections: {total: 1}\n")
    put(folder, "~$lock.xlsx", b"lock")
    in_name_order(folder)
    return folder


def outcomes(result: Any) -> dict[str, tuple[str, str | None]]:
    data = json.loads(result.stdout)
    return {
        unicodedata.normalize("NFC", Path(item["source"]).name): (item["outcome"], item["target"])
        for item in data["items"]
    }


EXPECTED_FIRST = {
    "BC 6 tháng - Sở TNMT Bắc Kạn (1).xlsx": ("filed", "submissions/2022-H1/bac-kan.xlsx"),
    "BC 6 tháng - Sở TNMT Bắc Kạn.xlsx": ("skipped", "submissions/2022-H1/bac-kan.xlsx"),
    "bac-kan ca nam.xlsx": ("refused", None),
    "bao cao.ods": ("refused", None),
    "cum khac.xlsx": ("refused", None),
    "danh sach.xlsx": ("refused", None),
    "ha-noi.yaml": ("refused", None),
    "scan.pdf": ("refused", None),
    "tep dinh kem.zip » báo cáo.xlsx": (
        "filed-with-errors",
        "submissions/2022-H1/lang-son.xlsx",
    ),
    "tep dinh kem.zip » công văn.pdf": ("refused", None),
    "thu.eml » Báo cáo Cao Bằng.xlsx": ("replaced", "submissions/2022-H1/cao-bang.xlsx"),
    "thu.eml » Công văn.docx": ("refused", None),
}


def test_collect_files_a_round_of_arrivals(
    run: Any, workspace: Path, arrivals: Path, tmp_path: Path
) -> None:
    originals = snapshot(arrivals)
    before = snapshot(workspace)
    dry = run("collect", arrivals, "--period", "2022-H1", "--dry-run", "--format", "json")
    assert dry.exit_code == 1
    assert snapshot(workspace) == before  # nothing written, no folder made
    assert sorted(p.relative_to(workspace).as_posix() for p in workspace.rglob("*")) == [
        "cluster.yaml",
        "submissions",
        "submissions/2022-H1",
        "submissions/2022-H1/cao-bang.yaml",
    ]
    assert outcomes(dry) == EXPECTED_FIRST

    result = run("collect", arrivals, "--period", "2022-H1", "--format", "json")
    assert result.exit_code == 1
    assert outcomes(result) == EXPECTED_FIRST
    data = json.loads(result.stdout)
    assert set(data) == {"dry_run", "period", "ok", "counts", "items", "replies"}
    assert set(data["items"][0]) == {
        "source",
        "outcome",
        "member",
        "period",
        "target",
        "reason",
        "action",
        "archived",
        "reply",
        "errors",
        "warnings",
        "sha256",
    }
    assert data["counts"] == {
        "filed": 1,
        "replaced": 1,
        "skipped": 1,
        "refused": 8,
        "filed-with-errors": 1,
    }
    assert data["replies"] == ["out/phan-hoi/2022-H1/lang-son-loi.xlsx"]
    by_name = {unicodedata.normalize("NFC", Path(i["source"]).name): i for i in data["items"]}
    reasons = {name: item["reason"] for name, item in by_name.items()}
    assert "kỳ đang nhận 2022-H1" in reasons["bac-kan ca nam.xlsx"]
    assert "--period 2022" in by_name["bac-kan ca nam.xlsx"]["action"]
    assert "Excel Workbook (.xlsx)" in reasons["bao cao.ods"]
    assert "cụm khác (Cụm thi đua số V)" in reasons["cum khac.xlsx"]
    assert "không phải biểu mẫu của tdcli" in reasons["danh sach.xlsx"]
    assert "ha-noi" in reasons["ha-noi.yaml"]
    assert "'.pdf'" in reasons["scan.pdf"]
    assert "'.docx'" in reasons["thu.eml » Công văn.docx"]
    assert all(item["action"] for item in data["items"] if item["outcome"] == "refused")
    assert by_name["tep dinh kem.zip » báo cáo.xlsx"]["errors"] == 1
    cao_bang = by_name["thu.eml » Báo cáo Cao Bằng.xlsx"]
    (kept,) = cao_bang["archived"]
    assert re.fullmatch(rf"archive/2022-H1/cao-bang/{STAMP}-cao-bang\.yaml", kept)

    after = snapshot(workspace)
    written = sorted(set(after) - set(before))
    assert written == sorted(
        [
            "archive/intake.jsonl",
            kept,
            "out/phan-hoi/2022-H1/lang-son-loi.xlsx",
            "submissions/2022-H1/bac-kan.xlsx",
            "submissions/2022-H1/cao-bang.xlsx",
            "submissions/2022-H1/lang-son.xlsx",
        ]
    )
    gone = sorted(set(before) - set(after))
    assert gone == ["submissions/2022-H1/cao-bang.yaml"]  # only one file per member remains
    assert after[kept] == before["submissions/2022-H1/cao-bang.yaml"]
    assert snapshot(arrivals) == originals
    filed = workspace / "submissions" / "2022-H1"
    assert (filed / "bac-kan.xlsx").read_bytes() == (
        arrivals / nfd("BC 6 tháng - Sở TNMT Bắc Kạn.xlsx")
    ).read_bytes()

    records = read_records(WorkspaceLayout(workspace))
    assert [(r.member, r.file, r.replaced) for r in records] == [
        ("bac-kan", "submissions/2022-H1/bac-kan.xlsx", None),
        ("lang-son", "submissions/2022-H1/lang-son.xlsx", None),
        ("cao-bang", "submissions/2022-H1/cao-bang.xlsx", kept),
    ]
    assert {r.period for r in records} == {"2022-H1"}
    assert unicodedata.normalize("NFC", records[1].source).endswith(
        "tep dinh kem.zip » báo cáo.xlsx"
    )
    assert unicodedata.normalize("NFC", records[2].source).endswith(
        "thu.eml » Báo cáo Cao Bằng.xlsx"
    )
    assert records[0].sha256 == hashlib.sha256((filed / "bac-kan.xlsx").read_bytes()).hexdigest()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", records[0].received)

    # the filed files are what validate sees: lang-son has its error, the others are valid
    check = run("validate", filed, "--format", "json")
    assert {Path(i["file"]).name for i in json.loads(check.stdout)["issues"]} == {"lang-son.xlsx"}


def test_a_correction_replaces_and_an_identical_resend_is_skipped(
    run: Any, workspace: Path, arrivals: Path, tmp_path: Path
) -> None:
    run("collect", arrivals, "--period", "2022-H1")
    reply = workspace / "out" / "phan-hoi" / "2022-H1" / "lang-son-loi.xlsx"
    assert reply.is_file()
    first = (workspace / "submissions" / "2022-H1" / "bac-kan.xlsx").read_bytes()
    later = tmp_path / "ngay sau"
    put(
        later, "bac-kan sua.xlsx", form(workspace, tmp_path, "bac-kan", "2022-H1", eia__appraised=3)
    )
    lang_son = form(workspace, tmp_path, "lang-son", "2022-H1", eia__appraised=1)
    put(later, "lang son.xlsx", lang_son)
    put(later, nfd("Bắc Kạn (1).xlsx"), first)  # the first version sent again
    in_name_order(later)
    before = snapshot(workspace)

    result = run("collect", later, "--format", "json")
    assert result.exit_code == 0, result.stdout
    # oldest first: the first version again (identical: skipped), then the corrections
    assert outcomes(result) == {
        "Bắc Kạn (1).xlsx": ("skipped", "submissions/2022-H1/bac-kan.xlsx"),
        "bac-kan sua.xlsx": ("replaced", "submissions/2022-H1/bac-kan.xlsx"),
        "lang son.xlsx": ("replaced", "submissions/2022-H1/lang-son.xlsx"),
    }
    again = run("collect", later / "bac-kan sua.xlsx", "--format", "json")
    assert again.exit_code == 0
    skipped = ("skipped", "submissions/2022-H1/bac-kan.xlsx")
    assert outcomes(again) == {"bac-kan sua.xlsx": skipped}
    after = snapshot(workspace)
    archived = sorted(name for name in set(after) - set(before) if name.startswith("archive/"))
    assert [re.sub(STAMP, "T", name) for name in archived] == [
        "archive/2022-H1/bac-kan/T-bac-kan.xlsx",
        "archive/2022-H1/lang-son/T-lang-son.xlsx",
    ]
    assert after[archived[0]] == hashlib.sha256(first).hexdigest()
    assert not reply.exists()  # the valid correction needs no reply
    changed = {name for name in set(after) | set(before) if after.get(name) != before.get(name)}
    assert all(name.startswith(("submissions/", "archive/", "out/")) for name in changed)
    assert after["cluster.yaml"] == before["cluster.yaml"]
    assert (workspace / "submissions" / "2022-H1" / "bac-kan.xlsx").read_bytes() == (
        later / "bac-kan sua.xlsx"
    ).read_bytes()
    records = read_records(WorkspaceLayout(workspace))
    assert [(r.member, r.replaced) for r in records[3:]] == [
        ("bac-kan", archived[0]),
        ("lang-son", archived[1]),
    ]


def test_table_output_and_exit_code(run: Any, workspace: Path, arrivals: Path) -> None:
    result = run("collect", arrivals, "--period", "2022-H1")
    assert result.exit_code == 1
    text = unicodedata.normalize("NFC", result.stdout)
    assert "đã lưu, có lỗi" in text
    assert "out/phan-hoi/2022-H1/lang-son-loi.xlsx" in text
    assert "1 đã lưu, 1 thay bản cũ, 1 có lỗi, 1 bỏ qua, 8 từ chối." in text
    dry = run("collect", arrivals, "--dry-run")
    assert "chạy thử" in dry.stdout


def test_help_has_an_example(run: Any) -> None:
    result = run("collect", "--help")
    assert "Ví dụ: tdcli collect ~/Downloads/*.xlsx --period 2022-H1" in result.stdout


def test_inputs_inside_the_workspace_are_refused(run: Any, workspace: Path) -> None:
    result = run("collect", workspace / "submissions")
    assert result.exit_code == 2


# --- the bounded unpacking -------------------------------------------------------------


def test_zip_entry_names_only_label() -> None:
    data = zip_of({"../../etc/passwd.yaml": b"member: x\n", "a/b/c.xlsx": b"PK"})
    found = unpack("tep.zip", "tep.zip", data)
    assert [(a.label, a.name, a.data) for a in found] == [
        ("tep.zip » passwd.yaml", "passwd.yaml", b"member: x\n"),
        ("tep.zip » c.xlsx", "c.xlsx", b"PK"),
    ]


def test_nested_zips_open_one_level_deep() -> None:
    inner = zip_of({"x.yaml": b"a: 1\n"})
    middle = zip_of({"trong.zip": inner, "sau.zip": zip_of({"sau hon.zip": inner})})
    found = unpack("tep.zip", "tep.zip", middle)
    assert [(a.label, a.problem is None) for a in found] == [
        ("tep.zip » trong.zip » x.yaml", True),
        ("tep.zip » sau.zip » sau hon.zip", False),
    ]


def test_zip_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = zip_of({"big.xlsx": b"\0" * (3 * 1024 * 1024)})
    (found,) = unpack("bom.zip", "bom.zip", bomb)
    assert found.problem is not None and "bất thường" in found.problem
    monkeypatch.setattr(intake, "MAX_ZIP_ENTRIES", 2)
    (found,) = unpack("nhieu.zip", "nhieu.zip", zip_of({f"{i}.pdf": b"x" for i in range(3)}))
    assert found.problem == "tệp nén có 3 mục, giới hạn 2"
    (found,) = unpack("hong.zip", "hong.zip", b"PK\3\4 cut")
    assert found.problem == "tệp nén bị hỏng hoặc bị cắt cụt"


def test_eml_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    message = eml_of({"a.yaml": b"member: bac-kan\n", "b.zip": zip_of({"c.yaml": b"x: 1\n"})})
    found = unpack("thu.eml", "thu.eml", message)
    assert [(a.label, a.data) for a in found] == [
        ("thu.eml » a.yaml", b"member: bac-kan\n"),
        ("thu.eml » b.zip » c.yaml", b"x: 1\n"),
    ]
    monkeypatch.setattr(intake, "MAX_EML_BYTES", 100)
    (big,) = unpack("thu.eml", "thu.eml", message)
    assert big.problem is not None and big.problem.startswith("thư quá lớn")


def test_yaml_is_filed_by_its_keys_and_a_name_only_hints(
    run: Any, workspace: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "den"
    put(folder, "BC Bac Kan.yaml", "period: 2022-H1\ninspections: {total: 1}\n")
    put(folder, "so lieu.yml", "member: lang-son\nperiod: 2022-H1\ninspections: {total: 2}\n")
    result = run("collect", folder, "--format", "json")
    assert result.exit_code == 1
    items = {Path(item["source"]).name: item for item in json.loads(result.stdout)["items"]}
    assert items["BC Bac Kan.yaml"]["outcome"] == "refused"
    assert "mã đơn vị (member)" in items["BC Bac Kan.yaml"]["reason"]
    assert "có phải là 'bac-kan'?" in items["BC Bac Kan.yaml"]["reason"]
    assert items["so lieu.yml"]["outcome"] == "filed"
    assert items["so lieu.yml"]["target"] == "submissions/2022-H1/lang-son.yaml"
    assert (workspace / "submissions" / "2022-H1" / "lang-son.yaml").read_bytes() == (
        folder / "so lieu.yml"
    ).read_bytes()
