"""Refreshing office-holders from Wikidata.

Wikidata records an office as a statement "position held" (P39) on the person, with the
qualifiers "start time" (P580) and "end time" (P582). :func:`build_query` asks for the holders
of some positions; :func:`fetch` runs a query against a SPARQL endpoint; :func:`to_records`
turns the standard ``application/sparql-results+json`` answer into records in the
``people.json`` schema, ready for review and for :meth:`KnowledgeBase.add_records` or
:func:`save_user_records`.

Nothing here runs on import or reaches the network by itself: the endpoint is a parameter.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable

import httpx

from .kb import ROLE_KEYS, SECTORS

WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
# Wikimedia asks automated clients to identify themselves; pass your own contact to fetch().
USER_AGENT = "communique-knowledge-refresh/0.1 (news event coder; knowledge-base refresh)"

_QID = re.compile(r"^Q\d+$")


@dataclass(frozen=True)
class Position:
    """A Wikidata position item and how it maps onto the knowledge base's role vocabulary."""

    qid: str  # e.g. the item for "Minister of Foreign Affairs of Iran"
    key: str  # a ROLE_KEYS value
    country: str  # ISO 3166-1 alpha-3 of the state the office belongs to
    sector: str = "GOV"
    title: str | None = None  # the title to record; defaults to the position's English label

    def __post_init__(self) -> None:
        if not _QID.match(self.qid):
            raise ValueError(f"not a Wikidata item id: {self.qid!r}")
        if self.key not in ROLE_KEYS:
            raise ValueError(f"unknown role key {self.key!r}")
        if self.sector not in SECTORS:
            raise ValueError(f"unknown sector {self.sector!r}")
        if not re.fullmatch(r"[A-Z]{3}", self.country):
            raise ValueError(f"not an alpha-3 country code: {self.country!r}")


def build_query(positions: Iterable[Position | str], since: str | None = "2015-01-01", lang: str = "en") -> str:
    """SPARQL for everyone who held one of ``positions`` (P39), with start (P580) and end (P582)
    qualifiers, English label and aliases. ``since`` keeps only terms that had not ended before
    that day (terms without an end are kept)."""
    qids = [p.qid if isinstance(p, Position) else p for p in positions]
    if not qids:
        raise ValueError("no positions given")
    for q in qids:
        if not _QID.match(q):
            raise ValueError(f"not a Wikidata item id: {q!r}")
    if not re.fullmatch(r"[a-z]{2,3}", lang):
        raise ValueError(f"not a language code: {lang!r}")
    values = " ".join(f"wd:{q}" for q in qids)
    since_filter = ""
    if since:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", since):
            raise ValueError(f"'since' must be YYYY-MM-DD, got {since!r}")
        since_filter = f'\n  FILTER(!BOUND(?end) || ?end >= "{since}T00:00:00Z"^^xsd:dateTime)'
    return f"""SELECT ?person ?personLabel ?position ?positionLabel ?start ?end
       (GROUP_CONCAT(DISTINCT ?alias; separator="|") AS ?aliases)
WHERE {{
  VALUES ?position {{ {values} }}
  ?person p:P39 ?statement .
  ?statement ps:P39 ?position .
  OPTIONAL {{ ?statement pq:P580 ?start . }}
  OPTIONAL {{ ?statement pq:P582 ?end . }}
  OPTIONAL {{ ?person skos:altLabel ?alias . FILTER(LANG(?alias) = "{lang}") }}{since_filter}
  SERVICE wikibase:label {{ bd:serviceParam wikibase:language "{lang}". }}
}}
GROUP BY ?person ?personLabel ?position ?positionLabel ?start ?end
ORDER BY ?position ?start"""


def fetch(endpoint_url: str, query: str, timeout: float = 60.0, user_agent: str = USER_AGENT,
          trust_env: bool = True) -> dict[str, Any]:
    """Run ``query`` against a SPARQL endpoint and return the decoded JSON result.
    ``trust_env=False`` ignores proxy variables (for a local endpoint).
    Raises ``httpx.HTTPError`` on transport or HTTP errors, ``ValueError`` on a non-JSON body."""
    with httpx.Client(timeout=timeout, trust_env=trust_env) as client:
        response = client.post(
            endpoint_url,
            data={"query": query},
            headers={"Accept": "application/sparql-results+json", "User-Agent": user_agent},
        )
    response.raise_for_status()
    try:
        return response.json()
    except ValueError as exc:
        raise ValueError(f"{endpoint_url} did not answer with JSON: {exc}") from None


def _value(binding: dict[str, Any], name: str) -> str | None:
    cell = binding.get(name)
    return cell.get("value") if isinstance(cell, dict) else None


def _qid(uri: str | None) -> str | None:
    if not uri:
        return None
    tail = uri.rstrip("/").rsplit("/", 1)[-1]
    return tail if _QID.match(tail) else None


def _date(value: str | None) -> str | None:
    """Wikidata times look like "+2024-07-28T00:00:00Z" (or without "+"); a precision coarser
    than a day comes back as the first of the month or year, which we cannot tell apart here,
    so "-01-01" and "-00-00" forms are cut to the coarser precision they stand for."""
    if not value:
        return None
    m = re.match(r"^\+?(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        return None
    year, month, day = m.groups()
    if month == "00":
        return year
    if day == "00":
        return f"{year}-{month}"
    return f"{year}-{month}-{day}"


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def to_records(result: dict[str, Any], positions: Iterable[Position]) -> list[dict[str, Any]]:
    """People records (``people.json`` schema) from a SPARQL JSON result of :func:`build_query`.

    Rows are grouped by person; each row becomes one role. A person whose English label is
    missing (the label service then returns the bare Q-id) is skipped: a record needs a name."""
    by_qid = {p.qid: p for p in positions}
    people: dict[str, dict[str, Any]] = {}
    bindings = result.get("results", {}).get("bindings", [])
    if not isinstance(bindings, list):
        raise ValueError("not a SPARQL JSON result: results.bindings is not a list")
    for row in bindings:
        person_qid = _qid(_value(row, "person"))
        position = by_qid.get(_qid(_value(row, "position")) or "")
        name = (_value(row, "personLabel") or "").strip()
        if not person_qid or position is None or not name or _QID.match(name):
            continue
        rec = people.get(person_qid)
        if rec is None:
            rec = people[person_qid] = {
                "id": f"per.{_slug(name)}", "name": name, "kind": "person", "country": position.country,
                "sector": position.sector, "aliases": [], "roles": [],
                "sources": [f"wikidata:{person_qid}"], "wikidata": person_qid,
            }
        for alias in (_value(row, "aliases") or "").split("|"):
            alias = alias.strip()
            if alias and alias != name and alias not in rec["aliases"]:
                rec["aliases"].append(alias)
        role = {
            "title": position.title or _value(row, "positionLabel") or position.qid,
            "key": position.key, "country": position.country, "sector": position.sector,
            "start": _date(_value(row, "start")), "end": _date(_value(row, "end")),
            "source": f"wikidata:{person_qid}#P39:{position.qid}",
        }
        if role not in rec["roles"]:
            rec["roles"].append(role)
    for rec in people.values():
        rec["roles"].sort(key=lambda r: r["start"] or "")
    return list(people.values())
