"""The batch path: the same store as `communique ingest` on the same inputs, with the
per-document work done by Dask workers (a real LocalCluster of two processes on 127.0.0.1)
and the driver's bookkeeping (order, skips, duplicate texts, failures, bounded work in
flight) checked with small in-process executors."""
from __future__ import annotations

import gzip
import json
import socket
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from communique.batch import process_partition, run_batch
from communique.batch import worker as batch_worker
from communique.batch.inputs import iter_items, stream_jsonl
from communique.ingest import sources
from communique.ingest.article import to_article
from communique.ingest.sources import iter_documents
from communique.models import Analysis, IngestFailure, RawDocument
from communique.pipeline import Pipeline
from communique.serve.export import TABLES, export
from communique.store import Store

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "communique" / "samples"
INPUTS = [str(SAMPLES / "corpus"), str(SAMPLES / "bad")]

TALKS = ("BAGHDAD - Iraq's foreign minister received the Iranian ambassador on Sunday to discuss "
         "water releases on the Sirwan river, the ministry said in a statement.")
RAIL = ("Tehran and Baghdad signed a protocol on the Shalamcheh railway on Wednesday, officials said, "
        "after two years of talks over the last kilometres of track.")
PATROL = ("Border guards of the two countries began joint patrols near Mehran on Thursday, a commander "
          "said, after smugglers crossed the frontier twice last month.")


def rows(out: Path, table: str) -> list[dict]:
    """An exported table, ordered by id: row order among equal sort keys (stories created in
    the same second) is not part of the content."""
    lines = (out / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()
    return sorted((json.loads(line) for line in lines), key=lambda r: r["id"])


# --- on a real cluster -------------------------------------------------------------------

@pytest.fixture(scope="module")
def client():
    pytest.importorskip("distributed")
    from communique.batch import open_client

    from communique.batch import warm_workers

    with open_client(workers=2) as c:
        c.wait_for_workers(2, timeout=60)
        warm_workers(c)  # the workers import the analysis code now, just before `ingested` does
        yield c


@pytest.fixture(scope="module")
def ingested(client, tmp_path_factory):
    """The samples through the single-machine pipeline, exported."""
    base = tmp_path_factory.mktemp("ingest")
    store = Store(base / "ingest.db")
    summary = Pipeline(store).ingest(INPUTS)
    export(store, base / "out")
    store.close()
    return summary, base / "out"


def test_batch_on_two_workers_stores_what_ingest_stores(client, ingested, tmp_path):
    expected, expected_out = ingested
    store = Store(tmp_path / "batch.db")
    summary = run_batch(store, INPUTS, client, partition_size=3)
    export(store, tmp_path / "out")

    assert expected.new, "the sample corpus gave no articles"
    assert summary.new == expected.new  # same articles, saved in the same order
    assert sorted(summary.unchanged) == sorted(expected.unchanged)
    assert [(f.source, f.reason) for f in summary.failed] == [(f.source, f.reason) for f in expected.failed]
    for table in TABLES:
        assert rows(tmp_path / "out", table) == rows(expected_out, table), table
    # The work really was spread: several partitions, both worker processes, none local.
    assert summary.partitions >= 4
    assert len(summary.workers) == 2 and all(w.startswith("tcp://127.0.0.1:") for w in summary.workers)
    assert sum(summary.workers.values()) == sum(isinstance(i, RawDocument) for i in iter_documents(INPUTS))

    # A second run re-sends only the inputs that never became articles.
    again = run_batch(store, INPUTS, client, partition_size=3)
    assert again.new == [] and len(again.unchanged) == len(expected.new) + len(expected.unchanged)
    assert [(f.source, f.reason) for f in again.failed] == [(f.source, f.reason) for f in expected.failed]
    read_failures = sum(isinstance(i, IngestFailure) for i in iter_documents(INPUTS))
    assert sum(again.workers.values()) == len(expected.failed) - read_failures
    store.close()


def test_cli_batch_against_a_running_scheduler(client, tmp_path):
    from typer.testing import CliRunner

    from communique.serve.cli import app

    db = tmp_path / "cli.db"
    args = ["batch", str(SAMPLES / "corpus"), "--db", str(db), "--scheduler", client.scheduler.address,
            "--partition-size", "4", "--no-analysis", "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["new"] > 10 and out["failed"] == 0 and out["partitions"] >= 3
    assert set(out["workers"]) <= set(client.nthreads())
    with Store(db) as store:
        assert store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == out["new"]


def test_cli_refuses_two_clusters_and_an_unreachable_scheduler(tmp_path):
    pytest.importorskip("distributed")
    from typer.testing import CliRunner

    from communique.serve.cli import app

    runner = CliRunner()
    both = runner.invoke(app, ["batch", str(tmp_path), "--db", str(tmp_path / "x.db"),
                               "--scheduler", "tcp://127.0.0.1:1", "--workers", "2"])
    assert both.exit_code == 1 and "not both" in " ".join(both.output.split())
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    gone = runner.invoke(app, ["batch", str(tmp_path), "--db", str(tmp_path / "x.db"),
                               "--scheduler", f"tcp://127.0.0.1:{port}", "--connect-timeout", "0.5"])
    assert gone.exit_code == 2 and "cannot reach the Dask scheduler" in " ".join(gone.output.split())


# --- the driver's bookkeeping, with in-process executors ---------------------------------

def write_corpus(folder: Path) -> None:
    folder.mkdir()
    (folder / "a.txt").write_text(TALKS, encoding="utf-8")
    (folder / "b-copy.txt").write_text(TALKS.upper() + "\n", encoding="utf-8")  # the same words: same article
    (folder / "c.txt").write_text(RAIL, encoding="utf-8")
    (folder / "d-empty.txt").write_text("   \n", encoding="utf-8")
    (folder / "e.jsonl").write_text(json.dumps({"id": "rec-1", "text": PATROL, "published": "2025-02-03"}) + "\n"
                                    + "{not json\n" + json.dumps({"id": "rec-2", "text": RAIL}) + "\n",
                                    encoding="utf-8")


def test_order_duplicates_and_failures_match_ingest(tmp_path):
    write_corpus(tmp_path / "in")
    inputs = [str(tmp_path / "in"), str(tmp_path / "missing.txt")]
    with Store(tmp_path / "one.db") as one, Store(tmp_path / "two.db") as two:
        expected = Pipeline(one, analyse=False).ingest(inputs)
        with ThreadPoolExecutor(max_workers=2) as pool:
            got = run_batch(two, inputs, pool, partition_size=1, analyse=False)
        assert got.new == expected.new and len(got.new) == 3
        assert sorted(got.unchanged) == sorted(expected.unchanged) and len(got.unchanged) == 2
        assert [(f.source, f.reason) for f in got.failed] == [(f.source, f.reason) for f in expected.failed]
        assert {Path(f.source).name for f in got.failed} == {"d-empty.txt", "e.jsonl:2", "missing.txt"}
        first = got.new[0]
        assert [Path(s).name for s in two.article_sources(first)] == ["a.txt", "b-copy.txt"]
        assert two.article_sources(first) == one.article_sources(first)


class LazyPool:
    """Runs a task only when its result is asked for, and records how many were outstanding."""

    def __init__(self, fail_on: str | None = None):
        self.outstanding = self.most = self.submitted = 0
        self.fail_on = fail_on

    def submit(self, fn, *args):
        pool = self

        class Lazy(Future):
            def done(self):
                return False

            def result(self, timeout=None):
                pool.outstanding -= 1
                docs = args[0]
                if pool.fail_on and any(pool.fail_on in d.source for d in docs):
                    raise RuntimeError("worker lost")
                return fn(*args)

        self.outstanding += 1
        self.submitted += 1
        self.most = max(self.most, self.outstanding)
        return Lazy()


def test_work_in_flight_is_bounded_and_a_lost_partition_fails_alone(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(12):
        (folder / f"{i:02d}.txt").write_text(f"{TALKS} Round {i} of the talks ended with item {i * 7}.",
                                             encoding="utf-8")
    pool = LazyPool(fail_on="05.txt")
    with Store(tmp_path / "b.db") as store:
        summary = run_batch(store, [str(folder)], pool, partition_size=2, analyse=False, max_in_flight=2)
        assert pool.submitted == summary.partitions == 7  # two of one document to start, then five of two
        assert pool.most <= 3  # the limit, plus the one just submitted before the oldest is drained
        lost = sorted(Path(f.source).name for f in summary.failed)
        assert lost == ["04.txt", "05.txt"]  # the partition that held 05.txt, and nothing else
        assert all("worker lost" in f.reason for f in summary.failed)
        assert len(summary.new) == 10
        # A second run sends only what failed; the rest is skipped before any work is sent.
        again = run_batch(store, [str(folder)], LazyPool(), partition_size=2, analyse=False)
        assert len(again.new) == 2 and len(again.unchanged) == 10 and sum(again.workers.values()) == 2


def test_a_failing_analysis_loses_only_its_own_article(monkeypatch):
    class Fragile:
        calls = 0

        def analyse(self, articles):
            Fragile.calls += 1
            if any("Sirwan" in a.text for a in articles):
                raise RuntimeError("parser fell over")
            return [Analysis(a.id) for a in articles]

    monkeypatch.setattr(batch_worker, "analyser", lambda: Fragile())
    docs = [RawDocument("talks.txt", TALKS), RawDocument("rail.txt", RAIL), RawDocument("rail-again.txt", RAIL),
            RawDocument("blank.txt", "  ")]
    result = process_partition(docs)
    kinds = [type(o).__name__ for o in result.outcomes]
    assert kinds == ["IngestFailure", "Prepared", "Prepared", "IngestFailure"]
    assert "analysis failed (RuntimeError: parser fell over)" in result.outcomes[0].reason
    assert result.outcomes[3] == to_article(docs[3])  # the same reason `ingest` gives
    # The repeated text is analysed once: one failed batch, then one call per distinct article.
    assert Fragile.calls == 3
    assert result.outcomes[1].analysis is result.outcomes[2].analysis
    assert result.outcomes[2].article.source == "rail-again.txt"



def test_workers_compute_what_linking_reads_of_each_article():
    from communique.link.dedup import Signature
    from communique.link.story_features import extract

    result = process_partition([RawDocument("talks.txt", TALKS), RawDocument("rail.txt", RAIL)])
    for prepared in result.outcomes:
        features, signature = prepared.link_inputs
        here = extract(prepared.article, prepared.analysis)
        assert features.as_json() == here.as_json() and features.names
        assert (signature.hashvalues == Signature.of(prepared.article.text).hashvalues).all()
        assert signature.shingles  # kept for the exact check the driver makes

# --- reading large JSON Lines files -------------------------------------------------------

def tricky_jsonl() -> bytes:
    lines = [json.dumps({"id": "r1", "text": TALKS}),
             "",
             json.dumps({"text": RAIL + " Line\u2028separator inside a string."}, ensure_ascii=False),
             "{broken",
             json.dumps(["not", "an", "object"]),
             json.dumps({"html": f"<html><body><p>{PATROL}</p></body></html>", "outlet": "Wire"}),
             json.dumps({"id": "", "text": "no id given " + PATROL})]
    return ("\r\n".join(lines) + "\n\n" + json.dumps({"title": "no body"})).encode("utf-8")


def as_tuples(items) -> list[tuple]:
    return [(type(i).__name__, i.source, getattr(i, "reason", None), getattr(i, "data", None),
             getattr(i, "outlet", None)) for i in items]


@pytest.mark.parametrize("name", ["wire.jsonl", "wire.jsonl.gz"])
def test_streamed_jsonl_reads_like_ingest(tmp_path, name):
    data = tricky_jsonl()
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    expected = as_tuples(iter_documents([str(path)]))
    assert len(expected) == 8 and any(s.endswith(":3") for _, s, *_ in expected)
    assert as_tuples(stream_jsonl(path)) == expected


def test_large_jsonl_is_streamed_not_refused(tmp_path, monkeypatch):
    path = tmp_path / "big.jsonl"
    path.write_bytes(tricky_jsonl())
    expected = as_tuples(iter_documents([str(tmp_path)]))
    monkeypatch.setenv("COMMUNIQUE_MAX_BYTES", "100")  # now the file is "too large for one article"
    refused = list(iter_documents([str(tmp_path)]))
    assert [type(i) for i in refused] == [IngestFailure] and "too large" in refused[0].reason
    assert as_tuples(iter_items([str(tmp_path)])) == expected


def test_workers_running_other_code_are_refused():
    from communique.batch.cluster import BatchError, check_versions, versions

    class Cluster:
        def __init__(self, **changed):
            self.there = {**versions(), **changed}

        def run(self, fn):
            return {"tcp://10.0.0.7:40001": self.there}

    check_versions(Cluster())  # the same software: accepted
    with pytest.raises(BatchError, match=r"tcp://10\.0\.0\.7:40001 runs different software: code 0{16}"):
        check_versions(Cluster(code="0" * 16))


def test_a_corrupt_gzip_stream_stops_with_a_reason(tmp_path):
    good = gzip.compress(tricky_jsonl())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(good[: len(good) // 2])
    items = list(stream_jsonl(path))
    assert isinstance(items[-1], IngestFailure) and "stopped reading the file" in items[-1].reason
