"""Near-verbatim copies: shingles and MinHash, the LSH index, and how it stays true to the store
(rolled-back transactions, other connections, copies published before their original)."""
from __future__ import annotations

import random

import pytest

from communique.link import Linker
from communique.link.dedup import (CopyIndex, Signature, containment, forget_index, index_for, is_copy, jaccard,
                                   shingles)
from communique.models import Analysis, Article
from communique.pipeline import Pipeline
from communique.store import Store

WORDS = ("minister delegation border crossing agreement water railway pilgrims customs trade electricity "
         "debt payment committee governor province smuggling patrol drone strike protest sanctions oil "
         "refinery pipeline gas contract envoy summit capital statement spokesman reporters officials "
         "talks visit president parliament speaker court prisoners exchange memorandum security").split()


def fake_report(seed: int, sentences: int = 14) -> str:
    """A report-shaped text from a fixed vocabulary: different seeds share words, not phrases."""
    rng = random.Random(seed)
    out = []
    for _ in range(sentences):
        out.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 18))).capitalize() + ".")
    return "\n\n".join(" ".join(out[i:i + 3]) for i in range(0, len(out), 3))


def republish(text: str, seed: int = 1, *, cut: bool = False) -> str:
    """What a content site does to an agency story: its header and footer, a word or two changed."""
    rng = random.Random(seed)
    paragraphs = text.split("\n\n")
    if cut:
        paragraphs = paragraphs[: max(1, len(paragraphs) * 2 // 3)]
    words = "\n\n".join(paragraphs).split(" ")
    for _ in range(3):
        words[rng.randrange(len(words))] = "reportedly"
    return "Daily Courier\nHome   World   Politics\n\n" + " ".join(words) + "\n\nShare this:\nCopyright Daily Courier"


def article(text: str, *, published: str | None = "2025-03-10", outlet: str | None = None,
            original_source: str | None = None, source: str | None = None) -> Article:
    from communique.ingest.article import content_hash

    digest = content_hash(text)
    return Article(id=digest[:16], source=source or f"test/{digest[:8]}.txt", text=text, published=published,
                   outlet=outlet, original_source=original_source, content_hash=digest)


def save(store: Store, a: Article) -> Article:
    Pipeline(store, analyse=False).save(a, Analysis(a.id), a.source, a.content_hash)
    return store.article(a.id)


# ── shingles and signatures ──────────────────────────────────────────────────────────────────

def test_shingles_ignore_case_spacing_and_punctuation():
    assert shingles("The Minister said: talks went well.") == shingles("the  minister SAID talks, went well")
    assert len(shingles("two words")) == 1
    assert shingles("") == set()


def test_signature_round_trips_through_bytes():
    sig = Signature.of(fake_report(1))
    back = Signature.from_bytes(sig.to_bytes(), sig.size)
    assert (back.hashvalues == sig.hashvalues).all() and back.size == sig.size


def test_minhash_estimates_jaccard():
    a, b = fake_report(1), republish(fake_report(1))
    exact = len(shingles(a) & shingles(b)) / len(shingles(a) | shingles(b))
    estimate = jaccard(Signature.of(a).hashvalues, Signature.of(b).hashvalues)
    assert abs(exact - estimate) < 0.15
    unrelated = jaccard(Signature.of(a).hashvalues, Signature.of(fake_report(2)).hashvalues)
    assert unrelated < 0.1


def test_containment_from_jaccard_and_sizes():
    # B holds half of A's 100 shingles and nothing else: J = 50/100, containment of B = 1.
    assert containment(0.5, 100, 50) == pytest.approx(1.0)
    assert containment(0.0, 100, 50) == 0.0
    assert is_copy(0.9, 0.9) and is_copy(0.35, 0.95) and not is_copy(0.2, 0.5)


def test_index_finds_copies_not_neighbours():
    index = CopyIndex()
    for seed in range(300):
        index.add(f"a{seed}", Signature.of(fake_report(seed)))
    matches = index.matches(Signature.of(republish(fake_report(42))))
    assert matches and matches[0].article_id == "a42" and matches[0].copy
    # Banding compares a new text with the few that share a band, not with all 300.
    assert len(matches) < 10
    # A cut-down copy (J ≈ 0.5) is a candidate; whether it is a copy is settled on the texts.
    cut = index.matches(Signature.of(republish(fake_report(7), cut=True)))
    assert cut and cut[0].article_id == "a7"


def test_index_keeps_finding_rows_after_merging_its_buckets(monkeypatch):
    from communique.link import dedup

    monkeypatch.setattr(dedup._Buckets, "MERGE_AT", 4)  # merge into the sorted arrays early and often
    index = CopyIndex()
    texts = {f"a{seed}": fake_report(seed) for seed in range(40)}
    for key, text in texts.items():
        index.add(key, Signature.of(text))
    assert len(index.lsh.hashtables[0]._keys) > 0  # most rows now live in the sorted arrays
    for key in ("a0", "a17", "a39"):
        assert index.matches(Signature.of(republish(texts[key])))[0].article_id == key
    # Re-adding a key under another text moves it: the old text no longer finds it.
    index.add("a17", Signature.of(fake_report(99)))
    assert all(m.article_id != "a17" for m in index.matches(Signature.of(texts["a17"])))
    assert index.matches(Signature.of(fake_report(99)))[0].article_id == "a17"
    assert index.lsh.hashtables[0].size() == 40


# ── in the store ─────────────────────────────────────────────────────────────────────────────

def test_copy_points_to_original_and_shares_its_story(store):
    original = save(store, article(fake_report(3), outlet="IRNA"))
    copy = save(store, article(republish(fake_report(3)), outlet="Daily Courier"))
    other = save(store, article(fake_report(4)))
    assert copy.duplicate_of == original.id and original.duplicate_of is None
    assert copy.story_id == original.story_id != other.story_id
    assert {(l["article_id"], l["other_id"], l["relation"]) for l in store.links([copy.id])} == {
        (copy.id, original.id, "copy")}


def test_cut_down_copy_is_a_copy(store):
    originals = [save(store, article(fake_report(seed))) for seed in range(50, 60)]
    for seed, original in zip(range(50, 60), originals):
        assert save(store, article(republish(fake_report(seed), seed=seed, cut=True))).duplicate_of == original.id


def test_copy_of_a_copy_points_to_the_first_report(store):
    first = save(store, article(fake_report(5)))
    save(store, article(republish(fake_report(5), seed=2)))
    third = save(store, article(republish(republish(fake_report(5), seed=2), seed=3)))
    assert third.duplicate_of == first.id


def test_earlier_publication_arriving_later_becomes_the_original(store):
    late = save(store, article(republish(fake_report(6)), published="2025-03-12"))
    early = save(store, article(fake_report(6), published="2025-03-10"))
    assert store.article(late.id).duplicate_of == early.id
    assert store.article(early.id).duplicate_of is None
    assert store.article(late.id).story_id == store.article(early.id).story_id


def test_same_day_the_text_that_credits_another_is_the_copy(store):
    relay = save(store, article(republish(fake_report(8)), original_source="irna.ir", outlet="Daily Courier"))
    agency = save(store, article(fake_report(8), outlet="IRNA"))
    assert store.article(relay.id).duplicate_of == agency.id
    assert store.article(agency.id).duplicate_of is None


def test_rolled_back_articles_are_never_reported_as_originals(tmp_path):
    store = Store(tmp_path / "s.db")
    keep = save(store, article(fake_report(10)))
    index_for(store)  # the index is loaded and in use
    ghosts = [article(fake_report(20)), article(fake_report(21))]
    with pytest.raises(RuntimeError):
        with store.transaction():
            for a in ghosts:
                store.insert_article(a)
                Linker(store).link(a, Analysis(a.id))
                store.set_article_fields(a.id, story_id=a.story_id, duplicate_of=a.duplicate_of)
            raise RuntimeError("killed mid-batch")
    assert store.article(ghosts[0].id) is None
    copy = save(store, article(republish(fake_report(20))))
    assert copy.duplicate_of is None  # its original was never stored
    # The same texts can be stored afterwards, and are found again.
    again = save(store, ghosts[1])
    assert save(store, article(republish(fake_report(21), seed=5))).duplicate_of == again.id
    assert save(store, article(republish(fake_report(10), seed=6))).duplicate_of == keep.id
    store.close()


def test_a_second_connection_sees_copies_written_by_the_first(tmp_path):
    one, two = Store(tmp_path / "s.db"), Store(tmp_path / "s.db")
    index_for(two)
    original = save(one, article(fake_report(30)))
    copy = save(two, article(republish(fake_report(30))))
    assert copy.duplicate_of == original.id
    one.close(), two.close()


def test_index_is_rebuilt_from_stored_signatures(tmp_path):
    path = tmp_path / "s.db"
    store = Store(path)
    original = save(store, article(fake_report(40)))
    store.close()
    forget_index(store)
    reopened = Store(path)
    assert len(index_for(reopened)) == 1
    assert save(reopened, article(republish(fake_report(40)))).duplicate_of == original.id
    reopened.close()


def test_exact_check_reads_stored_shingle_hashes_and_agrees_with_the_text(store):
    from communique.link.dedup import Match, exact

    a, b = fake_report(3), republish(fake_report(3), cut=True)
    with store.transaction():
        store.insert_article(Article(id="b", source="b", text=b, content_hash="hb"))
        sig_b = Signature.of(b)
        store.save_minhash("b", sig_b.to_bytes(), sig_b.size, sig_b.hashes.astype("<u8").tobytes())
    sig = Signature.of(a)
    from_hashes = exact(store, sig, [Match("b", 0.5, 0.5)])[0]
    sa, sb = shingles(a), shingles(b)
    assert from_hashes.jaccard == len(sa & sb) / len(sa | sb)
    assert from_hashes.containment == len(sa & sb) / min(len(sa), len(sb))
    with store.transaction():  # a row from before the hashes were kept: the text is re-split
        store.conn.execute("UPDATE article_minhash SET shingle_hashes = NULL")
    assert exact(store, sig, [Match("b", 0.5, 0.5)])[0] == from_hashes
