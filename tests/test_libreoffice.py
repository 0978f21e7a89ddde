"""LibreOffice as a client: a form filled in Calc, a template edited in Writer, every output
printed to PDF.

Provinces fill the form in Calc as often as in Excel, and secretariats restyle templates in
Writer. The UNO tests drive one soffice per module (a private profile, a named pipe) through
`uno_client.py`, run by a Python that has LibreOffice's `uno` module; the PDF test is one
`soffice --convert-to pdf` call. Everything here is marked `libreoffice` and skips, saying why,
where soffice (or, for the UNO tests, the bridge) is missing; `.ci/run` installs both.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from docx_helpers import body_texts, open_docx
from tdcli import load_submission
from tdcli.check.submission import CheckedSubmission
from tdcli.model.catalogue import ValueKind
from tdcli.model.formspec import indicator_form_spec

from conftest import Invoke
from helpers import FIXTURES, ROOT, cell_of, fill_form, make_form

SOFFICE = shutil.which("soffice")
CLIENT = Path(__file__).with_name("uno_client.py")

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        SOFFICE is None,
        reason="LibreOffice is not installed (no soffice on PATH): "
        "apt-get install libreoffice-calc libreoffice-writer python3-uno",
    ),
]


def _without_python_environment() -> dict[str, str]:
    """The environment for LibreOffice's own processes: nothing of the test venv's Python."""
    return {
        name: value
        for name, value in os.environ.items()
        if name not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}
    }


@cache
def _uno_python() -> str | None:
    """A Python that can `import uno`: $TDCLI_UNO_PYTHON when set, else the system's (Debian's
    python3-uno) or the one LibreOffice ships beside soffice (its own builds)."""
    chosen = os.environ.get("TDCLI_UNO_PYTHON")
    candidates = [chosen] if chosen else ["/usr/bin/python3"]
    if SOFFICE is not None and not chosen:
        candidates.append(str(Path(SOFFICE).resolve().parent / "python"))
    for candidate in candidates:
        if not Path(candidate).is_file():
            continue
        probe = subprocess.run(
            [candidate, "-c", "import uno"],
            capture_output=True,
            timeout=60,
            env=_without_python_environment(),
            check=False,
        )
        if probe.returncode == 0:
            return candidate
    return None


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End a soffice started here, and the soffice.bin it forked (same process group)."""
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


@dataclass(frozen=True)
class Office:
    """A running soffice and the way to drive it."""

    python: str
    connection: str

    def run(self, command: str, **args: Any) -> dict[str, Any]:
        done = subprocess.run(
            [self.python, str(CLIENT), self.connection, command, json.dumps(args, default=str)],
            capture_output=True,
            text=True,
            timeout=120,
            env=_without_python_environment(),
            check=False,
        )
        assert done.returncode == 0, f"uno_client {command} failed:\n{done.stderr}"
        result: dict[str, Any] = json.loads(done.stdout)
        return result


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    """One headless soffice for the module, on a private profile and a named pipe."""
    python = _uno_python()
    if SOFFICE is None or python is None:
        pytest.skip(
            "LibreOffice's Python UNO bridge is missing (no Python here can `import uno`): "
            "apt-get install python3-uno, or set TDCLI_UNO_PYTHON"
        )
    profile = tmp_path_factory.mktemp("lo-profile")
    connection = f"pipe,name=tdcli-test-{uuid.uuid4().hex};urp;StarOffice.ComponentContext"
    log = (profile / "soffice.log").open("wb")
    process = subprocess.Popen(
        [
            SOFFICE,
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            f"--accept={connection}",
            f"-env:UserInstallation={profile.as_uri()}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=_without_python_environment(),
        start_new_session=True,
    )
    office = Office(python, connection)
    try:
        office.run("wait", timeout=60)
        yield office
    finally:
        with contextlib.suppress(AssertionError, subprocess.TimeoutExpired):
            office.run("quit")
        _stop(process)
        log.close()


# A form filled in Calc ----------------------------------------------------------------------

TYPED = "type"  # parsed as Calc parses what is typed into a cell (en-US in a fresh profile)
PASTED = "paste-text"  # a string cell, as "paste as text" or a text-formatted cell gives

FILLED: list[tuple[str, str, str, object]] = [
    # key, how, what goes into the cell, what tdcli must read
    ("inspections.total", TYPED, "6", 6),
    ("inspections.planned", TYPED, "4", 4),
    ("inspections.unannounced", TYPED, "2", 2),
    ("inspections.organisations_inspected", TYPED, "31", 31),
    ("inspections.sanctioned", TYPED, "5", 5),
    ("fines.decisions", TYPED, "5", 5),
    ("fines.amount_vnd", PASTED, "2,8 tỷ", 2_800_000_000),
    ("fines.collected_vnd", TYPED, "2500000000", 2_500_000_000),
    ("admin_procedures.received", PASTED, "1.250", 1250),
    ("admin_procedures.resolved", TYPED, "1200", 1200),
    ("admin_procedures.resolved_on_time", TYPED, "1100", 1100),
    ("trainings.sessions", TYPED, "0", 0),
    # who prepared it: the cells are text cells, as Calc's input line keeps them; the API's
    # setFormula parses even there, so a phone typed so is a number: its 0 comes back
    ("sender.name", PASTED, "Nguyễn Văn An", "Nguyễn Văn An"),
    ("sender.phone", TYPED, "0912345678", "0912345678"),
    ("sender.sent_on", PASTED, "08/6/2022", date(2022, 6, 8)),
    (
        "narrative.highlights",
        PASTED,
        "Hoàn thành thống kê đất đai năm 2021 đúng thời hạn.\n"
        "Tổ chức 3 hội nghị tập huấn Luật Bảo vệ môi trường 2020.",
        (
            "Hoàn thành thống kê đất đai năm 2021 đúng thời hạn.",
            "Tổ chức 3 hội nghị tập huấn Luật Bảo vệ môi trường 2020.",
        ),
    ),
]


def test_a_form_filled_in_calc_reads_back_exactly(
    office: Office, cli: Invoke, workspace: Path, tmp_path: Path
) -> None:
    """Typed numbers, text pasted into number cells and a line break in a narrative cell, saved
    by Calc as .xlsx: tdcli reads every value as it was meant, and nothing else."""
    blank = tmp_path / "blank.xlsx"
    assert cli("form", "bac-kan", "-p", "2022-H1", "-w", workspace, "-o", blank).exit_code == 0
    saved = tmp_path / "bac-kan.xlsx"
    entries = [{"key": key, "how": how, "text": text} for key, how, text, _ in FILLED]
    cells = office.run("fill-form", source=blank, target=saved, entries=entries)["cells"]
    # What Calc made of each entry: typed digits are numbers, pasted text stays text.
    assert {key: cells[key]["type"] for key, *_ in FILLED} == {
        key: "VALUE" if how == TYPED else "TEXT" for key, how, *_ in FILLED
    }

    checked = load_submission(saved)
    assert checked.issues == []
    assert checked.submission is not None
    read = {key: checked.submission.value(key) for key, *_ in FILLED}
    assert read == {key: expected for key, _, _, expected in FILLED}
    untouched = [
        item.key
        for item in indicator_form_spec().fields()
        if item.key not in read and checked.submission.value(item.key) not in (None, ())
    ]
    assert untouched == []

    result = cli("validate", saved, "-w", workspace, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["error_count"] == 0


REFUSED: list[tuple[str, str, str, str, str]] = [
    # id, key, how, what goes into the cell, the issue tdcli gives at that cell
    ("pasted-1,250", "inspections.total", PASTED, "1,250", "ambiguous-number"),
    ("pasted-words", "trainings.participants", PASTED, "khoảng 400", "not-a-number"),
    ("pasted-2,5", "trainings.sessions", PASTED, "2,5", "not-whole-number"),
    ("typed-negative", "eia.appraised", TYPED, "-3", "negative-number"),
    ("typed-1.5", "land.certificates_issued", TYPED, "1.5", "not-whole-number"),
]


@pytest.fixture(scope="module")
def refused(
    office: Office, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, CheckedSubmission]:
    """One form with every refused entry, each in its own cell, saved by Calc."""
    folder = tmp_path_factory.mktemp("refused")
    workspace = shutil.copytree(FIXTURES / "workspace", folder / "ws")
    blank = make_form(workspace, "bac-kan", "2022-H1", folder / "blank.xlsx")
    saved = folder / "bac-kan.xlsx"
    entries = [{"key": key, "how": how, "text": text} for _, key, how, text, _ in REFUSED]
    office.run("fill-form", source=blank, target=saved, entries=entries)
    return saved, load_submission(saved)


@pytest.mark.parametrize(
    ("key", "how", "text", "code"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_text_the_form_does_not_accept_is_an_issue_at_its_cell(
    refused: tuple[Path, CheckedSubmission], key: str, how: str, text: str, code: str
) -> None:
    saved, checked = refused
    at_cell = [
        issue.code
        for issue in checked.issues
        if f"{issue.location.sheet}!{issue.location.cell}" == cell_of(saved, key)
    ]
    assert at_cell == [code]
    assert checked.submission is None


_EXAMPLE = re.compile(r"\d(?:[\d.,]*\d)?(?:\s*(?:tỷ|tỉ|triệu|nghìn|ngàn)(?!\w))?")


def test_calc_accepts_every_number_the_form_shows(
    office: Office, workspace: Path, tmp_path: Path
) -> None:
    """The form tells the province only what its cells accept: each number its guidance, its
    instructions and its validation messages show, typed into Calc, passes the cell's data
    validation (Calc checks it as Excel does), while "2,8 tỷ" typed is refused by it."""
    spec = indicator_form_spec()
    form = make_form(workspace, "bac-kan", "2022-H1", tmp_path / "form.xlsx")
    sheet = load_workbook(form)[spec.form_sheet]
    messages = [
        text
        for validation in sheet.data_validations.dataValidation
        for text in (validation.error, validation.prompt)
        if text
    ]
    anywhere = [*spec.instructions, spec.note, *messages]
    entries = [
        {"key": item.key, "text": example, "source": item.guidance}
        for item in spec.fields()
        if item.kind is not ValueKind.TEXT
        for example in _EXAMPLE.findall(item.guidance)
    ]
    entries += [
        {"key": "fines.amount_vnd", "text": example, "source": text}
        for text in anywhere
        for example in _EXAMPLE.findall(text)
    ]
    assert any(entry["text"] == "2800000000" for entry in entries)
    entries.append({"key": "fines.amount_vnd", "text": "2,8 tỷ", "source": "(refused)"})

    results = office.run("accepts", source=form, entries=entries)["results"]
    refused = [(item["text"], item["source"]) for item in results if not item["accepted"]]
    assert refused == [("2,8 tỷ", "(refused)")]


# A template edited in Writer ----------------------------------------------------------------


def _compile(cli: Invoke, workspace: Path, output: Path, template: Path | None = None) -> Any:
    args: list[str | Path] = ["compile", "-w", workspace, "-p", "2022-H1", "--date", "2022-07-05"]
    if template is not None:
        args += ["-t", template]
    return cli(*args, "-o", output)


def test_a_template_restyled_in_writer_renders(
    office: Office, cli: Invoke, cum_ii: Path, tmp_path: Path
) -> None:
    """A style's size changed and part of a tag made bold (Writer splits the tag into runs),
    saved as .docx by Writer: the report says exactly what the bundled template says, with
    the new style, and no tag is left."""
    source = shutil.copy(ROOT / "templates" / "bao-cao.docx", tmp_path / "goc.docx")
    template = tmp_path / "mau.docx"
    edit = office.run(
        "restyle",
        source=source,
        target=template,
        style="TD Body",
        size=13,
        tag="{{ paragraph }}",
        bold="para",
    )
    assert (edit["size_before"], edit["bold"]) == (14.0, "para")
    (split,) = [
        paragraph.runs
        for paragraph in open_docx(template).paragraphs
        if paragraph.text == "{{ paragraph }}" and len(paragraph.runs) > 1
    ]
    assert [run.text for run in split] == ["{{ ", "para", "graph }}"]
    assert [bool(run.bold) for run in split] == [False, True, False]

    assert _compile(cli, cum_ii, tmp_path / "bundled.docx").exit_code == 0
    result = _compile(cli, cum_ii, tmp_path / "edited.docx", template)
    assert result.exit_code == 0, result.output

    edited = open_docx(tmp_path / "edited.docx")
    texts = body_texts(edited)
    assert texts == body_texts(open_docx(tmp_path / "bundled.docx"))
    assert [text for text in texts if re.search(r"\{[{%#]|[%}#]\}", text)] == []
    assert edited.styles["TD Body"].font.size.pt == 13


def _accepted_text(path: Path) -> str:
    """The text a reader sees with every tracked change accepted (a deletion's w:delText
    left out)."""
    return "\n".join(body_texts(open_docx(path)))


@pytest.mark.parametrize(
    ("delete", "insert", "deleted_shows", "inserted_shows"),
    [
        ("và nguyên nhân", "và cách khắc phục", "hạn chế và nguyên nhân", "và cách khắc phục"),
        ("signer.name", "period.code", "Vi Văn Tuấn", "2022-H1"),
    ],
    ids=["in-text", "in-a-tag"],
)
def test_a_template_with_tracked_changes(
    office: Office,
    cli: Invoke,
    cum_ii: Path,
    tmp_path: Path,
    delete: str,
    insert: str,
    deleted_shows: str,
    inserted_shows: str,
) -> None:
    """Record changes on, a phrase replaced, saved by Writer: the template holds a tracked
    deletion and insertion. Never a crash, and never a report that says both versions.

    Today tdcli renders such a template (exit 0): in text, the output keeps the revision
    marks, so the deleted words are still there as a tracked deletion (shown struck through
    when the report is opened with markup, or printed to PDF by LibreOffice); in a tag,
    docxtpl keeps the inserted expression and drops the deleted one.
    Stricter, and what issue 10 item 1 asks: refuse the template, exit 1, with "chấp nhận hoặc
    bỏ các thay đổi được theo dõi trong Word trước", and write nothing; then tighten this test.
    """
    source = shutil.copy(ROOT / "templates" / "bao-cao.docx", tmp_path / "goc.docx")
    template = tmp_path / "theo-doi.docx"
    edit = office.run("track-changes", source=source, target=template, delete=delete, insert=insert)
    assert edit["tracked_changes"] == 2

    output = tmp_path / "bao-cao.docx"
    result = _compile(cli, cum_ii, output, template)
    assert result.exit_code != 3, result.output
    assert "Traceback" not in result.output + result.stderr
    if output.exists():
        shown = _accepted_text(output)
        assert not (deleted_shows in shown and inserted_shows in shown)
        assert inserted_shows in shown


# Every output printed to PDF ----------------------------------------------------------------


def pdf_pages(document: Path, folder: Path) -> int:
    """Print `document` to a PDF in `folder` with LibreOffice (a private profile, a time
    limit) and count its pages."""
    assert SOFFICE is not None
    process = subprocess.Popen(
        [
            SOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(document),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=_without_python_environment(),
        start_new_session=True,
    )
    try:
        process.communicate(timeout=180)
    finally:
        _stop(process)
    return _pages(folder / f"{document.stem}.pdf")


def _pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(
            ["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60, check=True
        )
        found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
        return int(found.group(1)) if found else 0
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


def test_every_output_converts_to_pdf(cli: Invoke, cum_ii: Path, tmp_path: Path) -> None:
    """Report (.docx and .xlsx), pledge, export's member page and summary workbook, the blank
    form and an annotated copy, and the year-end's ranking, ballots, minutes, proposal and
    self-assessment form: LibreOffice opens each and prints it to a PDF with pages."""
    out = tmp_path / "out"
    assert _compile(cli, cum_ii, out / "bao-cao.docx").exit_code == 0
    assert cli("pledge", "-w", cum_ii, "--year", "2022", "-o", out / "giao-uoc.docx").exit_code == 0
    assert (
        cli(
            "export", "-w", cum_ii, "--year", "2022", "--per-member", "-o", out / "export"
        ).exit_code
        == 0
    )
    form = out / "bac-kan.xlsx"
    assert cli("form", "bac-kan", "-p", "2022-H1", "-w", cum_ii, "-o", form).exit_code == 0
    (tmp_path / "sai").mkdir()
    wrong = fill_form(form, {"inspections.total": -1}, tmp_path / "sai" / "bac-kan.xlsx")
    annotated = out / "bac-kan-loi.xlsx"
    assert cli("validate", wrong, "-w", cum_ii, "--annotate", annotated).exit_code == 1

    for command, name in (
        ("rank", "xep-hang.xlsx"),
        ("ballots", "phieu-bau.docx"),
        ("minutes", "bien-ban.docx"),
        ("proposal", "to-trinh.docx"),
    ):
        done = cli("assess", command, "-w", cum_ii, "--year", "2021", "-o", out / name)
        assert done.exit_code == 0, done.output
    self_form = out / "tu-cham.xlsx"
    done = cli("assess", "form", "bac-kan", "--year", "2021", "-w", cum_ii, "-o", self_form)
    assert done.exit_code == 0, done.output

    documents = {
        "ranking": out / "xep-hang.xlsx",
        "ballots": out / "phieu-bau.docx",
        "minutes": out / "bien-ban.docx",
        "proposal": out / "to-trinh.docx",
        "self-assessment": self_form,
        "report": out / "bao-cao.docx",
        "report-table": out / "bao-cao.xlsx",
        "pledge": out / "giao-uoc.docx",
        "member-page": out / "export" / "2022" / "thanh-vien" / "bac-kan.docx",
        "years-summary": out / "export" / "tong-hop-cac-nam.xlsx",
        "form": form,
        "annotated": annotated,
    }
    staged = tmp_path / "staged"
    staged.mkdir()
    for name, path in documents.items():  # one name each: the PDFs land side by side
        shutil.copy(path, staged / f"{name}{path.suffix}")
    pdfs = tmp_path / "pdf"
    assert SOFFICE is not None
    process = subprocess.Popen(
        [
            SOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(pdfs),
            *(str(path) for path in sorted(staged.iterdir())),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=_without_python_environment(),
        start_new_session=True,
    )
    try:
        log, _ = process.communicate(timeout=180)
    finally:
        _stop(process)
    pages = {
        name: _pages(pdfs / f"{name}.pdf") for name in documents if (pdfs / f"{name}.pdf").exists()
    }
    assert sorted(pages) == sorted(documents), log.decode(errors="replace")
    assert [name for name, count in pages.items() if count < 1] == []
    assert pages["report"] >= 2  # the report and its landscape appendix
