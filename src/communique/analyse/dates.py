"""When an event happened: date phrases found in the parse, attached to the event they govern,
and resolved against the article's publication date.

Rules that keep dates honest:
- A relative phrase ("on Monday", "last week", "in May") needs a publication date; without one the
  event's date is unknown (null), never the ingestion date.
- A phrase only dates the event whose clause it hangs on in the dependency tree ("said on Monday
  that ..." dates the saying, not what was said).
- A weekday is the most recent such day on or before publication (the next one for future tense).
- A phrase that names a day only by reference ("earlier that day", "the next morning") is left
  for the report's time line (report_time) to place; an event tied to a dated moment by "after",
  "before" or "until" is not on that day, and stays undated.
- A few phrases date an event from outside its clause: "<date> was the night that X protested",
  a "since"-clause of a perfect (its start), a document "dated" a day (its issuing), and an
  occasion named again ("during the hearing") told with its date a few sentences before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Literal

from ..models import EventDate

Tense = Literal["past", "present", "future"]

WEEKDAYS = {d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                        "sunday"))}
MONTHS = {m: i + 1 for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july",
                                          "august", "september", "october", "november", "december"))}
MONTHS.update({m[:3]: n for m, n in list(MONTHS.items())})
MONTHS["sept"] = 9
_RELATIVE_DAY = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "a": 1, "an": 1, "several": None, "few": None}
# Words that start a date phrase even where the NER missed it.
# event_date's reason when the sentence has no date phrase at all (the follow-on rule keys on it).
NO_DATE_PHRASE = "no date phrase in the sentence"
DATE_WORDS = frozenset(WEEKDAYS) | frozenset(MONTHS) | frozenset(_RELATIVE_DAY) | {"week", "month", "year",
                                                                                 "weekend"}


# event_date's reason when the event's phrase names a day by reference to one told before
# ("earlier that day", "the next morning"); the report's time line resolves it.
ANAPHORIC = "refers to a day told before"
_ANAPHORS = (
    (r"\b(that|the same) (day|night|morning|afternoon|evening)\b", 0),
    (r"\b(the )?(next|following) (day|morning|afternoon|evening|night)\b|\ba day later\b", 1),
    (r"\b(the )?(previous|preceding) (day|morning|afternoon|evening|night)\b"
     r"|\bthe (day|night|evening) before\b|\ba day earlier\b", -1),
)


# event_date's reason when the event is tied to a dated moment only by "after" or "before": it is
# not on that day, and no day is known (the time line carries nothing into it).
RELATIVE = "placed only relative to"
RELATIVE_MARKS = frozenset({"after", "before", "until"})


def anaphoric_offset(phrase: str) -> int | None:
    """Days from the day told before, for a phrase that names a day only by reference to it
    ("earlier that day": 0, "the next morning": +1, "the day before": -1); None for any other."""
    text = phrase.lower()
    for pattern, offset in _ANAPHORS:
        if re.search(pattern, text):
            return offset
    return None


def parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _day(d: date, phrase: str) -> EventDate:
    return EventDate(d.isoformat(), "day", "text", phrase)


def _month(year: int, month: int, phrase: str) -> EventDate:
    return EventDate(f"{year:04d}-{month:02d}-01", "month", "text", phrase)


def _year_for(month: int, day: int | None, pub: date, tense: Tense | None) -> int:
    """The year of a month (and day) written without one: the latest on or before publication,
    or the first on or after it when the verb is in the future tense."""
    mentioned, published = (month, day or 0), (pub.month, pub.day if day else 0)
    if tense == "future":
        return pub.year + 1 if mentioned < published else pub.year
    return pub.year - 1 if mentioned > published else pub.year


def resolve(phrase: str, published: str | None, tense: Tense | None = None) -> EventDate | None:
    """An EventDate for one date phrase, or None when the phrase cannot be placed in time
    (vague words, a relative phrase with no publication date, or one that lands outside the
    calendar, such as "1000000 days ago")."""
    try:
        return _resolve(phrase, published, tense)
    except (OverflowError, ValueError):
        return None


def _resolve(phrase: str, published: str | None, tense: Tense | None = None) -> EventDate | None:
    text = re.sub(r"\s+", " ", phrase.lower().replace(",", " ").replace(".", " ")).strip()
    text = re.sub(r"^(on|in|at|during|by|from|since|until|of|the)\s+", "", text)
    pub = parse_iso(published)

    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    if m:
        try:
            return _day(date(int(m[1]), int(m[2]), int(m[3])), phrase)
        except ValueError:
            return None
    month_names = "|".join(sorted(MONTHS, key=len, reverse=True))
    year_m = re.search(r"\b(1[89]\d\d|20\d\d)\b", text)
    year = int(year_m[1]) if year_m else None
    # "3 February", "3rd of February", "February 3"
    m = (re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?: of)? ({month_names})\b", text)
         or re.search(rf"\b({month_names}) (\d{{1,2}})(?:st|nd|rd|th)?\b(?! ?\d{{3}}\b)", text))
    if m:
        day_s, month_s = (m[1], m[2]) if m[1].isdigit() else (m[2], m[1])
        month, day = MONTHS[month_s], int(day_s)
        if year is None:
            if pub is None:
                return None
            year = _year_for(month, day, pub, tense)
        try:
            return _day(date(year, month, day), phrase)
        except ValueError:
            return None
    m = re.search(rf"\b({month_names})\b", text)
    if m and not re.search(r"\bmay (be|have|not)\b", text):
        month = MONTHS[m[1]]
        if year is None:
            if pub is None:
                return None
            year = _year_for(month, None, pub, tense)
        return _month(year, month, phrase)
    if year is not None and re.fullmatch(r"(the year )?\d{4}", text):
        return EventDate(f"{year:04d}-01-01", "year", "text", phrase)
    if year is not None:
        return None
    if pub is None:
        return None
    return _relative(text, pub, tense, phrase)


def _relative(text: str, pub: date, tense: Tense | None, phrase: str) -> EventDate | None:
    if re.search(r"\blast night\b", text):
        return _day(pub - timedelta(days=1), phrase)
    for word, offset in _RELATIVE_DAY.items():
        if re.search(rf"\b{word}\b", text):
            return _day(pub + timedelta(days=offset), phrase)
    m = re.search(r"\b(this|last|next|past)?\s*(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", text)
    if m:
        target = WEEKDAYS[m[2]]
        if m[1] == "next" or (tense == "future" and m[1] != "last"):
            delta = (target - pub.weekday()) % 7 or (7 if m[1] == "next" else 0)
            return _day(pub + timedelta(days=delta), phrase)
        if m[1] in ("last", "past"):
            # "last Thursday" is the Thursday of the week before publication (Monday-first weeks):
            # written on a Friday it is eight days back, not yesterday, which the bare weekday names.
            return _day(pub - timedelta(days=pub.weekday() + 7 - target), phrase)
        return _day(pub - timedelta(days=(pub.weekday() - target) % 7), phrase)
    if re.search(r"\bthis (morning|afternoon|evening)\b|\bearlier today\b", text):
        return _day(pub, phrase)
    m = re.search(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an) (day|week|month|year)s? ago\b", text)
    if m:
        n = int(m[1]) if m[1].isdigit() else _NUM.get(m[1])
        if n is None:
            return None
        if m[2] == "day":
            return _day(pub - timedelta(days=n), phrase)
        if m[2] == "week":
            return EventDate(_monday(pub - timedelta(weeks=n)).isoformat(), "week", "text", phrase)
        if m[2] == "month":
            y, mo = divmod(pub.year * 12 + pub.month - 1 - n, 12)
            return _month(y, mo + 1, phrase)
        return EventDate(f"{pub.year - n:04d}-01-01", "year", "text", phrase)
    m = re.search(r"\b(this|last|next|past|earlier this|later this)? ?(week|weekend|month|year)\b", text)
    if m and m[1]:
        which, unit = m[1], m[2]
        step = -1 if which in ("last", "past") else 1 if which == "next" else 0
        if unit == "week":
            return EventDate(_monday(pub + timedelta(weeks=step)).isoformat(), "week", "text", phrase)
        if unit == "weekend":
            saturday = pub - timedelta(days=(pub.weekday() - 5) % 7)
            if step == 1:
                saturday += timedelta(days=7)
            return EventDate(_monday(saturday).isoformat(), "week", "text", phrase)
        if unit == "month":
            y, mo = divmod(pub.year * 12 + pub.month - 1 + step, 12)
            return _month(y, mo + 1, phrase)
        return EventDate(f"{pub.year + step:04d}-01-01", "year", "text", phrase)
    if re.search(r"\b(the|this) weekend\b", text) or text == "weekend":
        # "at the weekend", "over the weekend": the latest one (the coming one in the future tense).
        saturday = pub - timedelta(days=(pub.weekday() - 5) % 7)
        if tense == "future" and saturday < pub:
            saturday += timedelta(days=7)
        return EventDate(_monday(saturday).isoformat(), "week", "text", phrase)
    return None


# --------------------------------------------------------------------------- phrases in the parse

@dataclass(frozen=True)
class DatePhrase:
    start: int  # token index, inclusive
    end: int  # token index, exclusive
    text: str
    head: int  # index of the token the phrase hangs on (the verb or noun it modifies)


def _date_ents(sent) -> list[tuple[int, int]]:
    """(start, end) token indices of the DATE entities inside the sentence, read from its own
    tokens: `sent.ents` scans every entity of the document, once per sentence (quadratic).
    A TIME entity counts when it names a day ("last night", "Friday night", "the next morning")."""
    doc, out, start = sent.doc, [], None
    for t in sent:
        if start is not None and t.ent_iob_ != "I":
            out.append((start, t.i))
            start = None
        if t.ent_iob_ == "B" and t.ent_type_ in ("DATE", "TIME"):
            start = t.i
    if start is not None and (sent.end >= len(doc) or doc[sent.end].ent_iob_ != "I"):
        out.append((start, sent.end))
    return [(a, b) for a, b in out if doc[a].ent_type_ == "DATE" or _names_a_day(doc[a:b].text)]


def _names_a_day(text: str) -> bool:
    words = set(re.findall(r"[a-z]+", text.lower()))
    return bool(words & DATE_WORDS) or anaphoric_offset(text) is not None \
        or bool(re.search(r"\b(last|this) (night|morning|afternoon|evening)\b", text.lower()))


def date_phrases(sent) -> list[DatePhrase]:
    """Date phrases in one sentence: the NER's DATE entities plus weekday, month and relative-day
    words it missed; each with the token it attaches to."""
    out: list[DatePhrase] = []
    covered: set[int] = set()
    for start, end in _date_ents(sent):
        out.append(_phrase(sent.doc, start, end))
        covered.update(range(start, end))
    for t in sent:
        if t.i in covered or t.lower_ not in DATE_WORDS or t.lower_ in ("week", "month", "year"):
            continue
        if t.lower_ == "may" and t.pos_ in ("AUX", "VERB"):
            continue
        if t.lower_ in MONTHS and not t.text[:1].isupper():
            continue
        if t.ent_type_ == "PERSON" or (t.i + 1 < len(t.doc) and t.doc[t.i + 1].tag_ == "POS"):
            continue  # "Theresa May", "May's deal": a name, not the month
        out.append(_phrase(t.doc, t.i, t.i + 1))
    return out


TIME_OF_DAY = frozenset({"night", "morning", "afternoon", "evening", "dawn", "midnight", "noon"})


def _phrase(doc, start: int, end: int) -> DatePhrase:
    span = doc[start:end]
    root = span.root
    head = root.head
    # "on Monday": the preposition's head is what the phrase modifies; "late on Wednesday",
    # "early on Monday": so is the adverb's.
    for _ in range(3):
        if head.dep_ in ("prep", "advmod", "npadvmod") and head.pos_ in ("ADP", "ADV", "SCONJ") \
                and head.head.i != head.i:
            head = head.head
        elif head.lower_ in TIME_OF_DAY and head.head.i != head.i:
            head = head.head  # "Friday night", "Monday morning": the part of the day hangs on the verb
        elif head.lower_ == "dated" and head.dep_ == "acl":
            head = head.head  # "issued an order dated Tuesday": a document is issued on its date
        else:
            break
    text = span.text
    if start > 0 and doc[start - 1].lower_ in ("on", "in", "last", "next", "this", "since", "by") \
            and doc[start - 1].lower_ not in text.lower():
        text = doc[start - 1].text + " " + text
    return DatePhrase(start, end, text, head.i)


def tense_of(token) -> Tense | None:
    """Past, present or future, from the verb's tag and its auxiliaries."""
    auxes = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
    if auxes & {"will", "shall", "'ll"} or token.lower_ in ("will", "shall"):
        return "future"
    if token.tag_ == "VBN" and auxes & {"is", "are", "am"} and not auxes & {"has", "have", "had", "was", "were"}:
        return "present"  # "is banned": a state now, not an act told
    if token.tag_ in ("VBD", "VBN") or auxes & {"did", "was", "were", "had", "has", "have"}:
        return "past"
    if auxes & {"is", "are", "am"} and any(c.lower_ == "to" for c in token.children):
        return "future"  # "is to visit", "is scheduled to"
    if token.tag_ in ("VBP", "VBZ"):
        return "present"
    return None


TIME_NOUNS = frozenset({"day", "night", "morning", "afternoon", "evening", "week", "weekend", "time"})


def _time_frames(tokens: list) -> list:
    """Tokens outside the event's clause whose date phrases still date it:
    - the copula of "<date> was the third night that farmers blocked the roads": the clause
      describes a time noun the sentence equates with the date;
    - a "since"-clause of a perfect ("have been detained since the strike began in March"): it
      tells when the state began, and that start is the event's date."""
    out = []
    for t in tokens:
        cur = t
        for _ in range(3):
            if cur.dep_ not in ("relcl", "ccomp", "acl", "advcl") or cur.head.i == cur.i:
                break
            cur = cur.head
            if cur.lemma_ == "be" and any(ch.dep_ == "attr" and ch.lemma_.lower() in TIME_NOUNS for ch in cur.children):
                out.append(cur)
                break
        if any(ch.dep_ == "aux" and ch.lemma_.lower() == "have" for ch in t.children):
            out += [ch for ch in t.children if ch.dep_ == "advcl"
                    and any(m.dep_ == "mark" and m.lower_ == "since" for m in ch.children)]
    return out


def event_date(clause_tokens: Iterable, sent, published: str | None, tense: Tense | None) -> tuple[EventDate, str]:
    """The date of the event whose clause is ``clause_tokens`` (its trigger, frame verbs, the light
    verb carrying a noun): a date phrase attached to one of them, resolved. Returns the date
    (EventDate() when unknown) and a sentence saying why, for `communique explain`."""
    clause_tokens = list(clause_tokens)
    indices = {t.i for t in clause_tokens} | {t.i for t in _time_frames(clause_tokens)}
    found = date_phrases(sent)
    relative = {p for p in found if _relative_mark(sent.doc[p.head], indices)}
    phrases = [p for p in found if p.head in indices and p not in relative]
    others = [p for p in found if p.head not in indices or p in relative]
    for p in sorted(phrases, key=lambda p: min(abs(p.head - i) for i in indices)):
        if anaphoric_offset(p.text) is not None:
            return EventDate(phrase=p.text), f"{ANAPHORIC}: '{p.text}'"
        resolved = resolve(p.text, published, tense)
        if resolved is not None:
            basis = f"publication date {published}" if published else "the phrase alone"
            return resolved, f"'{p.text}' governs the event; resolved against {basis} ({resolved.precision})"
        if not published:
            return EventDate(phrase=p.text), f"'{p.text}' governs the event but the article has no publication date"
    occasion = _named_occasion(clause_tokens, published, tense)
    if occasion is not None:
        return occasion
    if others:
        names = ", ".join(f"'{p.text}'" for p in others)
        mark = next((m for p in others if (m := _relative_mark(sent.doc[p.head], indices))), None)
        if mark:
            return EventDate(), f"{RELATIVE}: '{mark}' another moment ({names})"
        return EventDate(), f"no date phrase governs the event ({names} belong to other clauses)"
    return EventDate(), NO_DATE_PHRASE


OCCASION_PREPS = frozenset({"during", "at"})
LOOK_BACK_SENTENCES = 3


def _named_occasion(tokens: list, published: str | None, tense: Tense | None) -> tuple[EventDate, str] | None:
    """"apologised during the hearing": an occasion named again with "the" takes the date the
    report gave it when it was first told, a few sentences before ("a hearing was held on
    February 24"): the date phrase of the noun itself or of the verb it is the subject or object of."""
    for t in tokens:
        for prep in t.children:
            if prep.dep_ != "prep" or prep.lower_ not in OCCASION_PREPS:
                continue
            for noun in prep.children:
                if noun.dep_ == "pobj" and noun.pos_ == "NOUN" and any(d.lower_ == "the" for d in noun.children):
                    found = _told_before(noun, published, tense)
                    if found is not None:
                        return found
    return None


def _told_before(noun, published: str | None, tense: Tense | None) -> tuple[EventDate, str] | None:
    doc, here = noun.doc, noun.sent
    sents = [s for s in doc.sents if s.end <= here.start][-LOOK_BACK_SENTENCES:]
    for sent in reversed(sents):
        for t in sent:
            if t.lemma_.lower() != noun.lemma_.lower():
                continue
            hosts = {t.i} | ({t.head.i} if t.dep_ in ("nsubj", "nsubjpass", "dobj") else set())
            for p in date_phrases(sent):
                d = resolve(p.text, published, tense) if p.head in hosts else None
                if d is not None:
                    return d, f"'{noun.text}' names again the {noun.lemma_} told with '{p.text}'; resolved ({d.precision})"
    return None


def _relative_mark(token, indices: set[int]) -> str | None:
    """The word ("after", "before", "until") of a clause or phrase that ties the event to the
    date's moment ("resigned after the recording was leaked on Monday"), or None."""
    for _ in range(6):
        if token.head.i == token.i:
            return None
        words = {m.lower_ for m in token.children if m.dep_ == "mark"} if token.dep_ == "advcl" else set()
        if token.dep_ == "prep":
            words.add(token.lower_)
        if words & RELATIVE_MARKS and token.head.i in indices:
            return next(iter(words & RELATIVE_MARKS))
        token = token.head
    return None
