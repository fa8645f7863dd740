"""The knowledge base: the guide's sections as validated, typed data."""

from bot.guide.loader import GuideDataError, default_guide, load_guide
from bot.guide.model import Contact, Guide, Provision, Section

__all__ = [
    "Contact",
    "Guide",
    "GuideDataError",
    "Provision",
    "Section",
    "default_guide",
    "load_guide",
]
