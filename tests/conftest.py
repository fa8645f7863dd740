"""Fixtures shared by the whole suite."""

from __future__ import annotations

import pytest

from bot.guide import Guide, default_guide


@pytest.fixture(scope="session")
def guide() -> Guide:
    """The packaged knowledge base."""
    return default_guide()
