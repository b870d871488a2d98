"""Filtered listings that the API, the pages and the CLI share: one query for the matching rows,
from which the count, the facets and the page are all taken (so they cannot disagree, and a
large store is read once per request rather than once per number)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .event_query import EventQuery
from .quads import quad_of


@dataclass
class EventListing:
    total: int
    events: list  # the page's Event records, in the query's order
    facets: dict[str, list[tuple]] = field(default_factory=dict)  # facet → [(value, count)], most first


def event_listing(store, query: EventQuery, *, limit: int, offset: int = 0,
                  facets: tuple[str, ...] = ()) -> EventListing:
    """The page of events `query` selects, how many match, and the counts per facet value (type, quad,
    place) under every filter but the facet's own. Counted, paged and faceted in SQL: only the
    page's events are read whole (a top country pair matches tens of thousands)."""
    filters = query.store_filters()
    out = EventListing(total=store.count_events(**filters),
                       events=store.events(**filters, sort=query.sort, limit=limit, offset=offset,
                                          with_features=False))
    own = {"type": query.type, "quad": query.quad, "place": query.place}
    keys = None
    for facet in facets:
        if own[facet] is None:  # the facet's own filter is unset: one grouped scan holds its counts
            if keys is None:
                keys = [(None, t, quad_of(t, cameo), place, n) for t, cameo, place, n in store.event_facet_rows(**filters)]
            out.facets[facet] = _tally(keys, facet)
        else:
            out.facets[facet] = store.event_facet(facet, **{**filters, facet: None})
    return out


def _tally(rows: list[tuple], facet: str) -> list[tuple]:
    """(value, count) most first, from (id, type, quad, place, n) rows: what Store.event_facet gives."""
    column = {"type": 1, "quad": 2, "place": 3}[facet]
    counts: Counter = Counter()
    for row in rows:
        counts[row[column]] += row[4]
    return sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))


@dataclass
class StoryListing:
    total: int
    ids: list[str]
    event_counts: dict[str, int]
    countries: dict[str, list[str]]
    main_events: dict[str, dict] = field(default_factory=dict)  # story id → {id, type, date} of its main event


def story_listing(store, query: EventQuery, *, limit: int, offset: int = 0) -> StoryListing:
    """Stories newest first: all of them, or with a narrowing filter those reporting a matching event;
    each with its matching events counted and the countries their parties act for (most events first)."""
    filters = query.store_filters()
    if not query.narrows():
        ids, total = store.filtered_story_ids(limit=limit, offset=offset), store.count_stories()
        counts, countries = store.story_events_summary(ids, **filters)
    else:  # the matching stories counted and paged in one query
        total, ids = store.story_page(**filters, limit=limit, offset=offset)
        counts, countries = store.story_events_summary(ids, matching=total, **filters)
    return StoryListing(total=total, ids=ids, event_counts=counts, countries=countries,
                        main_events=store.story_main_events(ids))
