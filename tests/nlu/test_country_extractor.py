"""The country extractor's entities, and how parse data reads them."""

from __future__ import annotations

from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message

from bot.names import ENTITY_COUNTRY, ROLE_NATIONALITY, ROLE_ORIGIN
from bot.nlu.country_extractor import CountryExtractor
from bot.nlu.parse_data import country


def extracted(text: str) -> list[dict]:
    message = Message(data={"text": text})
    CountryExtractor({}).process([message])
    return message.get(ENTITIES, [])


def test_every_mention_is_an_entity_with_its_offsets() -> None:
    entities = extracted("从法国巴黎去瑞士")
    assert [(e["entity"], e["value"], e["start"], e["end"]) for e in entities] == [
        (ENTITY_COUNTRY, "法国", 1, 3),
        (ENTITY_COUNTRY, "法国", 3, 5),
        (ENTITY_COUNTRY, "瑞士", 6, 8),
    ]
    assert all("role" not in e for e in entities)


def test_a_nationality_gets_its_role_and_is_not_the_country() -> None:
    entities = extracted("我是越南人，我们住在金边")
    assert [(e["value"], e.get("role")) for e in entities] == [
        ("越南", ROLE_NATIONALITY),
        ("柬埔寨", None),
    ]
    assert country({"entities": entities}) == "柬埔寨"
    assert country({"entities": extracted("我是越南人")}) is None


def test_a_country_left_gets_its_role_and_is_not_the_country() -> None:
    entities = extracted("刚从老挝过关进了越南")
    assert [(e["value"], e.get("role")) for e in entities] == [
        ("老挝", ROLE_ORIGIN),
        ("越南", None),
    ]
    assert country({"entities": entities}) == "越南"


def test_no_country_adds_no_entities() -> None:
    assert extracted("护照丢了") == []
