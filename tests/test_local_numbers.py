from pathlib import Path

import pytest

from bot.local_numbers import NumbersDataError, default_numbers, load_numbers
from bot.nlu.countries import default_finder


def test_the_table_covers_the_main_destinations_with_standard_names() -> None:
    table = default_numbers()
    assert len(table.countries) >= 60
    assert table.checked.startswith("20")
    finder = default_finder()
    for country in table.countries:
        assert finder.canonical(country) == country, country
    for country in ("泰国", "日本", "美国", "法国", "意大利", "阿联酋", "马来西亚", "印度尼西亚"):
        assert table.get(country) is not None, country


def test_a_line_names_each_number_once() -> None:
    table = default_numbers()
    assert table.get("泰国").line().startswith("泰国：报警191，急救1669，火警199，旅游警察1155")
    assert table.get("美国").line().startswith("美国：报警911")
    assert "急救" not in table.get("美国").line().split("（")[0]
    assert table.get(None) is None and table.get("火星") is None


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('  泰国:\n    police: "19一"\n    ambulance: "1669"\n', "police must be digits"),
        ('  泰国:\n    police: "191"\n', "ambulance"),
        ('  泰国:\n    police: "191"\n    ambulance: "1669"\n    pager: "1"\n', "pager"),
    ],
)
def test_a_bad_entry_is_refused_naming_the_country(
    tmp_path: Path, entry: str, message: str
) -> None:
    path = tmp_path / "numbers.yml"
    path.write_text(f'checked: "2026-11-25"\ncountries:\n{entry}', encoding="utf-8")
    with pytest.raises(NumbersDataError, match=f"泰国.*{message}"):
        load_numbers(path)
