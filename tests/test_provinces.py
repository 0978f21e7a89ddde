from __future__ import annotations

from pathlib import Path

import pytest

from tdcli.model.provinces import registry

from helpers import ROOT


def test_counts_before_and_after_the_reorganisation() -> None:
    units = registry()
    assert len(units.in_year(2024)) == 63
    assert len([unit for unit in units.units if unit.until is None]) == 34
    assert len(units.in_year(2026)) == 34
    assert len({unit.code for unit in units.units}) == len(units.units)


SPELLINGS = [
    ("Bắc Kạn", 2022, "bac-kan"),
    ("Bắc Cạn", 2022, "bac-kan"),
    ("bac kan", 2022, "bac-kan"),
    ("Tỉnh Hoà Bình", 2022, "hoa-binh"),
    ("Hòa Bình", 2022, "hoa-binh"),
    ("TP. HCM", 2022, "ho-chi-minh"),
    ("Thành phố Hồ Chí Minh", 2022, "ho-chi-minh"),
    ("TP Hồ Chí Minh", 2026, "ho-chi-minh-2025"),
    ("Bà Rịa – Vũng Tàu", 2022, "ba-ria-vung-tau"),
    ("Thừa Thiên - Huế", 2022, "hue"),
    ("Huế", 2026, "hue"),
    ("Khánh Hoà", 2026, "khanh-hoa-2025"),
    ("ĐẮK LẮK", 2022, "dak-lak"),
    ("Thái Nguyên", 2024, "thai-nguyen"),
    ("Thái Nguyên", 2026, "thai-nguyen-2025"),
    ("Thái Nguyên", 2025, "thai-nguyen-2025"),
    ("Bắc Kạn", 2025, "bac-kan"),
]


@pytest.mark.parametrize(
    ("name", "year", "code"), SPELLINGS, ids=[f"{c[0]}-{c[1]}" for c in SPELLINGS]
)
def test_names_match_whatever_the_spelling(name: str, year: int, code: str) -> None:
    found = registry().find(name, year)
    assert found is not None and found.code == code


def test_nfd_names_match() -> None:
    import unicodedata

    found = registry().find(unicodedata.normalize("NFD", "Quảng Ninh"), 2022)
    assert found is not None and found.code == "quang-ninh"


def test_a_unit_that_no_longer_exists_is_not_found() -> None:
    assert registry().find("Bắc Kạn", 2026) is None
    assert registry().find("Hà Giang", 2027) is None


def test_did_you_mean() -> None:
    assert "Lạng Sơn" in registry().suggest("Lang Son tinh", 2022) or registry().suggest(
        "Lạng Sơnn", 2022
    ) == ["Lạng Sơn"]
    assert registry().suggest("Quang Ninhh", 2022)[0] == "Quảng Ninh"


def test_merged_units_know_their_predecessors() -> None:
    units = registry()
    assert [unit.name for unit in units.predecessors("thai-nguyen-2025")] == [
        "Thái Nguyên",
        "Bắc Kạn",
    ]
    assert len(units.predecessors("phu-tho-2025")) == 3
    merged = [unit for unit in units.units if unit.predecessors]
    assert len(merged) == 23
    assert all(unit.since is not None and unit.since.isoformat() == "2025-07-01" for unit in merged)


def test_an_old_province_says_what_it_is_part_of_now() -> None:
    from datetime import date

    from tdcli.model.provinces import registry

    merged = registry().merged_into("Tiền Giang", date(2026, 12, 31))
    assert merged is not None
    old, new = merged
    assert (old.name, new.full_name) == ("Tiền Giang", "tỉnh Đồng Tháp")
    assert registry().merged_into("Tiền Giang", date(2024, 12, 31)) is None  # still a province
    assert registry().merged_into("Đồng Tháp", date(2026, 12, 31)) is None  # the new one's name
    assert registry().merged_into("Tien Giang", date(2026, 12, 31)) is not None  # unaccented
    assert registry().merged_into("Không Có", date(2026, 12, 31)) is None


def test_the_cluster_check_names_the_new_province(tmp_path: Path) -> None:
    from tdcli.workspace import load_workspace

    text = (ROOT / "tests" / "fixtures" / "workspace" / "cluster.yaml").read_text(encoding="utf-8")
    text = text.replace("  2022:", "  2026:", 1).replace("province: Cao Bằng", "province: Hà Giang")
    (tmp_path / "cluster.yaml").write_text(text, encoding="utf-8")
    _, issues = load_workspace(tmp_path)
    merged = [issue for issue in issues if issue.code == "merged-province"]
    messages = " ".join(issue.message for issue in merged)
    assert "tỉnh Hà Giang nay thuộc tỉnh Tuyên Quang (từ 01/7/2025)" in messages
    assert "tỉnh Bắc Kạn nay thuộc tỉnh Thái Nguyên" in messages
    assert not [issue for issue in issues if issue.code == "unknown-province"]
