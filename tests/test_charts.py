"""Charts: like-for-like trends (full years and first halves apart), zero-based bars, numbers
in the Vietnamese format, the documents' serif face; and the export that draws them."""

from __future__ import annotations

import json
import logging
import re
import shutil
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tdcli.compute.aggregate import Aggregate, MemberRef, aggregate
from tdcli.compute.trends import Trend, series_name, trend, worth_comparing
from tdcli.model.catalogue import Submission
from tdcli.model.periods import Period, PeriodKind
from tdcli.model.provinces import registry
from tdcli.render import charts
from tdcli.usecases.export import ExportEvent, run_export
from tdcli.workspace import load_workspace

from helpers import ROOT

FY_2021 = Period(2021)
H1_2021 = Period.parse("2021-H1")
H1_2022 = Period.parse("2022-H1")
FINES = "fines.amount_vnd"
INSPECTIONS = "inspections.total"
TREND_CHART = "2022/bieu-do-qua-cac-nam.png"


def _result(period: Period, **figures: dict[str, Any]) -> Aggregate:
    """The cluster's totals for `period`: `figures` maps a member to its groups."""
    members = [MemberRef(member, f"Sở {member}", registry().get(member)) for member in figures]
    current = {
        member: Submission.model_validate({"member": member, "period": period.code, **groups})
        for member, groups in figures.items()
    }
    return aggregate(period, members, current)


def _fines(period: Period, amount: int) -> Aggregate:
    return _result(period, **{"bac-kan": {"fines": {"amount_vnd": amount}}})


@pytest.fixture
def example_trend() -> Trend:
    """As in the example: a full year 2021, and the first halves of 2021 and 2022."""
    return trend(
        [
            _fines(H1_2022, 3_446_500_000),
            _fines(FY_2021, 6_935_000_000),
            _fines(H1_2021, 3_090_000_000),
        ]
    )


# --------------------------------------------------------------------------- the trend (pure)


def test_full_years_and_first_halves_are_series_apart(example_trend: Trend) -> None:
    assert example_trend.periods == (H1_2021, FY_2021, H1_2022)
    assert example_trend.years == (2021, 2022)
    assert example_trend.kinds == (PeriodKind.FULL_YEAR, PeriodKind.H1)
    full, first_half = example_trend.series(FINES)
    assert (full.name, full.points) == ("Cả năm", ((2021, 6_935_000_000),))
    assert (first_half.name, first_half.points) == (
        "6 tháng đầu năm",
        ((2021, 3_090_000_000), (2022, 3_446_500_000)),
    )
    assert first_half.value(2022) == (True, 3_446_500_000)
    assert full.value(2022) == (False, None)
    nobody = example_trend.series(INSPECTIONS)[1]
    assert nobody.points == ((2021, None), (2022, None))  # nobody reported: None, never 0


def test_until_keeps_the_years_up_to_the_summary(example_trend: Trend) -> None:
    until = example_trend.until(2021)
    assert until.periods == (H1_2021, FY_2021)
    assert [series.points for series in until.series(FINES)] == [
        ((2021, 6_935_000_000),),
        ((2021, 3_090_000_000),),
    ]
    assert not until.worth_drawing()  # a full year beside a half year compares nothing
    assert example_trend.worth_drawing()  # two first halves


@pytest.mark.parametrize(
    ("codes", "drawn"),
    [
        (["2021", "2022-H1"], False),
        (["2021", "2021-H1"], False),
        (["2021-H1", "2022"], False),
        (["2021-H1", "2022-H1"], True),
        (["2020", "2021"], True),
        (["2021-Q3", "2022-Q3", "2022"], True),
        (["2022-H1"], False),
        ([], False),
    ],
    ids=["year-then-half", "same-year", "half-then-year", "two-halves", "two-years",
         "two-q3", "one-period", "nothing"],
)  # fmt: skip
def test_a_trend_is_worth_drawing_only_with_two_years_of_one_kind(
    codes: list[str], drawn: bool
) -> None:
    periods = [Period.parse(code) for code in codes]
    assert worth_comparing(periods) is drawn
    assert trend([_fines(period, 1_000_000) for period in periods]).worth_drawing() is drawn


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        (PeriodKind.FULL_YEAR, "Cả năm"),
        (PeriodKind.H1, "6 tháng đầu năm"),
        (PeriodKind.H2, "6 tháng cuối năm"),
        (PeriodKind.Q3, "Quý III"),
        (PeriodKind.NINE_MONTHS, "9 tháng"),
    ],
)
def test_each_kind_of_period_is_named_by_its_own_label(kind: PeriodKind, name: str) -> None:
    assert series_name(kind) == name


def test_other_kinds_are_series_of_their_own_after_the_full_year() -> None:
    across = trend(
        [
            _fines(Period.parse("2021-9M"), 1_000_000),
            _fines(Period.parse("2022-9M"), 2_000_000),
            _fines(Period(2021), 3_000_000),
            _fines(H1_2022, 4_000_000),
        ]
    )
    assert across.kinds == (PeriodKind.FULL_YEAR, PeriodKind.H1, PeriodKind.NINE_MONTHS)
    assert [series.points for series in across.series(FINES)] == [
        ((2021, 3_000_000),),
        ((2022, 4_000_000),),
        ((2021, 1_000_000), (2022, 2_000_000)),
    ]


# ------------------------------------------------------------------------- the drawn figures


def _drawn(figure: Any) -> Any:
    """`figure` laid out as the PNG is, so its tick labels exist."""
    figure.draw_without_rendering()
    return figure


def _bars(axis: Any) -> list[tuple[float, float, str]]:
    """(centre, height, hatch) of every bar of a panel."""
    return [
        (round(bar.get_x() + bar.get_width() / 2, 3), bar.get_height(), bar.get_hatch() or "")
        for container in axis.containers
        for bar in container
    ]


def _fines_panel(figure: Any) -> Any:
    (axis,) = [axis for axis in figure.axes if axis.get_title().startswith("Tổng số tiền")]
    return axis


def test_the_trend_draws_grouped_bars_from_zero(example_trend: Trend) -> None:
    figure = _drawn(charts.trend_figure(example_trend))
    axis = _fines_panel(figure)
    assert axis.get_title() == "Tổng số tiền xử phạt (triệu đồng)"
    assert axis.get_ylim()[0] == 0
    assert [label.get_text() for label in axis.get_xticklabels()] == ["2021", "2022"]
    bars = _bars(axis)
    full = [bar for bar in bars if not bar[2]]
    halves = [bar for bar in bars if bar[2]]
    assert [height for _, height, _ in full] == [6935.0]
    assert [height for _, height, _ in halves] == [3090.0, 3446.5]
    # A first half sits in its own slot, beside the full year, never in its place.
    assert full[0][0] < 0 < halves[0][0] < 1 < halves[1][0]
    assert halves[1][0] - halves[0][0] == pytest.approx(1)
    (legend,) = figure.legends
    assert [text.get_text() for text in legend.get_texts()] == ["Cả năm", "6 tháng đầu năm"]
    assert figure.get_suptitle() == (
        "Tổng số của Cụm qua các năm (cả năm và 6 tháng đầu năm, so sánh cùng kỳ)"
    )


def test_numbers_on_the_trend_read_the_vietnamese_way(example_trend: Trend) -> None:
    figure = _drawn(charts.trend_figure(example_trend))
    axis = _fines_panel(figure)
    ticks = [label.get_text() for label in axis.get_yticklabels() if label.get_text()]
    assert ticks[0] == "0"
    assert "1.000" in ticks or "2.000" in ticks
    assert all(re.fullmatch(r"\d{1,3}(\.\d{3})*(,\d)?", tick) for tick in ticks), ticks
    values = sorted(text.get_text() for text in axis.texts)
    assert values == ["3.090", "3.446,5", "6.935"]  # as the tables write millions


def test_a_total_nobody_reported_is_no_bar(example_trend: Trend) -> None:
    figure = _drawn(charts.trend_figure(example_trend))
    (axis,) = [axis for axis in figure.axes if axis.get_title().startswith("Tổng số cuộc")]
    assert _bars(axis) == []
    assert [text.get_text() for text in axis.texts] == ["-", "-", "-"]
    assert axis.get_ylim()[0] == 0


def test_the_members_chart_starts_at_zero_and_leaves_out_who_did_not_report() -> None:
    result = _result(
        H1_2022,
        **{
            "bac-kan": {"fines": {"amount_vnd": 1_234_500_000}, "inspections": {"total": 1200}},
            "cao-bang": {"fines": {"amount_vnd": 0}},
        },
    )
    figure = _drawn(charts.members_figure(result))
    inspections = next(axis for axis in figure.axes if axis.get_title().startswith("Tổng số cuộc"))
    assert inspections.get_ylim()[0] == 0
    assert [height for _, height, _ in _bars(inspections)] == [1200.0]  # no bar of 0
    assert sorted(text.get_text() for text in inspections.texts) == ["-", "1.200"]
    ticks = [label.get_text() for label in inspections.get_yticklabels() if label.get_text()]
    assert "1.000" in ticks and "1,000" not in ticks
    fines = _fines_panel(figure)
    assert [height for _, height, _ in _bars(fines)] == [1234.5, 0.0]  # 0 reported is a 0
    assert [text.get_text() for text in fines.texts] == ["1.234,5", "0"]


def test_the_png_is_the_same_for_the_same_data(example_trend: Trend, tmp_path: Path) -> None:
    first = charts.draw_trend_chart(example_trend, tmp_path / "a.png").read_bytes()
    second = charts.draw_trend_chart(example_trend, tmp_path / "b.png").read_bytes()
    assert first.startswith(b"\x89PNG") and first == second
    other = charts.draw_trend_chart(example_trend.until(2021), tmp_path / "c.png").read_bytes()
    assert other != first


# ---------------------------------------------------------------------------------- the font


def _letters() -> set[str]:
    """Every Vietnamese letter, built here apart from the module's own list."""
    tones = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
    lower = {
        unicodedata.normalize("NFC", vowel + tone) for vowel in "aăâeêioôơuưy" for tone in tones
    }
    lower |= {"đ"}
    return lower | {letter.upper() for letter in lower}


def _font_file(family: str) -> str:
    from matplotlib import font_manager

    properties = font_manager.FontProperties(family=family)
    return str(font_manager.findfont(properties, fallback_to_default=False))


def test_the_chart_font_is_a_serif_with_every_vietnamese_letter() -> None:
    from matplotlib.ft2font import FT2Font

    letters = _letters()
    assert len(letters) == 146 and all(len(letter) == 1 for letter in letters)
    assert letters <= charts.VIETNAMESE_LETTERS
    family = charts.chart_font()
    assert family in ("Times New Roman", "Liberation Serif", "DejaVu Serif")
    font = FT2Font(_font_file(family))
    assert font.family_name == family
    assert letters <= {chr(code) for code in font.get_charmap()}


def test_every_text_of_a_chart_is_set_in_that_font(example_trend: Trend) -> None:
    from matplotlib.text import Text

    figure = _drawn(charts.trend_figure(example_trend))
    texts = [text for text in figure.findobj(Text) if text.get_text()]
    assert texts
    for text in texts:
        assert text.get_fontfamily() == [charts.chart_font()], text.get_text()


def test_a_face_missing_or_without_vietnamese_is_passed_over_silently(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # cmr10 ships with matplotlib and has no "ư".
    monkeypatch.setattr(charts, "FONT_CANDIDATES", ("No Such Face", "cmr10", "DejaVu Serif"))
    charts.chart_font.cache_clear()
    try:
        with caplog.at_level(logging.DEBUG, logger="matplotlib.font_manager"):
            assert charts.chart_font() == "DejaVu Serif"
        assert not [record for record in caplog.records if record.levelno >= logging.WARNING]
    finally:
        charts.chart_font.cache_clear()


def test_drawing_prints_no_font_warning(
    example_trend: Trend, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    charts.chart_font.cache_clear()
    with caplog.at_level(logging.WARNING):
        charts.draw_trend_chart(example_trend, tmp_path / "t.png")
    assert not [record for record in caplog.records if "findfont" in record.getMessage()]


# -------------------------------------------------------------------------------- the export


class _Spy:
    """Records the trend each drawn trend chart was given, and the progress events."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.trends: list[Trend] = []
        self.events: list[ExportEvent] = []
        draw = charts.draw_trend_chart

        def spied(across: Trend, target: Path) -> Path:
            self.trends.append(across)
            return draw(across, target)

        monkeypatch.setattr(charts, "draw_trend_chart", spied)

    def export(self, workspace_root: Path, out: Path) -> Any:
        workspace, _ = load_workspace(workspace_root)
        assert workspace is not None
        return run_export(
            workspace, None, out, report_date=date(2022, 12, 20), progress=self.events.append
        )


@pytest.fixture
def example(tmp_path: Path) -> Path:
    target = tmp_path / "cum-ii"
    shutil.copytree(ROOT / "examples" / "cum-ii", target, ignore=shutil.ignore_patterns("out"))
    return target


def _manifest(out: Path) -> dict[str, Any]:
    files: dict[str, Any] = json.loads((out / "manifest.json").read_text("utf-8"))["files"]
    return files


def test_the_example_compares_first_halves_in_2022(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _Spy(monkeypatch)
    result = spy.export(example, tmp_path / "out")
    assert result.ok
    (drawn,) = spy.trends  # 2022 only: 2021 has one full year and one half, nothing to compare
    assert drawn.periods == (H1_2021, FY_2021, H1_2022)
    full, first_half = drawn.series(INSPECTIONS)
    assert full.points == ((2021, 100),)
    assert first_half.points == ((2021, 46), (2022, 50))
    prepared = [event for event in spy.events if event.phase == "prepare"]
    assert [(event.done, event.total) for event in prepared] == [(1, 3), (2, 3), (3, 3)]
    assert [event.label for event in prepared] == [
        "6 tháng đầu năm 2021",
        "năm 2021",
        "6 tháng đầu năm 2022",
    ]
    files = _manifest(tmp_path / "out")
    assert TREND_CHART in files and "2021/bieu-do-qua-cac-nam.png" not in files
    assert "submissions/2021-H1/bac-giang.yaml" in files[TREND_CHART]["sources"]
    assert "submissions/2021/bac-giang.yaml" in files[TREND_CHART]["sources"]


def test_a_changed_first_half_of_2021_redraws_2022(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _Spy(monkeypatch)
    out = tmp_path / "out"
    spy.export(example, out)
    before, chart = _manifest(out), (out / TREND_CHART).read_bytes()
    file = example / "submissions/2021-H1/bac-giang.yaml"
    text = file.read_text(encoding="utf-8")
    assert "participants: 520" in text
    file.write_text(text.replace("participants: 520", "participants: 620"), encoding="utf-8")
    again = spy.export(example, out)
    assert {outcome.year: outcome.status for outcome in again.years} == {
        2021: "unchanged",  # its summary draws no trend and says nothing of 2021-H1
        2022: "written",
    }
    after = _manifest(out)
    assert after[TREND_CHART]["key"] != before[TREND_CHART]["key"]
    assert (out / TREND_CHART).read_bytes() != chart  # the 2021-H1 bar moved
    first, second = (across.series("trainings.participants")[1] for across in spy.trends)
    assert (first.value(2021), second.value(2021)) == ((True, 3530), (True, 3630))


def test_a_full_year_summary_redraws_when_a_first_half_it_compares_changes(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """2022 reported in full: its documents stand on 2022 and 2021, its trend also on the first
    halves, so a change to 2021-H1 redraws it."""
    full_year = example / "submissions" / "2022"
    full_year.mkdir()
    for source in sorted((example / "submissions" / "2021").glob("*.yaml")):
        text = source.read_text(encoding="utf-8").replace("period: 2021\n", "period: 2022\n")
        (full_year / source.name).write_text(text, encoding="utf-8")
    spy = _Spy(monkeypatch)
    workspace, _ = load_workspace(example)
    assert workspace is not None
    out = tmp_path / "out"

    def export() -> dict[int, str]:
        assert workspace is not None
        result = run_export(workspace, [2022], out, report_date=date(2022, 12, 30))
        return {outcome.year: outcome.status for outcome in result.years}

    assert export() == {2022: "written"}
    assert spy.trends[-1].periods == (H1_2021, FY_2021, H1_2022, Period(2022))
    sources = _manifest(out)["2022/bieu-do-qua-cac-nam.png"]["sources"]
    assert {"submissions/2021-H1/bac-giang.yaml", "submissions/2022-H1/bac-kan.xlsx"} <= set(
        sources
    )
    assert export() == {2022: "unchanged"}
    file = example / "submissions/2021-H1/bac-giang.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("participants: 520", "participants: 620"), encoding="utf-8")
    assert export() == {2022: "written"}
