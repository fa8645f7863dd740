"""Intent, slot and action names shared by the NLU components, the actions and the tests."""

from __future__ import annotations

# One NLU intent per guide section: 5.1.1 ↔ guide_5_1_1.
GUIDE_INTENT_PREFIX = "guide_"
# What the ranker reports for any guide question; dialogue rules only see this one.
GUIDE = "guide"

GREET = "greet"
GOODBYE = "goodbye"
THANKS = "thanks"
HANDOFF = "handoff"
ASK_MORE = "ask_more"
INFORM_COUNTRY = "inform_country"
OUT_OF_SCOPE = "out_of_scope"
NLU_FALLBACK = "nlu_fallback"
SPECIAL_INTENTS = (GREET, GOODBYE, THANKS, HANDOFF, ASK_MORE, INFORM_COUNTRY, OUT_OF_SCOPE)
# Replies that would dismiss someone in danger ("not in the guide", "goodbye"): when the message
# signals danger the bot offers the closest sections instead.
DISMISSIVE_INTENTS = (OUT_OF_SCOPE, GOODBYE)
# Small talk the NLU can be sure of; when it is, the danger classifier alone needs a higher score
# (bot.safety.SMALL_TALK_THRESHOLD). Not goodbye or thanks: a suicide note is often said as either
# ("thank you for everything. this is my last message").
CALM_SMALL_TALK = (GREET, HANDOFF, OUT_OF_SCOPE)
# The short label a non-guide intent gets in evaluation sets and in `suggest --json`.
SPECIAL_OF_INTENT = {
    GREET: "greet",
    GOODBYE: "goodbye",
    THANKS: "thanks",
    HANDOFF: "handoff",
    OUT_OF_SCOPE: "oos",
}

# Extra key the ranker adds to the parse data: sections best first, with confidences.
GUIDE_RANKING = "guide_ranking"
# Extra key the danger detector adds to the parse data: the kind of danger signalled, or None.
EMERGENCY = "emergency"
# Extra key the scope check adds (not to the output): how likely the guide does not answer it.
SCOPE_PROBABILITY = "out_of_scope_probability"
# The classifiers' combined ranking, kept on the message (not in the output) for evaluation.
CLASSIFIER_RANKING = "classifier_ranking"
# Each classifier's own ranking by component name, collected for the ranker and the ablation.
CLASSIFIER_RANKINGS = "classifier_rankings"

SLOT_COUNTRY = "country"
SLOT_TOPIC = "topic"
ENTITY_COUNTRY = "country"
# A country named as someone's nationality ("越南籍", "我是泰国人"), not as a place.
ROLE_NATIONALITY = "nationality"
# A country someone has left for another one named after it ("刚从老挝过关进了越南").
ROLE_ORIGIN = "origin"
# Buttons name a section directly: /guide{"section": "5.1.2"}.
ENTITY_SECTION = "section"


def intent_for(section_id: str) -> str:
    """The NLU intent that stands for a section: 5.1.1 → guide_5_1_1."""
    return GUIDE_INTENT_PREFIX + section_id.replace(".", "_")


def section_for(intent: str) -> str | None:
    """The section an intent stands for, or None for a non-guide intent."""
    if not intent.startswith(GUIDE_INTENT_PREFIX):
        return None
    return intent[len(GUIDE_INTENT_PREFIX) :].replace("_", ".")
