"""The country extractor's entities, and how parse data reads them."""

from __future__ import annotations

import pytest
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


@pytest.mark.parametrize(
    ("text", "roles", "place"),
    [
        ("我是越南人，我们住在金边", [("越南", ROLE_NATIONALITY), ("柬埔寨", None)], "柬埔寨"),
        ("刚从老挝过关进了越南", [("老挝", ROLE_ORIGIN), ("越南", None)], "越南"),
    ],
)
def test_a_role_marks_a_country_that_is_not_where_the_writer_is(
    text: str, roles: list[tuple[str, str | None]], place: str
) -> None:
    entities = extracted(text)
    assert [(e["value"], e.get("role")) for e in entities] == roles
    assert country({"entities": entities}) == place


def test_a_nationality_alone_gives_no_country() -> None:
    assert country({"entities": extracted("我是越南人")}) is None


def test_no_country_adds_no_entities() -> None:
    assert extracted("护照丢了") == []
