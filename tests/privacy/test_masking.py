"""Personal numbers are masked; published numbers, dates and ordinary figures are not."""

from __future__ import annotations

import logging
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.privacy import MaskingFilter, blank, mask


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("我护照号E12345678在罗马丢了", "我护照号[证件号]在罗马丢了"),
        ("护照号码是ea1234567", "护照号码是[证件号]"),
        ("港澳通行证C12345678", "港澳通行证[证件号]"),
        ("身份证110101199003071234", "身份证[身份证号]"),
        ("身份证号11010119900307123X", "身份证号[身份证号]"),
        ("我手机13812345678", "我手机[电话]"),
        ("call me +66 81 234 5678", "call me [电话]"),
        ("我电话+1 (415) 555-0134", "我电话[电话]"),
        ("当地号码 081 234 5678", "当地号码 [号码]"),
        ("卡号6222 0212 3456 7890 123", "卡号[号码]"),
        ("邮箱 zhang.san@example.com 回我", "邮箱 [邮箱] 回我"),
    ],
)
def test_personal_numbers_are_masked(text: str, masked: str) -> None:
    assert mask(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "打+86-10-12308问问",
        "12308电话打不通",
        "+86-10-59913991",
        "泰国报警191 急救1669",
        "2024-11-25丢的",
        "Loading model models/20261125-170751-exact-parable.tar.gz",
        "2026-11-25 17:07:51 出的事",
        "花了10000块",
        "航班CA1234延误",
        "房间号1203",
        "我们3个人",
        "",
    ],
)
def test_other_text_is_left_alone(text: str) -> None:
    assert mask(text) == text
    assert blank(text) == text


def test_blanking_leaves_a_space_where_masking_leaves_a_label() -> None:
    text = "护照E12345678丢了 电话+33 6 12 34 56 78 或打12308"
    assert mask(text) == "护照[证件号]丢了 电话[电话] 或打12308"
    assert blank(text) == "护照 丢了 电话  或打12308"


@given(st.text())
def test_masking_is_idempotent_and_leaves_no_long_number(text: str) -> None:
    once = mask(text)
    assert mask(once) == once
    for run in re.findall(r"\d[\d\s.()-]*\d", once):
        digits = re.sub(r"\D", "", run)
        assert len(digits) < 9 or digits.endswith(("12308", "59913991")), run


@given(
    st.from_regex(r"[EGDSP][A-Z]?[0-9]{7,8}", fullmatch=True), st.sampled_from(["护照", "号 ", ""])
)
def test_any_passport_number_is_masked(number: str, prefix: str) -> None:
    assert number not in mask(f"{prefix}{number}丢了")


def test_log_records_are_masked() -> None:
    record = logging.LogRecord(
        "rasa", logging.INFO, __file__, 1, "user %s said %s", ("x", "E12345678"), None
    )
    MaskingFilter().filter(record)
    assert record.getMessage() == "user x said [证件号]"
