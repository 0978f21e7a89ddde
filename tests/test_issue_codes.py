"""Every code of the issue catalogue is produced by a real input, through the library or the
CLI: one case per code, and no code without a case. Cases assert (code, file, place) triples,
where the place is a line of a YAML file or a sheet!cell of a workbook, never on prose."""

from __future__ import annotations

import io
import json
import string
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tdcli.contents.official import default_date_issues
from tdcli.model.formspec import FORM_SHEET, META_SHEET
from tdcli.model.issues import CATALOGUE, Issue, Location, make_issue
from tdcli.model.periods import Period
from tdcli.read.guard import open_word_file
from tdcli.usecases.assessment import read_assessment
from tdcli.usecases.compile import prepare_review
from tdcli.usecases.period import load_submission
from tdcli.usecases.validate import validate_paths
from tdcli.workspace import load_workspace

from conftest import Invoke
from helpers import (
    FIXTURES,
    ROOT,
    add_assessment,
    cell_of,
    fill_form,
    fixture_text,
    make_form,
    put,
    set_cached_formula,
)


@dataclass(frozen=True)
class FormCell:
    """The cell of the form at `FORM` that the defined name `key` points at."""

    key: str


Place = int | str | None
Found = tuple[str, str, Place]
Expected = tuple[str, str, Place | FormCell]
Produce = Callable[[Path, Invoke], list[Found]]

CASES: dict[str, tuple[Produce, tuple[Expected, ...]]] = {}

PERIOD = "submissions/2022-H1"
FORM = f"{PERIOD}/bac-kan.xlsx"
CLUSTER = (FIXTURES / "workspace" / "cluster.yaml").read_text(encoding="utf-8")
HEAD = "member: bac-kan\nperiod: 2022-H1\n"


def produces(code: str, *expected: Expected) -> Callable[[Produce], Produce]:
    """Register the input that gives `code`; `expected` is everything it gives."""

    def register(produce: Produce) -> Produce:
        assert code not in CASES, f"two cases for {code}"
        assert code in {item[0] for item in expected}, f"{produce.__name__} expects no {code}"
        CASES[code] = (produce, expected)
        return produce

    return register


# Ways in -----------------------------------------------------------------------------------


def _place(location: Location) -> Place:
    if location.cell is not None:
        return f"{location.sheet}!{location.cell}"
    return location.line


def _found(issues: Iterable[Issue]) -> list[Found]:
    return [(issue.code, Path(issue.file).name, _place(issue.location)) for issue in issues]


def _validate(cli: Invoke, *paths: Path) -> list[Found]:
    """`tdcli validate PATH --format json`, as triples."""
    result = cli("validate", *paths, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return _found(Issue.model_validate(item) for item in json.loads(result.stdout)["issues"])


def _yaml(ws: Path, cli: Invoke, text: str, name: str = "bac-kan.yaml") -> list[Found]:
    """A submission with this text, filed in the workspace and validated by the CLI."""
    return _validate(cli, put(ws / PERIOD, name, text))


def _workbook(ws: Path, cli: Invoke, content: bytes) -> list[Found]:
    """A file named as the member's workbook with these bytes, validated by the CLI."""
    return _validate(cli, put(ws, FORM, content))


def _form(ws: Path) -> Path:
    """The member's blank form, as `tdcli form` writes it."""
    return make_form(ws, "bac-kan", "2022-H1", ws / FORM)


def _cluster(ws: Path, old: str, new: str) -> list[Found]:
    """The workspace loaded with one change to its cluster.yaml."""
    assert old in CLUSTER
    (ws / "cluster.yaml").write_text(CLUSTER.replace(old, new, 1), encoding="utf-8")
    return _found(load_workspace(ws)[1])


def _prepare(ws: Path, period: str) -> list[Found]:
    """What `compile` finds for the period before it renders anything."""
    workspace, issues = load_workspace(ws)
    assert workspace is not None and issues == []
    return _found(prepare_review(workspace, Period.parse(period)).report.issues)


# Files -------------------------------------------------------------------------------------


@produces("file-not-found", ("file-not-found", "ha-giang.yaml", None))
def a_path_that_does_not_exist(ws: Path, cli: Invoke) -> list[Found]:
    return _found(validate_paths([ws / PERIOD / "ha-giang.yaml"]).issues)


@produces("file-unreadable", ("file-unreadable", "bac-kan.yaml", None))
def a_folder_named_like_a_submission(ws: Path, cli: Invoke) -> list[Found]:
    folder = ws / PERIOD / "bac-kan.yaml"
    folder.mkdir()
    return _found(load_submission(folder).issues)


@produces("file-too-large", ("file-too-large", "bac-kan.yaml", None))
def a_yaml_file_of_five_megabytes(ws: Path, cli: Invoke) -> list[Found]:
    file = put(ws / PERIOD, "bac-kan.yaml", "")
    with file.open("wb") as handle:
        handle.truncate(5 * 1024 * 1024)
    return _found(load_submission(file).issues)


@produces("file-empty", ("file-empty", "bac-kan.yaml", None))
def an_empty_file(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, "")


@produces("unsupported-file", ("unsupported-file", "bac-kan.csv", None))
def a_csv_file(ws: Path, cli: Invoke) -> list[Found]:
    return _validate(cli, put(ws / PERIOD, "bac-kan.csv", "member;period\nbac-kan;2022-H1\n"))


@produces("encoding-error", ("encoding-error", "bac-kan.yaml", 4))
def text_saved_in_a_legacy_encoding(ws: Path, cli: Invoke) -> list[Found]:
    text = HEAD + "narrative:\n  highlights: Sở Tài nguyên\n"
    return _validate(cli, put(ws / PERIOD, "bac-kan.yaml", text.encode("cp1258", "replace")))


def _ole(*streams: str) -> bytes:
    """The start of an OLE compound file whose directory names these streams."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    names = b"".join(name.encode("utf-16-le").ljust(64, b"\0") + bytes(64) for name in streams)
    return header + names + bytes(1024)


def _zip(parts: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@produces("xls-format", ("xls-format", "bac-kan.xlsx", None))
def an_excel_97_workbook_renamed(ws: Path, cli: Invoke) -> list[Found]:
    return _workbook(ws, cli, _ole("Root Entry", "Workbook"))


@produces("workbook-encrypted", ("workbook-encrypted", "bac-kan.xlsx", None))
def a_workbook_with_a_password(ws: Path, cli: Invoke) -> list[Found]:
    return _workbook(ws, cli, _ole("Root Entry", "EncryptionInfo", "EncryptedPackage"))


@produces("not-a-workbook", ("not-a-workbook", "bac-kan.xlsx", None))
def a_text_file_renamed(ws: Path, cli: Invoke) -> list[Found]:
    return _workbook(ws, cli, "Số cuộc thanh tra: 12\n".encode())


@produces("corrupt-workbook", ("corrupt-workbook", "bac-kan.xlsx", None))
def a_zip_header_and_nothing_after(ws: Path, cli: Invoke) -> list[Found]:
    return _workbook(ws, cli, b"PK\x03\x04" + bytes(200))


@produces("zip-bomb", ("zip-bomb", "bac-kan.xlsx", None))
def two_megabytes_of_zeros_in_a_few_kilobytes(ws: Path, cli: Invoke) -> list[Found]:
    return _workbook(ws, cli, _zip({"xl/worksheets/sheet1.xml": bytes(2 * 1024 * 1024)}))


@produces("hostile-xml", ("hostile-xml", "bac-kan.xlsx", None))
def a_workbook_part_with_an_entity(ws: Path, cli: Invoke) -> list[Found]:
    part = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY e "e">]><workbook>&e;</workbook>'
    return _workbook(ws, cli, _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": part}))


@produces("not-a-tdcli-form", ("not-a-tdcli-form", "bac-kan.xlsx", None))
def a_workbook_made_by_hand(ws: Path, cli: Invoke) -> list[Found]:
    book = Workbook()
    book.active["A1"] = "Số cuộc thanh tra"
    book.save(put(ws, FORM, b""))
    return _validate(cli, ws / FORM)


@produces("unknown-form-version", ("unknown-form-version", "bac-kan.xlsx", None))
def a_form_of_a_later_version(ws: Path, cli: Invoke) -> list[Found]:
    form = _form(ws)
    book = load_workbook(form)
    book[META_SHEET]["B1"] = "9"
    book.save(form)
    return _validate(cli, form)


@produces("missing-form-cell", ("missing-form-cell", "bac-kan.xlsx", None))
def a_form_with_an_input_row_deleted(ws: Path, cli: Invoke) -> list[Found]:
    form = _form(ws)
    book = load_workbook(form)
    del book.defined_names["land.certificates_issued"]
    book.save(form)
    return _validate(cli, form)


@produces(
    "missing-form-cells-more",
    *[("missing-form-cell", "bac-kan.xlsx", None)] * 5,
    ("missing-form-cells-more", "bac-kan.xlsx", None),
)
def a_form_with_seven_input_rows_deleted(ws: Path, cli: Invoke) -> list[Found]:
    form = _form(ws)
    book = load_workbook(form)
    for key in [key for key in book.defined_names if key.startswith("narrative.")][:4]:
        del book.defined_names[key]
    for key in ("land.certificates_issued", "fines.decisions", "eia.approved"):
        del book.defined_names[key]
    book.save(form)
    return _validate(cli, form)


@produces("missing-form-sheet", ("missing-form-sheet", "bac-kan.xlsx", None))
def a_form_whose_input_sheet_was_deleted(ws: Path, cli: Invoke) -> list[Found]:
    form = _form(ws)
    book = load_workbook(form)
    del book[FORM_SHEET]
    book.save(form)
    return _validate(cli, form)


@produces("wrong-form-kind", ("wrong-form-kind", "bac-kan.xlsx", None))
def a_self_assessment_form_filed_as_a_report(ws: Path, cli: Invoke) -> list[Found]:
    add_assessment(ws)
    made, form = ws / "out" / "tu-cham.xlsx", ws / FORM
    result = cli("assess", "form", "bac-kan", "--year", "2022", "-w", ws, "-o", made)
    assert result.exit_code == 0, result.output
    made.replace(form)
    return _validate(cli, form)


@produces(
    "formula-without-value",
    ("formula-without-value", "bac-kan.xlsx", FormCell("eia.appraised")),
)
def a_formula_saved_without_its_result(ws: Path, cli: Invoke) -> list[Found]:
    form = _form(ws)
    set_cached_formula(form, cell_of(form, "eia.appraised").split("!")[1], "3+4", None)
    return _validate(cli, form)


@produces("cell-error", ("cell-error", "bac-kan.xlsx", FormCell("inspections.total")))
def a_cell_showing_ref(ws: Path, cli: Invoke) -> list[Found]:
    return _validate(cli, fill_form(_form(ws), {"inspections.total": "#REF!"}))


# YAML and the models -----------------------------------------------------------------------


@produces("yaml-syntax", ("yaml-syntax", "bac-kan.yaml", 5))
def an_unclosed_bracket(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, HEAD + "inspections:\n  planned: [4\n  total: 6\n")


@produces("yaml-too-complex", ("yaml-too-complex", "bac-kan.yaml", None))
def an_alias_bomb(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, fixture_text("alias-bomb.yaml"))


@produces("yaml-too-deep", ("yaml-too-deep", "bac-kan.yaml", 3))
def brackets_nested_a_hundred_thousand_deep(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, HEAD + "inspections: " + "[" * 100_000 + "\n")


@produces("duplicate-key", ("duplicate-key", "bac-kan.yaml", 5))
def a_key_given_twice(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, HEAD + "inspections:\n  total: 6\n  total: 7\n")


@produces("unknown-key", ("unknown-key", "bac-kan.yaml", 4))
def a_misspelt_field(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, HEAD + "inspections:\n  planed: 4\n")


@produces("missing-field", ("missing-field", "bac-kan.yaml", 1))
def no_member(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, "period: 2022-H1\n")


@produces("wrong-type", ("wrong-type", "bac-kan.yaml", 3))
def a_list_where_a_group_is_due(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, HEAD + "inspections:\n  - 6\n")


@produces("invalid-value", ("invalid-value", "cluster.yaml", 18))
def a_member_id_with_diacritics(ws: Path, cli: Invoke) -> list[Found]:
    return _cluster(ws, "- id: bac-kan", "- id: Bắc Kạn")


# Numbers -----------------------------------------------------------------------------------


@produces("not-a-number", ("not-a-number", "bac-kan.yaml", 4))
def a_number_in_words(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, HEAD + "inspections:\n  total: mười\n")


@produces("wrong-unit", ("wrong-unit", "bac-kan.yaml", 4))
def classes_counted_as_inspections(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, HEAD + "inspections:\n  total: 12 lớp\n")


@produces("ambiguous-number", ("ambiguous-number", "bac-kan.yaml", 4))
def a_thousand_with_a_comma(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, HEAD + "eia:\n  appraised: 1,000\n")


@produces("negative-number", ("negative-number", "bac-kan.yaml", 4))
def a_negative_count(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, HEAD + "inspections:\n  total: -3\n")


@produces("not-whole-number", ("not-whole-number", "bac-kan.yaml", 4))
def half_an_inspection(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, HEAD + "inspections:\n  total: 2,5\n")


@produces("number-too-large", ("number-too-large", "bac-kan.yaml", 4))
def a_number_beyond_reason(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, HEAD + "fines:\n  amount_vnd: 10000000000000000000\n")


# Rules across fields -----------------------------------------------------------------------


@produces("sum-mismatch", ("sum-mismatch", "bac-kan.yaml", 4))
def a_total_that_is_not_its_parts(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, HEAD + "inspections:\n  total: 7\n  planned: 4\n  unannounced: 2\n")


@produces("exceeds-limit", ("exceeds-limit", "bac-kan.yaml", 5))
def more_approved_than_appraised(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, HEAD + "eia:\n  appraised: 4\n  approved: 5\n")


@produces("implausible-ratio", ("implausible-ratio", "bac-kan.yaml", 4))
def more_sessions_than_participants(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, HEAD + "trainings:\n  sessions: 30\n  participants: 20\n")


@produces("implausible-value", ("implausible-value", "bac-kan.yaml", 4))
def fines_of_a_thousand_billion(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, HEAD + "fines:\n  amount_vnd: 1.000 tỷ\n")


# Who prepared the report -------------------------------------------------------------------


@produces(
    "sender-phone-invalid",
    ("sender-phone-invalid", "bac-kan.xlsx", FormCell("sender.phone")),
)
def a_phone_number_short_of_digits(ws: Path, cli: Invoke) -> list[Found]:
    form = fill_form(_form(ws), {"inspections.total": 3, "sender.phone": "0912 345"})
    return _validate(cli, form)


@produces("sender-email-invalid", ("sender-email-invalid", "bac-kan.yaml", 6))
def an_address_without_its_domain(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, HEAD + "inspections:\n  total: 3\nsender:\n  email: an.nguyen@\n")


@produces(
    "sender-date-invalid", ("sender-date-invalid", "bac-kan.xlsx", FormCell("sender.sent_on"))
)
def a_thirty_first_of_february(ws: Path, cli: Invoke) -> list[Found]:
    form = fill_form(_form(ws), {"inspections.total": 3, "sender.sent_on": "31/2/2022"})
    return _validate(cli, form)


@produces("sender-date-outside-period", ("sender-date-outside-period", "bac-kan.yaml", 6))
def sent_before_the_half_year_began(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, HEAD + "inspections:\n  total: 3\nsender:\n  sent_on: 2021-12-20\n")


# A submission against the workspace --------------------------------------------------------


@produces("invalid-period", ("invalid-period", "bac-kan.yaml", 2))
def a_third_half_year(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, "member: bac-kan\nperiod: 2022-H3\n")


@produces("period-mismatch", ("period-mismatch", "bac-kan.yaml", 2))
def a_quarter_filed_under_a_half_year(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, "member: bac-kan\nperiod: 2022-Q1\n")


@produces("member-mismatch", ("member-mismatch", "bac-kan.yaml", 1))
def another_member_in_the_file(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, "member: lang-son\nperiod: 2022-H1\n")


@produces("unknown-member", ("unknown-member", "ha-noi.yaml", 1))
def a_member_of_another_cluster(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, "member: ha-noi\nperiod: 2022-H1\n", name="ha-noi.yaml")


@produces("year-not-configured", ("year-not-configured", "bac-kan.yaml", 2))
def a_year_the_cluster_does_not_list(ws: Path, cli: Invoke) -> list[Found]:
    file = put(ws / "submissions" / "2019-H1", "bac-kan.yaml", "member: bac-kan\nperiod: 2019-H1\n")
    return _validate(cli, file)


@produces("year-not-configured-files", ("year-not-configured-files", "cluster.yaml", None))
def many_files_of_a_year_the_cluster_does_not_list(ws: Path, cli: Invoke) -> list[Found]:
    for member in ("bac-kan", "cao-bang", "ha-giang"):
        text = f"member: {member}\nperiod: 2019-H1\n"
        put(ws / "submissions" / "2019-H1", f"{member}.yaml", text)
    return _validate(cli, ws)


@produces(
    "missing-submission",
    ("missing-submission", "2022-H1", None),
    ("missing-submission", "2022-H1", None),
)
def compile_with_two_members_silent(ws: Path, cli: Invoke) -> list[Found]:
    return _prepare(ws, "2022-H1")


@produces(
    "no-submissions",
    ("no-submissions", "2022-H1", None),
)
def compile_a_period_nobody_sent(ws: Path, cli: Invoke) -> list[Found]:
    (ws / PERIOD / "cao-bang.yaml").unlink()
    return _prepare(ws, "2022-H1")


@produces("no-files", ("no-files", "2022-H2", None))
def validate_an_empty_period_folder(ws: Path, cli: Invoke) -> list[Found]:
    folder = ws / "submissions" / "2022-H2"
    folder.mkdir()
    return _validate(cli, folder)


@produces(
    "previous-invalid",
    ("previous-invalid", "bac-kan.yaml", None),
    ("missing-submission", "2022-H1", None),
    ("missing-submission", "2022-H1", None),
)
def compile_when_a_year_earlier_has_an_error(ws: Path, cli: Invoke) -> list[Found]:
    put(ws / "submissions" / "2021-H1", "bac-kan.yaml", "member: bac-kan\nperiod: 2021-H3\n")
    return _prepare(ws, "2022-H1")


@produces("duplicate-submission", ("duplicate-submission", "bac-kan.xlsx", None))
def a_workbook_and_a_yaml_file_for_one_member(ws: Path, cli: Invoke) -> list[Found]:
    fill_form(_form(ws), {"land.certificates_issued": 12})
    put(ws / PERIOD, "bac-kan.yaml", fixture_text("valid.yaml"))
    return _validate(cli, ws)


@produces("stray-file", ("stray-file", "bien-ban.pdf", None))
def a_file_of_no_member_in_a_period_folder(ws: Path, cli: Invoke) -> list[Found]:
    put(ws / PERIOD, "bien-ban.pdf", b"%PDF-1.4")
    return _validate(cli, ws)


@produces("period-folder-alias", ("period-folder-alias", "2022-H1", None))
def one_period_in_two_folders(ws: Path, cli: Invoke) -> list[Found]:
    (ws / "submissions" / "2022-h1").mkdir()
    return _validate(cli, ws)


@produces("outside-period-folder", ("outside-period-folder", "ban-cu", None))
def a_folder_in_submissions_named_otherwise(ws: Path, cli: Invoke) -> list[Found]:
    put(ws / "submissions" / "ban-cu", "bac-kan.yaml", fixture_text("valid.yaml"))
    return _validate(cli, ws)


@produces("empty-submission", ("empty-submission", "bac-kan.yaml", 1))
def a_submission_with_nothing_in_it(ws: Path, cli: Invoke) -> list[Found]:
    return _yaml(ws, cli, HEAD)


@produces("implausible-change", ("implausible-change", "cao-bang.yaml", None))
def a_date_typed_into_a_count_cell(ws: Path, cli: Invoke) -> list[Found]:
    year = CLUSTER[CLUSTER.index("  2022:") :]
    (ws / "cluster.yaml").write_text(
        CLUSTER + year.replace("  2022:", "  2021:", 1), encoding="utf-8"
    )
    last_year = (ws / PERIOD / "cao-bang.yaml").read_text(encoding="utf-8")
    put(ws / "submissions" / "2021-H1", "cao-bang.yaml", last_year.replace("2022-H1", "2021-H1"))
    put(ws / PERIOD, "bac-kan.yaml", fixture_text("valid.yaml"))
    put(ws / PERIOD, "lang-son.yaml", fixture_text("valid.yaml").replace("bac-kan", "lang-son"))
    now = last_year.replace("  organisations_inspected: 20", "  organisations_inspected: 44927")
    (ws / PERIOD / "cao-bang.yaml").write_text(now, encoding="utf-8")
    return [found for found in _prepare(ws, "2022-H1") if found[0] != "missing-submission"]


# cluster.yaml ------------------------------------------------------------------------------


@produces("unknown-province", ("unknown-province", "cluster.yaml", 19))
def a_misspelt_province(ws: Path, cli: Invoke) -> list[Found]:
    return _cluster(ws, "province: Bắc Kạn", "province: Bac Kann")


@produces("merged-province", ("merged-province", "cluster.yaml", 19))
def a_province_merged_in_2025_for_2026(ws: Path, cli: Invoke) -> list[Found]:
    text = CLUSTER.replace("  2022:", "  2026:", 1).replace(
        "        province: Bắc Kạn\n        department: Sở Tài nguyên và Môi trường tỉnh Bắc Kạn",
        "        province: Bắc Kạn\n        department: Sở Nông nghiệp và Môi trường",
        1,
    )
    (ws / "cluster.yaml").write_text(text, encoding="utf-8")
    return _found(load_workspace(ws)[1])


@produces(
    "duplicate-member",
    ("duplicate-member", "cluster.yaml", 22),
    ("unknown-role-member", "cluster.yaml", 16),
)
def one_member_id_twice(ws: Path, cli: Invoke) -> list[Found]:
    return _cluster(ws, "- id: cao-bang", "- id: bac-kan")


@produces("duplicate-province", ("duplicate-province", "cluster.yaml", 23))
def two_members_for_one_province(ws: Path, cli: Invoke) -> list[Found]:
    return _cluster(ws, "province: Cao Bằng", "province: Bắc Cạn")


@produces("unknown-role-member", ("unknown-role-member", "cluster.yaml", 15))
def a_chair_from_outside_the_cluster(ws: Path, cli: Invoke) -> list[Found]:
    return _cluster(ws, "chair: lang-son", "chair: ha-noi")


@produces("same-chair-and-vice", ("same-chair-and-vice", "cluster.yaml", 16))
def one_member_as_chair_and_vice_chair(ws: Path, cli: Invoke) -> list[Found]:
    return _cluster(ws, "vice_chair: cao-bang", "vice_chair: lang-son")


@produces("deadline-outside-period", ("deadline-outside-period", "cluster.yaml", 18))
def a_deadline_in_the_year_before(ws: Path, cli: Invoke) -> list[Found]:
    deadlines = "    deadlines:\n      H1: 2021-06-10\n"
    return _cluster(ws, "    vice_chair: cao-bang\n", f"    vice_chair: cao-bang\n{deadlines}")


@produces("signing-outside-year", ("signing-outside-year", "cluster.yaml", 18))
def a_pledge_signed_three_years_early(ws: Path, cli: Invoke) -> list[Found]:
    signing = "    signing:\n      date: 2019-03-15\n"
    return _cluster(ws, "    vice_chair: cao-bang\n", f"    vice_chair: cao-bang\n{signing}")


@produces("missing-director", ("missing-director", "cluster.yaml", 22))
def a_member_without_a_director(ws: Path, cli: Invoke) -> list[Found]:
    return _cluster(ws, "        director: Nông Thị Hoa\n", "")


# Templates ---------------------------------------------------------------------------------


@produces("not-a-word-document", ("not-a-word-document", "mau.docx", None))
def a_template_saved_as_opendocument(ws: Path, cli: Invoke) -> list[Found]:
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w") as odt:
        odt.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        odt.writestr("content.xml", "<office:document-content/>")
    return _found(open_word_file(put(ws, "mau.docx", content.getvalue()))[1])


@produces("date-other-era", ("date-other-era", "cluster.yaml", None))
def a_2022_report_dated_after_the_ministries_merged(ws: Path, cli: Invoke) -> list[Found]:
    workspace, _ = load_workspace(ROOT / "examples" / "cum-ii")
    assert workspace is not None
    period = Period.parse("2022-H1")
    return _found(
        default_date_issues(
            workspace.config, workspace.cluster_file, period.label, period.end, date(2026, 1, 20)
        )
    )


# The year-end assessment --------------------------------------------------------------------


def _assess(ws: Path, relative: str, old: str = "", new: str = "") -> list[Found]:
    """The fixture's assessment of 2022 with one change to one of its files (`old` -> `new`;
    with no `old`, `new` is the whole file, or the file is removed when `new` is empty too)."""
    folder = add_assessment(ws)
    target = folder / relative
    if old:
        text = target.read_text(encoding="utf-8")
        assert old in text
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
    elif new:
        put(folder, relative, new)
    else:
        target.unlink()
    workspace, issues = load_workspace(ws)
    assert workspace is not None and issues == []
    return _found(read_assessment(workspace, 2022).report.issues)


@produces("dated-before-meeting", ("dated-before-meeting", "meeting.yaml", None))
def minutes_dated_before_their_meeting(ws: Path, cli: Invoke) -> list[Found]:
    from tdcli.usecases.assess_meeting import write_minutes

    add_assessment(ws)
    workspace, _ = load_workspace(ws)
    assert workspace is not None
    written = write_minutes(workspace, 2022, report_date=date(2022, 12, 1))
    return _found(issue for issue in written.report.issues if issue.code == "dated-before-meeting")


_SELF = "self/bac-kan.yaml"
_ROUND = "{cast: 3, valid: 3, votes: {lang-son: 3, bac-kan: 0}}"


@produces("no-scheme", ("no-scheme", "scheme.yaml", None))
def a_year_without_a_scheme(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(ws, "scheme.yaml")


@produces("scheme-scale-mismatch", ("scheme-scale-mismatch", "scheme.yaml", 2))
def maxima_that_do_not_add_up_to_the_scale(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(ws, "scheme.yaml", "scale: 100", "scale: 1000")


@produces("duplicate-id", ("duplicate-id", "scheme.yaml", 12))
def a_criterion_id_twice(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(ws, "scheme.yaml", '{id: "2.1"', '{id: "1.1"')


@produces("unknown-band", ("unknown-band", "scheme.yaml", 29))
def an_award_for_a_band_the_scheme_lacks(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(ws, "scheme.yaml", "min_band: Hoàn thành xuất sắc nhiệm vụ", "min_band: Giỏi")


@produces("unknown-tie-break", ("unknown-tie-break", "scheme.yaml", 24))
def a_tie_break_on_no_group(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(ws, "scheme.yaml", "[g1, bonus, votes]", "[g9, bonus, votes]")


@produces(
    "unknown-award",
    ("unknown-award", "meeting.yaml", 12),
    ("round-needed", "meeting.yaml", 11),  # the scheme's award was not voted on
)
def ballots_for_an_award_the_scheme_lacks(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(ws, "meeting.yaml", "  co:", "  bang-khen:")


@produces("unknown-criterion", ("unknown-criterion", "bac-kan.yaml", 10))
def a_score_for_a_criterion_the_scheme_lacks(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(ws, _SELF, "  p1: 0\n", "  p1: 0\n  '9.9': 3\n")


@produces("criterion-not-scored", ("criterion-not-scored", "bac-kan.yaml", 3))
def a_criterion_left_unscored(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(ws, _SELF, "  '2.1': 19\n", "")


@produces("score-above-max", ("score-above-max", "bac-kan.yaml", 4))
def a_score_above_its_maximum(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(ws, _SELF, "'1.1': 55", "'1.1': 61")


@produces("bonus-above-max", ("bonus-above-max", "bac-kan.yaml", 3))
def more_bonus_than_the_bonus_maximum(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(
        ws,
        _SELF,
        "  b1: 0\n  b2: 0\n",
        "  b1: {points: 8, note: QĐ 1}\n  b2: {points: 5, note: QĐ 2}\n",
    )


@produces("missing-evidence", ("missing-evidence", "bac-kan.yaml", 7))
def a_bonus_without_its_evidence(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(ws, _SELF, "b1: 0", "b1: 4")


@produces(
    "assessment-missing",
    ("assessment-missing", "self", None),
)
def a_member_without_a_self_assessment(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(ws, "self/cao-bang.yaml")


@produces("scheme-mismatch", ("scheme-mismatch", "bac-kan.xlsx", "Phiếu tự chấm!A2"))
def a_self_assessment_form_of_another_scheme(ws: Path, cli: Invoke) -> list[Found]:
    folder = add_assessment(ws)
    form = ws / "out" / "bac-kan.xlsx"
    result = cli("assess", "form", "bac-kan", "--year", "2022", "-w", ws, "-o", form)
    assert result.exit_code == 0, result.output
    (folder / _SELF).unlink()
    form.replace(folder / "self" / "bac-kan.xlsx")
    scheme = folder / "scheme.yaml"
    text = scheme.read_text(encoding="utf-8")
    scheme.write_text(text.replace("100/BTNMT", "101/BTNMT"), encoding="utf-8")
    workspace, _ = load_workspace(ws)
    assert workspace is not None
    return _found(read_assessment(workspace, 2022).report.issues)


@produces("duplicate-assessment", ("duplicate-assessment", "bac-kan.yaml", None))
def a_member_with_two_self_assessments(ws: Path, cli: Invoke) -> list[Found]:
    text = (FIXTURES / "assessment" / "2022" / _SELF).read_text(encoding="utf-8")
    return _assess(ws, "self/bac-kan.yml", new=text)


@produces("assessment-mismatch", ("assessment-mismatch", "bac-kan.yaml", 2))
def a_self_assessment_of_another_year(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(ws, _SELF, "year: 2022", "year: 2021")


@produces("adjustment-without-reason", ("adjustment-without-reason", "review.yaml", 2))
def an_adjustment_without_a_reason(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(
        ws, "review.yaml", new="adjustments:\n  - {member: bac-kan, criterion: '1.1', points: 50}\n"
    )


@produces("duplicate-adjustment", ("duplicate-adjustment", "review.yaml", 3))
def one_criterion_adjusted_twice(ws: Path, cli: Invoke) -> list[Found]:
    twice = "  - {member: bac-kan, criterion: '1.1', points: 50, reason: Chưa có minh chứng}\n"
    return _assess(ws, "review.yaml", new="adjustments:\n" + twice * 2)


@produces("valid-above-cast", ("valid-above-cast", "meeting.yaml", 13))
def more_valid_ballots_than_cast(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(
        ws,
        "meeting.yaml",
        "cast: 3, valid: 3, votes: {lang-son: 3",
        "cast: 3, valid: 4, votes: {lang-son: 3",
    )


@produces(
    "votes-above-valid",
    ("votes-above-valid", "meeting.yaml", 13),
    ("votes-above-ballots", "meeting.yaml", 13),
)
def more_votes_than_valid_ballots(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(
        ws, "meeting.yaml", _ROUND, "{cast: 3, valid: 2, votes: {lang-son: 2, bac-kan: 3}}"
    )


@produces("votes-above-ballots", ("votes-above-ballots", "meeting.yaml", 13))
def more_votes_than_the_ballots_hold(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(
        ws, "meeting.yaml", _ROUND, "{cast: 3, valid: 3, votes: {lang-son: 3, bac-kan: 1}}"
    )


@produces(
    "cast-above-present",
    ("cast-above-present", "meeting.yaml", 13),
)
def an_absent_member_counted_as_voting(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(
        ws,
        "meeting.yaml",
        "bac-kan: {delegates: [{name: Hoàng C, title: Phó Giám đốc}]}",
        "bac-kan: {absent: Bận công tác}",
    )


@produces(
    "vote-for-ineligible",
    ("vote-for-ineligible", "meeting.yaml", 13),
)
def a_vote_for_a_member_not_on_the_ballot(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(
        ws, "meeting.yaml", _ROUND, "{cast: 3, valid: 3, votes: {lang-son: 2, cao-bang: 1}}"
    )


@produces("round-needed", ("round-needed", "meeting.yaml", 12))
def a_round_without_a_winner(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(
        ws, "meeting.yaml", _ROUND, "{cast: 3, valid: 3, votes: {lang-son: 1, bac-kan: 1}}"
    )


@produces("round-not-needed", ("round-not-needed", "meeting.yaml", 14))
def a_round_after_the_seat_was_filled(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(ws, "meeting.yaml", _ROUND, f"{_ROUND}\n    - {_ROUND}")


@produces("chairs-decision-needed", ("chairs-decision-needed", "meeting.yaml", 12))
def the_rounds_ran_out(ws: Path, cli: Invoke) -> list[Found]:
    tie = "{cast: 3, valid: 3, votes: {lang-son: 1, bac-kan: 1}}"
    return _assess(ws, "meeting.yaml", _ROUND, f"{tie}\n    - {tie}")


@produces("invalid-chairs-decision", ("invalid-chairs-decision", "meeting.yaml", 15))
def the_chairs_deciding_when_the_vote_did(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(ws, "meeting.yaml", _ROUND, f"{_ROUND}\ndecided_by_chairs:\n  co: [bac-kan]")


@produces(
    "missing-attendance",
    ("missing-attendance", "meeting.yaml", 7),
    ("cast-above-present", "meeting.yaml", 12),
)
def a_member_missing_from_the_attendance(ws: Path, cli: Invoke) -> list[Found]:
    return _assess(
        ws, "meeting.yaml", "  cao-bang: {delegates: [{name: Nông D, title: Phó Giám đốc}]}\n", ""
    )


@produces(
    "checked-without-cluster",
    ("wrong-type", "cluster.yaml", 10),
    ("checked-without-cluster", "cluster.yaml", None),
)
def a_workspace_whose_cluster_yaml_has_a_bad_date(ws: Path, cli: Invoke) -> list[Found]:
    _cluster(ws, "date: 2022-03-02", "date: 2022-13-45")
    return _validate(cli, ws)


@produces(
    "assessment-not-checked",
    ("wrong-type", "cluster.yaml", 10),
    ("assessment-not-checked", "2022", None),
)
def the_assessment_given_while_cluster_yaml_has_errors(ws: Path, cli: Invoke) -> list[Found]:
    add_assessment(ws)
    _cluster(ws, "date: 2022-03-02", "date: 2022-13-45")
    return _validate(cli, ws / "assessment")


# The tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("code", list(CASES))
def test_code_is_produced_by_a_real_input(workspace: Path, cli: Invoke, code: str) -> None:
    produce, expected = CASES[code]
    found = produce(workspace, cli)
    wanted = [
        (name, file, cell_of(workspace / FORM, place.key) if isinstance(place, FormCell) else place)
        for name, file, place in expected
    ]
    assert sorted(found, key=repr) == sorted(wanted, key=repr)


def test_every_code_has_a_case() -> None:
    assert set(CASES) == set(CATALOGUE)


@pytest.mark.parametrize("code", list(CATALOGUE))
def test_template_takes_exactly_the_declared_params(code: str) -> None:
    kind = CATALOGUE[code]
    fields = [
        (name, spec, conversion)
        for _, name, spec, conversion in string.Formatter().parse(kind.template)
        if name is not None
    ]
    assert all(
        name.isidentifier() and not spec and not conversion for name, spec, conversion in fields
    )
    assert {name for name, _, _ in fields} - {"value"} == set(kind.params)
    assert "value" not in kind.params and len(set(kind.params)) == len(kind.params)


def test_a_declared_param_left_out_reads_as_empty() -> None:
    issue = make_issue("file-unreadable", file="x.yaml")
    assert issue.message == CATALOGUE["file-unreadable"].template.format(detail="")
    assert make_issue("file-unreadable", file="x.yaml", detail=None).message == issue.message
    for code in CATALOGUE:
        assert "{" not in make_issue(code, file="x.yaml").message


def test_an_undeclared_param_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="detail"):
        make_issue("file-not-found", file="x.yaml", detail="nope")
    with pytest.raises(TypeError, match="year"):
        make_issue("sum-mismatch", file="x.yaml", year=2022)
    with pytest.raises(KeyError, match="no-such-code"):
        make_issue("no-such-code", file="x.yaml")
