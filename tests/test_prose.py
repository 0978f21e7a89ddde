"""The report's sentences, said as the catalogue declares: every reported figure is said,
no clause dangles, and a field added to the catalogue is said with no change to the prose."""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Annotated, ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tdcli.compute.aggregate import Aggregate, MemberRef, aggregate
from tdcli.contents.phrases import number_text
from tdcli.contents.prose import result_sentences
from tdcli.model import catalogue
from tdcli.model.catalogue import (
    GROUPS,
    Fines,
    Indicator,
    IndicatorGroup,
    Submission,
    ValueKind,
    WholeNumber,
    Wording,
    group_by_key,
    iter_fields,
)
from tdcli.model.periods import Period
from tdcli.model.provinces import registry

PERIOD = Period.parse("2022-H1")
PROVINCES = ("lang-son", "cao-bang", "bac-kan")
Figures = Mapping[str, int | None]
NUMERIC = [spec.key for spec in iter_fields(numeric_only=True)]


def _groups(figures: Figures) -> dict[str, dict[str, int]]:
    groups: dict[str, dict[str, int]] = {}
    for key, value in figures.items():
        if value is not None:
            group, name = key.split(".")
            groups.setdefault(group, {})[name] = value
    return groups


def _submission(
    member: str,
    period: Period,
    figures: Figures,
    model: type[Submission] = Submission,
) -> Submission:
    return model.model_validate({"member": member, "period": period.code, **_groups(figures)})


def _aggregate(
    current: Sequence[Figures | None],
    previous: Sequence[Figures | None] | None = None,
    model: type[Submission] = Submission,
) -> Aggregate:
    """The cluster of the first members of `PROVINCES`; None: a member that sent nothing."""
    members = [
        MemberRef(f"m{index}", f"Sở m{index}", registry().get(PROVINCES[index]))
        for index in range(len(current))
    ]
    last_year = PERIOD.previous_year()
    previous = (previous or [])[: len(members)]
    return aggregate(
        PERIOD,
        members,
        {
            member.id: _submission(member.id, PERIOD, f, model)
            for member, f in zip(members, current, strict=True)
            if f is not None
        },
        {
            member.id: _submission(member.id, last_year, f, model)
            for member, f in zip(members[: len(previous)], previous, strict=True)
            if f is not None
        },
        {member.id: member.province for member in members},
    )


def _say(**groups: dict[str, int]) -> list[str]:
    figures = {
        f"{group}.{name}": v for group, fields in groups.items() for name, v in fields.items()
    }
    return result_sentences(_aggregate([figures]))


# What no paragraph may contain: an empty or dangling clause, a stray space or mark.
FORBIDDEN = ("đã với", "đã ;", "đã ,", "đã đã", ": .", ": ;", ", ;", "; ;", "( )", "()", "cho ,")
DANGLING = re.compile(
    r"đã (?:với|cho|đối với|trong đó|tổng số tiền)\b"  # the lead followed by a connector
    r"|[:;] (?:với|cho|đối với|trong đó|tổng số tiền)\b"  # a clause opened by one
    r"|[:;,(] *[.;,)]"  # a mark right after a mark: an empty clause or parenthesis
    r"|\bcho *[,;.]"  # "cho" with nothing after it
    r"| [,;.)]|\( |  |\.\."  # stray spaces, a double period
)
NUMBER_EDGE_BEFORE = r"(?<![\d.,])(?<!tăng )(?<!giảm )(?<!năm )"
NUMBER_EDGE_AFTER = r"(?![\d%]|[.,]\d)"


def _assert_well_formed(paragraphs: list[str]) -> None:
    assert paragraphs
    for text in paragraphs:
        assert text[0].isupper() and text.endswith("."), text
        assert not [fragment for fragment in FORBIDDEN if fragment in text], text
        assert not DANGLING.search(text), (DANGLING.search(text), text)
        assert text.count("(") == text.count(")"), text
        _, _, body = text.partition(": ")
        assert body or text == "Các Sở thành viên chưa báo cáo số liệu cụ thể trong kỳ.", text


def _assert_every_figure_is_said(result: Aggregate, paragraphs: list[str]) -> None:
    """Each reported number is in the text as the text writes it, once per field at least
    (comparisons, shares and years are not counted as figures)."""
    expected = Counter(
        shown
        for total in result.totals.values()
        if not total.spec.indicator.wording.table_only
        if (shown := number_text(total)) is not None
    )
    text = "\n".join(paragraphs)
    for shown in sorted(expected, key=len, reverse=True):  # "2 triệu đồng" before "2"
        pattern = re.compile(NUMBER_EDGE_BEFORE + re.escape(shown) + NUMBER_EDGE_AFTER)
        assert len(pattern.findall(text)) >= expected[shown], (shown, text)
        text = pattern.sub("#", text)


values = st.one_of(st.none(), st.integers(0, 30), st.integers(0, 10**13))
figures = st.fixed_dictionaries(dict.fromkeys(NUMERIC, values))
member_figures = st.one_of(st.none(), figures)


@settings(max_examples=200)
@given(
    st.lists(member_figures, min_size=1, max_size=len(PROVINCES)),
    st.one_of(st.none(), st.lists(member_figures, max_size=len(PROVINCES))),
)
def test_every_reported_figure_is_said_and_no_clause_dangles(
    current: list[dict[str, int | None] | None],
    previous: list[dict[str, int | None] | None] | None,
) -> None:
    result = _aggregate(current, previous)
    paragraphs = result_sentences(result)
    _assert_well_formed(paragraphs)
    _assert_every_figure_is_said(result, paragraphs)
    if not result.has_previous:
        assert all("so với" not in paragraph for paragraph in paragraphs)


@given(st.sets(st.sampled_from(NUMERIC), min_size=1), st.integers(0, 10**13))
def test_any_subset_of_fields_reads_as_sentences(keys: set[str], value: int) -> None:
    figures: dict[str, int | None] = dict.fromkeys(keys, value)
    result = _aggregate([figures], [figures])
    paragraphs = result_sentences(result)
    _assert_well_formed(paragraphs)
    _assert_every_figure_is_said(result, paragraphs)


# Sentences a report says, when some figures are missing ------------------------------------

CASES = {
    "fines-without-inspections": (
        {"fines": {"decisions": 2}},
        "Công tác thanh tra, kiểm tra: các Sở đã ban hành 2 quyết định xử phạt vi phạm hành chính.",
    ),
    "amount-without-decisions": (
        {"fines": {"amount_vnd": 2_800_000_000, "collected_vnd": 2_500_000_000}},
        "Công tác thanh tra, kiểm tra: các Sở đã xử phạt vi phạm hành chính với tổng số tiền "
        "2,8 tỷ đồng (bằng cùng kỳ năm 2021); đã nộp ngân sách nhà nước 2,5 tỷ đồng.",
    ),
    "planned-and-unannounced-without-total": (
        {"inspections": {"planned": 3, "unannounced": 2, "organisations_inspected": 9}},
        "Công tác thanh tra, kiểm tra: các Sở đã tổ chức 3 cuộc thanh tra, kiểm tra theo kế "
        "hoạch, 2 cuộc đột xuất đối với 9 tổ chức, cá nhân.",
    ),
    "inspected-without-inspections": (
        {"inspections": {"organisations_inspected": 9, "sanctioned": 2}},
        "Công tác thanh tra, kiểm tra: các Sở đã thanh tra, kiểm tra 9 tổ chức, cá nhân; xử "
        "phạt vi phạm hành chính 2 tổ chức, cá nhân.",
    ),
    "participants-without-sessions": (
        {"trainings": {"participants": 3050}},
        "Công tác tuyên truyền, phổ biến pháp luật: các Sở đã tuyên truyền, tập huấn pháp luật "
        "cho 3.050 lượt người tham gia (bằng cùng kỳ năm 2021).",
    ),
    "approved-without-appraised": (
        {"eia": {"approved": 112}},
        "Công tác đánh giá tác động môi trường, cấp phép môi trường: các Sở đã trình UBND các "
        "tỉnh phê duyệt 112 báo cáo đánh giá tác động môi trường (bằng cùng kỳ năm 2021).",
    ),
    "on-time-share": (
        {"admin_procedures": {"resolved": 21, "resolved_on_time": 20}},
        "Công tác cải cách thủ tục hành chính: các Sở đã giải quyết 21 hồ sơ thủ tục hành "
        "chính (bằng cùng kỳ năm 2021), trong đó 20 hồ sơ giải quyết đúng hạn (đạt 95,2%).",
    ),
    "no-share-of-nothing": (
        {"admin_procedures": {"resolved": 0, "resolved_on_time": 0}},
        "Công tác cải cách thủ tục hành chính: các Sở đã giải quyết 0 hồ sơ thủ tục hành chính "
        "(bằng cùng kỳ năm 2021), trong đó 0 hồ sơ giải quyết đúng hạn.",
    ),
    "complaints-resolved-only": (
        {"complaints": {"resolved": 3}},
        "Công tác giải quyết khiếu nại, tố cáo: các Sở đã giải quyết 3 đơn khiếu nại, tố cáo "
        "(bằng cùng kỳ năm 2021).",
    ),
    "emulation-has-no-lead": (
        {"emulation": {"awards": 4}},
        "Công tác thi đua, khen thưởng: 4 hình thức khen thưởng được đề nghị, trao tặng.",
    ),
}


@pytest.mark.parametrize(("groups", "expected"), CASES.values(), ids=CASES.keys())
def test_a_missing_figure_leaves_no_dangling_clause(
    groups: dict[str, dict[str, int]], expected: str
) -> None:
    figures = {
        f"{group}.{name}": v for group, fields in groups.items() for name, v in fields.items()
    }
    assert result_sentences(_aggregate([figures], [figures])) == [expected]


def test_the_seed_sentence() -> None:
    """Seed 001: "tổ chức được 28 lớp ... cho trên 3.000 người tham gia; ... 38 cuộc thanh tra,
    kiểm tra, xử phạt vi phạm hành chính 32 đơn vị với tổng số tiền 2,8 tỷ đồng"."""
    inspections, trainings = _say(
        inspections={"total": 38, "sanctioned": 32},
        fines={"amount_vnd": 2_800_000_000},
        trainings={"sessions": 28, "participants": 3050},
    )
    assert inspections == (
        "Công tác thanh tra, kiểm tra: các Sở đã tổ chức 38 cuộc thanh tra, kiểm tra; xử phạt "
        "vi phạm hành chính 32 tổ chức, cá nhân, tổng số tiền 2,8 tỷ đồng."
    )
    assert trainings == (
        "Công tác tuyên truyền, phổ biến pháp luật: các Sở đã tổ chức được 28 lớp, hội nghị "
        "tuyên truyền, tập huấn pháp luật cho 3.050 lượt người tham gia."
    )


def test_nothing_reported() -> None:
    assert _say() == ["Các Sở thành viên chưa báo cáo số liệu cụ thể trong kỳ."]


# The declarations ---------------------------------------------------------------------------


def test_every_declaration_names_what_exists() -> None:
    placeholders = {"n", "unit"}
    for spec in iter_fields(numeric_only=True):
        wording = spec.indicator.wording
        for template in (wording.phrase, wording.alone):
            names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
            assert names <= placeholders, (spec.key, template)
            assert not template or "{n}" in template, (spec.key, template)
        assert not wording.alone or wording.phrase, spec.key
        for sibling in (wording.within, wording.share_of):
            assert not sibling or sibling in spec.group.model_fields, (spec.key, sibling)
        if wording.within:  # one level deep: a host is not itself within another
            assert wording.within != spec.name, spec.key
            assert not spec.group.indicator(wording.within).wording.within, spec.key
        said_with = wording.said_with or spec.group.said_with
        assert not said_with or group_by_key(said_with) is not None, spec.key


# A field or a group added to the catalogue is said with no change to the prose --------------


class FinesWithRefunds(Fines):
    refunded_vnd: Annotated[
        WholeNumber,
        Indicator("Số tiền hoàn trả", "đồng", "", ValueKind.MONEY, "triệu đồng", 1_000_000),
    ] = None
    kept_vnd: Annotated[
        WholeNumber,
        Indicator(
            "Số tiền tạm giữ",
            "đồng",
            kind=ValueKind.MONEY,
            wording=Wording("tạm giữ {n}", joins=", "),
        ),
    ] = None
    internal_code: Annotated[
        WholeNumber, Indicator("Mã nội bộ", "mã", wording=Wording(table_only=True))
    ] = None


class Water(IndicatorGroup):
    key: ClassVar[str] = "water"
    label: ClassVar[str] = "Tài nguyên nước"

    permits: Annotated[WholeNumber, Indicator("Giấy phép khai thác nước được cấp", "giấy phép")] = (
        None
    )


class ExtendedSubmission(Submission):
    fines: FinesWithRefunds = FinesWithRefunds()
    water: Water = Water()


ADDED = ("fines.refunded_vnd", "fines.kept_vnd", "fines.internal_code", "water.permits")


@pytest.fixture
def extended(monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalogue with the new fields and group, for this test only."""
    groups = tuple(FinesWithRefunds if group is Fines else group for group in GROUPS)
    narrative = groups[-1]
    monkeypatch.setattr(catalogue, "GROUPS", (*groups[:-1], Water, narrative))


@pytest.mark.usefixtures("extended")
def test_a_new_money_field_in_fines_is_said_with_the_inspections() -> None:
    figures: dict[str, int | None] = {
        "fines.decisions": 2,
        "fines.refunded_vnd": 5_000_000,
        "fines.kept_vnd": 1_200_000,
        "fines.internal_code": 77,
        "water.permits": 4,
    }
    result = _aggregate([figures], model=ExtendedSubmission)
    assert result_sentences(result) == [
        "Công tác thanh tra, kiểm tra: các Sở đã ban hành 2 quyết định xử phạt vi phạm hành "
        "chính; số tiền hoàn trả 5 triệu đồng, tạm giữ 1,2 triệu đồng.",
        "Tài nguyên nước: giấy phép khai thác nước được cấp 4 giấy phép.",
    ]


@pytest.mark.usefixtures("extended")
def test_an_undeclared_field_alone_takes_no_lead() -> None:
    result = _aggregate([{"fines.refunded_vnd": 5_000_000}], model=ExtendedSubmission)
    assert result_sentences(result) == [
        "Công tác thanh tra, kiểm tra: số tiền hoàn trả 5 triệu đồng."
    ]


@pytest.mark.usefixtures("extended")
@given(st.fixed_dictionaries(dict.fromkeys([*NUMERIC, *ADDED], values)))
def test_the_extended_catalogue_keeps_the_rules(figures: dict[str, int | None]) -> None:
    result = _aggregate([figures], model=ExtendedSubmission)
    paragraphs = result_sentences(result)
    _assert_well_formed(paragraphs)
    _assert_every_figure_is_said(result, paragraphs)


def test_a_group_said_on_its_own_when_its_declaration_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(Fines, "said_with", "")
    assert _say(inspections={"total": 3}, fines={"decisions": 2}) == [
        "Công tác thanh tra, kiểm tra: các Sở đã tổ chức 3 cuộc thanh tra, kiểm tra.",
        "Xử phạt vi phạm hành chính: ban hành 2 quyết định xử phạt vi phạm hành chính.",
    ]


def test_the_catalogue_is_back_as_it_was() -> None:
    """After the tests above: nothing they added stays in the catalogue."""
    assert FinesWithRefunds not in catalogue.GROUPS and Water not in catalogue.GROUPS
    assert Fines.said_with == "inspections"
    assert not {spec.key for spec in iter_fields()} & set(ADDED)
