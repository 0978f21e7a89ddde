"""The intake log: appended, read back, damaged lines passed over."""

from __future__ import annotations

from pathlib import Path

from tdcli.workspace.intake import IntakeRecord, append_records, latest_records, read_records
from tdcli.workspace.layout import WorkspaceLayout


def test_records_are_appended_and_read_back(tmp_path: Path) -> None:
    layout = WorkspaceLayout(tmp_path)
    first = IntakeRecord(
        "2022-H1",
        "bac-kan",
        "submissions/2022-H1/bac-kan.xlsx",
        "a" * 64,
        "2022-07-01T08:00:00+07:00",
        "thư.eml » Báo cáo.xlsx",
    )
    second = IntakeRecord(
        "2022-H1",
        "bac-kan",
        "submissions/2022-H1/bac-kan.xlsx",
        "b" * 64,
        "2022-07-02T08:00:00+07:00",
        "bac-kan (1).xlsx",
        "archive/2022-H1/bac-kan/2022-07-02T080000-bac-kan.xlsx",
    )
    append_records(layout, [first])
    append_records(layout, [second])
    with layout.intake_log.open("a", encoding="utf-8") as handle:
        handle.write("{half a line\n")
    assert read_records(layout) == [first, second]
    assert latest_records(layout) == {("2022-H1", "bac-kan"): second}
    assert layout.intake_log == tmp_path / "archive" / "intake.jsonl"
