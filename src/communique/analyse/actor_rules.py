"""Word lists and small string rules for actor recognition: office titles, honorifics,
collective nouns, and the transliteration key used as a last resort when names differ.

Kept apart from the resolver so the lexicon can be read (and extended) without reading code.
Everything here is plain data or a pure function of strings.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..knowledge.kb import normalise

# --------------------------------------------------------------------------- office titles


@dataclass(frozen=True)
class Title:
    """What an office title tells about its holder: the knowledge-base role keys it is
    compatible with (the first is the one remembered), and the sector the holder acts for."""

    keys: tuple[str, ...]
    sector: str | None

    @property
    def key(self) -> str:
        return self.keys[0]


_GOV, _LEG, _JUD, _MIL = "GOV", "LEG", "JUD", "MIL"
_PRESIDENT = Title(("head_of_state", "head_of_government"), _GOV)


def _t(*keys: str, sector: str | None = _GOV) -> Title:
    return Title(keys, sector)


# Lower-case phrases; the matcher prefers the longest ("deputy foreign minister" over
# "foreign minister"). "President" fits either head role: in Iran the president heads the
# government, elsewhere the state, and articles do not say which they mean.
TITLES: dict[str, Title] = {
    "president": _PRESIDENT,
    "vice president": _t("vice_president"), "vice-president": _t("vice_president"),
    "first vice president": _t("vice_president"), "first vice-president": _t("vice_president"),
    "prime minister": _t("head_of_government"), "premier": _t("head_of_government"),
    "supreme leader": _t("supreme_leader"), "leader of the islamic revolution": _t("supreme_leader"),
    "king": _t("head_of_state"), "emir": _t("head_of_state"), "crown prince": _t("other"),
    "foreign minister": _t("foreign_minister"), "minister of foreign affairs": _t("foreign_minister"),
    "foreign affairs minister": _t("foreign_minister"), "top diplomat": _t("foreign_minister"),
    "secretary of state": _t("foreign_minister"), "foreign secretary": _t("foreign_minister"),
    "deputy foreign minister": _t("deputy_foreign_minister"),
    "vice foreign minister": _t("deputy_foreign_minister"),
    "deputy minister of foreign affairs": _t("deputy_foreign_minister"),
    "assistant foreign minister": _t("deputy_foreign_minister"),
    "political deputy foreign minister": _t("deputy_foreign_minister"),
    "interior minister": _t("interior_minister"), "minister of interior": _t("interior_minister"),
    "minister of the interior": _t("interior_minister"), "home minister": _t("interior_minister"),
    "home secretary": _t("interior_minister"),
    "defence minister": _t("defence_minister"), "defense minister": _t("defence_minister"),
    "minister of defence": _t("defence_minister"), "minister of defense": _t("defence_minister"),
    "defense secretary": _t("defence_minister"), "defence secretary": _t("defence_minister"),
    "parliament speaker": _t("speaker", sector=_LEG), "speaker of parliament": _t("speaker", sector=_LEG),
    "speaker of the parliament": _t("speaker", sector=_LEG), "parliamentary speaker": _t("speaker", sector=_LEG),
    "majlis speaker": _t("speaker", sector=_LEG), "speaker": _t("speaker", sector=_LEG),
    "speaker of the house": _t("speaker", sector=_LEG),
    "speaker of the council of representatives": _t("speaker", sector=_LEG),
    "judiciary chief": _t("judiciary_chief", sector=_JUD), "head of the judiciary": _t("judiciary_chief", sector=_JUD),
    "chief of the judiciary": _t("judiciary_chief", sector=_JUD), "judiciary head": _t("judiciary_chief", sector=_JUD),
    "chief justice": _t("judiciary_chief", sector=_JUD),
    "chief of the supreme judicial council": _t("judiciary_chief", sector=_JUD),
    "commander": _t("military_commander", sector=_MIL), "chief of staff": _t("military_commander", sector=_MIL),
    "chief of general staff": _t("military_commander", sector=_MIL),
    "army chief": _t("military_commander", sector=_MIL), "military chief": _t("military_commander", sector=_MIL),
    "militia leader": _t("militia_leader", sector=_MIL), "militia commander": _t("militia_leader", sector=_MIL),
    "party leader": _t("party_leader", sector="PTY"),
    "ambassador": _t("ambassador"), "envoy": _t("ambassador"), "special envoy": _t("other"),
    "secretary of the supreme national security council": _t("security_council_secretary"),
    "snsc secretary": _t("security_council_secretary"),
    "national security council secretary": _t("security_council_secretary"),
    "national security adviser": _t("other"), "national security advisor": _t("other"),
    "minister": _t("other"), "deputy minister": _t("other"), "spokesman": _t("other"),
    "spokeswoman": _t("other"), "spokesperson": _t("other"), "governor": _t("other"), "mayor": _t("other"),
    "lawmaker": _t("other", sector=_LEG), "legislator": _t("other", sector=_LEG), "mp": _t("other", sector=_LEG),
    "senator": _t("other", sector=_LEG), "sen.": _t("other", sector=_LEG), "congressman": _t("other", sector=_LEG),
    "congresswoman": _t("other", sector=_LEG), "commissioner": _t("other"), "director": _t("other", sector=None),
    "rapporteur": _t("other", sector=None), "special rapporteur": _t("other", sector=None),
    "member of parliament": _t("other", sector=_LEG),
    "secretary-general": _t("other", sector=None), "secretary general": _t("other", sector=None),
    "leader": _t("other", sector=None), "chairman": _t("other", sector=None),
}
# "his Iraqi counterpart, X": the office is the one just named for the other party.
COUNTERPART = "counterpart"
TITLE_PHRASES = tuple(TITLES) + (COUNTERPART,)

# Words between a country and its office that qualify the tenure, not the office.
TENURE = frozenset({"caretaker", "acting", "interim", "former", "late", "outgoing", "incoming", "new",
                    "then", "ex", "newly-appointed", "newly", "appointed", "elected", "president-elect",
                    "senior", "top", "current", "sitting", "visiting", "first", "deputy-"})
# Tenure words that say the office was not held on the article's date: no conflict check.
PAST = frozenset({"former", "late", "then", "ex", "outgoing"})

# Words in front of a name that are not part of it; some say which sector the person is in.
HONORIFICS: dict[str, str | None] = {
    "hojjat al-islam": "REL", "hojatoleslam": "REL", "hojjatoleslam": "REL", "hojjat ol-eslam": "REL",
    "hojatoleslam val-moslemin": "REL", "ayatollah": "REL", "grand ayatollah": "REL", "imam": "REL",
    "sheikh": None, "shaikh": None, "sayyid": None, "sayyed": None, "seyyed": None, "seyed": None,
    "mr": None, "mr.": None, "mrs": None, "mrs.": None, "ms": None, "ms.": None, "dr": None, "dr.": None,
    "general": "MIL", "gen.": "MIL", "brigadier general": "MIL", "major general": "MIL",
    "lieutenant general": "MIL", "lt. gen.": "MIL", "maj. gen.": "MIL", "brig. gen.": "MIL",
    "admiral": "MIL", "rear admiral": "MIL", "colonel": "MIL", "col.": "MIL", "brigadier": "MIL",
    "judge": "JUD", "haj": None, "hajj": None, "sir": None, "lord": None, "lady": None, "mullah": "REL",
}

# Collective nouns that, with a state's adjective ("Iraqi officials", "the Iranian side"),
# stand for that state, with the sector the noun implies.
GROUP_NOUNS: dict[str, str | None] = {
    "official": "GOV", "officials": "GOV", "authorities": "GOV", "authority": "GOV", "government": "GOV",
    "administration": "GOV", "side": "GOV", "sides": "GOV", "delegation": "GOV", "delegations": "GOV",
    "leadership": "GOV", "leaders": "GOV", "diplomats": "GOV", "diplomat": "GOV", "cabinet": "GOV",
    "regime": "GOV", "state": "GOV", "negotiators": "GOV", "negotiator": "GOV", "envoys": "GOV",
    "ministry": "GOV", "counterparts": "GOV", "presidency": "GOV", "embassy": "GOV",
    "parliament": "LEG", "lawmakers": "LEG", "legislators": "LEG", "mps": "LEG", "parliamentarians": "LEG",
    "judiciary": "JUD", "courts": "JUD", "court": "JUD", "judges": "JUD", "prosecutors": "JUD",
    "forces": "MIL", "troops": "MIL", "army": "MIL", "military": "MIL", "soldiers": "MIL", "navy": "MIL",
    "militias": "MIL", "commanders": "MIL", "police": "COP", "media": "MED", "press": "MED",
    "people": None, "nation": None, "nations": None, "public": None, "companies": "BUS", "firms": "BUS",
    "businesses": "BUS", "traders": "BUS", "investors": "BUS",
}
# Singular people nouns: "the Iranian official" is usually the person just named.
PERSON_NOUNS = frozenset({"official", "diplomat", "envoy", "minister", "negotiator", "leader", "president",
                          "lawmaker", "commander", "spokesman", "spokesperson"})

# Prepositions after which a capital or city is a place, not an actor ("talks in Tehran").
LOCATIVE = frozenset({"in", "at", "near", "inside", "outside", "around", "across", "throughout", "into",
                      "within", "via", "through", "outskirts"})

# Nouns after a name that make it a place ("Khorasan Razavi province", "Basra governorate").
PLACE_NOUNS = frozenset({"province", "city", "district", "region", "governorate", "county", "village", "town",
                         "border", "crossing", "port", "airport", "area", "river", "street", "square", "camp",
                         "base", "mosque", "shrine", "university", "hospital", "prison", "field", "valley",
                         "towns", "island", "islands", "causeway", "mausoleum", "tomb", "canal", "station", "terminal",
                         "gate", "quarter", "neighbourhood", "neighborhood"})

# Words in or right after a name that make it a company's or a product's ("Red Hat Inc.",
# "Rocky Linux", "the Falcon rocket"): never a person.
THING_NOUNS = frozenset({"inc", "inc.", "ltd", "ltd.", "llc", "corp", "corp.", "plc", "gmbh", "co.", "company",
                         "corporation", "linux", "software", "app", "rocket", "spacecraft", "capsule", "satellite",
                         "ship", "vessel", "aircraft", "jet", "car", "phone", "brand", "airlines", "airways",
                         "group", "holdings", "foundation", "institute", "festival", "prize", "award", "cup",
                         "league", "club", "stadium", "hotel", "bridge", "dam", "church", "cathedral", "temple",
                         "museum", "school", "center", "centre", "building", "tower", "palace", "park", "avenue",
                         "road", "boulevard", "highway", "bulletin", "tracker", "platform", "science", "sciences",
                         "hall", "magazine", "newspaper", "journal", "gazette", "tribune", "herald", "network",
                         "channel", "radio", "television", "studio", "studios", "records", "pictures", "motors",
                         "systems", "technologies", "labs", "laboratory", "partners", "associates", "bank",
                         "party", "university", "college", "academy", "clinic", "dragon"})

# Words in front of a person's name that describe them and are not part of the name
# ("Senator", "Professor", "Republican", "Podcaster", "Chief Technical Officer"): a text
# person's name starts after them, so variants of one name make one actor.
DESCRIPTORS = frozenset("""
professor prof. doctor engineer scientist ecologist economist historian analyst lawyer attorney judge justice
prosecutor administrator moderator podcaster businessman businesswoman entrepreneur journalist reporter editor
author writer novelist poet artist actor actress singer musician violinist pianist guitarist drummer director
producer coach manager chief officer executive ceo cto cfo chairman chairwoman founder co-founder astronaut
pilot captain sergeant lieutenant detective inspector constable commissioner bishop archbishop cardinal rabbi
reverend rev. democrat democratic republican labour conservative liberal independent senator sen. representative
rep. governor mayor minister secretary ambassador spokesman spokeswoman assemblyman assemblywoman councillor
councilman councilwoman whip leader speaker sheriff principal dean student activist protester resident farmer
designer photographer athlete player striker goalkeeper boxer wrestler champion candidate nominee incumbent
former late retired veteran technical divisional railway operating financial minority majority senate house
emeritus roman catholic protestant orthodox mme mme. mr mr. mrs mrs. ms ms. dr dr. sir dame
""".split())
# First-level regions that stand before names ("Minnesota Senator X", "Vermont X").
REGION_WORDS = frozenset("""
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois
indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri
montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington
wisconsin wyoming alberta ontario quebec manitoba saskatchewan bavaria scotland wales england
""".split())

# Pronouns that refer back to a person, and to a state or organisation.
PERSON_PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
THING_PRONOUNS = frozenset({"it", "its", "itself"})

# Demonyms that also name an ethnic group living in other states. Modified by another state's
# demonym they are that state's people ("Bosnian Serbs", "Iraqi Turkmen", "Iranian Azeris"), and
# after "ethnic" they name no state at all ("ethnic Turks in Bulgaria"). Civic demonyms stay
# with their own state ("Iranian Americans", "Turkish Cypriots").
ETHNONYMS = frozenset({
    "serb", "serbs", "croat", "croats", "bosniak", "bosniaks", "albanian", "albanians", "turk", "turks", "turkmen",
    "turkmens", "turkoman", "turkomans", "azeri", "azeris", "azerbaijanis", "armenian", "armenians", "russian",
    "russians", "uzbek", "uzbeks", "tajik", "tajiks", "kazakh", "kazakhs", "kyrgyz", "hungarian", "hungarians",
    "greek", "greeks", "somali", "somalis", "romanian", "romanians", "ukrainian", "ukrainians", "pole", "poles",
    "german", "germans", "chinese", "korean", "koreans", "afghan", "afghans", "palestinian", "palestinians",
})


def minority_of(token, state_of) -> str | None:
    """For an ethnonym used as a noun, the state its modifier names ("Iraqi" in "Iraqi Turkmen"),
    "" after "ethnic", and None where the rule does not apply. ``state_of`` maps a word to a
    state id or None."""
    if token.lower_ not in ETHNONYMS or token.pos_ not in ("NOUN", "PROPN") or token.dep_ in ("amod", "compound"):
        return None
    own = state_of(token.text)
    for child in token.children:
        if child.i > token.i or child.dep_ not in ("amod", "compound", "nmod"):
            continue
        if child.lower_ == "ethnic":
            return ""
        other = state_of(child.text)
        if other and other != own:
            return other
    return None


# Small words that belong inside Arabic, Persian and European names.
NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint", "abu", "abd", "abdul", "abdel", "de", "da",
                            "van", "von", "le", "la", "du", "ul", "ud", "e", "as", "ash", "ad", "an", "ar",
                            "az", "at"})


def title_for(phrase: str) -> Title | None:
    return TITLES.get(" ".join(phrase.lower().split()))


# --------------------------------------------------------------------------- name keys

_VOWELS = set("aeiouy")
# Romanisations of the same Persian/Arabic sound, mapped to one letter before vowels go.
# Order matters: "sh"/"ch" before "c" and "h" are read alone.
_DIGRAPHS = (("sh", "$"), ("ch", "%"), ("zh", "j"), ("kh", "k"), ("gh", "k"), ("q", "k"), ("ck", "k"),
             ("c", "k"), ("ph", "f"), ("th", "s"), ("dh", "z"), ("w", "v"))


def skeleton_token(token: str) -> str:
    """A spelling-independent key for one name word: "Baqeri" and "Bagheri" -> "bkr",
    "Mashhadani" and "Mashadani" -> "m$dn", "Hossein" and "Hussain" -> "hsn"."""
    t = token
    for a, b in _DIGRAPHS:
        t = t.replace(a, b)
    if not t:
        return ""
    head = "a" if t[0] in _VOWELS else t[0]
    out = [head]
    for ch in t[1:]:
        if ch in _VOWELS or not ch.isalpha() and ch not in "$%":
            continue
        if out[-1] != ch and not (ch == "h" and out[-1] in "$%h"):
            out.append(ch)
    return "".join(out)


def skeleton(name: str) -> tuple[str, ...]:
    """The skeleton of each word of a normalised name."""
    return tuple(s for s in (skeleton_token(t) for t in normalise(name).split()) if s)


def skeleton_fits(query: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether ``query`` is the first word and any later words of ``full``, in order, or a
    tail of it ("Ali Baqeri" fits "Ali Bagheri Kani"; "Baqeri" fits it too)."""
    if not query or len(query) > len(full):
        return False
    if query == full:
        return True
    if len(query) == 1:
        return query[0] in full[1:] and len(query[0]) >= 3
    if query[0] != full[0]:
        return full[-len(query):] == query
    it = iter(full[1:])
    return all(q in it for q in query[1:])


_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """Id fragment of a name: "Othman Al-Araji" -> "othman-araji" (same rules as matching)."""
    text = unicodedata.normalize("NFKD", normalise(name)).encode("ascii", "ignore").decode()
    return _SLUG.sub("-", text).strip("-") or "unknown"


# Words naming a ministry's portfolio, around a bare "Minister" ("Oil Minister", "Minister of
# Water Resources"): part of the office, not of the name that follows.
PORTFOLIOS = frozenset({
    "oil", "petroleum", "electricity", "energy", "water", "resources", "health", "finance", "economy",
    "economic", "economics", "trade", "commerce", "culture", "cultural", "education", "higher", "labour",
    "labor", "agriculture", "transport", "transportation", "roads", "housing", "justice", "intelligence",
    "communications", "industry", "industries", "mines", "mining", "planning", "youth", "sports",
    "tourism", "environment", "information", "religious", "endowments", "displacement", "migration",
    "municipalities", "public", "works", "science", "technology", "construction", "reconstruction",
    "defence", "defense", "interior", "foreign", "affairs", "state", "welfare", "social", "heritage",
    "cooperatives", "road", "urban", "development", "telecommunications", "communication", "and", "&",
    "roads", "national", "security", "exterior", "guidance", "islamic", "sport",
})
