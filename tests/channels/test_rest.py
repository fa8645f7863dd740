"""The REST channel refuses bad bodies with a reason and answers a retried message from store."""

from __future__ import annotations

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from bot.channels.rest import MAX_TEXT, BadRequest, parse_body, stored_answer


def test_a_good_body_is_read() -> None:
    body = '{"sender": "u1", "message": "护照丢了", "message_id": "m1"}'.encode()
    assert parse_body(body) == ("u1", "护照丢了", "m1", {})


def test_long_messages_are_cut_not_refused() -> None:
    sender, text, _, _ = parse_body(('{"sender": "u", "message": "%s"}' % ("长" * 20000)).encode())
    assert len(text) == MAX_TEXT


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"\xff\xfe",
        b"[1, 2]",
        b'"text"',
        b'{"sender": "u"}',
        b'{"sender": 5, "message": "hi"}',
        b'{"sender": "", "message": "hi"}',
        b'{"sender": "a\\u0000b", "message": "hi"}',
        b'{"sender": "u", "message": ["hi"]}',
        b'{"sender": "u", "message": "hi", "message_id": 7}',
        b'{"sender": "u", "message": "hi", "metadata": "x"}',
    ],
)
def test_bad_bodies_are_refused_with_a_reason(body: bytes) -> None:
    with pytest.raises(BadRequest):
        parse_body(body)


def test_a_processed_message_is_answered_from_the_stored_conversation() -> None:
    events = [
        UserUttered("护照丢了", message_id="m1"),
        ActionExecuted("action_respond"),
        BotUttered("先报警", {"buttons": [{"title": "是", "payload": "/yes"}]}),
        BotUttered("再补证"),
        UserUttered("还有呢", message_id="m2"),
        BotUttered("相关问题"),
    ]
    assert stored_answer(events, "u1", "m1") == [
        {"recipient_id": "u1", "text": "先报警", "buttons": [{"title": "是", "payload": "/yes"}]},
        {"recipient_id": "u1", "text": "再补证"},
    ]
    assert stored_answer(events, "u1", "m2") == [{"recipient_id": "u1", "text": "相关问题"}]
    assert stored_answer(events, "u1", "m3") is None
