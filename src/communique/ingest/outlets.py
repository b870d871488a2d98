"""News outlets: dateline abbreviations ("(IP)", "(Tasnim)") and domains → outlet names."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urlparse


@dataclass(frozen=True)
class Outlet:
    name: str
    abbr: tuple[str, ...]
    domains: tuple[str, ...]
    country: str | None


@lru_cache(maxsize=1)
def outlets() -> tuple[Outlet, ...]:
    raw = json.loads(resources.files("communique.ingest").joinpath("outlets.json").read_text(encoding="utf-8"))
    return tuple(Outlet(o["name"], tuple(o["abbr"]), tuple(o["domains"]), o.get("country")) for o in raw["outlets"])


def by_abbreviation(abbr: str) -> Outlet | None:
    key = abbr.strip().lower()
    for o in outlets():
        if key in (a.lower() for a in o.abbr) or key == o.name.lower():
            return o
    return None


def domain_of(url_or_host: str) -> str:
    host = urlparse(url_or_host).netloc if "//" in url_or_host else url_or_host.split("/")[0]
    host = host.lower().split(":")[0]
    return host[4:] if host.startswith("www.") else host


def by_domain(url_or_host: str) -> Outlet | None:
    host = domain_of(url_or_host)
    for o in outlets():
        if any(host == d or host.endswith("." + d) for d in o.domains):
            return o
    return None
