"""User templates: escaping, the sandbox, variables checked before rendering, leftover tags."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from docx_helpers import body_texts, open_docx
from tdcli.render.docx import TemplateError, render_template
from tdcli.usecases.templates import bundled_templates

from conftest import Invoke
from helpers import ROOT


def template(tmp_path: Path, *lines: str) -> Path:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    path = tmp_path / "mine.docx"
    document.save(str(path))
    return path


def test_markup_characters_in_narrative_come_out_as_typed(cli: Invoke, cum_ii: Path) -> None:
    file = cum_ii / "submissions/2022-H1/bac-giang.yaml"
    text = file.read_text(encoding="utf-8")
    tricky = 'Phối hợp Sở TN&MT <Bắc Giang> với "Báo Bắc Giang" & Đài PT-TH; tỷ lệ > 95%'
    text = text.replace("  highlights:\n", f"  highlights:\n    - '{tricky}'\n", 1)
    file.write_text(text, encoding="utf-8")
    result = cli("compile", "-w", cum_ii, "-p", "2022-H1", "-o", cum_ii / "r.docx")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert any(tricky in line for line in body_texts(open_docx(cum_ii / "r.docx")))


def test_unknown_variable_is_named_before_rendering(
    cli: Invoke, cum_ii: Path, tmp_path: Path
) -> None:
    mine = template(tmp_path, "{{ header.issuer }}", "{{ chu_ky_so }}")
    result = cli("compile", "-w", cum_ii, "-p", "2022-H1", "-t", mine, "-o", tmp_path / "r.docx")
    assert result.exit_code == 1  # a template is an input: what is wrong is in the file
    message = " ".join(result.stderr.split())
    assert "chu_ky_so" in message and "mine.docx" in message
    assert not (tmp_path / "r.docx").exists()


def test_unknown_attribute_is_named(cli: Invoke, cum_ii: Path, tmp_path: Path) -> None:
    mine = template(tmp_path, "{{ signer.chu_ky }}")
    result = cli("compile", "-w", cum_ii, "-p", "2022-H1", "-t", mine, "-o", tmp_path / "r.docx")
    assert result.exit_code == 1
    assert "chu_ky" in result.stderr


def test_templates_are_sandboxed(tmp_path: Path) -> None:
    mine = template(tmp_path, "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateError, match="không được phép"):
        render_template(mine, {}, tmp_path / "r.docx")


def test_a_syntax_error_is_reported(tmp_path: Path) -> None:
    mine = template(tmp_path, "{% if %}")
    with pytest.raises(TemplateError, match="cú pháp"):
        render_template(mine, {}, tmp_path / "r.docx")


def test_no_tag_may_be_left_in_the_output(tmp_path: Path) -> None:
    mine = template(tmp_path, "{% raw %}{{ chưa xử lý }}{% endraw %}")
    with pytest.raises(TemplateError, match="còn thẻ"):
        render_template(mine, {}, tmp_path / "r.docx")
    assert not (tmp_path / "r.docx").exists()


def test_filters_are_available(tmp_path: Path) -> None:
    mine = template(tmp_path, "{{ 2800000000 | money_text }} / {{ 2800000000 | amount_in_words }}")
    render_template(mine, {}, tmp_path / "r.docx")
    assert body_texts(open_docx(tmp_path / "r.docx")) == [
        "2,8 tỷ đồng / hai tỷ tám trăm triệu đồng"
    ]


def test_a_file_that_is_not_a_template(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_text("không phải Word", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"Không phải tệp Word \.docx"):
        render_template(bad, {}, tmp_path / "r.docx")


def test_list_and_copy(cli: Invoke, tmp_path: Path) -> None:
    listed = cli("templates", "list")
    assert listed.exit_code == 0
    for name in bundled_templates():
        assert name in listed.stdout
    assert cli("templates", "copy", "bao-cao", tmp_path).exit_code == 0
    assert (tmp_path / "bao-cao.docx").is_file()
    assert cli("templates", "copy", "bao-cao", tmp_path).exit_code == 2  # never overwrites
    assert cli("templates", "copy", "khong-co", tmp_path).exit_code == 2


def test_a_copied_template_renders_like_the_bundled_one(
    cli: Invoke, cum_ii: Path, tmp_path: Path
) -> None:
    assert cli("templates", "copy", "bao-cao", tmp_path / "mau").exit_code == 0
    mine = tmp_path / "mau" / "bao-cao.docx"
    bundled = cli(
        "compile", "-w", cum_ii, "-p", "2022-H1", "--date", "2022-07-05", "-o", tmp_path / "a.docx"
    )
    own = cli(
        "compile",
        "-w",
        cum_ii,
        "-p",
        "2022-H1",
        "--date",
        "2022-07-05",
        "-t",
        mine,
        "-o",
        tmp_path / "b.docx",
    )
    assert bundled.exit_code == own.exit_code == 0
    assert body_texts(open_docx(tmp_path / "a.docx")) == body_texts(open_docx(tmp_path / "b.docx"))


def test_readme_lists_every_context_variable_and_filter() -> None:
    from docxtpl import DocxTemplate

    from tdcli.render.docx import FILTERS

    readme = (ROOT / "templates" / "README.md").read_text(encoding="utf-8")
    for name in bundled_templates():
        used = DocxTemplate(ROOT / "templates" / f"{name}.docx").get_undeclared_template_variables()
        for variable in used:
            assert f"`{variable}" in readme, variable
    for name in FILTERS:
        assert f"`{name}`" in readme, name
