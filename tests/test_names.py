from pathlib import Path

import pytest
import yaml

from bot.guide import Guide
from bot.names import GUIDE, SPECIAL_INTENTS, intent_for, section_for

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("section_id", ["1.10", "5.1.1", "5.16.9", "7"])
def test_intent_names_round_trip(section_id: str) -> None:
    assert section_for(intent_for(section_id)) == section_id


def test_non_guide_intents_have_no_section() -> None:
    assert section_for("greet") is None
    assert section_for(GUIDE) is None


def test_domain_lists_one_intent_per_section_and_the_specials(guide: Guide) -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    expected = {intent_for(s.id) for s in guide} | set(SPECIAL_INTENTS) | {GUIDE}
    assert set(domain["intents"]) == expected
