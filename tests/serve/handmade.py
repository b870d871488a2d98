"""A small store built by hand: two reports of one story that disagree on who visited whom and on a
figure, with sentences, mentions, one event and one quote. Shared by the brief and command tests."""
from __future__ import annotations

import re

from communique.models import Actor, Article, Event, EventDate, Location, Quote, Span, Story

A_TEXT = ("Iraq's foreign minister arrived in Tehran on Monday for talks with his Iranian counterpart. "
          "The two ministers signed a memorandum on water sharing during the visit of the Iraqi minister to Iran. "
          "Relations between the neighbours have deepened since 2003 amid regional tensions. "
          "“We will build the railway together and finish it within two years,” the Iranian minister said. "
          "The agreement covers 12 border crossings, officials said.")
B_TEXT = ("Tehran hosted Iraq's top diplomat on Monday in a visit that both sides called historic. "
          "The memorandum on water was signed during the visit of the Iranian minister to Iraq, the agency said. "
          "The agreement covers 14 border crossings, officials said. "
          "Observers said the deal marks a strategic shift in relations between the two neighbours.")


def sentences_of(text):
    spans, start = [], 0
    for m in re.finditer(r"(?<=[.”])\s+(?=[A-Z“])", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def build(store):
    arts = [Article(id="aaaa", source="a.txt", text=A_TEXT, outlet="Agency A", title="Iraq and Iran sign water memorandum",
                    published="2024-05-06", content_hash="h1", story_id="s1"),
            Article(id="bbbb", source="b.txt", text=B_TEXT, outlet="Outlet B <script>alert(1)</script>",
                    published="2024-05-06", content_hash="h2", story_id="s1")]
    with store.transaction():
        for a in arts:
            store.insert_article(a)
            store.set_article_fields(a.id, story_id="s1")
            store.replace_sentences(a.id, sentences_of(a.text))
        store.upsert_story(Story(id="s1", title="Iraq and Iran sign water memorandum", first_date="2024-05-06",
                                 last_date="2024-05-06"))
        store.upsert_actor(Actor(id="IRN", name="Iran", kind="state", country="IRN"))
        store.upsert_actor(Actor(id="IRQ", name="Iraq", kind="state", country="IRQ"))
        from communique.models import Mention
        for a in arts:
            ms = []
            for word, actor in (("Iraqi", "IRQ"), ("Iraq", "IRQ"), ("Iranian", "IRN"), ("Iran", "IRN"), ("Tehran", "IRN")):
                for m in re.finditer(rf"\b{word}\b", a.text):
                    ms.append(Mention(a.id, m.start(), m.end(), word, actor))
            store.replace_mentions(a.id, ms)
        s = A_TEXT.index("Iraq's foreign")
        store.upsert_event(Event(id="e1", type="CONSULT", mode="visit", actors=["IRQ"], recipients=["IRN"],
                                 date=EventDate("2024-05-06", "day", "text", "on Monday"),
                                 location=Location("Tehran", "IRN"),
                                 evidence=[Span("aaaa", s, s + 90, A_TEXT[s:s + 90])], goldstein=1.0))
        q_start = A_TEXT.index("We will")
        q_end = A_TEXT.index(",” the Iranian")
        store.replace_quotes("aaaa", [Quote(id="q1", article_id="aaaa", text=A_TEXT[q_start:q_end], start=q_start,
                                            end=q_end, direct=True, speaker_name="Iranian minister", speaker_id="IRN")])
    return {a.id: a for a in arts}


