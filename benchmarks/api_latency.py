"""API latency on a store of 10,000 articles: p50 and p95 per endpoint.

    python benchmarks/api_latency.py                      # builds a 10k store in a temp dir, then measures
    python benchmarks/api_latency.py --db big.db          # keeps (or reuses) the store at big.db
    python benchmarks/api_latency.py --requests 300       # requests per endpoint (default 200)

The store is generated, not parsed (spaCy is not what is measured): articles written from
templates about invented meetings, agreements, accusations and strikes between a dozen states
and their office holders, grouped three or so to a story with planted copies and rewrites;
every article gets its sentences, actor mentions, events (merged across a story's reports, as
the linker does), quotes and links, through the same Store methods the pipeline uses.

It then starts the app under uvicorn in a subprocess on 127.0.0.1 (as `communique serve` does) and, for
each endpoint, sends a bounded number of sequential requests with varied parameters over one
keep-alive connection, timing each on the client. The target: p95 <= 100 ms for every endpoint.
POST /api/ingest is timed twice: without analysis (store, link and answer) and with the full
analysis (spaCy and the components; the first request, which loads the model, is not counted).
Prints a table and, last, one JSON line with the figures.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from communique.ingest.article import content_hash
from communique.models import Actor, Article, Event, EventDate, Location, Mention, Quote, Role, Span, Story
from communique.store import Store

STATES = {"IRN": ("Iran", "Iranian", "Tehran"), "IRQ": ("Iraq", "Iraqi", "Baghdad"), "USA": ("the United States", "American", "Washington"),
          "TUR": ("Turkey", "Turkish", "Ankara"), "SAU": ("Saudi Arabia", "Saudi", "Riyadh"), "SYR": ("Syria", "Syrian", "Damascus"),
          "ISR": ("Israel", "Israeli", "Jerusalem"), "QAT": ("Qatar", "Qatari", "Doha"), "JOR": ("Jordan", "Jordanian", "Amman"),
          "KWT": ("Kuwait", "Kuwaiti", "Kuwait City"), "RUS": ("Russia", "Russian", "Moscow"), "CHN": ("China", "Chinese", "Beijing")}
OFFICES = [("Foreign Minister", "foreign_minister"), ("President", "head_of_state"), ("Prime Minister", "head_of_government"),
           ("Interior Minister", "interior_minister"), ("Defence Minister", "defence_minister"), ("Speaker", "speaker"),
           ("Oil Minister", "other"), ("Ambassador", "ambassador")]
FIRST = "Ali Hassan Reza Mohammad Fuad Abbas Hussein Karim Nasser Omar Yusuf Samir Tariq Hamid Majid Saeed Jalal Rashid".split()
LAST = "Rahimi Karimi Jafari Saleh Haddad Mansour Sadr Hakim Amiri Tabrizi Naseri Qasemi Musawi Barzani Talabani Alavi".split()
PLACES = ["Basra", "Najaf", "Karbala", "Erbil", "Sulaymaniyah", "Mashhad", "Ahvaz", "Shalamcheh", "Mandali", "Penjwen",
          "Khorramshahr", "Kirkuk", "Mosul", "Qom", "Tabriz", "Abadan"]
TOPICS = ["water sharing on the border rivers", "the railway between Shalamcheh and Basra", "electricity and gas debts",
          "pilgrims travelling to Karbala", "armed groups near the border", "oil exports through the Gulf",
          "drug trafficking across the frontier", "trade at the Mandali crossing", "the security agreement",
          "visas for students", "dust storms and drought", "reconstruction of the port", "sanctions on banks"]
PLOVER = {"CONSULT": ("met", 5), "AGREE": ("signed an agreement with", 3), "COOPERATE": ("began joint work with", 2),
          "AID": ("sent aid to", 1), "SUPPORT": ("praised", 1), "REQUEST": ("asked", 2), "ACCUSE": ("accused", 2),
          "REJECT": ("rejected the proposal of", 1), "THREATEN": ("warned", 1), "PROTEST": ("protested to", 1),
          "SANCTION": ("imposed sanctions on", 1), "ASSAULT": ("struck positions near the border of", 1),
          "MOBILIZE": ("moved troops toward", 1), "COERCE": ("detained citizens of", 1), "CONCEDE": ("released prisoners to", 1),
          "RETREAT": ("withdrew forces from the border with", 1)}
OUTLETS = ["Tehran Wire", "Baghdad Ledger", "Gulf Digest", "Persia Observer", "Mesopotamia Review", "Kurdistan Daily",
           "Levant Herald", "Regional Monitor", "Basra Times", "Najaf Herald", "Capital Report", "Frontier News"]


def build_store(path: Path, n_articles: int, seed: int = 7) -> dict:
    """Write a generated store of `n_articles` articles; returns what was written and the ids to query."""
    rng = random.Random(seed)
    store = Store(path)
    actors = [Actor(code, name, "state", country=code) for code, (name, _, _) in STATES.items()]
    people = []
    for code in STATES:
        for title, key in OFFICES:
            for term in range(2):  # a former and a current holder
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                pid = f"per.{name.lower().replace(' ', '-')}-{code.lower()}-{key}-{term}"
                start = f"{2016 + 4 * term}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
                end = None if term else f"2020-0{rng.randint(1, 9)}-0{rng.randint(1, 9)}"
                p = Actor(pid, name, "person", country=code, sector="GOV", roles=[Role(title, code, start, end, key=key)])
                people.append(p)
    actors += people + [Actor("org.un", "United Nations", "organization", aliases=["UN"]),
                        Actor("org.opec", "OPEC", "organization")]
    current = [p for p in people if p.roles[0].end is None]
    by_country = {code: [p for p in current if p.country == code] for code in STATES}
    codes = list(STATES)
    weights = [12 if c in ("IRN", "IRQ") else 2 for c in codes]
    types = list(PLOVER)
    type_weights = [PLOVER[t][1] for t in types]
    counts = {"articles": 0, "stories": 0, "events": 0, "quotes": 0, "mentions": 0, "actors": len(actors)}
    article_ids, story_ids, event_ids, quote_ids = [], [], [], []
    with store.transaction():
        for actor in actors:
            store.upsert_actor(actor)
    i = 0
    day0 = 19000  # days since 1970: 2022-01-08
    while i < n_articles:
        # One story: 1 to 6 reports of one set of happenings.
        a_code, b_code = rng.choices(codes, weights, k=2)
        if a_code == b_code:
            b_code = "IRQ" if a_code != "IRQ" else "IRN"
        day = day0 + int(i / n_articles * 900) + rng.randint(0, 5)
        date = time.strftime("%Y-%m-%d", time.gmtime(day * 86400))
        topic, place = rng.choice(TOPICS), rng.choice(PLACES)
        a_person, b_person = rng.choice(by_country[a_code]), rng.choice(by_country[b_code])
        happenings = [(t, rng.random() < 0.5) for t in rng.choices(types, type_weights, k=rng.randint(2, 5))]
        story_id = f"s{i:06d}"
        n_reports = min(rng.choice([1, 1, 2, 3, 3, 4, 6]), n_articles - i)
        story_articles, merged = [], {}
        with store.transaction():
            for r in range(n_reports):
                aid = f"a{i:06d}"
                outlet = rng.choice(OUTLETS)
                sentences, mentions, evidence = [], [], []
                def say(text: str, marks=()):
                    start = sum(len(s) + 1 for s in sentences)
                    sentences.append(text)
                    for phrase, actor_id in marks:
                        k = text.find(phrase)
                        if k >= 0:
                            mentions.append((start + k, start + k + len(phrase), phrase, actor_id))
                    return start
                say(f"{STATES[a_code][2].upper()} — {a_person.roles[0].title} {a_person.name} of "
                    f"{STATES[a_code][0]} and {b_person.name} of {STATES[b_code][0]} discussed {topic} in {place} "
                    f"on {date}, officials said.", [(a_person.name, a_person.id), (b_person.name, b_person.id)])
                for etype, persons in happenings:
                    src = a_person if persons else next(a for a in actors if a.id == a_code)
                    dst = b_person if persons else next(a for a in actors if a.id == b_code)
                    verb = PLOVER[etype][0]
                    text = f"{src.name} {verb} {dst.name} over {topic}, report {i} said."
                    start = say(text, [(src.name, src.id), (dst.name, dst.id)])
                    evidence.append((etype, src.id, dst.id, Span(aid, start, start + len(text), text)))
                quote_words = f"We will not accept any delay on {topic}, and {rng.choice(PLACES)} knows why"
                qstart = say(f"\"{quote_words},\" {b_person.name} told reporters.", [(b_person.name, b_person.id)]) + 1
                for _ in range(rng.randint(2, 5)):
                    say(f"The {rng.choice(['ministry', 'spokesman', 'delegation', 'committee'])} added that "
                        f"{rng.choice(TOPICS)} would be discussed again in {rng.choice(PLACES)} next "
                        f"{rng.choice(['week', 'month', 'year'])}.")
                text = " ".join(sentences)
                if r and rng.random() < 0.3:  # a near-verbatim copy of the first report
                    text = story_articles[0].text + f"\n\nRepublished by {outlet}."
                    relation, mentions, evidence = "copy", [], []
                else:
                    relation = "rewrite" if r else None
                art = Article(id=aid, source=f"gen/{aid}.txt", text=text, outlet=outlet, published=date,
                              title=f"{STATES[a_code][0]} and {STATES[b_code][0]}: {topic} ({i})",
                              content_hash=content_hash(text + aid), story_id=story_id,
                              duplicate_of=story_articles[0].id if relation == "copy" else None)
                store.insert_article(art)
                store.record_source(art.source, aid, art.content_hash)
                spans, pos = [], 0
                for s in sentences if relation != "copy" else [text]:
                    spans.append((pos, pos + len(s)))
                    pos += len(s) + 1
                store.replace_sentences(aid, spans)
                store.replace_mentions(aid, [Mention(aid, s, e, t, a, method="generated") for s, e, t, a in mentions])
                if relation != "copy":
                    store.replace_quotes(aid, [Quote(f"q{aid}", aid, quote_words, qstart, qstart + len(quote_words), True,
                                                     speaker_name=b_person.name, speaker_id=b_person.id)])
                    quote_ids.append(f"q{aid}")
                    counts["quotes"] += 1
                if relation:
                    store.link_articles(aid, story_articles[0].id, relation, 0.9 if relation == "copy" else 0.4)
                for etype, src, dst, span in evidence:
                    key = (etype, src, dst)  # the same happening in another report merges into one event
                    ev = merged.get(key) or Event(f"e{i:06d}-{len(merged)}", etype, actors=[src], recipients=[dst],
                                                 date=EventDate(date, "day", "text", f"on {date}"),
                                                 location=Location(place, None))
                    ev.evidence = [span]
                    merged.setdefault(key, ev)
                    store.upsert_event(ev)
                counts["mentions"] += len(mentions)
                story_articles.append(art)
                article_ids.append(aid)
                i += 1
            store.upsert_story(Story(story_id, story_articles[0].title, [a.id for a in story_articles], date, date))
        story_ids.append(story_id)
        event_ids += [e.id for e in merged.values()]
    counts.update(articles=len(article_ids), stories=len(story_ids), events=len(event_ids))
    store.close()
    return {"counts": counts, "articles": article_ids, "stories": story_ids, "events": event_ids, "quotes": quote_ids,
            "people": [p.id for p in current], "states": codes}


def ids_from(path: Path) -> dict:
    """The ids to query, read back from an existing store."""
    store = Store(path)
    q = lambda sql: [r[0] for r in store.conn.execute(sql)]  # noqa: E731
    out = {"articles": q("SELECT id FROM articles"), "stories": q("SELECT id FROM stories"),
           "events": q("SELECT id FROM events"), "quotes": q("SELECT id FROM quotes"),
           "people": q("SELECT id FROM actors WHERE kind = 'person'"), "states": q("SELECT id FROM actors WHERE kind = 'state'")}
    out["counts"] = {k: len(v) for k, v in out.items() if k not in ("people", "states")}
    store.close()
    return out


def endpoints(ids: dict, rng: random.Random, *, pairs: list[str] | None = None) -> dict:
    """Endpoint name → a function giving the next (method, url, json body) to send. `pairs`:
    "ACTOR:RECIPIENT" ids to ask for (default: this script's generated states)."""
    pick = lambda k: rng.choice(ids[k])  # noqa: E731
    words = ["water", "railway", "pilgrims", "sanctions", "Basra", "border rivers", "electricity debts", "drought",
             "oil exports", "Mandali crossing", "students", "trafficking"]
    pairs = pairs or ["IRN:IRQ", "IRQ:TUR", "IRN:USA", "IRN:SAU", "IRQ:SYR"]
    return {
        "GET /api/articles": lambda: ("GET", f"/api/articles?limit=50&offset={rng.choice([0, 50, 5000, 9900])}", None),
        "GET /api/articles?story": lambda: ("GET", f"/api/articles?story={pick('stories')}", None),
        "GET /api/articles/{id}": lambda: ("GET", f"/api/articles/{pick('articles')}", None),
        "GET /api/stories": lambda: ("GET", f"/api/stories?limit=50&offset={rng.choice([0, 50, 1500, 3000])}", None),
        "GET /api/stories/{id}": lambda: ("GET", f"/api/stories/{pick('stories')}", None),
        "GET /api/actors": lambda: ("GET", rng.choice(["/api/actors", "/api/actors?kind=person", "/api/actors?country=IRQ",
                                                       "/api/actors?q=Hassan", "/api/actors?q=UN&kind=organization"]), None),
        "GET /api/actors/{id}": lambda: ("GET", f"/api/actors/{rng.choice([pick('people'), pick('states')])}", None),
        "GET /api/events": lambda: ("GET", f"/api/events?limit=50&offset={rng.choice([0, 1000, 10000])}", None),
        "GET /api/events?pair": lambda: ("GET", f"/api/events?pair={rng.choice(pairs)}&limit=50", None),
        "GET /api/events?actor&type": lambda: ("GET", f"/api/events?actor={pick('states')}&type="
                                                      f"{rng.choice(list(PLOVER))}", None),
        "GET /api/events?filters": lambda: ("GET", rng.choice([
            f"/api/events?quad={rng.randint(1, 4)}&pair={rng.choice(pairs)}&members=false",
            f"/api/events?place={rng.choice(PLACES)}&min_confidence=0.5&mode=all",
            f"/api/events?country={pick('states')}&asserted=true&sort=-reports"]), None),
        "GET /api/events?recipient": lambda: ("GET", f"/api/events?recipient={pick('people')}", None),
        "GET /api/events?since&until": lambda: ("GET", "/api/events?since=2023-01&until=2023-03-31&limit=50", None),
        "GET /api/events?story": lambda: ("GET", f"/api/events?story={pick('stories')}", None),
        "GET /api/events/{id}": lambda: ("GET", f"/api/events/{pick('events')}", None),
        "GET /api/quotes?speaker": lambda: ("GET", f"/api/quotes?speaker={pick('people')}", None),
        "GET /api/quotes?about": lambda: ("GET", f"/api/quotes?about={rng.choice(words)}", None),
        "GET /api/quotes?story": lambda: ("GET", f"/api/quotes?story={pick('stories')}", None),
        "GET /api/quotes/{id}": lambda: ("GET", f"/api/quotes/{pick('quotes')}", None),
        "GET /api/search": lambda: ("GET", f"/api/search?q={rng.choice(words)}", None),
        "GET /api/timeline": lambda: ("GET", f"/api/timeline?pair={rng.choice(pairs)}", None),
        # The workbench pages (HTML), with the shared event filters.
        "GET / (stories page)": lambda: ("GET", f"/?offset={rng.choice([0, 50, 1500])}", None),
        "GET /?filters (stories)": lambda: ("GET", rng.choice([
            f"/?type={rng.choice(list(PLOVER))}", f"/?pair={rng.choice(pairs)}", f"/?country={pick('states')}&members=0",
            f"/?quad={rng.randint(1, 4)}&since=2023-01&until=2023-06"]), None),
        "GET /events (page)": lambda: ("GET", f"/events?offset={rng.choice([0, 50, 1000, 10000])}", None),
        "GET /events?filters (page)": lambda: ("GET", rng.choice([
            f"/events?pair={rng.choice(pairs)}&type={rng.choice(list(PLOVER))}",
            f"/events?country={pick('states')}&members=0&sort=-date",
            f"/events?quad={rng.randint(1, 4)}&since=2023-01&until=2023-12&sort=-reports",
            f"/events?place={rng.choice(PLACES)}&min_confidence=0.5",
            f"/events?actor={pick('people')}&mode=all", f"/events?story={pick('stories')}",
            f"/events?pair={rng.choice(pairs)}&sort=-goldstein&offset=50"]), None),
        "GET /events.csv?filters": lambda: ("GET", rng.choice([
            f"/events.csv?pair={rng.choice(pairs)}&type={rng.choice(list(PLOVER))}",
            f"/events.csv?story={pick('stories')}", f"/events.csv?actor={pick('people')}"]), None),
        "GET /timeline (page)": lambda: ("GET", f"/timeline?pair={rng.choice(pairs)}", None),
        "GET /actors/{state} (page)": lambda: ("GET", f"/actors/{pick('states')}", None),
        "POST /api/ingest": lambda: ("POST", "/api/ingest", {
            "text": f"Officials from Iran and Iraq met in {rng.choice(PLACES)} on Monday to discuss {rng.choice(TOPICS)}. "
                    f"The meeting, number {rng.randrange(10**9)}, ended with a joint statement on {rng.choice(TOPICS)}.",
            "title": "Generated report", "published": "2024-05-05", "outlet": rng.choice(OUTLETS)}),
    }


SERVER = """
import sys, uvicorn
from communique.serve.api import create_app
uvicorn.run(create_app(sys.argv[1], analyse=sys.argv[3] == "1"), host="127.0.0.1", port=int(sys.argv[2]),
            log_level="warning")
"""


def start_server(db: Path, port: int, analyse: bool) -> subprocess.Popen:
    """What `communique serve --db DB --port PORT` runs, started without the CLI around it."""
    command = [sys.executable, "-c", SERVER, str(db), str(port), "1" if analyse else "0"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stories?limit=1", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            if proc.poll() is not None:
                raise SystemExit(f"server exited: {proc.stderr.read().decode()}")
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start within 60 s")


def measure(base: str, make, n: int, warmup: int = 5) -> dict:
    times, statuses = [], {}
    with httpx.Client(base_url=base, timeout=60) as client:
        for k in range(warmup + n):
            method, url, body = make()
            t = time.perf_counter()
            r = client.request(method, url, json=body)
            dt = (time.perf_counter() - t) * 1000
            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
            if k >= warmup:
                times.append(dt)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return {"n": len(times), "p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1),
            "max_ms": round(times[-1], 1), "statuses": statuses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="store to build (or reuse when it exists)")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per endpoint")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--no-analysed-ingest", action="store_true", help="skip timing ingest with spaCy")
    args = parser.parse_args()
    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory(prefix="communique-bench-")
        args.db = Path(tmp.name) / "api10k.db"
    if args.db.exists():
        print(f"reusing {args.db}")
        ids = ids_from(args.db)
    else:
        t = time.perf_counter()
        ids = build_store(args.db, args.articles)
        print(f"built {args.db} in {time.perf_counter() - t:.0f} s")
    print("store:", ", ".join(f"{v} {k}" for k, v in ids["counts"].items()))
    rng = random.Random(11)
    results = {}
    proc = start_server(args.db, args.port, analyse=False)
    try:
        for name, make in endpoints(ids, rng).items():
            results[name] = measure(f"http://127.0.0.1:{args.port}", make, args.requests)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    if not args.no_analysed_ingest:
        proc = start_server(args.db, args.port, analyse=True)
        try:
            make = endpoints(ids, rng)["POST /api/ingest"]
            results["POST /api/ingest (with analysis)"] = measure(f"http://127.0.0.1:{args.port}", make,
                                                                  max(args.requests // 4, 20), warmup=2)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    print_table(results)
    print(json.dumps({"store": ids["counts"], "endpoints": results}))
    if tmp:
        tmp.cleanup()


def print_table(results: dict) -> None:
    """p50/p95/max per endpoint, flagging any p95 over the 100 ms target, and the worst one."""
    if not results:
        return
    print(f"\n{'endpoint':40} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  statuses")
    for name, r in results.items():
        flag = "" if r["p95_ms"] <= 100 else "  > 100 ms"
        print(f"{name:40} {r['n']:>5} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['max_ms']:>8}  {r.get('statuses', '')}{flag}")
    worst = max(results.items(), key=lambda kv: kv[1]["p95_ms"])
    print(f"\nworst p95: {worst[0]} at {worst[1]['p95_ms']} ms (target <= 100 ms)")


if __name__ == "__main__":
    main()
