"""Coordinates from a WeChat location message → the country, offline (or None: ask)."""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.nlu.countries import GAZETTEER, CountryFinder, default_finder

# Farther than this from any known town (at sea, in a desert) the country is not decided.
MAX_DISTANCE_KM = 100.0


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


class CountryLocator:
    """Nearest GeoNames town (reverse_geocoder, bundled data) → ISO code → standard name."""

    def __init__(self, finder: CountryFinder, gazetteer: Path = GAZETTEER) -> None:
        """Load the ISO-code exceptions of the gazetteer; the town index loads on first use."""
        data = yaml.safe_load(Path(gazetteer).read_text(encoding="utf-8"))
        self._iso = {str(k): str(v) for k, v in (data.get("iso_codes") or {}).items()}
        self._finder = finder
        self._geocoder: Any = None

    def country(self, latitude: float, longitude: float) -> str | None:
        """The country at these coordinates, or None when it cannot be told offline."""
        import pycountry
        import reverse_geocoder

        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            return None
        if self._geocoder is None:
            self._geocoder = reverse_geocoder.RGeocoder(mode=1, verbose=False)
        town = self._geocoder.query([(latitude, longitude)])[0]
        if (
            _distance_km(latitude, longitude, float(town["lat"]), float(town["lon"]))
            > MAX_DISTANCE_KM
        ):
            return None
        code = str(town["cc"])
        if code in self._iso:
            return self._iso[code]
        country = pycountry.countries.get(alpha_2=code)
        if country is None:
            return None
        for name in (getattr(country, "common_name", None), country.name):
            found = self._finder.canonical(name) if name else None
            if found:
                return found
        return None


@lru_cache(maxsize=1)
def default_locator() -> CountryLocator:
    """The locator over the packaged gazetteer."""
    return CountryLocator(default_finder())
