"""The map page as an analyst meets it: real headless Chromium (Debian's), driven by Playwright, over a real server.

Every request to another host is refused and recorded, so "offline" is checked, not assumed. Screenshots
are written to bench-out/map-screenshots/ (kept out of git) for a person to look at.
"""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import httpx
import pytest

from .conftest import ARTICLES, PAYLOAD_SOURCE, PAYLOAD_TITLE, URL_ID

SHOTS = Path(__file__).resolve().parents[2] / "bench-out" / "map-screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def browser():
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.fail("Chromium is needed for the map page tests: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        # Playwright gives each launch a fresh profile directory; it never downloads a browser of its own here.
        b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Page:
    """A fresh browser context with the page's console errors, CSP violations and off-host requests recorded."""

    def __init__(self, browser, server):
        self.server = server
        self.ctx = browser.new_context(viewport={"width": 1300, "height": 850})
        self.page = self.ctx.new_page()
        self.errors, self.offhost, self.dialogs = [], [], []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

        def route(r):
            if r.request.url.startswith(server.url):
                r.continue_()
            else:
                self.offhost.append(r.request.url)
                r.abort()

        self.ctx.route("**/*", route)

    def open(self, fragment: str = ""):
        self.page.goto(self.server.url + "/" + (("#" + fragment) if fragment else ""))
        self.ready()
        return self

    def wait(self, expression: str, timeout: float = 30.0):
        # Polled through the DevTools protocol: Playwright's wait_for_function evaluates strings in the page,
        # which the page's Content-Security-Policy (rightly) forbids.
        deadline = time.monotonic() + timeout
        while not self.page.evaluate(expression):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {expression}")
            self.page.wait_for_timeout(100)

    def ready(self):
        self.wait("document.body.dataset.state === 'ready'")
        self.page.wait_for_timeout(300)  # markercluster adds markers in chunks after the data arrive

    def count(self) -> int:
        return int(self.page.locator("#count").inner_text())

    def hash_params(self) -> dict[str, list[str]]:
        return parse_qs(self.page.evaluate("location.hash").lstrip("#"))

    def shot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        print(f"screenshot: {path}")
        return path

    def close(self):
        self.ctx.close()


@pytest.fixture
def rich_page(browser, rich_server):
    p = Page(browser, rich_server)
    yield p
    p.close()


@pytest.fixture
def small_page(browser, server):
    p = Page(browser, server)
    yield p
    p.close()


def api(server, path, **params):
    return httpx.get(server.url + path, params=params, timeout=30).json()


def test_basemap_draws_with_no_network_and_markers_cluster(rich_page, rich_server):
    p = rich_page.open()
    tiles = p.page.locator("img.leaflet-tile")
    assert tiles.count() >= 4
    drawn = p.page.evaluate("[...document.querySelectorAll('img.leaflet-tile')].map(i => [i.src, i.complete, "
                            "i.naturalWidth])")
    assert all(src.startswith(rich_server.url + "/tiles/") for src, _, _ in drawn)
    assert sum(1 for _, done, width in drawn if done and width == 256) >= 4
    assert p.offhost == [] and p.errors == []
    stats = api(rich_server, "/api/stats")
    assert p.count() == stats["events"] > 1000  # the page's counts are the server's, past the old 1,000
    # Clusters hold the located events: their numbers and the single markers add up to every located one.
    # markercluster adds markers in slices and animates between levels: count once every marker is in
    # and the clusters of a level being left are gone.
    p.wait("!!document.body.dataset.clusteredMs")
    deadline = time.monotonic() + 15
    while True:
        clustered = [int(t) for t in p.page.locator(".cl div").all_inner_texts()]
        singles = p.page.locator(".ev").count()
        if sum(clustered) + singles == stats["located"] or time.monotonic() > deadline:
            break
        time.sleep(0.25)
    assert clustered and max(clustered) > 10
    assert sum(clustered) + singles == stats["located"]
    assert f"{stats['events'] - stats['located']} without coordinates" in p.page.locator("#summary").inner_text()
    p.shot("01-overview")


def test_markers_are_coloured_by_type_and_sized_by_fatalities(small_page):
    p = small_page.open()
    # Two events at Kassala share one point: a cluster of 2, which spreads out when clicked.
    cluster = p.page.locator(".cl", has_text="2")
    assert cluster.count() == 1 and p.page.locator(".ev").count() == 1
    cluster.click()
    p.wait("document.querySelectorAll('.ev').length === 3")
    p.page.wait_for_timeout(400)
    marks = p.page.evaluate("[...document.querySelectorAll('.ev')].map(e => [e.dataset.eventId, e.className, "
                            "e.getBoundingClientRect().width])")
    by_id = {int(i): (cls, width) for i, cls, width in marks}
    recs = {r["event_id"]: r for r in api(p.server, "/api/events")["events"]}
    kinds = {recs[i]["sub_event_type"]: (next(c for c in cls.split() if re.fullmatch(r"t\d|tx", c)), width)
             for i, (cls, width) in by_id.items()}
    assert kinds["Armed clash"][0] == "t0"  # Battles
    assert kinds["Shelling/artillery/missile attack"][0] == "t1"  # Explosions/Remote violence
    assert kinds["Peaceful protest"][0] == "t3"  # Protests
    assert kinds["Armed clash"][1] > kinds["Shelling/artillery/missile attack"][1]  # 4 dead against none
    colours = {p.page.evaluate(f"getComputedStyle(document.querySelector('.ev.{c}')).backgroundColor")
               for c in ("t0", "t1", "t3")}
    assert len(colours) == 3
    p.shot("02-spiderfied-markers")


def test_brushing_the_timeline_changes_the_count(rich_page, rich_server):
    p = rich_page.open()
    before = p.count()
    box = p.page.locator("#timeline").bounding_box()
    y = box["y"] + box["height"] * 0.5
    p.page.mouse.move(box["x"] + box["width"] * 0.30, y)
    p.page.mouse.down()
    p.page.mouse.move(box["x"] + box["width"] * 0.45, y, steps=8)
    p.page.mouse.up()
    p.wait(f"document.body.dataset.state === 'ready' && document.body.dataset.count !== '{before}'")
    p.ready()
    after = p.count()
    params = p.hash_params()
    since, until = params["since"][0], params["until"][0]
    assert 0 < after < before
    assert since < until and p.page.locator("#f-since").input_value() == since
    assert after == api(rich_server, "/api/stats", since=since, until=until)["events"]
    dates = p.page.locator("#list .when").all_inner_texts()
    assert dates and all(since <= d <= until for d in dates)
    assert p.page.locator("#timeline .bar.in").count() > 0
    p.shot("03-brushed-timeline")
    # A click on the timeline clears the dates again.
    p.page.mouse.click(box["x"] + box["width"] * 0.6, y)
    p.wait(f"document.body.dataset.count === '{before}'")


def test_a_shared_url_restores_a_filtered_view(rich_page, rich_server, browser):
    filters = {"since": "2024-03-01", "until": "2024-06-30", "country": "Sudan", "type": "Battles", "actor": "militia"}
    fragment = urlencode({**filters, "map": "15.0000,33.0000,5"})
    p = rich_page.open(fragment)
    expected = api(rich_server, "/api/stats", **filters)
    assert 0 < p.count() == expected["events"]
    assert p.page.locator("#f-country").input_value() == "Sudan"
    assert p.page.locator("#f-actor").input_value() == "militia"
    assert p.page.locator("#f-since").input_value() == "2024-03-01"
    checked = p.page.evaluate("[...document.querySelectorAll('#types input')].filter(c => c.checked)"
                              ".map(c => c.dataset.eventType)")
    assert checked == ["Battles"]
    assert p.hash_params()["map"] == ["15.0000,33.0000,5"]
    # The download buttons give this same selection.
    csv_href = p.page.get_attribute("#dl-csv", "href")
    rows = httpx.get(rich_server.url + csv_href, timeout=30).text.strip().splitlines()
    assert len(rows) == expected["events"] + 1
    geo = httpx.get(rich_server.url + p.page.get_attribute("#dl-geojson", "href"), timeout=30).json()
    assert len(geo["features"]) == expected["located"]
    p.shot("04-shared-url")
    # The same URL in a second, fresh browser context shows the same view.
    other = Page(browser, rich_server)
    try:
        other.page.goto(p.page.url)
        other.ready()
        assert other.count() == expected["events"]
        assert other.page.locator("#f-country").input_value() == "Sudan"
    finally:
        other.close()


def test_clicking_an_event_highlights_its_evidence(small_page):
    p = small_page.open()
    p.page.locator(".cl", has_text="2").click()
    p.wait("document.querySelectorAll('.ev').length === 3")
    p.page.wait_for_timeout(400)
    clash = next(r for r in api(p.server, "/api/events")["events"] if r["sub_event_type"] == "Armed clash")
    p.page.locator(f".ev[data-event-id='{clash['event_id']}']").click()
    p.wait(f"document.body.dataset.event === '{clash['event_id']}'")
    detail = p.page.locator("#detail")
    assert detail.is_visible()
    fields = dict(p.page.evaluate("[...document.querySelectorAll('#detail dd')].map(d => [d.dataset.field, "
                                  "d.textContent])"))
    assert fields["date"] == "2024-03-05"
    assert fields["type"] == "Battles / Armed clash"
    assert fields["actor_1"] == "Military Forces of Sudan" and fields["actor_2"] == "Rebel fighters"
    assert fields["location"].startswith("Kassala, Kassala, Sudan (15.4510, 36.4000")
    assert fields["fatalities"] == "4" and fields["source"] == "Test Wire"
    assert "four fighters killed" in fields["notes"]
    assert fields["claim"] == "fatalities: 4 according to a local official"
    assert p.page.locator("#article-text").inner_text() == ARTICLES["north-clash"].text
    marked = dict(p.page.evaluate("[...document.querySelectorAll('#article-text mark')].map(m => [m.textContent, "
                                  "m.dataset.fields])"))
    assert marked == {"clashed": "event_type", "Kassala": "location", "killing four fighters": "fatalities",
                      "Army units": "actor1"}
    assert p.page.locator(f".ev.selected[data-event-id='{clash['event_id']}']").count() == 1
    assert p.page.locator(f"#list li.selected[data-event-id='{clash['event_id']}']").count() == 1
    assert p.hash_params()["event"] == [str(clash["event_id"])]
    p.shot("05-event-evidence")
    # The URL with the event opens the same panel.
    again = Page(p.page.context.browser, p.server).open(f"event={clash['event_id']}")
    try:
        assert again.page.locator("#article-text mark").count() == 4
    finally:
        again.close()


def test_an_article_whose_id_is_a_url_opens_in_the_panel(rich_page, rich_server):
    event_id = api(rich_server, "/api/article", id=URL_ID)["events"][0]["event_id"]
    p = rich_page.open(f"event={event_id}")
    p.wait(f"document.body.dataset.event === '{event_id}'")
    assert p.page.locator("#article-title").inner_text() == "Clash near Goma"
    assert [m for m in p.page.locator("#article-text mark").all_inner_texts()] == ["clashed", "Goma"]
    assert p.errors == []


def test_stored_payloads_render_as_text(rich_page, rich_server):
    event_id = api(rich_server, "/api/article", id="payload")["events"][0]["event_id"]
    violations = []
    rich_page.page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    p = rich_page.open(f"event={event_id}&q=DELETE")
    p.wait(f"document.body.dataset.event === '{event_id}'")
    p.page.wait_for_timeout(500)
    assert p.page.evaluate("document.body.dataset.pwned") is None and p.dialogs == []
    assert p.page.locator("#article-title").inner_text() == PAYLOAD_TITLE
    assert PAYLOAD_SOURCE in p.page.locator("#article-meta").inner_text()
    assert p.page.locator("#detail img, #detail script, #detail svg, #detail b, #list b, #list i").count() == 0
    assert p.page.locator("#article-meta a").count() == 0  # a javascript: URL is not made a link
    assert [m for m in p.page.locator("#article-text mark").all_inner_texts()] == [
        "raided", "<b>Bunia</b>", "two people died"]
    notes = p.page.locator("#detail dd[data-field='notes']").inner_text()
    assert notes.startswith("<script>")
    assert p.count() == 1 and violations == [] and p.offhost == []
    p.shot("06-payloads-inert")
