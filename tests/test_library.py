"""The library on its own: the public API does what the commands do, returns results and
never prints."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import tdcli


def test_a_whole_cycle_through_the_public_api(
    cum_ii: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace, issues = tdcli.load_workspace(tdcli.find_workspace(cum_ii))
    assert workspace is not None and not [i for i in issues if i.severity == "error"]

    report = tdcli.validate_paths([cum_ii])
    assert report.valid and len(report.files) > 1

    period = tdcli.Period.parse("2022-H1")
    status = tdcli.read_period(workspace, period)
    assert isinstance(status, tdcli.PeriodStatus)
    assert {member.state for member in status.members} == {tdcli.MemberState.VALID}

    compiled = tdcli.compile_review(
        workspace, period, output=tmp_path / "r.docx", report_date=date(2022, 7, 5)
    )
    assert isinstance(compiled, tdcli.CompileResult)
    assert compiled.docx == tmp_path / "r.docx" and compiled.docx.is_file()
    assert compiled.aggregate is not None and len(compiled.aggregate.reporting) == 9

    pledge = tdcli.compile_pledge(
        workspace, 2022, output=tmp_path / "p.docx", signing_date=date(2022, 3, 2)
    )
    assert isinstance(pledge, tdcli.PledgeResult) and pledge.docx is not None

    events: list[object] = []
    exported = tdcli.run_export(
        workspace, [2021], tmp_path / "export", report_date=date(2022, 1, 5), progress=events.append
    )
    assert isinstance(exported, tdcli.ExportResult) and exported.ok and events

    submission = tdcli.load_submission(cum_ii / "submissions" / "2022-H1" / "bac-kan.xlsx")
    assert submission.valid and isinstance(submission.submission, tdcli.Submission)

    assert capsys.readouterr() == ("", "")  # the library never prints
