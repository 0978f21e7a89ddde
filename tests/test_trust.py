"""No report is silently wrong: what a province wrote reaches the report as it wrote it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from docx_helpers import body_texts, open_docx

from conftest import Invoke


def test_braces_from_a_province_are_text_in_the_report(
    cli: Invoke, cum_ii: Path, tmp_path: Path
) -> None:
    file = cum_ii / "submissions" / "2022-H1" / "bac-giang.yaml"
    text = file.read_text(encoding="utf-8")
    said = "Tổ chức {{ 7*7 }} lớp {% if true %}x{% endif %} {# ghi chú #} và {{p a }}"
    assert "highlights:\n" in text
    file.write_text(
        text.replace("highlights:\n", f"highlights:\n    - '{said}'\n", 1), encoding="utf-8"
    )
    target = tmp_path / "r.docx"
    result = cli("compile", "-w", cum_ii, "-p", "2022-H1", "-o", target, "--date", "2022-07-05")
    assert result.exit_code == 0, result.output
    assert any(said in paragraph for paragraph in body_texts(open_docx(target)))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_member_whose_only_file_is_a_fifo_is_invalid_not_silent(
    cli: Invoke, cum_ii: Path
) -> None:
    folder = cum_ii / "submissions" / "2022-H1"
    (folder / "bac-giang.yaml").unlink()
    os.mkfifo(folder / "bac-giang.yaml")
    result = cli("validate", cum_ii, "-f", "json")
    codes = {
        (item["code"], Path(item["file"]).name) for item in json.loads(result.stdout)["issues"]
    }
    assert ("file-unreadable", "bac-giang.yaml") in codes
    assert result.exit_code == 1


def test_an_ods_renamed_xlsx_is_called_what_it_is(cli: Invoke, cum_ii: Path) -> None:
    import zipfile

    target = cum_ii / "submissions" / "2022-H1" / "bac-kan.xlsx"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    result = cli("validate", target, "-f", "json")
    (issue,) = json.loads(result.stdout)["issues"]
    assert issue["code"] == "not-a-workbook" and ".ods" in issue["message"]


def test_a_number_of_a_million_digits_is_too_large_not_a_crash(cli: Invoke, cum_ii: Path) -> None:
    file = cum_ii / "submissions" / "2022-H1" / "bac-giang.yaml"
    text = file.read_text(encoding="utf-8")
    assert "  total: 7 " in text
    file.write_text(text.replace("  total: 7 ", "  total: " + "9" * 1_000_000 + " ", 1), "utf-8")
    result = cli("validate", file, "-f", "json")
    assert result.exit_code == 1
    assert "number-too-large" in {item["code"] for item in json.loads(result.stdout)["issues"]}


def test_outside_a_workspace_a_file_may_have_any_name(cli: Invoke, tmp_path: Path) -> None:
    from helpers import fixture_text, put

    file = put(tmp_path / "tai-ve", "BC 6 thang - So TNMT Bac Kan (1).yaml", "")
    file.write_text(fixture_text("valid.yaml"), encoding="utf-8")
    result = cli("validate", file, "-f", "json")
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["issues"] == []


def test_control_characters_in_a_province_text_never_break_the_report(
    cli: Invoke, cum_ii: Path, tmp_path: Path
) -> None:
    file = cum_ii / "submissions" / "2022-H1" / "bac-giang.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(
        text.replace("highlights:\n", 'highlights:\n    - "A\\x01B\\ufffeC"\n', 1), encoding="utf-8"
    )
    target = tmp_path / "r.docx"
    result = cli("compile", "-w", cum_ii, "-p", "2022-H1", "-o", target, "--date", "2022-07-05")
    assert result.exit_code == 0, result.output
    assert any("ABC" in paragraph for paragraph in body_texts(open_docx(target)))


def test_outputs_never_land_in_the_archive(cli: Invoke, cum_ii: Path) -> None:
    kept = cum_ii / "archive" / "2022-H1" / "bac-kan" / "20260101T000000-bac-kan.xlsx"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"an earlier version")
    result = cli("compile", "-w", cum_ii, "-p", "2022-H1", "-o", kept.with_suffix(".docx"))
    assert result.exit_code == 2
    assert kept.read_bytes() == b"an earlier version"
    log = cum_ii / "archive" / "intake.jsonl"
    forced = cli("form", "bac-kan", "-p", "2022-H1", "-w", cum_ii, "-o", log, "--force")
    assert forced.exit_code == 2 and not log.exists()
