"""`georangesearch` of estate reads: great-circle distance to a zip code, a city or coordinates."""

from __future__ import annotations

import math

from .catalog import PLACES
from .protocol import ApiError


def georange(params: dict) -> list:
    """Row conditions of `georangesearch`: radius in km around zip/city (of the demo geography) or coordinates."""
    geo = params.get("georangesearch")
    if geo is None:
        return []
    if not isinstance(geo, dict) or "radius" not in geo:
        raise ApiError(164)
    try:
        radius = float(geo["radius"])
        if "latitude" in geo or "longitude" in geo:
            center = (float(geo["latitude"]), float(geo["longitude"]))
        else:
            if not geo.get("country") or not (geo.get("zip") or geo.get("city")):
                raise ApiError(164)
            center = _place_center(str(geo.get("zip") or ""), str(geo.get("city") or ""))
    except (KeyError, TypeError, ValueError):
        raise ApiError(164) from None
    if center is None:
        return [lambda row: False]

    def within(row):
        lat, lon = row.get("breitengrad"), row.get("laengengrad")
        return bool(lat or lon) and _distance_km(center, (lat, lon)) <= radius
    return [within]


def _place_center(plz: str, city: str) -> tuple[float, float] | None:
    for place in PLACES:
        if (plz and place.plz == plz) or (not plz and place.city.casefold() == city.casefold()):
            return place.lat, place.lon
    return None


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))
