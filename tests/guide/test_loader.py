"""Loading bad knowledge-base data fails with a message naming the file and the section."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.guide import GuideDataError, load_guide


def section(sid: str, **fields: Any) -> dict[str, Any]:
    """A minimal valid section; keyword arguments override or add fields."""
    data: dict[str, Any] = {
        "id": sid,
        "title": f"标题{sid}",
        "question": "问？",
        "steps": ["报警。"],
    }
    data.update(fields)
    return data


@pytest.fixture()
def write(tmp_path: Path):
    def _write(name: str, sections: list[dict[str, Any]]) -> Path:
        text = yaml.safe_dump({"version": "1", "sections": sections}, allow_unicode=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
        return tmp_path

    return _write


def test_valid_data_loads_in_guide_order(write) -> None:
    write("a.yml", [section("5.10"), section("3.1")])
    directory = write("b.yml", [section("5.2", consulate_can=[{"text": "可", "refs": ["3.1"]}])])
    guide = load_guide(directory)
    assert guide.ids == ["3.1", "5.2", "5.10"]
    assert guide["5.2"].consulate_can[0].refs == ("3.1",)
    assert guide["5.2"].source == "b.yml"


def test_missing_id_names_the_file_and_entry(write) -> None:
    bad = section("5.1")
    del bad["id"]
    directory = write("docs.yml", [section("3.1"), bad])
    with pytest.raises(GuideDataError, match=r"docs\.yml: entry #2: missing or malformed id"):
        load_guide(directory)


def test_unquoted_numeric_id_is_rejected(write) -> None:
    directory = write("docs.yml", [section(1.10)])  # type: ignore[arg-type]
    with pytest.raises(GuideDataError, match=r"docs\.yml: section 1\.1: .*quote it"):
        load_guide(directory)


def test_duplicate_id_names_both_files(write) -> None:
    write("one.yml", [section("5.3")])
    directory = write("two.yml", [section("5.3")])
    with pytest.raises(GuideDataError, match=r"two\.yml: section 5\.3: duplicate id.*one\.yml"):
        load_guide(directory)


def test_dangling_reference_names_file_and_section(write) -> None:
    provision = {"text": "不能付钱", "refs": ["4.6"]}
    directory = write("money.yml", [section("4.1"), section("5.6.3", consulate_cannot=[provision])])
    with pytest.raises(
        GuideDataError, match=r"money\.yml: section 5\.6\.3: dangling reference '4\.6'"
    ):
        load_guide(directory)


def test_reference_outside_parts_3_and_4_is_rejected(write) -> None:
    provision = {"text": "可以", "refs": ["5.1.1"]}
    directory = write("x.yml", [section("5.1.1"), section("5.3", consulate_can=[provision])])
    with pytest.raises(GuideDataError, match=r"x\.yml: section 5\.3: .*part 3 or part 4"):
        load_guide(directory)


def test_provision_without_refs_is_rejected(write) -> None:
    directory = write("x.yml", [section("5.3", consulate_can=[{"text": "可以", "refs": []}])])
    with pytest.raises(
        GuideDataError, match=r"x\.yml: section 5\.3: consulate_can item without refs"
    ):
        load_guide(directory)


def test_dangling_related_section(write) -> None:
    directory = write("x.yml", [section("5.3", related=["5.99"])])
    with pytest.raises(GuideDataError, match=r"x\.yml: section 5\.3: related section '5\.99'"):
        load_guide(directory)


def test_section_without_steps(write) -> None:
    directory = write("x.yml", [section("5.3", steps=[])])
    with pytest.raises(GuideDataError, match=r"x\.yml: section 5\.3: needs at least one step"):
        load_guide(directory)


def test_misspelt_field_is_reported(write) -> None:
    directory = write("x.yml", [section("5.3", consulate_cant=[])])
    with pytest.raises(
        GuideDataError, match=r"x\.yml: section 5\.3: unknown field.*consulate_cant"
    ):
        load_guide(directory)


def test_unknown_contact_kind(write) -> None:
    contact = {"label": "热线", "kind": "pager", "value": "12308"}
    directory = write("x.yml", [section("6.1", contacts=[contact])])
    with pytest.raises(GuideDataError, match=r"x\.yml: section 6\.1: contact kind 'pager'"):
        load_guide(directory)


def test_broken_yaml_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "broken.yml").write_text("sections: [\n", encoding="utf-8")
    with pytest.raises(GuideDataError, match=r"broken\.yml: not valid YAML"):
        load_guide(tmp_path)


def test_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(GuideDataError, match="no knowledge-base files"):
        load_guide(tmp_path)
