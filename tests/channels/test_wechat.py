"""The WeChat connector, driven as WeChat drives it (wechatpy signs and encrypts)."""

from __future__ import annotations

import time

import pytest

from bot.channels.wechat_menu import menu_key
from bot.channels.wechat_sim import message as fields
from bot.channels.wechat_sim import signed_request, text_message
from bot.channels.wechat_text import LIMIT
from tests.channels.conftest import ACCOUNT, FakeBot, FakeWeChatApi, Webhook

MODES = {"plain": False, "compatible": False, "safe": True}


# ---------------------------------------------------------------- verification and messages


def test_url_verification_echoes_only_for_a_valid_signature(make_webhook) -> None:
    hook: Webhook = make_webhook()
    request = signed_request(ACCOUNT, {"x": "y"})
    _, ok = hook.client.get(hook.path, params={**request.query, "echostr": "hello-42"})
    assert ok.status == 200 and ok.text == "hello-42"
    _, bad = hook.client.get(
        hook.path, params={**request.query, "signature": "0" * 40, "echostr": "hello-42"}
    )
    assert bad.status == 403 and "hello-42" not in bad.text


@pytest.mark.parametrize("mode", MODES)
def test_text_is_answered_passively_in_every_mode(make_webhook, mode: str) -> None:
    bot = FakeBot()
    hook: Webhook = make_webhook(bot, wechat_mode=mode)
    assert hook.text("user-1", "护照丢了", safe=MODES[mode]) == "答：护照丢了"
    assert bot.turns == [("user-1", "护照丢了")]


def test_compatible_mode_accepts_both_plain_and_encrypted(make_webhook) -> None:
    hook: Webhook = make_webhook(wechat_mode="compatible")
    assert hook.text("user-1", "一", safe=False) == "答：一"
    assert hook.text("user-1", "二", safe=True) == "答：二"


def test_safe_mode_refuses_plaintext(make_webhook) -> None:
    bot = FakeBot()
    hook: Webhook = make_webhook(bot, wechat_mode="safe")
    response = hook.post(signed_request(ACCOUNT, text_message("u", "护照丢了")))
    assert response.status == 400 and bot.turns == []


@pytest.mark.parametrize("safe", [False, True])
def test_voice_with_recognition_is_treated_as_text(make_webhook, safe: bool) -> None:
    bot = FakeBot()
    hook: Webhook = make_webhook(bot)
    voice = fields("u", "voice", MediaId="m1", Format="amr", Recognition="我被抢了", MsgId=7)
    assert hook.say(voice, safe=safe) == "答：我被抢了"


def test_voice_without_recognition_asks_to_type(make_webhook) -> None:
    bot = FakeBot()
    hook: Webhook = make_webhook(bot)
    reply = hook.say(fields("u", "voice", MediaId="m1", Format="amr", MsgId=8))
    assert "打字" in reply and bot.turns == []


@pytest.mark.parametrize("safe", [False, True])
def test_subscribe_gets_the_welcome_menu(make_webhook, safe: bool) -> None:
    bot = FakeBot()
    hook: Webhook = make_webhook(bot)
    assert hook.say(fields("new-user", "event", Event="subscribe"), safe=safe) == "答：/greet"


def test_menu_click_asks_for_its_section(make_webhook) -> None:
    bot = FakeBot()
    hook: Webhook = make_webhook(bot)
    hook.say(fields("u", "event", Event="CLICK", EventKey=menu_key("5.1.1")))
    assert bot.turns == [("u", '/guide{"section": "5.1.1"}')]


@pytest.mark.parametrize(
    ("x", "y", "expected"),
    [(13.7563, 100.5018, '/inform_country{"country": "泰国"}'), (48.8566, 2.3522, "法国")],
)
def test_location_decided_offline_fills_the_country(make_webhook, x, y, expected) -> None:
    bot = FakeBot()
    hook: Webhook = make_webhook(bot)
    hook.say(fields("u", "location", Location_X=x, Location_Y=y, Scale=15, Label="", MsgId=9))
    assert expected in bot.turns[0][1]


def test_location_at_sea_asks_for_the_country(make_webhook) -> None:
    bot = FakeBot()
    hook: Webhook = make_webhook(bot)
    reply = hook.say(fields("u", "location", Location_X=-40.0, Location_Y=-130.0, MsgId=10))
    assert "告诉我" in reply and bot.turns == []


@pytest.mark.parametrize("coordinates", [{}, {"Location_X": "north", "Location_Y": ""}])
def test_location_without_usable_coordinates_asks_for_the_country(
    make_webhook, coordinates
) -> None:
    bot = FakeBot()
    hook: Webhook = make_webhook(bot)
    reply = hook.say(fields("u", "location", MsgId=12, **coordinates))
    assert "告诉我" in reply and bot.turns == []


@pytest.mark.parametrize("msg_type", ["image", "video", "shortvideo", "link", "file"])
def test_media_gets_a_polite_text_only_reply(make_webhook, msg_type: str) -> None:
    bot = FakeBot()
    hook: Webhook = make_webhook(bot)
    reply = hook.say(fields("u", msg_type, MediaId="m", PicUrl="http://x", MsgId=11))
    assert "文字" in reply and bot.turns == []


@pytest.mark.parametrize("text", ["", "😭😭", "？？"])
def test_empty_or_emoji_only_text_gets_the_menu(make_webhook, text: str) -> None:
    bot = FakeBot()
    hook: Webhook = make_webhook(bot)
    hook.text("u", text)
    assert bot.turns == [("u", "/greet")]


def test_the_sos_emoji_alone_reaches_the_bot(make_webhook) -> None:
    bot = FakeBot()
    hook: Webhook = make_webhook(bot)
    hook.text("u", "🆘")
    assert bot.turns == [("u", "🆘")]


def test_buttons_become_numbers_and_a_number_picks_the_button(make_webhook) -> None:
    bot = FakeBot(
        reply="您是想问：",
        buttons=[
            {"title": "亲人失联", "payload": '/guide{"section": "5.3"}'},
            {"title": "亲人死亡", "payload": '/guide{"section": "5.2.1"}'},
        ],
    )
    hook: Webhook = make_webhook(bot)
    reply = hook.text("u", "家里人出事了")
    assert "1. 亲人失联" in reply and "2. 亲人死亡" in reply
    hook.text("u", "2")
    assert bot.turns[-1] == ("u", '/guide{"section": "5.2.1"}')


def test_each_user_is_one_conversation(make_webhook) -> None:
    bot = FakeBot()
    hook: Webhook = make_webhook(bot)
    hook.text("alice", "一")
    hook.text("bob", "二")
    assert [sender for sender, _ in bot.turns] == ["alice", "bob"]


KINDS = {
    "text": (lambda: fields("u", "text", Content="护照丢了", MsgId=101), "答：护照丢了"),
    "voice": (
        lambda: fields("u", "voice", MediaId="m", Format="amr", Recognition="车祸了", MsgId=102),
        "答：车祸了",
    ),
    "voice-unrecognised": (lambda: fields("u", "voice", MediaId="m", MsgId=103), "打字"),
    "subscribe": (lambda: fields("u", "event", Event="subscribe"), "答：/greet"),
    "click": (
        lambda: fields("u", "event", Event="CLICK", EventKey=menu_key("5.5")),
        '答：/guide{"section": "5.5"}',
    ),
    "location": (
        lambda: fields("u", "location", Location_X=35.68, Location_Y=139.69, Scale=9, MsgId=104),
        '答：/inform_country{"country": "日本"}',
    ),
    "image": (lambda: fields("u", "image", PicUrl="http://x", MediaId="m", MsgId=105), "文字"),
    "link": (lambda: fields("u", "link", Title="t", Url="http://x", MsgId=106), "文字"),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_message_type_in_every_mode(make_webhook, mode: str, kind: str) -> None:
    build, expected = KINDS[kind]
    hook: Webhook = make_webhook(wechat_mode=mode)
    assert expected in hook.say(build(), safe=MODES[mode])


# ---------------------------------------------------------------- retries and the 5-second rule


@pytest.mark.parametrize("safe", [False, True])
def test_a_retried_msg_id_is_one_turn_with_identical_replies(make_webhook, safe: bool) -> None:
    bot = FakeBot()
    hook: Webhook = make_webhook(bot)
    replies = [hook.text("u", "护照丢了", safe=safe, msg_id=424242) for _ in range(3)]
    assert len(set(replies)) == 1 and replies[0] == "答：护照丢了"
    assert len(bot.turns) == 1


def test_a_retried_event_is_one_turn(make_webhook) -> None:
    bot = FakeBot()
    hook: Webhook = make_webhook(bot)
    event = fields("u", "event", Event="subscribe", CreateTime=1_700_000_000)
    replies = [hook.say(event) for _ in range(3)]
    assert len(set(replies)) == 1 and len(bot.turns) == 1


def test_slow_answer_is_acknowledged_then_sent_by_the_api(
    make_webhook, wechat_api: FakeWeChatApi
) -> None:
    bot = FakeBot(delay=6.0)
    hook: Webhook = make_webhook(bot)
    started = time.monotonic()
    ack = hook.text("slow-user", "我在迪拜被拘留了")
    assert time.monotonic() - started < 5.0
    assert "正在为您查询" in ack
    hook.drain()
    assert wechat_api.texts_to("slow-user") == ["答：我在迪拜被拘留了"]
    assert wechat_api.token_fetches == 1


def test_long_answers_are_split_with_the_first_part_passive(
    make_webhook, wechat_api: FakeWeChatApi
) -> None:
    long = "\n".join(f"第{i}步：" + "请携带证件前往使领馆办理。" * 12 for i in range(30))
    hook: Webhook = make_webhook(FakeBot(reply=long))
    first = hook.text("reader", "护照丢了")
    hook.drain()
    rest = wechat_api.texts_to("reader")
    parts = [first, *rest]
    assert len(parts) > 2 and all(len(p.encode("utf-8")) <= LIMIT for p in parts)
    assert first.startswith("第0步") and first.endswith(f"(1/{len(parts)})")
    assert "".join(p.rsplit("\n(", 1)[0] for p in parts).replace("\n", "") == long.replace("\n", "")
    assert wechat_api.token_fetches == 1  # one token for all the parts


# ---------------------------------------------------------------- never lose a reply


def test_without_the_api_the_rest_waits_for_the_next_message_also_across_a_restart(
    make_webhook, wechat_api: FakeWeChatApi
) -> None:
    long = "\n".join("这是一段很长的答复内容。" * 10 for _ in range(30))
    bot = FakeBot(reply=long)
    hook: Webhook = make_webhook(bot, wechat_cs_api=False)
    first = hook.text("u", "护照丢了")
    assert "回复任意内容" in first and wechat_api.sent == []
    hook.restart()
    second = hook.text("u", "1")
    assert second.startswith("这是一段很长的答复内容") and "(2/" in second
    assert len(bot.turns) == 1  # "1" only fetched what was waiting


@pytest.mark.parametrize("errcode", [45047, 45015])
def test_a_refused_send_is_kept_and_delivered_with_the_next_message(
    make_webhook, wechat_api: FakeWeChatApi, errcode: int
) -> None:
    wechat_api.errcode = errcode
    bot = FakeBot(delay=6.0)
    hook: Webhook = make_webhook(bot)
    hook.text("u", "车祸了")
    hook.drain()
    assert wechat_api.sent == []
    bot.delay = 0.0
    reply = hook.text("u", "还在吗")
    assert reply == "答：车祸了"  # the stored reply comes first …
    hook.drain()  # … and the new answer follows (the API now refuses it too: pending again)
    assert hook.text("u", "1") == "答：还在吗"


def test_api_errors_are_retried_with_backoff_then_kept(
    make_webhook, wechat_api: FakeWeChatApi
) -> None:
    wechat_api.errcode = -1  # "system busy": worth retrying
    hook: Webhook = make_webhook(FakeBot(delay=6.0))
    hook.text("u", "航班取消了")
    hook.drain()
    assert wechat_api.posts == 3 and wechat_api.sent == []
    assert hook.text("u", "1") == "答：航班取消了"


def test_the_slow_path_without_the_api_keeps_the_answer_pending(make_webhook) -> None:
    bot = FakeBot(delay=6.0)
    hook: Webhook = make_webhook(bot, wechat_cs_api=False)
    ack = hook.text("u", "被抢了")
    assert "回复任意内容" in ack
    hook.drain()
    hook.restart()
    assert hook.text("u", "1") == "答：被抢了"


# ---------------------------------------------------------------- bad input and attacks


def refused(hook: Webhook, bot: FakeBot, status: int, request, query=None) -> None:
    before = list(bot.turns)
    response = hook.post(request, query)
    assert response.status == status
    assert bot.turns == before  # nothing forwarded to the bot
    assert hook.text("after", "还活着吗") == "答：还活着吗"  # the server keeps serving


@pytest.fixture()
def guarded(make_webhook):
    bot = FakeBot()
    return make_webhook(bot), bot


def test_wrong_or_missing_signature_is_403(guarded) -> None:
    hook, bot = guarded
    request = signed_request(ACCOUNT, text_message("u", "x"))
    refused(hook, bot, 403, request, {**request.query, "signature": "f" * 40})
    query = {k: v for k, v in request.query.items() if k != "signature"}
    refused(hook, bot, 403, request, query)


def test_stale_timestamp_is_403(guarded) -> None:
    hook, bot = guarded
    old = signed_request(ACCOUNT, text_message("u", "x"), timestamp=int(time.time()) - 600)
    refused(hook, bot, 403, old)


def test_malformed_xml_is_400(guarded) -> None:
    hook, bot = guarded
    request = signed_request(ACCOUNT, text_message("u", "x"))
    refused(hook, bot, 400, request.__class__(request.query, b"<xml><MsgType>te", "", ""))


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        b"<xml><ToUserName>a</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime>"
        b"<MsgType>text</MsgType><Content>&lol2;</Content><MsgId>1</MsgId></xml>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<xml><FromUserName>u</FromUserName><MsgType>text</MsgType><Content>&xxe;</Content></xml>",
    ],
)
def test_entity_declarations_are_400(guarded, body: bytes) -> None:
    hook, bot = guarded
    request = signed_request(ACCOUNT, text_message("u", "x"))
    refused(hook, bot, 400, request.__class__(request.query, body, "", ""))


def test_a_body_over_64_kb_is_400(guarded) -> None:
    hook, bot = guarded
    request = signed_request(ACCOUNT, text_message("u", "长" * 30_000))
    assert len(request.body) > 64 * 1024
    refused(hook, bot, 400, request)


def test_an_encrypted_message_for_another_app_id_is_400(guarded) -> None:
    hook, bot = guarded
    other = ACCOUNT.__class__(ACCOUNT.token, "wx0000000000000000", ACCOUNT.aes_key)
    refused(hook, bot, 400, signed_request(other, text_message("u", "x"), safe=True))
