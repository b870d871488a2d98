"""The actor knowledge base: states, organisations and people with dated roles.

The data ships as JSON in ``data/`` (see ``data/README.md`` for the schema). Users may add
records from their own JSON, JSON Lines or CSV files; those are validated here so that a bad
row is reported with its file and line instead of surfacing later as a wrong link.

All name matching goes through :func:`normalise`, so the rules for "same name" live in one place.
Indexes are built once per :class:`KnowledgeBase`; lookups are dictionary hits.
"""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator

KINDS = frozenset({"person", "state", "organization", "group"})
# CAMEO/PLOVER-style agent sectors.
SECTORS = frozenset({"GOV", "LEG", "JUD", "MIL", "REB", "IGO", "NGO", "MED", "BUS", "PTY", "OPP", "REL",
                     "SPY", "COP"})
ROLE_KEYS = frozenset({
    "head_of_state", "head_of_government", "supreme_leader", "vice_president", "foreign_minister",
    "deputy_foreign_minister", "interior_minister", "defence_minister", "speaker", "judiciary_chief",
    "military_commander", "militia_leader", "party_leader", "security_council_secretary", "ambassador",
    "other",
})
PACKAGED_FILES = ("states.json", "organizations.json", "people.json")
USER_FILE_NAME = "actors.jsonl"
CSV_COLUMNS = ("id", "name", "kind", "country", "sector", "aliases", "title", "key", "start", "end", "source")

_DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


class KnowledgeError(ValueError):
    """A record or file that cannot be used; the message names the file, line and problem."""


# --------------------------------------------------------------------------- normalisation

# Apostrophe-like marks vanish ("Kata'ib" == "Kataib"); ayn/hamza transliterations too.
_APOSTROPHES = dict.fromkeys(map(ord, "'’‘`´ʼʻʿʾ"), None)
# Punctuation that separates words in one spelling and not another ("Mohseni-Ejei").
_SEPARATORS = re.compile(r"[-‐‑‒–—_/,;:()\[\]\"“”]+")
# The Arabic article is written "al-", "Al ", "el-" or dropped entirely: drop it always.
_ARTICLES = frozenset({"al", "el"})


def normalise(name: str) -> str:
    """The matching key of a name: case, diacritics, hyphens, apostrophes, dots, a leading
    "the" and the Arabic article "al-"/"el-" do not count."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.translate(_APOSTROPHES).replace(".", "")
    text = _SEPARATORS.sub(" ", text)
    tokens = text.split()
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    kept = [t for t in tokens if t not in _ARTICLES]
    # A name that is nothing but an article ("Al") keeps it rather than becoming empty.
    return " ".join(kept or tokens)


# Acronyms that spell a common English word ("WHO", "US") match only when written in capitals,
# so the word "who" or "us" never becomes an actor. Other acronyms stay case-insensitive because
# British style writes many as words ("Nato", "Opec", "Unicef").
_WORD_ACRONYMS = frozenset({"who", "us", "is", "it", "as", "an", "at", "no", "on", "or", "am", "in", "of",
                            "to", "by", "up", "so", "we", "he", "me", "do", "go", "eco", "nam", "aim",
                            "can", "sea", "war", "may", "pa",
                            # and given names or words spelt like a group's acronym: "Ira", "eta", "gam"
                            "ira", "eta", "gam"})


def _key(name: str) -> str:
    """The index key of a name: :func:`normalise`, except for word-like acronyms (see above)."""
    compact = re.sub(r"^the\s+", "", name.strip(), flags=re.I).replace(".", "")
    if compact.isupper() and compact.lower() in _WORD_ACRONYMS:
        return "^" + compact
    return normalise(name)


def _strip_possessive(word: str) -> str:
    return re.sub(r"['’]s?$", "", word.strip())


# --------------------------------------------------------------------------- dates

def _date_bounds(value: str) -> tuple[str, str]:
    """First and last possible day of a partial date: "2024" -> 2024-01-01 .. 2024-12-31.
    A month's last day is written 31 whatever the month: only order matters here."""
    if len(value) == 4:
        return f"{value}-01-01", f"{value}-12-31"
    if len(value) == 7:
        return f"{value}-01", f"{value}-31"
    return value, value


def term_covers(start: str | None, end: str | None, date: str) -> bool:
    """Whether a term from ``start`` to ``end`` (partial dates, either open, end inclusive) may
    take in ``date``: the periods overlap."""
    lo, hi = _date_bounds(date)
    if start and _date_bounds(start)[0] > hi:
        return False
    return not (end and _date_bounds(end)[1] < lo)


def valid_date(value: Any) -> bool:
    return isinstance(value, str) and bool(_DATE_RE.match(value))


# --------------------------------------------------------------------------- records

@dataclass(frozen=True)
class Role:
    title: str
    key: str
    country: str | None
    sector: str | None
    start: str | None
    end: str | None
    source: str | None = None
    note: str | None = None
    org: str | None = None  # the organisation the office belongs to ("org.quds-force"), when known

    def active_on(self, date: str | None) -> bool:
        """Whether the role may have been held on ``date`` (any precision). With partial dates
        on either side the test is "the periods overlap": a role that ended in "2024-05" counts
        as active on 2024-05-20. End dates are inclusive, so on a handover day both holders match."""
        return date is None or term_covers(self.start, self.end, date)


@dataclass(eq=False)  # identity, not field-by-field: records are compared in index lists
class ActorRecord:
    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    capital: str | None = None
    # States only.
    iso2: str | None = None
    official_name: str | None = None
    metonyms: list[str] = field(default_factory=list)  # "the Kremlin", "Washington", "Tel Aviv"
    regime_phrases: list[str] = field(default_factory=list)  # "the Zionist regime"
    # Organisations: the body this one belongs to ("org.quds-force" -> "org.irgc").
    parent: str | None = None
    # People: the day they died (YYYY-MM-DD), where they have; the dead do not speak in later news.
    died: str | None = None
    wikidata: str | None = None
    note: str | None = None
    origin: str = "kb"  # "kb" for packaged data, else the user file it came from

    @property
    def names(self) -> list[str]:
        """The canonical name followed by every alias (official name included)."""
        out = [self.name]
        if self.official_name:
            out.append(self.official_name)
        out.extend(self.aliases)
        return out

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["roles"] = [{k: v for k, v in asdict(r).items() if v is not None or k in ("start", "end")}
                      for r in self.roles]
        d.pop("origin")  # where it was loaded from, not part of the record
        return {k: v for k, v in d.items() if v not in (None, [], "") or k in ("country", "sector")}

    def to_actor(self):
        """The pipeline's :class:`communique.models.Actor` for this record."""
        from ..models import Actor, Role as ModelRole  # local: keeps this module importable alone

        return Actor(id=self.id, name=self.name, kind=self.kind, country=self.country, sector=self.sector,
                     aliases=list(self.aliases),
                     roles=[ModelRole(title=r.title, country=r.country, start=r.start, end=r.end, key=r.key,
                                      sector=r.sector, source=r.source) for r in self.roles])


# --------------------------------------------------------------------------- validation

def _country_errors(value: Any, what: str, where: str, known: set[str] | None) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{3}", value):
        return [f"{where}: {what} {value!r} is not an ISO 3166-1 alpha-3 code"]
    if known is not None and value not in known:
        return [f"{where}: {what} {value!r} is not a known state id"]
    return []


def _check_role(role: Any, where: str, known_countries: set[str] | None) -> list[str]:
    """Every problem with one role; ``where`` names the file, line and role."""
    if not isinstance(role, dict):
        return [f"{where} must be an object"]
    errs: list[str] = []
    if not isinstance(role.get("title"), str) or not role["title"].strip():
        errs.append(f"{where}: 'title' is missing")
    if role.get("key") not in ROLE_KEYS:
        errs.append(f"{where}: 'key' is {role.get('key')!r}; expected one of {sorted(ROLE_KEYS)}")
    if role.get("sector") not in (None, "") and role.get("sector") not in SECTORS:
        errs.append(f"{where}: 'sector' is {role.get('sector')!r}")
    errs += _country_errors(role.get("country"), "'country'", where, known_countries)
    for end in ("start", "end"):
        v = role.get(end)
        if v not in (None, "") and not valid_date(v):
            errs.append(f"{where}: '{end}' is {v!r}; expected YYYY, YYYY-MM or YYYY-MM-DD")
    s, e = role.get("start"), role.get("end")
    if valid_date(s) and valid_date(e) and _date_bounds(s)[0] > _date_bounds(e)[1]:
        errs.append(f"{where}: start {s} is after end {e}")
    return errs


def _check_record(d: Any, where: str, known_countries: set[str] | None) -> list[str]:
    """Every problem with one raw record, each prefixed with ``where`` (file and line)."""
    if not isinstance(d, dict):
        return [f"{where}: a record must be an object, got {type(d).__name__}"]
    errs: list[str] = []
    rid = d.get("id")
    if not isinstance(rid, str) or not rid.strip():
        errs.append(f"{where}: 'id' is missing or empty")
    name = d.get("name")
    if not isinstance(name, str) or not name.strip():
        errs.append(f"{where}: 'name' is missing or empty")
    if d.get("kind") not in KINDS:
        errs.append(f"{where}: 'kind' is {d.get('kind')!r}; expected one of {sorted(KINDS)}")
    if d.get("sector") not in (None, "") and d.get("sector") not in SECTORS:
        errs.append(f"{where}: 'sector' is {d.get('sector')!r}; expected one of {sorted(SECTORS)}")
    if d.get("kind") != "state":
        errs += _country_errors(d.get("country"), "'country'", where, known_countries)
    for list_field in ("aliases", "sources", "demonyms", "metonyms", "regime_phrases"):
        value = d.get(list_field, [])
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            errs.append(f"{where}: '{list_field}' must be a list of strings")
    if d.get("died") not in (None, "") and not valid_date(d.get("died")):
        errs.append(f"{where}: 'died' is {d.get('died')!r}; expected YYYY-MM-DD, YYYY-MM or YYYY")
    roles = d.get("roles", [])
    if not isinstance(roles, list):
        return errs + [f"{where}: 'roles' must be a list"]
    for i, role in enumerate(roles, 1):
        errs += _check_role(role, f"{where}: role {i}", known_countries)
    return errs


def _to_record(d: dict[str, Any], origin: str) -> ActorRecord:
    country = d.get("country") or None
    sector = d.get("sector") or None
    # A role's country and sector default to the actor's own when not given at all; an explicit
    # null country stays null (an office in an international organisation belongs to no state).
    roles = [Role(title=r["title"], key=r["key"],
                  country=(r.get("country") or None) if "country" in r else country,
                  sector=r.get("sector") or sector,
                  start=r.get("start") or None, end=r.get("end") or None,
                  source=r.get("source") or None, note=r.get("note") or None, org=r.get("org") or None)
             for r in d.get("roles", [])]
    return ActorRecord(
        id=d["id"].strip(), name=d["name"].strip(), kind=d["kind"], country=country, sector=sector,
        aliases=[a for a in d.get("aliases", []) if a.strip()], roles=roles, sources=list(d.get("sources", [])),
        demonyms=list(d.get("demonyms", [])), capital=d.get("capital") or None, iso2=d.get("iso2") or None,
        official_name=d.get("official_name") or None, metonyms=list(d.get("metonyms", [])),
        regime_phrases=list(d.get("regime_phrases", [])), parent=d.get("parent") or None, died=d.get("died") or None,
        wikidata=d.get("wikidata") or None, note=d.get("note") or None, origin=origin)


# --------------------------------------------------------------------------- user files

def _records_from_json(path: Path, text: str) -> list[tuple[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise KnowledgeError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    if isinstance(data, dict) and "records" in data:
        data = data["records"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise KnowledgeError(f"{path}: expected a list of records or an object with 'records'")
    return [(f"{path}: record {i}", d) for i, d in enumerate(data, 1)]


def _records_from_jsonl(path: Path, text: str) -> list[tuple[str, Any]]:
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            out.append((f"{path}:{n}", json.loads(line)))
        except json.JSONDecodeError as exc:
            raise KnowledgeError(f"{path}:{n}: not valid JSON ({exc.msg})") from None
    return out


def _records_from_csv(path: Path, text: str) -> list[tuple[str, Any]]:
    """One role per row; rows that share an id are one actor (later rows add roles and aliases)."""
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in ("id", "name", "kind") if c not in header]
    if missing:
        raise KnowledgeError(f"{path}:1: CSV header lacks column(s) {', '.join(missing)}; "
                             f"expected {','.join(CSV_COLUMNS)}")
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown:
        raise KnowledgeError(f"{path}:1: unknown CSV column(s) {', '.join(unknown)}; "
                             f"expected {','.join(CSV_COLUMNS)}")
    merged: dict[str, tuple[str, dict[str, Any]]] = {}
    for n, raw in enumerate(reader, 2):
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        where = f"{path}:{n}"
        rid = row.get("id", "")
        if not rid:
            raise KnowledgeError(f"{where}: 'id' is empty")
        if rid not in merged:
            merged[rid] = (where, {"id": rid, "name": row.get("name", ""), "kind": row.get("kind", ""),
                                   "country": row.get("country") or None, "sector": row.get("sector") or None,
                                   "aliases": [], "roles": [], "sources": []})
        first_where, rec = merged[rid]
        for fld in ("name", "kind", "country", "sector"):
            if row.get(fld) and rec.get(fld) and row[fld] != rec[fld]:
                raise KnowledgeError(f"{where}: '{fld}' {row[fld]!r} differs from {rec[fld]!r} given for "
                                     f"id {rid!r} at {first_where}")
        for alias in (row.get("aliases") or "").split(";"):
            if alias.strip() and alias.strip() not in rec["aliases"]:
                rec["aliases"].append(alias.strip())
        if row.get("title") or row.get("key"):
            role = {"title": row.get("title") or row.get("key"), "key": row.get("key") or None,
                    "start": row.get("start") or None, "end": row.get("end") or None,
                    "source": row.get("source") or None}
            errs = _check_role(role, where, None)
            if errs:
                raise KnowledgeError("\n".join(errs))
            rec["roles"].append(role)
        if row.get("source") and row["source"] not in rec["sources"]:
            rec["sources"].append(row["source"])
    return list(merged.values())


def _read_user_file(path: Path, known_countries: set[str] | None) -> list[tuple[str, dict[str, Any]]]:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".jsonl", ".ndjson", ".csv"):
        raise KnowledgeError(f"{path}: unknown file type {suffix!r}; use .json, .jsonl or .csv")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if suffix == ".json":
        items = _records_from_json(path, text)
    elif suffix in (".jsonl", ".ndjson"):
        items = _records_from_jsonl(path, text)
    else:
        items = _records_from_csv(path, text)
    errs = [e for where, d in items for e in _check_record(d, where, known_countries)]
    if errs:
        raise KnowledgeError("\n".join(errs))
    return items


def load_user_file(path: Path | str, known_countries: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Records from a user's JSON, JSON Lines or CSV file, validated.

    ``known_countries`` (state ids) is checked when given; without it a country only has to look
    like an alpha-3 code. Raises :class:`KnowledgeError` naming the file, line and problem."""
    known = set(known_countries) if known_countries is not None else None
    return [d for _, d in _read_user_file(Path(path), known)]


def save_user_records(records: Iterable[dict[str, Any] | ActorRecord], dest_dir: Path | str,
                      filename: str = USER_FILE_NAME) -> Path:
    """Persist user additions as JSON Lines in ``dest_dir`` (created if needed).

    A record whose id is already in the file replaces it; others are kept. The file is replaced
    atomically so an interrupted save never leaves half a file. Returns the file's path."""
    dest = Path(dest_dir) / filename
    new = [r.to_dict() if isinstance(r, ActorRecord) else dict(r) for r in records]
    errs = [e for i, d in enumerate(new, 1) for e in _check_record(d, f"record {i}", None)]
    if errs:
        raise KnowledgeError("\n".join(errs))
    existing = load_user_file(dest) if dest.exists() else []
    by_id = {d["id"]: d for d in existing}
    for d in new:
        by_id[d["id"]] = d
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(dest.suffix + ".tmp")
    tmp.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in by_id.values()), encoding="utf-8")
    tmp.replace(dest)
    return dest


def user_files(dest_dir: Path | str) -> list[Path]:
    """The user data files in ``dest_dir`` that :meth:`KnowledgeBase.load` accepts, sorted."""
    d = Path(dest_dir)
    if not d.is_dir():
        return []
    return sorted(p for p in d.iterdir() if p.suffix.lower() in (".json", ".jsonl", ".ndjson", ".csv"))


# --------------------------------------------------------------------------- the knowledge base

class KnowledgeBase:
    def __init__(self, records: Iterable[ActorRecord] = ()) -> None:
        self._records: dict[str, ActorRecord] = {}
        for r in records:
            self._records[r.id] = r
        self._reindex()

    # ----- loading

    @classmethod
    def load(cls, extra: Iterable[Path | str] = ()) -> "KnowledgeBase":
        """The packaged data plus each user file in ``extra`` (later files win on a shared id:
        their aliases and roles are added to the packaged record's)."""
        records: list[ActorRecord] = []
        pkg = resources.files(__package__) / "data"
        for name in PACKAGED_FILES:
            blob = json.loads((pkg / name).read_text(encoding="utf-8"))
            records.extend(_to_record(d, "kb") for d in blob["records"])
        kb = cls(records)
        for path in extra:
            items = _read_user_file(Path(path), kb.state_ids)
            kb._merge([(d, str(path)) for _, d in items])
        return kb

    def add_records(self, records: Iterable[dict[str, Any]], origin: str = "user") -> int:
        """Validate and add records in memory; a known id gets the new aliases and roles.
        Returns how many records were added or extended."""
        items = list(records)
        errs = [e for i, d in enumerate(items, 1) for e in _check_record(d, f"record {i}", self.state_ids)]
        if errs:
            raise KnowledgeError("\n".join(errs))
        return self._merge([(d, origin) for d in items])

    def _merge(self, items: list[tuple[dict[str, Any], str]]) -> int:
        for d, origin in items:
            new = _to_record(d, origin)
            old = self._records.get(new.id)
            if old is None:
                self._records[new.id] = new
                continue
            for attr in ("aliases", "sources", "demonyms", "metonyms", "regime_phrases"):
                merged = getattr(old, attr) + [x for x in getattr(new, attr) if x not in getattr(old, attr)]
                setattr(old, attr, merged)
            old.roles = old.roles + [r for r in new.roles if r not in old.roles]
        self._reindex()
        return len(items)

    def _reindex(self) -> None:
        self._by_name: dict[str, list[ActorRecord]] = defaultdict(list)
        self._by_surname: dict[str, list[ActorRecord]] = defaultdict(list)
        self._state_words: dict[str, list[ActorRecord]] = defaultdict(list)
        self._by_role: dict[tuple[str | None, str], list[tuple[ActorRecord, Role]]] = defaultdict(list)

        def add(index: dict[str, list[ActorRecord]], key: str, rec: ActorRecord) -> None:
            if key and rec not in index[key]:
                index[key].append(rec)

        for rec in self._records.values():
            for n in rec.names:
                add(self._by_name, _key(n), rec)
            if rec.kind == "person":
                own = set(normalise(rec.name).split())
                for n in rec.names:
                    tokens = normalise(n).split()
                    if len(tokens) > 1 and not own & set(tokens):
                        continue  # a nickname ("Baghdad Bob") gives no surname: "Bob" is not him
                    # Every proper tail of the name is a possible surname ("Ejei", "Mohseni Ejei");
                    # a one-word alias ("Ghalibaf") is one by itself.
                    for k in range(1, max(len(tokens), 2)):
                        add(self._by_surname, " ".join(tokens[-k:]), rec)
            if rec.kind == "state":
                for w in rec.names + rec.demonyms + rec.metonyms + rec.regime_phrases:
                    add(self._state_words, _key(w), rec)
            for role in rec.roles:
                self._by_role[(role.country, role.key)].append((rec, role))

    # ----- access

    @property
    def state_ids(self) -> set[str]:
        return {r.id for r in self._records.values() if r.kind == "state"}

    def get(self, actor_id: str) -> ActorRecord | None:
        return self._records.get(actor_id)

    def __iter__(self) -> Iterator[ActorRecord]:
        return iter(self._records.values())

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._records

    def lookup(self, name: str) -> list[ActorRecord]:
        """Records whose name or an alias equals ``name`` after :func:`normalise` (acronyms that
        spell a common word, "WHO" and "US", only in capitals)."""
        return list(self._by_name.get(_key(name), ()))

    def lookup_surname(self, token: str) -> list[ActorRecord]:
        """Persons whose name ends in ``token`` ("Araghchi", "Mohseni-Ejei", "al-Sudani")."""
        return list(self._by_surname.get(normalise(token), ()))

    def states_for(self, word: str) -> list[ActorRecord]:
        """Every state that ``word`` can stand for: name, alias, demonym, capital, metonym or
        regime phrase; a possessive "'s" is ignored."""
        return list(self._state_words.get(_key(_strip_possessive(word)), ()))

    def state_for(self, word: str) -> ActorRecord | None:
        """The one state ``word`` stands for ("Iraqis", "Tehran", "the Zionist regime"), or None
        when it names none or is ambiguous ("Congolese")."""
        found = self.states_for(word)
        return found[0] if len(found) == 1 else None

    def roles_at(self, actor_id: str, date: str | None) -> list[Role]:
        """The actor's roles that may have been held on ``date`` (``None``: all roles)."""
        rec = self._records.get(actor_id)
        if rec is None:
            return []
        return [r for r in rec.roles if r.active_on(date)]

    def holders(self, country: str | None, key: str, date: str | None) -> list[ActorRecord]:
        """Who held role ``key`` in ``country`` on ``date``, most recently started first (so on a
        handover day the incoming holder comes first)."""
        found = [(role.start or "", rec) for rec, role in self._by_role.get((country, key), ())
                 if role.active_on(date)]
        found.sort(key=lambda pair: _date_bounds(pair[0])[0] if pair[0] else "", reverse=True)
        out: list[ActorRecord] = []
        for _, rec in found:
            if rec not in out:
                out.append(rec)
        return out


@lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    """The packaged knowledge base, loaded once per process."""
    return KnowledgeBase.load()
