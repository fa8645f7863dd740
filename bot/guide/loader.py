"""Load the knowledge base from YAML files into a validated `Guide`.

Every error names the file and the section it concerns, so a bad edit is found at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.guide.model import Contact, Guide, Provision, Section

DATA_DIR = Path(__file__).parent / "data"
CONTACT_KINDS = frozenset({"phone", "fax", "url", "email", "wechat"})
_ID_PATTERN = re.compile(r"^\d+(\.\d+){0,2}$")
_REF_PATTERN = re.compile(r"^[34]\.\d+$")
_REQUIRED = ("id", "title", "question", "steps")
_OPTIONAL = (
    "notes",
    "consulate_can",
    "consulate_cannot",
    "contacts",
    "costs",
    "related",
)


class GuideDataError(ValueError):
    """The knowledge-base data is malformed; the message names file and section."""


def load_guide(data_dir: Path | None = None) -> Guide:
    """Read and validate every `*.yml` file of `data_dir` (default: the packaged data)."""
    directory = Path(data_dir) if data_dir is not None else DATA_DIR
    files = sorted(directory.glob("*.yml"))
    if not files:
        raise GuideDataError(f"{directory}: no knowledge-base files (*.yml) found")
    sections: list[Section] = []
    seen: dict[str, str] = {}
    for path in files:
        for section in _read_file(path):
            if section.id in seen:
                raise GuideDataError(
                    f"{path.name}: section {section.id}: duplicate id, "
                    f"already defined in {seen[section.id]}"
                )
            seen[section.id] = path.name
            sections.append(section)
    guide = Guide(sections)
    _check_references(guide)
    return guide


@lru_cache(maxsize=1)
def default_guide() -> Guide:
    """The packaged knowledge base, loaded once per process on first use."""
    return load_guide()


def _read_file(path: Path) -> Iterable[Section]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise GuideDataError(f"{path.name}: not valid YAML: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get("sections"), list):
        raise GuideDataError(f"{path.name}: expected a mapping with a 'sections' list")
    for index, raw in enumerate(document["sections"], start=1):
        yield _parse_section(raw, path.name, index)


def _parse_section(raw: Any, filename: str, index: int) -> Section:
    if not isinstance(raw, dict):
        raise GuideDataError(f"{filename}: entry #{index}: expected a mapping")
    raw_id = raw.get("id")
    where = f"{filename}: section {raw_id}" if raw_id else f"{filename}: entry #{index}"
    if not isinstance(raw_id, str) or not _ID_PATTERN.match(raw_id):
        raise GuideDataError(f"{where}: missing or malformed id (quote it as a string)")
    unknown = set(raw) - set(_REQUIRED) - set(_OPTIONAL)
    if unknown:
        raise GuideDataError(f"{where}: unknown field(s) {sorted(unknown)}")
    for name in ("title", "question"):
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise GuideDataError(f"{where}: missing {name}")
    steps = _strings(raw.get("steps"), where, "steps")
    if not steps:
        raise GuideDataError(f"{where}: needs at least one step")
    return Section(
        id=raw_id,
        title=raw["title"].strip(),
        question=raw["question"].strip(),
        steps=steps,
        notes=_strings(raw.get("notes"), where, "notes"),
        consulate_can=_provisions(raw.get("consulate_can"), where, "consulate_can"),
        consulate_cannot=_provisions(raw.get("consulate_cannot"), where, "consulate_cannot"),
        contacts=_contacts(raw.get("contacts"), where),
        costs=_strings(raw.get("costs"), where, "costs"),
        related=_strings(raw.get("related"), where, "related"),
        source=filename,
    )


def _list(value: Any, where: str, name: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise GuideDataError(f"{where}: {name} must be a list")
    return value


def _strings(value: Any, where: str, name: str) -> tuple[str, ...]:
    items = _list(value, where, name)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise GuideDataError(f"{where}: {name} holds a non-text or empty item: {item!r}")
    return tuple(item.strip() for item in items)


def _provisions(value: Any, where: str, name: str) -> tuple[Provision, ...]:
    provisions = []
    for item in _list(value, where, name):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise GuideDataError(f"{where}: {name} items need 'text' and 'refs': {item!r}")
        refs = _strings(item.get("refs"), where, f"{name}.refs")
        if not refs:
            raise GuideDataError(f"{where}: {name} item without refs: {item['text']!r}")
        for ref in refs:
            if not _REF_PATTERN.match(ref):
                raise GuideDataError(
                    f"{where}: {name} ref {ref!r} must point at a part 3 or part 4 item (3.x/4.x)"
                )
        provisions.append(Provision(text=item["text"].strip(), refs=refs))
    return tuple(provisions)


def _contacts(value: Any, where: str) -> tuple[Contact, ...]:
    contacts = []
    for item in _list(value, where, "contacts"):
        if not isinstance(item, dict) or not all(
            isinstance(item.get(key), str) and item[key].strip()
            for key in ("label", "kind", "value")
        ):
            raise GuideDataError(f"{where}: contacts need label, kind and value: {item!r}")
        if item["kind"] not in CONTACT_KINDS:
            raise GuideDataError(
                f"{where}: contact kind {item['kind']!r} is not one of {sorted(CONTACT_KINDS)}"
            )
        contacts.append(
            Contact(label=item["label"].strip(), kind=item["kind"], value=item["value"].strip())
        )
    return tuple(contacts)


def _check_references(guide: Guide) -> None:
    for section in guide:
        where = f"{section.source}: section {section.id}"
        refs = [ref for p in section.consulate_can + section.consulate_cannot for ref in p.refs]
        for ref in refs:
            if ref not in guide:
                raise GuideDataError(f"{where}: dangling reference {ref!r}")
        for related in section.related:
            if related not in guide:
                raise GuideDataError(f"{where}: related section {related!r} does not exist")
            if related == section.id:
                raise GuideDataError(f"{where}: lists itself as related")
