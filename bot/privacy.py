"""Personal data in messages: passport, ID, phone, card numbers and e-mail addresses masked.

Applied before a message is stored (tracker store, agents' feedback) or logged. The published
hotline and emergency numbers are not personal data and stay readable.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

# Order matters: an ID number is also a long digit run, a passport number is letters + digits.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("邮箱", re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")),
    # Mainland resident ID: 18 characters (last may be X), or the old 15 digits.
    ("身份证号", re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")),
    # Passports, travel documents and permits: 1–2 letters then 7–8 digits (E12345678, EA1234567,
    # G12345678, T1234567, C12345678 for 港澳通行证).
    ("证件号", re.compile(r"(?<![0-9A-Za-z])[A-Za-z]{1,2}\d{7,8}(?![0-9A-Za-z])")),
    # Phone numbers: an international prefix with 6+ more digits, or a mainland mobile.
    (
        "电话",
        re.compile(
            r"(?<![0-9A-Za-z])(?:(?:\+|00)\d{1,3}[\s.-]?(?:\(?\d+\)?[\s.-]?){1,5}\d"
            r"|1[3-9]\d{9})(?![0-9A-Za-z])"
        ),
    ),
    # Any other number of 9+ digits, alone or in groups (local phones, bank cards, accounts);
    # dates have 8 digits and stay.
    ("号码", re.compile(r"(?<![0-9A-Za-z])\d+(?:[\s.-]?\d+){0,11}(?![0-9A-Za-z])")),
)

# Published numbers a caller may quote back; masking them would hide nothing personal.
PUBLIC_NUMBERS = frozenset(
    prefix + number
    for prefix in ("", "86", "0086", "010", "8610", "008610")
    for number in ("12308", "1012308", "59913991", "1059913991")
)
_MIN_DIGITS = {"电话": 9, "号码": 9}
# Date-times written as numbers (20261125-170751, 2026-11-25 17:07:51) are not personal.
_DATE_TIME = re.compile(
    r"(?:19|20)\d\d[-./]?[01]\d[-./]?[0-3]\d(?:[-_T ]?[0-2]\d(?::?[0-5]\d(?::?[0-5]\d)?)?)?"
)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _replacer(label: str, by: str | None) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        digits = _digits(found)
        if label in _MIN_DIGITS and (len(digits) < _MIN_DIGITS[label] or digits in PUBLIC_NUMBERS):
            return found
        if label == "号码" and _DATE_TIME.fullmatch(found):
            return found
        return f"[{label}]" if by is None else by

    return replace


def _replace(text: str, by: str | None) -> str:
    if not text or not any(ch.isdigit() or ch == "@" for ch in text):
        return text
    for label, pattern in _PATTERNS:
        text = pattern.sub(_replacer(label, by), text)
    return text


def mask(text: str) -> str:
    """The text with personal numbers and e-mail addresses replaced by labels like [证件号]."""
    return _replace(text, None)


def blank(text: str) -> str:
    """The text with personal numbers and e-mail addresses replaced by a space.

    What the NLU reads: a passport or phone number says nothing about what someone needs, and its
    digits looked like the hotline's ("+33 6 12 34 56 78" pulled a lost passport towards 12308).
    """
    return _replace(text, " ")


class MaskingFilter(logging.Filter):
    """Masks personal data in log records (message and arguments) on any handler it is added to."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask the record in place; never drops it."""
        if isinstance(record.msg, str):
            record.msg = mask(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(mask(a) if isinstance(a, str) else a for a in record.args)
        return True


def mask_logs(logger: logging.Logger | None = None) -> None:
    """Add a `MaskingFilter` to every handler of `logger` (the root logger by default), once."""
    logger = logger or logging.getLogger()
    for handler in logger.handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(MaskingFilter())
