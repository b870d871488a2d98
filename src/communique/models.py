"""The records passed between the stages of the pipeline.

    RawDocument ─ingest─► Article ─analyse─► Analysis ─link─► Story, merged Event ─store─► rows

Each stage takes the previous stage's record and returns its own; none reaches back.
Every extracted fact carries its evidence: the article id and a character span in
``Article.text``. The brief, the UI and ``explain`` all read that same evidence.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

DatePrecision = Literal["day", "week", "month", "year"]
DateSource = Literal["text", "context", "published", "none"]  # context: the date of the event told just before
ActorKind = Literal["person", "state", "organization", "group"]
EventStatus = Literal["asserted", "claimed", "denied"]


@dataclass
class RawDocument:
    """One input as it arrived: bytes or text plus whatever metadata came with it."""

    source: str  # file path, URL, or the id of a JSON Lines record
    data: bytes | str
    kind: Literal["text", "html"] = "text"
    url: str | None = None
    # Metadata given alongside the content (JSONL fields, feed entries); wins over guesses.
    published: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None


@dataclass
class IngestFailure:
    """An input that could not become an article, with a one-line reason for the summary."""

    source: str
    reason: str


@dataclass
class Article:
    id: str
    source: str
    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None  # YYYY-MM-DD, from the input only; never the ingest date
    dateline: str | None = None
    original_source: str | None = None
    language: str | None = "en"
    content_hash: str = ""
    story_id: str | None = None
    duplicate_of: str | None = None


@dataclass
class Span:
    """Evidence: a character range of one article's text."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass
class Mention:
    """An actor as one article names it. ``text`` keeps the article's own words."""

    article_id: str
    start: int
    end: int
    text: str
    actor_id: str
    role_title: str | None = None  # the role the article gives ("Iraq's Foreign Minister")
    role_conflict: str | None = None  # set when that role contradicts the knowledge base
    method: str = ""  # which resolution rule fired: alias, surname, role, demonym, ...


@dataclass
class Role:
    title: str
    country: str | None = None
    start: str | None = None
    end: str | None = None
    key: str | None = None
    sector: str | None = None
    source: str | None = None


@dataclass
class Actor:
    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    origin: str = "kb"  # kb: from the knowledge base; text: known only from what articles say
    # The country is the report's main state, not something its words say of the actor: a guess
    # that never replaces a country stored for the actor (store/actors.py).
    country_guessed: bool = False


@dataclass
class EventDate:
    value: str | None = None  # YYYY-MM-DD (first day of the week/month/year when coarser)
    precision: DatePrecision | None = None
    source: DateSource = "none"
    phrase: str | None = None  # the words it was resolved from


@dataclass
class Location:
    name: str
    country: str | None = None


@dataclass
class Event:
    id: str
    type: str  # PLOVER event type
    mode: str | None = None
    cameo: str | None = None
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    date: EventDate = field(default_factory=EventDate)
    location: Location | None = None
    evidence: list[Span] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    negated: bool = False
    hypothetical: bool = False
    goldstein: float | None = None  # PLOVER/CAMEO conflict-cooperation score, -10..+10
    rule: str | None = None  # what fired, for `communique explain`
    features: dict[str, Any] = field(default_factory=dict)
    confidence: float | None = None  # 0..1, calibrated on the coder's own features (analyse/confidence.py)
    salience: float | None = None  # 0..1: 1 for a report's main events, lower for background
    status: EventStatus = "asserted"  # claimed: the report passes on someone's claim; denied: a party denies it
    claimed_by: str | None = None  # actor id of who claims (or denies) it, when status is not asserted
    reported: str | None = None  # earliest publication date of the articles that report it


@dataclass
class EventWindow:
    """Where the stored events a new report may be merged with can lie (link/merge.py): reported
    in one of these stories, or by an article published in [first, last] day, or dated (the
    first day of a date of that precision, None: any) in [first, last]. ISO days, inclusive."""

    story_ids: list[str] = field(default_factory=list)
    published: tuple[str, str] | None = None
    dated: list[tuple[str | None, str, str]] = field(default_factory=list)


@dataclass
class MergeCandidate:
    """A stored event a new report may merge into, with what merging needs to know of its reports,
    read within the report's EventWindow only: an event restated for years in thousands of reports
    costs what a new one does. ``event`` comes with only its evidence from the new report's articles."""

    event: Event
    spans: int = 0  # evidence spans stored
    own_only: bool = False  # every one of them from the new report's own articles (its earlier analysis)
    stories: set[str] = field(default_factory=set)  # the window's stories it is reported in; else one other, if any
    published: set[str] = field(default_factory=set)  # publication dates of its reports inside the window


@dataclass
class Quote:
    id: str
    article_id: str
    text: str
    start: int
    end: int
    direct: bool
    speaker_name: str | None = None
    speaker_id: str | None = None
    speaker_method: str | None = None  # subject, pronoun, role, label, joint, ...
    event_id: str | None = None
    scare: bool = False  # one- or two-word scare quotes: kept, but not a statement
    # Every actor behind it: one for a single speaker, several for a joint one ("both sides"),
    # whose speaker_id stays None because no single actor said it.
    speaker_ids: list[str] = field(default_factory=list)


@dataclass
class Analysis:
    """What the analysis stage found in one article."""

    article_id: str
    mentions: list[Mention] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)  # every actor the rows below refer to
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Story:
    id: str
    title: str
    article_ids: list[str] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None


def to_dict(record: Any) -> dict[str, Any]:
    return asdict(record)
