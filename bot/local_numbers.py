"""Local emergency numbers by country (data/emergency_numbers.yml), and the line the bot says."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

TABLE = Path(__file__).parent / "data" / "emergency_numbers.yml"


class NumbersDataError(ValueError):
    """The emergency-number table is malformed."""


@dataclass(frozen=True)
class LocalNumbers:
    """One country's numbers, as dialled locally."""

    country: str
    police: str
    ambulance: str
    fire: str | None = None  # None: no separate fire number we could confirm (see notes)
    general: str | None = None
    tourist_police: str | None = None
    notes: str = ""

    def line(self) -> str:
        """One line such as 泰国：报警191，急救1669，火警199，旅游警察1155 (each number once)."""
        parts = [f"报警{self.police}"]
        parts += [f"急救{self.ambulance}"] if self.ambulance != self.police else []
        if self.fire and self.fire not in (self.police, self.ambulance):
            parts.append(f"火警{self.fire}")
        if self.general and self.general not in (self.police, self.ambulance, self.fire):
            parts.append(f"综合紧急电话{self.general}")
        if self.tourist_police:
            parts.append(f"旅游警察{self.tourist_police}")
        return f"{self.country}：" + "，".join(parts) + (f"（{self.notes}）" if self.notes else "")


@dataclass(frozen=True)
class NumbersTable:
    """All countries of the table, and the date it was checked."""

    checked: str
    countries: dict[str, LocalNumbers]

    def get(self, country: str | None) -> LocalNumbers | None:
        """The numbers for `country` (standard Chinese name), or None when not in the table."""
        return self.countries.get(country) if country else None


def load_numbers(path: Path = TABLE) -> NumbersTable:
    """Read and check the table; a bad entry raises NumbersDataError naming the country."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    countries: dict[str, LocalNumbers] = {}
    for country, entry in (data.get("countries") or {}).items():
        try:
            numbers = LocalNumbers(country=country, **entry)
        except TypeError as error:
            raise NumbersDataError(f"{path}: {country}: {error}") from error
        for field in ("police", "ambulance", "fire", "general", "tourist_police"):
            value = getattr(numbers, field)
            if value is not None and not (isinstance(value, str) and value.isdigit()):
                raise NumbersDataError(f"{path}: {country}: {field} must be digits, not {value!r}")
        countries[country] = numbers
    if "checked" not in data:
        raise NumbersDataError(f"{path}: no `checked` date")
    return NumbersTable(checked=str(data["checked"]), countries=countries)


@lru_cache(maxsize=1)
def default_numbers() -> NumbersTable:
    """The packaged table, read once on first use."""
    return load_numbers()
