"""The packaged knowledge base against what the guide itself holds (fixtures copied from it)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot.guide import Guide, Section

FIXTURES = Path(__file__).parent / "fixtures"
SECTION_IDS = [
    line.strip()
    for line in (FIXTURES / "section_ids.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
GUIDE_CONTACTS = yaml.safe_load((FIXTURES / "guide_contacts.yml").read_text(encoding="utf-8"))

# Known OCR slips of the source text; none may survive into the data.
OCR_SLIPS = {
    "人出 for 入出": re.compile(r"人出(境|外国|国境)|出人境"),
    "人境 for 入境": re.compile(r"(?<!个)人境"),
    "+ for 十": re.compile(r"\+(?!\d)"),
    "page header": re.compile(r"指南\s*[（(]2018"),
    "ASCII comma in Chinese text": re.compile(r"[\u4e00-\u9fff][,;:][\u4e00-\u9fff]?"),
    "QR-code caption": re.compile(r"二维码(?!见封底)"),
    "OCR debris": re.compile(r"[\ufffd‹]|\s{2,}"),
}


def all_texts(section: Section) -> Iterator[tuple[str, str]]:
    """Every human-readable string of a section, with the field it comes from."""
    yield "title", section.title
    yield "question", section.question
    for field in ("steps", "notes", "costs"):
        for text in getattr(section, field):
            yield field, text
    for provision in section.consulate_can + section.consulate_cannot:
        yield "consulate_can/cannot", provision.text
    for contact in section.contacts:
        yield "contacts.label", contact.label


def test_ids_are_exactly_the_section_table(guide: Guide) -> None:
    assert len(SECTION_IDS) == 105
    assert guide.ids == SECTION_IDS


@pytest.mark.parametrize(
    "entry", GUIDE_CONTACTS, ids=[f"{e['section']}:{e['value']}" for e in GUIDE_CONTACTS]
)
def test_every_number_and_url_of_the_guide_is_in_its_section(guide: Guide, entry: dict) -> None:
    values = [contact.value for contact in guide[entry["section"]].contacts]
    assert entry["value"] in values


def test_no_phone_number_or_url_that_the_guide_does_not_give(guide: Guide) -> None:
    known = {entry["value"] for entry in GUIDE_CONTACTS}
    digits_known = {re.sub(r"\D", "", value) for value in known}
    for section in guide:
        for contact in section.contacts:
            if contact.kind in ("phone", "fax"):
                assert re.sub(r"\D", "", contact.value) in digits_known, (section.id, contact)
            elif contact.kind in ("url", "email"):
                assert contact.value in known, (section.id, contact)


def test_numbers_in_text_are_written_as_in_the_guide(guide: Guide) -> None:
    # The guide prints the hotline once as "+8610—12308"; the data carries the dialable form.
    for section in guide:
        for field, text in all_texts(section):
            assert "+8610" not in text and "—12308" not in text, (section.id, field, text)


@pytest.mark.parametrize("slip", sorted(OCR_SLIPS))
def test_no_ocr_slip_survives(guide: Guide, slip: str) -> None:
    pattern = OCR_SLIPS[slip]
    found: list[str] = [
        f"{section.id} {field}: {text}"
        for section in guide
        for field, text in all_texts(section)
        if pattern.search(text)
    ]
    assert not found, "\n".join(found)


def test_every_section_has_steps(guide: Guide) -> None:
    for section in guide:
        assert section.steps and all(len(step) >= 4 for step in section.steps), section.id


def test_can_and_cannot_rest_on_part_3_and_4_items(guide: Guide) -> None:
    part_3_4 = {sid for sid in guide.ids if sid.split(".")[0] in ("3", "4")}
    assert len(part_3_4) == 16
    for section in guide:
        for provision in section.consulate_can + section.consulate_cannot:
            assert provision.refs and set(provision.refs) <= part_3_4, (section.id, provision)
        if section.part != 3:  # a part 3 item may limit itself (3.5: lists are not vouched for)
            for provision in section.consulate_cannot:
                assert any(ref.startswith("4.") for ref in provision.refs), (section.id, provision)


def test_part_3_and_4_are_referenced_not_copied(guide: Guide) -> None:
    items = {step for section in guide if section.part in (3, 4) for step in section.steps}
    for section in guide:
        if section.part not in (3, 4):
            assert not items & set(section.steps), section.id


def test_part_5_sections_say_what_the_consulate_can_or_cannot_do(guide: Guide) -> None:
    silent = [s.id for s in guide if s.part == 5 and not (s.consulate_can or s.consulate_cannot)]
    # The guide itself is silent about the consulate only in these (police checks, driving
    # permits, student registration and insurance, dialling the hotline).
    assert set(silent) == {"5.7.1", "5.15.3", "5.17.1", "5.17.2", "5.20.1", "5.20.2"}, silent


def test_costs_appear_where_the_guide_says_who_pays(guide: Guide) -> None:
    for section_id in ("4.6", "5.2.1", "5.4", "5.5", "5.6.2", "5.6.4", "5.16.3", "5.19", "1.2"):
        costs = " ".join(guide[section_id].costs)
        assert re.search(r"自理|个人承担|自行承担|个人负担", costs), section_id


def test_free_of_charge_note_closing_part_3_belongs_to_4_6(guide: Guide) -> None:
    text = " ".join(guide["4.6"].steps + guide["4.6"].costs)
    assert "不收取任何费用" in text
    assert "不收取任何费用" not in " ".join(step for s in guide if s.part == 3 for step in s.steps)


def test_related_sections_are_neighbours_not_self(guide: Guide) -> None:
    for section in guide:
        assert section.id not in section.related
        assert len(set(section.related)) == len(section.related), section.id


def test_lost_passport_section_carries_the_guide_advice(guide: Guide) -> None:
    section = guide["5.1.1"]
    assert "报案" in section.steps[0]
    assert any("3.7" in p.refs for p in section.consulate_can)
    assert "http://cs.mfa.gov.cn/" in [c.value for c in section.contacts]
