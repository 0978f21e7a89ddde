"""No report is silently wrong: what a province wrote reaches the report as it wrote it."""

from __future__ import annotations

from pathlib import Path

from conftest import Invoke
from docx_helpers import body_texts, open_docx


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
