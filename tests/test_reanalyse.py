"""`reanalyse`: stamps, re-analysis of what is out of date, and merges that do not depend on the
order reports arrived in (sentences written for these tests)."""
from __future__ import annotations

import json

import pytest

from communique.analyse.versions import stamp
from communique.pipeline import Pipeline
from communique.reanalyse import reanalyse
from communique.serve.export import export
from communique.store import Store

REPORTS = [
    {"id": "r1", "published": "2025-02-04",
     "text": "Iranian Foreign Minister Abbas Araghchi met Iraqi Foreign Minister Fuad Hussein in Baghdad on Monday. "
             "The two discussed water sharing and border security."},
    {"id": "r2", "published": "2025-02-04",
     "text": "Iran and Iraq held talks in Baghdad on Monday on water sharing, officials in both capitals said."},
    {"id": "r3", "published": "2025-02-05",
     "text": "Turkey on Tuesday criticised Iraq over new oil export rules. Ankara said the rules broke a 2010 deal."},
]


@pytest.fixture(scope="module")
def analyser():
    from communique.analyse import Analyser
    return Analyser()


def _ingest(tmp_path, name, records, analyser):
    docs = tmp_path / f"{name}.jsonl"
    docs.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    store = Store(tmp_path / f"{name}.db")
    Pipeline(store, analyser=analyser, batch_size=1).ingest([str(docs)])
    return store


def _events(store, tmp_path, name):
    out = tmp_path / f"{name}-out"
    export(store, out)
    rows = [json.loads(line) for line in (out / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    return sorted((r["type"], tuple(sorted(r["actors"])), tuple(sorted(r["recipients"])), r["date"],
                   tuple(sorted(r["article_ids"]))) for r in rows)


def test_each_article_is_stamped_with_what_analysed_it(tmp_path, analyser):
    store = _ingest(tmp_path, "stamp", REPORTS[:1], analyser)
    versions, events, _ = store.article_analysis(store.article_for_hash(next(iter(
        [a.content_hash for a in store.iter_articles()]))))
    assert versions == stamp() and "lexicon=" in versions and "kb=" in versions and "model=" in versions
    assert events, "the article's own events are kept for re-merging"


def test_a_person_level_and_a_state_level_report_of_one_meeting_are_one_event(tmp_path, analyser):
    store = _ingest(tmp_path, "levels", REPORTS[:2], analyser)
    consult = [e for e in store.events() if e.type == "CONSULT"]
    assert len(consult) == 1 and len(consult[0].article_ids) == 2


def test_reanalyse_gives_the_same_record_whatever_the_input_order(tmp_path, analyser):
    forward = _ingest(tmp_path, "forward", REPORTS, analyser)
    backward = _ingest(tmp_path, "backward", list(reversed(REPORTS)), analyser)
    for store in (forward, backward):
        summary = reanalyse(store, analyser)
        assert summary.reanalysed == [] and summary.articles == 3  # nothing out of date
    assert _events(forward, tmp_path, "f") == _events(backward, tmp_path, "b")


def test_reanalyse_analyses_again_only_what_is_out_of_date(tmp_path, analyser):
    store = _ingest(tmp_path, "stale", REPORTS, analyser)
    before = _events(store, tmp_path, "before")
    old = sorted(a.id for a in store.iter_articles())[0]
    with store.transaction():
        _, events, quotes = store.article_analysis(old)
        store.save_article_analysis(old, "code=old;lexicon=old;kb=old;model=old", events, quotes)
    summary = reanalyse(store, analyser)
    assert summary.reanalysed == [old]
    assert store.article_analysis(old)[0] == stamp()
    assert _events(store, tmp_path, "after") == before
    assert len(reanalyse(store, analyser, everything=True).reanalysed) == 3
