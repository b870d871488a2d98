"""The event ontology: PLOVER types and modes, the CAMEO↔PLOVER table, Goldstein-style scores
and the verb/noun pattern lexicon, each loaded once from the data files beside this module.

- ``CAMEO2PLOVER-2021.txt``: the Open Event Data Alliance's conversion table (CC BY-SA 4.0,
  see README.md), read as published; ``PLOVER_OVERRIDES`` lists where this project departs.
- ``goldstein.txt``: a conflict-cooperation weight per CAMEO code, -10..+10.
- ``lexicon.txt``: this project's patterns (format documented at the top of the file).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
FRAMES = ("intent", "demand", "reject", "threat", "stop")
# Where a frame has no code of its own for a class, the frame's general code.
FRAME_DEFAULTS = {"intent": "030", "demand": "100", "reject": "120", "threat": "130", "accuse": "112",
                  "support": "051"}
# CAMEO 163 (impose embargo, boycott or sanctions) sits under COERCE in the 2021 draft table but under
# SANCTION in PLOVER 0.5 and in the published gold records; the type's own name wins here.
# Likewise 1712 (destroy property): COERCE in PLOVER 0.5 and the gold records (no violence
# against people), ASSAULT in the 2021 draft.
PLOVER_OVERRIDES = {"163": ("SANCTION", "restrict"), "1712": ("COERCE", "destroy")}
# Modes this project adds where the table leaves CONSULT without one.
MODE_DEFAULTS = {"040": "meet", "045": "mediate", "046": "negotiate"}


def _text(name: str) -> str:
    return (resources.files(__package__) / name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class CameoCode:
    code: str
    plover: str
    mode: str | None
    context: str | None
    description: str


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoCode]:
    """CAMEO code → PLOVER type, mode and context, from the 2021 conversion table."""
    table: dict[str, CameoCode] = {}
    for line in _text("CAMEO2PLOVER-2021.txt").splitlines():
        m = re.match(r"^(\d{3,4}):\s*([A-Z]+)\s*,([^,#]*),?([^#]*)#?\s*(.*)$", line)
        if not m:
            continue
        code, plover, mode, context, desc = (g.strip() for g in m.groups())
        mode = mode.split()[0] if mode.split() else None
        table.setdefault(code, CameoCode(code, plover, mode or None, context or None, desc))
    for code, (plover, mode) in PLOVER_OVERRIDES.items():
        old = table[code]
        table[code] = CameoCode(code, plover, mode, old.context, old.description)
    return table


def plover_for(code: str) -> tuple[str, str | None]:
    """(PLOVER type, mode) of a CAMEO code; an unknown sub-code takes its parent's."""
    table = cameo_table()
    c = code
    while c and c not in table:
        c = c[:-1]
    if not c or len(c) < 3:
        raise KeyError(f"no PLOVER type for CAMEO {code!r}")
    entry = table[c]
    return entry.plover, entry.mode or MODE_DEFAULTS.get(c)


def cameo_description(code: str) -> str:
    entry = cameo_table().get(code)
    return entry.description if entry else ""


@lru_cache(maxsize=1)
def _goldstein() -> dict[str, float]:
    out = {}
    for line in _text("goldstein.txt").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            code, value = line.split()
            out[code] = float(value)
    return out


def goldstein(code: str | None) -> float | None:
    """The conflict-cooperation weight of a CAMEO code: its own, else its nearest parent's."""
    if not code:
        return None
    table = _goldstein()
    c = code
    while c:
        if c in table:
            return table[c]
        c = c[:-1]
    return None


# --------------------------------------------------------------------------- the lexicon

@dataclass(frozen=True)
class ClassCodes:
    """One action and its CAMEO code in each frame (None where the frame does not apply)."""

    name: str
    direct: str
    intent: str | None
    demand: str | None
    reject: str | None
    threat: str | None
    stop: str | None
    mode: str | None = None

    def code(self, frame: str | None) -> str | None:
        return self.direct if frame in (None, "direct") else getattr(self, frame, None)


@dataclass(frozen=True)
class Entry:
    """One pattern: the words (verb lemma and particles, or noun modifiers and head), the
    conditions that must hold, and what it codes (a class name or '@frame')."""

    words: tuple[str, ...]
    target: str
    obj: frozenset[str] = frozenset()
    prep: frozenset[str] = frozenset()
    mod: frozenset[str] = frozenset()
    subj: frozenset[str] = frozenset()  # the verb's subject (its own, or the one it shares)
    partner: bool = False
    intrans: bool = False  # a verb that only codes with no object or clause ("demonstrated" vs "demonstrated that")
    clause: bool = False  # a verb that only codes with a that-clause ("charged that ...")
    trans: bool = False  # a verb that only codes with a direct object ("returned the ship", not "returned home")
    line: int = 0

    @property
    def frame(self) -> str | None:
        return self.target[1:] if self.target.startswith("@") else None

    @property
    def specificity(self) -> int:
        # A particle is a condition like any other ("call for" over "call obj=@person").
        return len(self.words) + 2 * (len(self.words) - 1) + 2 * (bool(self.obj) + bool(self.prep) + bool(self.mod) + bool(self.subj)) + self.partner + self.intrans + 2 * self.clause + self.trans

    def describe(self) -> str:
        parts = [" ".join(self.words)]
        for name in ("obj", "prep", "mod", "subj"):
            values = getattr(self, name)
            if values:
                parts.append(f"{name}={'|'.join(sorted(values))}")
        if self.partner:
            parts.append("partner")
        if self.intrans:
            parts.append("intrans")
        if self.clause:
            parts.append("clause")
        if self.trans:
            parts.append("trans")
        return f"{' '.join(parts)} -> {self.target}"


@dataclass
class Lexicon:
    classes: dict[str, ClassCodes] = field(default_factory=dict)
    verbs: dict[str, list[Entry]] = field(default_factory=dict)  # by lemma
    nouns: dict[str, list[Entry]] = field(default_factory=dict)  # by head lemma
    adjectives: dict[str, list[Entry]] = field(default_factory=dict)
    light: frozenset[str] = frozenset()
    amplifiers: frozenset[str] = frozenset()
    groups: dict[str, frozenset[str]] = field(default_factory=dict)
    agents: dict[str, str] = field(default_factory=dict)  # generic agent noun → sector
    pejorative: frozenset[str] = frozenset()
    crimes: frozenset[str] = frozenset()
    slots: dict[str, list[SlotStep]] = field(default_factory=dict)  # by form, in order

    def in_group(self, word: str, group: str) -> bool:
        return word in self.groups.get(group, ())

    def token_in(self, token, name: str) -> bool:
        """A parsed word (a spaCy token) in a named group, by its lemma or its own form."""
        words = self.group(name)
        return token.lemma_.lower() in words or token.lower_ in words

    def group(self, name: str) -> frozenset[str]:
        """A named word group; an unknown name is an error, so a typo fails loudly, not as a miss."""
        try:
            return self.groups[name]
        except KeyError:
            raise LexiconError(f"lexicon.txt has no group {name!r}") from None

    def matches_set(self, word: str, allowed: frozenset[str]) -> bool:
        """A word against a condition set that may name groups ("@troops")."""
        return any(word in self.groups.get(a[1:], ()) if a.startswith("@") else word == a for a in allowed)


class LexiconError(ValueError):
    pass


@dataclass(frozen=True)
class SlotStep:
    """One line of [slots]: in FORM, fill SLOT by MODE from PATHS (or a fallback/become/note line)."""

    form: str
    slot: str  # agent | patient | fallback | become | note
    mode: str  # how paths become parties; a fallback name, a form name or the note text for the others
    paths: tuple[str, ...] = ()
    options: tuple[tuple[str, str], ...] = ()
    line: int = 0

    def option(self, key: str) -> str | None:
        return next((v for k, v in self.options if k == key), None)

    def describe(self) -> str:
        return " ".join([self.mode, *self.paths] + [f"{k}={v}" if v else k for k, v in self.options])


def _parse_slot(line: str, n: int) -> SlotStep:
    parts = line.split()
    if len(parts) < 3:
        raise LexiconError(f"lexicon.txt:{n}: a [slots] line is 'form slot mode paths... options...'")
    form, slot, mode, rest = parts[0], parts[1], parts[2], parts[3:]
    if slot == "note":
        return SlotStep(form, slot, line.split(None, 2)[2].strip(), line=n)
    if slot == "fallback":
        return SlotStep(form, slot, "fallback", tuple(parts[2:]), line=n)
    paths = tuple(p for p in rest if "=" not in p and p not in _SLOT_FLAGS)
    options = tuple((p.partition("=")[0], p.partition("=")[2]) for p in rest if p not in paths)
    return SlotStep(form, slot, mode, paths, options, n)


# Bare options of a [slots] line; any other bare word is a path, and key=value an option.
_SLOT_FLAGS = frozenset({"hostile", "override"})


def _parse_entry(line: str, n: int, section: str) -> Entry:
    if "->" not in line:
        raise LexiconError(f"lexicon.txt:{n}: expected 'pattern -> target' in [{section}]")
    left, target = (s.strip() for s in line.split("->", 1))
    words, conds = [], {"obj": frozenset(), "prep": frozenset(), "mod": frozenset(), "subj": frozenset()}
    partner = intrans = clause = trans = False
    for tok in left.split():
        if "=" in tok:
            key, _, value = tok.partition("=")
            if key not in conds:
                raise LexiconError(f"lexicon.txt:{n}: unknown condition {key!r}")
            conds[key] = frozenset(value.split("|"))
        elif tok == "partner":
            partner = True
        elif tok == "intrans":
            intrans = True
        elif tok == "clause":
            clause = True
        elif tok == "trans":
            trans = True
        else:
            words.append(tok.lower())
    if not words or not target:
        raise LexiconError(f"lexicon.txt:{n}: empty pattern or target")
    return Entry(tuple(words), target, conds["obj"], conds["prep"], conds["mod"], conds["subj"], partner, intrans,
                 clause, trans, n)


def parse_lexicon(text: str) -> Lexicon:
    lex = Lexicon()
    section = ""
    light: set[str] = set()
    amplifiers: set[str] = set()
    pejorative: set[str] = set()
    crimes: set[str] = set()
    groups: dict[str, set[str]] = {}
    current_group: str | None = None
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if line.startswith("["):
            section = line.strip("[] ")
            current_group = None
            continue
        if section == "classes":
            parts = line.split()
            mode = next((p.split("=", 1)[1] for p in parts if p.startswith("mode=")), None)
            codes = [None if p == "-" else p for p in parts[1:7]]
            if len(codes) != 6 or not codes[0]:
                raise LexiconError(f"lexicon.txt:{n}: a class needs six codes")
            lex.classes[parts[0]] = ClassCodes(parts[0], *codes, mode=mode)  # type: ignore[arg-type]
        elif section == "light":
            light.update(line.split())
        elif section == "amplifiers":
            amplifiers.update(line.split())
        elif section == "frames":
            continue
        elif section == "groups":
            if not raw.startswith((" ", "\t")):
                name, _, rest = line.partition(":")
                current_group = name.strip()
                if current_group in groups:
                    raise LexiconError(f"lexicon.txt:{n}: group {current_group!r} defined twice")
                groups[current_group] = set(rest.split())
            elif current_group:
                groups[current_group].update(line.split())
        elif section == "agents":
            word, sector = line.split()
            lex.agents[word.lower()] = sector
        elif section == "pejorative":
            if line.startswith("@crime:"):
                current_group = "crime"
                crimes.update(line.split(":", 1)[1].split())
            elif raw.startswith((" ", "\t")) and current_group == "crime":
                crimes.update(line.split())
            else:
                current_group = None
                pejorative.update(line.split())
        elif section == "slots":
            step = _parse_slot(line, n)
            lex.slots.setdefault(step.form, []).append(step)
        elif section in ("verbs", "nouns", "adjectives"):
            entry = _parse_entry(line, n, section)
            key = entry.words[0] if section in ("verbs", "adjectives") else entry.words[-1]
            getattr(lex, section).setdefault(key, []).append(entry)
        else:
            raise LexiconError(f"lexicon.txt:{n}: line outside a known section")
    lex.light = frozenset(light)
    lex.amplifiers = frozenset(amplifiers)
    lex.groups = {k: frozenset(v) for k, v in groups.items()}
    lex.pejorative = frozenset(pejorative)
    lex.crimes = frozenset(crimes)
    _check(lex)
    return lex


def _check(lex: Lexicon) -> None:
    """Every target names a known class or frame and every code a known CAMEO code, so a typo in
    the data fails at load time, not as a silent miss."""
    frames = set(FRAMES) | {"accuse", "support", "report", "order"}
    for section in (lex.verbs, lex.nouns, lex.adjectives):
        for entries in section.values():
            for e in entries:
                if e.frame is not None and e.frame not in frames:
                    raise LexiconError(f"lexicon.txt:{e.line}: unknown frame {e.target}")
                if e.frame is None and e.target not in lex.classes:
                    raise LexiconError(f"lexicon.txt:{e.line}: unknown class {e.target}")
    for c in lex.classes.values():
        for code in (c.direct, c.intent, c.demand, c.reject, c.threat, c.stop):
            if code:
                plover_for(code)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return parse_lexicon(_text("lexicon.txt"))
