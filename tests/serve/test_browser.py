"""The web UI in a real browser: Debian's chromium, headless, driven by Playwright.

Clicks through from the story list to a story, an actor and an event; checks the timeline's
script and the search box; checks that a hostile article runs nothing; saves screenshots under
the test's tmp dir. Skips (with the reason) only when chromium is not installed:
`scripts/install-browser.sh` installs it.
"""
from __future__ import annotations

import os
import shutil

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("COMMUNIQUE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"chromium not found at {CHROMIUM}: run scripts/install-browser.sh")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as p:
        # A persistent context is the one way to give chromium a --user-data-dir of our own: a fresh one.
        context = p.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, headless=True,
                                                       args=FLAGS, viewport={"width": 1400, "height": 900})
        yield context
        context.close()


class Watch:
    """Everything a page did that it should not: dialogs (alert), script errors, console errors
    (CSP violations land there), failed requests."""

    def __init__(self, page):
        self.problems: list[str] = []
        page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url}"))


@pytest.fixture
def page(browser):
    page = browser.new_page()
    page.watch = Watch(page)
    yield page
    page.close()


def test_story_list_to_story(page, live_url, tmp_path):
    page.goto(live_url + "/")
    rows = page.locator("table.stories tbody tr")
    assert rows.count() == 3
    assert rows.nth(2).locator("td.num").first.inner_text() == "3"  # the water story: three reports
    page.get_by_role("link", name="Iran and Iraq agree on river water").click()
    page.wait_for_url("**/stories/s-water")
    assert page.locator("article.article-col").count() == 3
    assert page.locator("article.article-col.is-copy").count() == 1
    assert page.locator(".badge.copy").first.is_visible() and page.locator(".badge.rewrite").first.is_visible()
    cited = page.locator("article.article-col mark.cite")
    assert cited.count() >= 3
    # The highlight is drawn: its background differs from the text around it.
    colour = cited.first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    # A citation link in the record lands on its sentence in the article column.
    link = page.locator("section.record a.cite-link").first
    target = link.get_attribute("href")
    link.click()
    top = page.locator(target).evaluate("el => el.getBoundingClientRect().top")
    assert -1 <= top < page.viewport_size["height"]  # scrolled into view (sub-pixel above 0 is in view)
    assert page.locator("mark.flash").count() == 1  # and flashed by the script
    page.screenshot(path=str(tmp_path / "story.png"), full_page=True)
    assert (tmp_path / "story.png").stat().st_size > 20_000
    assert page.watch.problems == []


def test_story_to_actor(page, live_url, tmp_path):
    page.goto(live_url + "/stories/s-water")
    page.locator("article.article-col mark.mention a", has_text="Abbas Araghchi").first.click()
    page.wait_for_url("**/actors/per.abbas-araghchi")
    assert page.locator("h1").inner_text() == "Abbas Araghchi"
    roles = page.locator("svg.roles-chart g.role")
    assert roles.count() == 2 and page.locator("svg.roles-chart g.role.current").count() == 1
    node = page.locator("svg.network a.node")
    assert node.count() == 1
    node.first.click()  # the network's nodes are links to the actors
    page.wait_for_url("**/actors/per.fuad-hussein")
    page.screenshot(path=str(tmp_path / "actor.png"), full_page=True)
    assert page.watch.problems == []


def test_story_to_event(page, live_url, tmp_path):
    page.goto(live_url + "/stories/s-water")
    page.locator("section.record a.etype", has_text="AGREE").click()
    page.wait_for_url("**/events/ev-agree")
    evidence = page.locator("ul.evidence-list > li")
    assert evidence.count() == 2  # the agreement is reported by two articles
    assert "signed an agreement" in evidence.first.locator("mark.cite").inner_text()
    assert "Baghdad (IRQ)" in page.locator("dl.facts").inner_text()
    page.screenshot(path=str(tmp_path / "event.png"), full_page=True)
    assert page.watch.problems == []


def test_hostile_article_runs_nothing(page, live_url, evil, tmp_path):
    for url in ("/stories/s-hostile", "/articles/a5", "/actors/text.evil", "/events/ev-warn", "/search?q=press"):
        page.goto(live_url + url)
        page.wait_for_load_state("load")
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        assert page.evaluate("Array.from(document.scripts).every(s => s.src.endsWith('/static/app.js') "
                             "|| s.type === 'application/json')")
    page.goto(live_url + "/stories/s-hostile")
    assert evil in page.locator("h1").inner_text()  # the title shows the script as text
    assert evil in page.locator("article.article-col .text").inner_text()
    page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)
    assert page.watch.problems == []


def test_timeline_chart_and_its_script(page, live_url, tmp_path):
    page.goto(live_url + "/timeline?pair=IRN:IRQ")
    bars = page.locator("#coop-conflict a.bar")
    assert bars.count() == 4  # March to June 2024, April empty
    assert page.locator("#coop-conflict rect.material_conflict").count() >= 1
    assert page.locator("#coop-conflict rect.verbal_coop").count() >= 1
    bars.nth(2).click()  # May: the strike and the accusation
    detail = page.locator("#chart-detail").inner_text()
    assert detail.startswith("2024-05: 0 cooperation, 2 conflict")
    assert page.locator("section.month.active h2").inner_text().startswith("2024-05")
    page.screenshot(path=str(tmp_path / "timeline.png"), full_page=True)
    assert page.watch.problems == []


def test_search_from_the_header(page, live_url):
    page.goto(live_url + "/")
    box = page.get_by_role("searchbox", name="Search")
    box.fill("sovereignty")
    box.press("Enter")
    page.wait_for_url("**/search?q=sovereignty")
    assert page.locator("ul.hits a.hit-link").first.inner_text() == "Iraq accuses Iran over shelling"
    assert page.locator("ul.hits mark.hit").first.inner_text().lower() == "sovereignty"
    assert "These attacks violate our sovereignty" in page.locator("ul.quotes").inner_text()
    page.goto(live_url + "/actors?kind=state")
    assert page.locator("table.actors a.actor-link").all_inner_texts() == ["Iraq", "Iran"]  # most mentioned first
    assert page.watch.problems == []


PAGES = ["/", "/stories/s-water", "/stories/s-clash", "/articles/a1", "/actors", "/actors/IRN", "/actors/org.un",
         "/events/ev-undated", "/events/ev-nosanction", "/timeline?pair=IRQ:IRN", "/search?q=water", "/api"]


def test_every_page_loads_clean(page, live_url):
    """Each page renders with its stylesheet and script, and the browser reports nothing wrong
    (a CSP violation, a script error or a missing asset would be logged as a console error)."""
    for url in PAGES:
        page.goto(live_url + url)
        page.wait_for_load_state("load")
        assert page.locator("header.top a.brand").is_visible(), url
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui"), url
        assert page.locator("h1").count() == 1, url
    assert page.watch.problems == []
    response = page.goto(live_url + "/stories/no-such-story")
    assert response.status == 404 and page.locator("h1").inner_text() == "Not found"


# ── Every page kind at desktop and phone width: layout, labels, contrast ───────────────────

KINDS = ["/", "/?type=ASSAULT", "/events", "/events?pair=IRN:IRQ&sort=-date", "/stories/s-water", "/stories/s-hostile",
         "/articles/a1", "/actors", "/actors/IRN", "/actors/per.abbas-araghchi", "/events/ev-agree",
         "/timeline?pair=IRN:IRQ", "/search?q=water", "/api"]

# Text colour against the first opaque background behind it, as WCAG 2 computes contrast.
CONTRAST_JS = """() => {
  const rgba = s => { const m = s.match(/[\\d.]+/g).map(Number); return m.length === 3 ? [...m, 1] : m; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                     return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const bg = el => { let layers = [];
    for (let e = el; e; e = e.parentElement) { const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    let out = [255, 255, 255];
    for (const c of layers.reverse()) out = out.map((v, i) => v * (1 - c[3]) + c[i] * c[3]);
    return out; };
  const bad = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('svg') || el.closest('script')) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right < 0) continue;
    const st = getComputedStyle(el);
    if (st.visibility === 'hidden' || Number(st.opacity) === 0) continue;
    let fg = rgba(st.color); const b = bg(el);
    let opacity = 1; for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    fg = fg.map((v, i) => i < 3 ? v * fg[3] * opacity + b[i] * (1 - fg[3] * opacity) : v);
    const [l1, l2] = [lum(fg), lum(b)].sort((x, y) => y - x);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    if (ratio < 4.5) bad.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
  }
  return bad;
}"""

UNLABELLED_JS = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
  .map(el => el.outerHTML.slice(0, 80))"""


@pytest.mark.parametrize("width", [1400, 400])
def test_every_page_kind_fits_reads_and_is_labelled(page, live_url, width, tmp_path):
    page.set_viewport_size({"width": width, "height": 900})
    for url in KINDS:
        page.goto(live_url + url)
        page.wait_for_load_state("load")
        assert page.locator("h1").first.is_visible(), url
        assert page.locator("header.top a.brand").is_visible(), url
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} at {width}px is {overflow}px too wide"
        assert page.evaluate(CONTRAST_JS) == [], url
        assert page.evaluate(UNLABELLED_JS) == [], url
        skip = page.locator("a.skip")
        assert skip.get_attribute("href") == "#main" and page.locator("main#main").count() == 1
    page.goto(live_url + "/events")
    page.keyboard.press("Tab")  # the first stop is the skip link, and it shows when focused
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.locator("a.skip").is_visible()
    key = {"/": "table.stories", "/events": "table.events-table", "/stories/s-water": "section.record",
           "/timeline?pair=IRN:IRQ": "#coop-conflict", "/actors/IRN": "svg.network"}
    for url, selector in key.items():
        page.goto(live_url + url)
        assert page.locator(selector).first.is_visible(), (url, width)
    page.goto(live_url + "/stories/s-water")
    record = page.locator("section.record")  # brief, events and quotes in the page's own flow
    assert record.evaluate("el => [getComputedStyle(el).overflowY, getComputedStyle(el).position]") == \
        ["visible", "static"]
    assert record.evaluate("el => el.scrollHeight <= el.clientHeight + 1")
    page.screenshot(path=str(tmp_path / f"story-{width}.png"), full_page=True)
    assert page.watch.problems == []
    page.goto(live_url + "/stories/no-such-story")  # the error page too (its 404 is expected)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert page.evaluate(CONTRAST_JS) == []


@pytest.mark.parametrize("width", [1400, 400])
def test_events_page_facets_change_rows_and_csv_is_what_is_shown(page, live_url, width):
    import csv
    import io

    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_url + "/events")
    rows = page.locator("tr.event-row")
    before = rows.evaluate_all("rs => rs.map(r => r.dataset.id)")
    assert len(before) == 6
    page.get_by_label("Type").select_option("CONSULT")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/events?**type=CONSULT**")
    after = page.locator("tr.event-row").evaluate_all("rs => rs.map(r => r.dataset.id)")
    assert after == ["ev-meet", "ev-undated"] and after != before
    page.get_by_label("Country", exact=True).fill("IRN")
    page.get_by_role("button", name="Filter").click()
    assert page.locator("tr.event-row").evaluate_all("rs => rs.map(r => r.dataset.id)") == ["ev-meet"]
    page.locator("section.facet-type a", has_text="CONSULT").first.click()  # a facet keeps the other filters
    shown = page.locator("tr.event-row").evaluate_all("rs => rs.map(r => r.dataset.id)")
    href = page.locator("a.download.csv").get_attribute("href")
    body = page.request.get(live_url + href).text()
    assert [r["id"] for r in csv.DictReader(io.StringIO(body))] == shown
    assert page.locator("b.total").inner_text() == str(len(shown))
    for url in ("/events?quad=4", "/events?sort=-date", "/events?place=Baghdad"):
        page.goto(live_url + url)
        shown = page.locator("tr.event-row").evaluate_all("rs => rs.map(r => r.dataset.id)")
        href = page.locator("a.download.csv").get_attribute("href")
        assert [r["id"] for r in csv.DictReader(io.StringIO(page.request.get(live_url + href).text()))] == shown, url
    assert page.watch.problems == []


def test_network_labels_do_not_overlap_or_clip(page, fresh_world, serve_app):
    from communique.models import Actor, Event, EventDate, Span
    from communique.serve.api import create_app
    from communique.store import Store

    path, _ = fresh_world
    store = Store(path)
    a1 = store.article("a1")
    with store.transaction():
        for i in range(20):
            store.upsert_actor(Actor(f"org.long{i}", f"Joint Commission on Border Waterways No. {i}", "organization"))
            store.upsert_event(Event(f"ev-net{i}", "CONSULT", actors=["IRN"], recipients=[f"org.long{i}"],
                                     date=EventDate("2024-02-01", "day", "text"),
                                     evidence=[Span("a1", i, i + 4, a1.text[i:i + 4])], article_ids=["a1"]))
    store.close()
    with serve_app(create_app(path, analyse=False)) as server:
        for width in (1400, 400):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(server.url + "/actors/IRN")
            svg = page.locator("svg.network").bounding_box()
            boxes = page.locator("svg.network a.node text").evaluate_all(
                "ts => ts.map(t => { const r = t.getBoundingClientRect(); "
                "return [r.left, r.top, r.right, r.bottom, (r.left + r.right) / 2, (r.top + r.bottom) / 2]; })")
            assert len(boxes) == 16  # the rest are listed under the chart
            for left, top, right, bottom, *_ in boxes:
                assert left >= svg["x"] - 1 and right <= svg["x"] + svg["width"] + 1  # not clipped
                assert top >= svg["y"] - 1 and bottom <= svg["y"] + svg["height"] + 1
            scale = svg["width"] / float(page.locator("svg.network").get_attribute("viewBox").split()[2])
            for i, a in enumerate(boxes):
                for b in boxes[i + 1:]:
                    # labels along their spokes: centres far enough apart for 12px text at this scale
                    assert ((a[4] - b[4]) ** 2 + (a[5] - b[5]) ** 2) ** 0.5 > 12 * scale
            assert "Also:" in page.locator("section", has=page.locator("svg.network")).inner_text()
            assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
