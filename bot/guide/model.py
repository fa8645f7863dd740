"""Typed, immutable view of the knowledge base: one `Section` per section of the guide."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


def id_key(section_id: str) -> tuple[int, ...]:
    """Sort key that orders IDs as the guide does (5.2 before 5.10)."""
    return tuple(int(part) for part in section_id.split("."))


@dataclass(frozen=True)
class Contact:
    """A phone number, fax, WeChat ID, e-mail or URL, with who it reaches."""

    label: str
    kind: str
    value: str


@dataclass(frozen=True)
class Provision:
    """One thing the consulate can or cannot do, resting on part 3 / part 4 items."""

    text: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """One section of the guide: the question, the advice and who can do what."""

    id: str
    title: str
    question: str
    steps: tuple[str, ...]
    notes: tuple[str, ...] = ()
    consulate_can: tuple[Provision, ...] = ()
    consulate_cannot: tuple[Provision, ...] = ()
    contacts: tuple[Contact, ...] = ()
    costs: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    source: str = field(default="", compare=False)

    @property
    def part(self) -> int:
        """The guide part (1–7) the section belongs to."""
        return int(self.id.split(".")[0])

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form, the shape of `python -m bot guide --json`."""
        return {
            "id": self.id,
            "part": self.part,
            "title": self.title,
            "question": self.question,
            "steps": list(self.steps),
            "notes": list(self.notes),
            "consulate_can": [_provision_dict(p) for p in self.consulate_can],
            "consulate_cannot": [_provision_dict(p) for p in self.consulate_cannot],
            "contacts": [
                {"label": c.label, "kind": c.kind, "value": c.value} for c in self.contacts
            ],
            "costs": list(self.costs),
            "related": list(self.related),
        }


def _provision_dict(provision: Provision) -> dict[str, Any]:
    return {"text": provision.text, "refs": list(provision.refs)}


class Guide:
    """All sections, in the guide's order, looked up by ID."""

    def __init__(self, sections: list[Section]) -> None:
        """Keep the sections in guide order."""
        ordered = sorted(sections, key=lambda s: id_key(s.id))
        self._by_id: Mapping[str, Section] = {s.id: s for s in ordered}

    def __iter__(self) -> Iterator[Section]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, section_id: object) -> bool:
        return section_id in self._by_id

    def __getitem__(self, section_id: str) -> Section:
        return self._by_id[section_id]

    def get(self, section_id: str) -> Section | None:
        """The section with this ID, or None."""
        return self._by_id.get(section_id)

    @property
    def ids(self) -> list[str]:
        """Every section ID, in guide order."""
        return list(self._by_id)

    def to_list(self) -> list[dict[str, Any]]:
        """Every section as plain data, in guide order."""
        return [s.to_dict() for s in self]
