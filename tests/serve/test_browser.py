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
