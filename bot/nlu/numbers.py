"""What the section classifiers read of a number: a helpline's as written, no other.

A flight, room, case or booking number, an amount or a time says nothing about what someone
needs, yet its digits' n-grams pulled messages full of such details towards the section on
dialling 12308 (dev99 at first sight: 11 of its 50 errors). 12308 and the local emergency
numbers (110, 911, 1669 …) do say something, so they stay; the unit after a number (岁, 万, 小时)
stays too. Other numbers become a space, not a placeholder: read as one shared token "0", they
taught the regression that numbers mean out of scope (bookings and prices), and it rejected twice
as many detail-heavy questions.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.local_numbers import default_numbers
from bot.privacy import PUBLIC_NUMBERS

_DIGITS = re.compile(r"\d+")
# Shorter emergency numbers (France's 15, 17, 18) are ages and counts far more often.
_SHORTEST_KEPT = 3


@lru_cache(maxsize=1)
def helplines() -> frozenset[str]:
    """12308 in its published forms and every local emergency number of three or more digits."""
    local = {
        number
        for e in default_numbers().countries.values()
        for number in (e.police, e.ambulance, e.fire, e.general, e.tourist_police)
        if number and len(number) >= _SHORTEST_KEPT
    }
    return frozenset(PUBLIC_NUMBERS | local)


def fold_numbers(text: str) -> str:
    """`text` with every run of digits that is not a helpline replaced by a space."""
    if not any(ch.isdigit() for ch in text):
        return text
    keep = helplines()
    return _DIGITS.sub(lambda m: m.group() if m.group() in keep else " ", text)
