"""The report says only what the workspace records: the pledge is said signed, with its date,
place and meeting, only when the year's `signing` records it; a decision is cited once it
exists; a vote is said once meeting.yaml records one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from docx_helpers import body_texts, open_docx
from tdcli.contents.review import _pledge
from tdcli.model.cluster import Signing, YearConfig
from tdcli.model.periods import Period
from tdcli.usecases.compile import compile_review
from tdcli.workspace import load_workspace

THEME_2021 = "Đoàn kết, kỷ cương, đổi mới toàn diện để phát triển"
THEME_2022 = "Kỷ cương, trách nhiệm, đổi mới, hội nhập, hiệu quả"
SIGNED_2022 = (
    "Tại Hội nghị ký kết giao ước thi đua năm 2022 tổ chức ngày 15/3/2022 tại thành phố Lạng "
    f"Sơn, các Sở thành viên đã ký kết giao ước thi đua năm 2022 với chủ đề “{THEME_2022}”, "
    "gồm 07 nội dung thi đua."
)
LEADERSHIP = "1. Công tác chỉ đạo, tổ chức phong trào thi đua"


def _texts(root: Path, period: str, target: Path, day: date) -> list[str]:
    workspace, _ = load_workspace(root)
    assert workspace is not None
    result = compile_review(workspace, Period.parse(period), output=target, report_date=day)
    assert result.docx == target, result.report.issues
    return body_texts(open_docx(target))


def _leadership(texts: list[str]) -> list[str]:
    start = texts.index(LEADERSHIP)
    end = next(index for index, text in enumerate(texts) if text.startswith("2. Kết quả"))
    return texts[start + 1 : end]


def test_2021_has_no_signing_recorded_and_says_none(cum_ii: Path, tmp_path: Path) -> None:
    texts = _texts(cum_ii, "2021-H1", tmp_path / "h1.docx", date(2021, 7, 20))
    part = _leadership(texts)
    assert not any("ký kết" in text for text in part)
    assert not any("đã ký kết giao ước" in text for text in texts)
    assert not any("phát động phong trào" in text for text in texts)
    said = (
        f"Chủ đề thi đua năm 2021 của Cụm là “{THEME_2021}”; giao ước thi đua năm 2021 gồm 08 "
        "nội dung thi đua."
    )
    assert said in part


def test_2022_says_the_recorded_signing_once(cum_ii: Path, tmp_path: Path) -> None:
    texts = _texts(cum_ii, "2022-H1", tmp_path / "h1.docx", date(2022, 7, 20))
    part = _leadership(texts)
    assert SIGNED_2022 in part
    assert sum("15/3/2022" in text for text in texts) == 1
    assert sum("đã ký kết giao ước" in text for text in texts) == 1
    assert not any("phát động phong trào" in text for text in texts)


def test_no_theme_and_no_signing_say_nothing_of_a_pledge(cum_ii: Path, tmp_path: Path) -> None:
    cluster = cum_ii / "cluster.yaml"
    text = cluster.read_text(encoding="utf-8")
    cluster.write_text(text.replace(f"    theme: {THEME_2021}\n", ""), encoding="utf-8")
    part = _leadership(_texts(cum_ii, "2021-H1", tmp_path / "h1.docx", date(2021, 7, 20)))
    assert not any("giao ước" in text or "chủ đề" in text.lower() for text in part)
    assert not any("nội dung thi đua" in text for text in part)


def test_a_decision_is_cited_once_it_exists(cum_ii: Path, tmp_path: Path) -> None:
    before = _leadership(_texts(cum_ii, "2021-H1", tmp_path / "a.docx", date(2021, 7, 20)))
    assert before[0].startswith("Cụm thi đua số II gồm 09 đơn vị: Bắc Giang,")
    assert not any("395/QĐ-BTNMT" in text for text in before)
    today = _leadership(_texts(cum_ii, "2021-H1", tmp_path / "c.docx", date(2026, 12, 2)))
    assert not any("395/QĐ-BTNMT" in text for text in today)  # 2021 stood on no 2022 decision
    after = _leadership(_texts(cum_ii, "2022-H1", tmp_path / "b.docx", date(2022, 7, 20)))
    assert after[0].startswith("Theo Quyết định số 395/QĐ-BTNMT ngày 02/3/2022")


def test_the_vote_is_said_only_when_recorded(cum_ii: Path, tmp_path: Path) -> None:
    voted = _texts(cum_ii, "2021", tmp_path / "a.docx", date(2021, 12, 20))
    assert any("và bỏ phiếu bình xét, suy tôn khen thưởng" in text for text in voted)
    meeting = cum_ii / "assessment" / "2021" / "meeting.yaml"
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text[: text.index("ballots:")] + "handover:" + text.split("handover:")[1])
    texts = _texts(cum_ii, "2021", tmp_path / "b.docx", date(2021, 12, 20))
    (intro,) = [text for text in texts if text.startswith("Tại Hội nghị tổng kết ngày 17/12/2021")]
    assert "bỏ phiếu" not in intro


def test_a_report_dated_before_the_meeting_says_nothing_of_it(cum_ii: Path, tmp_path: Path) -> None:
    texts = _texts(cum_ii, "2021", tmp_path / "a.docx", date(2021, 12, 10))  # meeting: 17/12
    assert not any("Tại Hội nghị tổng kết ngày 17/12/2021" in text for text in texts)
    assert not any("bỏ phiếu bình xét" in text for text in texts)
    assert any(text.startswith("Các Sở thành viên đã chấm điểm, xếp hạng") for text in texts)
    # the awards are still to be voted on: no outcome, and the results are said provisional
    assert any("sẽ thực hiện tại Hội nghị tổng kết ngày 17/12/2021" in text for text in texts)
    assert any("là tạm thời và sẽ được cập nhật" in text for text in texts)
    proposals = texts[texts.index("Kết quả bình xét, đề nghị khen thưởng:") + 1]
    assert proposals.startswith("- Việc bình xét, đề nghị khen thưởng năm 2021 sẽ thực hiện")


# The pledge's sentence, case by case ---------------------------------------------------------


def _year(**changes: object) -> YearConfig:
    base = YearConfig(
        members=[{"id": "lang-son", "province": "Lạng Sơn", "department": "Sở Lạng Sơn"}],
        chair="lang-son",
        place="Lạng Sơn",
        theme=THEME_2022,
        commitments=["Một", "Hai", "Ba"],
    )
    return base.model_copy(update=changes)


DAY = date(2022, 3, 15)
LATER = date(2022, 7, 20)


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        pytest.param(
            {"signing": Signing(date=DAY, place="thành phố Lạng Sơn")},
            "Ngày 15/3/2022, tại thành phố Lạng Sơn, các Sở thành viên đã ký kết giao ước thi đua "
            f"năm 2022 với chủ đề “{THEME_2022}”, gồm 03 nội dung thi đua.",
            id="date-and-place",
        ),
        pytest.param(
            {"signing": Signing(date=date(2022, 1, 5))},
            "Ngày 05/01/2022, các Sở thành viên đã ký kết giao ước thi đua năm 2022 với chủ đề "
            f"“{THEME_2022}”, gồm 03 nội dung thi đua.",
            id="date-only-padded",
        ),
        pytest.param(
            {"signing": Signing(date=DAY, event="Hội nghị triển khai nhiệm vụ năm 2022")},
            "Tại Hội nghị triển khai nhiệm vụ năm 2022 tổ chức ngày 15/3/2022, các Sở thành viên "
            f"đã ký kết giao ước thi đua năm 2022 với chủ đề “{THEME_2022}”, gồm 03 nội dung thi "
            "đua.",
            id="event-without-place",
        ),
        pytest.param(
            {"signing": Signing(date=DAY, place="Lạng Sơn"), "theme": None, "commitments": []},
            "Ngày 15/3/2022, tại Lạng Sơn, các Sở thành viên đã ký kết giao ước thi đua năm 2022.",
            id="signed-without-theme",
        ),
        pytest.param(
            {},
            f"Chủ đề thi đua năm 2022 của Cụm là “{THEME_2022}”; giao ước thi đua năm 2022 gồm "
            "03 nội dung thi đua.",
            id="not-signed",
        ),
        pytest.param(
            {"commitments": []},
            f"Chủ đề thi đua năm 2022 của Cụm là “{THEME_2022}”.",
            id="theme-only",
        ),
        pytest.param(
            {"signing": Signing(date=date(2022, 8, 1), place="Lạng Sơn")},
            f"Chủ đề thi đua năm 2022 của Cụm là “{THEME_2022}”; giao ước thi đua năm 2022 gồm "
            "03 nội dung thi đua.",
            id="signed-after-the-report",
        ),
        pytest.param({"theme": None}, None, id="nothing"),
    ],
)
def test_the_pledge_says_what_is_recorded(changes: dict[str, object], said: str | None) -> None:
    assert _pledge(_year(**changes), 2022, LATER) == said


def _template(tmp_path: Path) -> Path:
    from docx import Document

    document = Document()
    for line in (
        "{%p if signing %}",
        "Ký kết ngày {{ signing.date }} tại {{ signing.place }} ({{ signing.event }}).",
        "{%p endif %}",
        "Hết.",
    ):
        document.add_paragraph(line)
    path = tmp_path / "mine.docx"
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    ("period", "day", "said"),
    [
        pytest.param(
            "2022-H1",
            date(2022, 7, 20),
            [
                "Ký kết ngày 15/3/2022 tại thành phố Lạng Sơn (Hội nghị ký kết giao ước thi đua "
                "năm 2022).",
                "Hết.",
            ],
            id="recorded",
        ),
        pytest.param("2021-H1", date(2021, 7, 20), ["Hết."], id="not-recorded"),
    ],
)
def test_a_template_sees_the_signing(
    cum_ii: Path, tmp_path: Path, period: str, day: date, said: list[str]
) -> None:
    workspace, _ = load_workspace(cum_ii)
    assert workspace is not None
    target = tmp_path / "r.docx"
    result = compile_review(
        workspace,
        Period.parse(period),
        output=target,
        report_date=day,
        template=_template(tmp_path),
    )
    assert result.docx == target, result.report.issues
    assert body_texts(open_docx(target)) == said


def test_minutes_and_a_proposal_dated_before_the_meeting_are_warned(cum_ii: Path) -> None:
    from tdcli.usecases.assess_meeting import write_minutes
    from tdcli.usecases.assess_proposal import write_proposal

    workspace, _ = load_workspace(cum_ii)
    assert workspace is not None
    for write in (write_minutes, write_proposal):
        early = write(workspace, 2021, report_date=date(2021, 12, 10))
        (warning,) = [
            issue for issue in early.report.issues if issue.code == "dated-before-meeting"
        ]
        assert "10/12/2021" in warning.message and "17/12/2021" in warning.message
        on_the_day = write(workspace, 2021)
        assert not [i for i in on_the_day.report.issues if i.code == "dated-before-meeting"]


def test_a_place_written_with_its_tai_is_said_once() -> None:
    from tdcli.contents.review import _pledge
    from tdcli.model.cluster import Signing

    year = _year(signing=Signing(date=date(2022, 3, 15), place="tại thành phố Lạng Sơn"))
    said = _pledge(year, 2022, date(2022, 7, 20))
    assert said is not None and "tại tại" not in said and "tại thành phố Lạng Sơn" in said
