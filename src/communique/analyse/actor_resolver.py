"""Per-article discourse memory for actor resolution: the names and offices an article has
used so far, and the rules that turn a name or an office into one actor id."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any

from ..knowledge.kb import normalise
from ..models import Actor, Role
from .actor_index import ActorIndex, plain_name
from .actor_rules import Title, skeleton, skeleton_fits, slug

# Offices whose holders the news names by surname alone.
LEADING_OFFICES = frozenset({"head_of_state", "head_of_government", "foreign_minister", "supreme_leader"})


@dataclass
class Resolver:
    """Per-article memory: names seen, offices seen, and the actors built so far."""

    kb: Any
    idx: ActorIndex
    article_id: str
    date: str | None
    full: dict[str, str] = field(default_factory=dict)  # normalised full name -> id
    tails: dict[str, str] = field(default_factory=dict)  # normalised surname / name tail -> id
    # a given name -> the one person the report has named in full with it (None: several have)
    given: dict[str, str | None] = field(default_factory=dict)
    roles: dict[tuple[str | None, str], str] = field(default_factory=dict)  # (country or org, key) -> person id
    last_by_country: dict[str, str] = field(default_factory=dict)  # country -> last person of it
    states: set[str] = field(default_factory=set)  # states the article names anywhere
    actors: dict[str, Actor] = field(default_factory=dict)

    # ----- actors

    def use(self, actor_id: str) -> str:
        """Record that ``actor_id`` is used, adding its Actor once."""
        if actor_id not in self.actors:
            rec = self.kb.get(actor_id) if self.kb is not None else None
            if rec is not None:
                actor = self.actors[actor_id] = rec.to_actor()
                if rec.kind == "person" and self.international_official(rec):
                    # The UN Secretary-General acts for the UN, not for his home state.
                    actor.country, actor.sector = None, "IGO"
        return actor_id

    def international_official(self, rec) -> bool:
        """Whether on the article's date (undated: now) the person holds an office of an
        intergovernmental body and none of a state."""
        held = self.kb.roles_at(rec.id, self.date) if self.date else [r for r in rec.roles if not r.end]

        def international(role) -> bool:
            org = self.kb.get(role.org) if getattr(role, "org", None) else None
            return role.sector == "IGO" or (org is not None and org.kind != "state" and org.country is None)

        return any(international(r) for r in held) and not any(r.country and not international(r) for r in held)

    def text_person(self, name: str, country: str | None, sector: str | None, role_title: str | None,
                    title: Title | None, *, guessed: bool = False) -> str:
        """The text actor for a person the KB lacks (``guessed``: the country is only the report's
        main state, see Actor.country_guessed)."""
        actor_id = f"per.{slug(name)}"
        if self.kb is not None and actor_id in self.kb:  # never shadow a KB id
            actor_id = f"per.text.{slug(name)}"
        actor = self.actors.get(actor_id)
        if actor is None:
            actor = self.actors[actor_id] = Actor(id=actor_id, name=name, kind="person", sector=sector, origin="text")
        if not actor.country and country:
            actor.country, actor.country_guessed = country, guessed
        actor.sector = actor.sector or sector
        # One role per office: "Interior Minister" and "Minister of Interior" are the same.
        if role_title and title and not any(r.key == title.key and r.country == country for r in actor.roles):
            actor.roles.append(Role(title=role_title, country=country, key=title.key, sector=title.sector,
                                    source=f"article:{self.article_id}"))
        return actor_id

    # ----- memory

    def remember(self, actor_id: str, words: str, country: str | None) -> None:
        names = [words]
        rec = self.kb.get(actor_id) if self.kb is not None else None
        if rec is not None:
            names += [n for n in rec.names if plain_name(n)]  # not "Leader of the Islamic Revolution"
            country = country or rec.country
            # Offices held on the article's date; undated, only those still held.
            held = self.kb.roles_at(actor_id, self.date) if self.date else [r for r in rec.roles if not r.end]
            for role in held:
                self.roles.setdefault((role.country, role.key), actor_id)
        elif actor_id in self.actors and words not in self.actors[actor_id].aliases \
                and words != self.actors[actor_id].name:
            self.actors[actor_id].aliases.append(words)
        for n in names:
            tokens = normalise(n).split()
            if not tokens:
                continue
            self.full[" ".join(tokens)] = actor_id
            for k in range(1, len(tokens)):
                self.tails[" ".join(tokens[-k:])] = actor_id
            if len(tokens) > 1 and n == words:  # as the report writes it, not the KB's aliases
                first = tokens[0]
                self.given[first] = actor_id if self.given.get(first, actor_id) == actor_id else None
        if country:
            self.last_by_country[country] = actor_id

    def remember_role(self, actor_id: str, owner: str | None, office: str) -> None:
        """``office``: a role key, or "other:<head word>" (see the component). Only the
        title's own office: "President" is not "Prime Minister"."""
        self.roles[(owner or "*", office)] = actor_id
        if owner:
            self.roles.setdefault(("*", office), actor_id)

    # ----- persons

    def person(self, words: str, *, country: str | None = None, title: Title | None = None,
               licensed: bool = False, proper: bool = False) -> tuple[str, str] | None:
        """(actor id, method) for a person's name as written, or None when nothing vouches.

        ``licensed``: the parser tagged it PERSON (or a title precedes it); ``proper``: only
        that it is tagged a proper noun, enough for a surname the KB knows one person by."""
        key = normalise(words)
        if not key:
            return None
        if key in self.full:
            return self.full[key], "memory"
        if key in self.tails:  # a surname of someone named earlier wins over namesakes in the KB
            return self.tails[key], "surname"
        if licensed and self.given.get(key):  # "John", after "John R. Bolton" and no other John
            return self.given[key], "given-name"
        kb = self.kb
        vouched = licensed or title is not None
        if kb is not None:
            found = self._relevant([r for r in kb.lookup(words) if r.kind == "person"], key, country, title, licensed)
            if found:
                pick = self._choose(found, country, title) or found[0]
                return pick.id, "alias"
        if kb is not None and (vouched or proper):
            found = self._relevant([r for r in kb.lookup_surname(key) if r.kind == "person"], key, country, title,
                                   licensed)
            pick = self._choose(found, country, title) if found else None
            if pick is not None and (len(found) == 1 or country or title):
                return pick.id, "surname"
        if vouched:
            translit = self._translit(key)
            if translit is not None:
                return translit, "translit"
        return None

    def _relevant(self, found: list, key: str, country: str | None, title: Title | None, licensed: bool) -> list:
        """A lone surname ("Power", "Cooper", "Araghchi") from the KB only for someone of a
        state the article names, or for the one KB person of that name when the parser calls
        the word a person; a full name or an office says enough by itself."""
        if " " in key or country or title is not None:
            return found
        return [r for r in found if self.supports(r)]

    def supports(self, rec) -> bool:
        """Whether the article supports a one-word name standing for ``rec``: it named the
        person in full already, or names the person's state, or a body the person serves, or
        the person led a state on the article's date."""
        if rec.id in self.actors or rec.country in self.states:
            return True
        if self.date and any(r.key in LEADING_OFFICES and r.country for r in self.kb.roles_at(rec.id, self.date)):
            return True  # a state's leader in office is named by surname alone ("Putin said")
        return any(getattr(role, "org", None) in self.actors for role in rec.roles)

    def _choose(self, found: list, country: str | None, title: Title | None):
        """The one record among ``found`` that the article's context selects, or None."""
        seen = [r for r in found if r.id in self.actors]
        if len(seen) == 1:
            return seen[0]
        pool = seen or found
        if country:
            pool = [r for r in pool if r.country == country] or pool
        if title is not None and title.key != "other":
            held = [r for r in pool if any(role.key in title.keys for role in self.kb.roles_at(r.id, self.date))]
            pool = held or self._nearest_holders(pool, title) or pool
        elif self.date:
            active = [r for r in pool if self.kb.roles_at(r.id, self.date)]
            pool = active or pool
        return pool[0] if len(pool) == 1 else None

    def _nearest_holders(self, pool: list, title: Title) -> list:
        """No one in ``pool`` held the titled office on the article's date: those who ever held
        it, and of them the one whose tenure lies nearest the date ("President Bush" in a 2000
        report is still one of two Bushes, and both were presidents of the same state)."""
        ever = [(r, [role for role in r.roles if role.key in title.keys]) for r in pool]
        ever = [(r, roles) for r, roles in ever if roles]
        day = _day(self.date)
        if len(ever) < 2 or day is None:
            return [r for r, _ in ever]
        gaps = sorted((min(_gap(role, day) for role in roles), i) for i, (r, roles) in enumerate(ever))
        if gaps[0][0] == gaps[1][0]:
            return [r for r, _ in ever]
        return [ever[gaps[0][1]][0]]

    def _translit(self, key: str) -> str | None:
        """A person whose name differs only in romanisation: the article's own names first."""
        sk = skeleton(key)
        if not sk or len(sk) == 1 and len(sk[0]) < 4:
            return None
        mine = {aid for aid in self.full.values() if aid.startswith("per.")}
        for aid in mine:
            names = self.idx.person_skeletons.get(aid)
            if names is None:
                names = [skeleton(self.actors[aid].name)] if aid in self.actors else []
            if any(skeleton_fits(sk, full) for full in names):
                return aid
        cands = set.intersection(*(self.idx.skeletons.get(w, set()) for w in sk[-1:]))
        fits = [aid for aid in cands if any(skeleton_fits(sk, full) for full in self.idx.person_skeletons[aid])]
        if len(sk) == 1 and self.kb is not None:
            # One word spelled differently is weak evidence: only someone of a state the article
            # names ("Rudolph" in a football report is not Switzerland's Hans-Rudolf Merz).
            fits = [aid for aid in fits if (self.kb.get(aid) is not None and self.kb.get(aid).country in self.states)]
        return fits[0] if len(fits) == 1 else None

    # ----- offices without a name

    def holder(self, owner: str | None, office: str, *, state: str | None = None,
               back_reference: bool = False) -> tuple[str, str] | None:
        """Who holds ``office`` for ``owner`` (a state or an organisation of ``state``): the
        person the article named with it, else the KB's holder on the article's date. Without
        an owner only a lower-case back-reference ("the president said") is resolved."""
        if owner is None:
            if back_reference and ("*", office) in self.roles:
                return self.roles[("*", office)], "role"
            return None
        for who in dict.fromkeys((owner, state)):
            if who and (who, office) in self.roles:
                return self.roles[(who, office)], "role"
        if self.kb is not None and self.date and state and not office.startswith("other"):
            keys = ("head_of_state", "head_of_government") if office == "head_of_state" else (office,)
            for key in keys:
                found = self.kb.holders(state, key, self.date)
                if found:
                    return found[0].id, "role-kb"
        return None

    # ----- conflicts between the article and the knowledge base

    def conflict(self, actor_id: str, title: Title | None, role_title: str, state: str | None) -> str | None:
        """A note when the office the article gives contradicts the KB on the article's date
        (undated: at any time); None when they agree or the KB lists no roles for the person.
        Neither side is changed: the note sits beside both."""
        rec = self.kb.get(actor_id) if self.kb is not None else None
        if rec is None or title is None or title.key == "other" or not rec.roles:
            return None

        def fits(r) -> bool:
            return r.key in title.keys and (state is None or r.country in (None, state))

        active = self.kb.roles_at(actor_id, self.date)
        if any(fits(r) for r in active):
            return None
        held = [r for r in rec.roles if fits(r)]
        day = _day(self.date)
        if held and not active and day is not None and all(_day(r.end) is not None and _day(r.end) < day
                                                           for r in held):
            return None  # the last office of someone who holds none now (or died): reports name them by it
        kb_side = "; ".join(f"{r.key} {r.start or '?'}..{r.end or 'now'}" for r in held) or f"never {title.key}"
        text = f"KB: {kb_side}; article: {role_title}"
        if self.date:
            on_date = sorted({r.key for r in active}) or ["no role"]
            text += f" ({self.date}); KB on that date: {', '.join(on_date)}"
        return text


def _day(value: str | None) -> Date | None:
    """The first day a full or partial ISO date ("2024", "2024-05") may stand for."""
    if not value:
        return None
    padded = {4: value + "-01-01", 7: value + "-01"}.get(len(value), value[:10])
    try:
        return Date.fromisoformat(padded)
    except ValueError:
        return None


def _gap(role, day: Date) -> int:
    """Days between ``day`` and a role's tenure (0 inside it; an open end runs to today)."""
    start, end = _day(role.start), _day(role.end)
    if start is not None and day < start:
        return (start - day).days
    if end is not None and day > end:
        return (day - end).days
    return 0
