"""The map page as a browser renders it: headless Chromium loads it from a real server and we read the DOM."""
from __future__ import annotations

import shutil
import subprocess

import lxml.html
import pytest

from .conftest import ARTICLES


@pytest.fixture(scope="module")
def chromium():
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.fail("Chromium is needed for the map page tests: `apt-get install -y chromium` (Debian), "
                    "as .ci/run does")
    return exe


def render(chromium, url, tmp_path):
    """The DOM after the page's scripts ran; virtual time lets its fetches finish before the dump."""
    proc = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         f"--user-data-dir={tmp_path / 'chromium-profile'}", "--window-size=1200,800",
         "--virtual-time-budget=10000", "--dump-dom", url],
        capture_output=True, text=True, timeout=90)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return lxml.html.fromstring(proc.stdout)


def markers(dom):
    return dom.xpath("//*[local-name()='circle'][contains(concat(' ', @class, ' '), ' marker ')]")


def test_page_draws_one_marker_per_located_event(server, chromium, tmp_path):
    dom = render(chromium, server.url + "/", tmp_path)
    assert dom.body.get("data-state") == "ready"
    found = sorted((m.get("data-article-id"), m.get("data-sub-event-type"), m.get("data-date"),
                    round(float(m.get("data-lat")), 3), round(float(m.get("data-lon")), 3)) for m in markers(dom))
    assert found == [
        ("capital-march", "Peaceful protest", "2024-05-10", -1.283, 36.817),
        ("north-clash", "Armed clash", "2024-03-05", 15.451, 36.4),
        ("north-clash", "Shelling/artillery/missile attack", "2024-03-05", 15.451, 36.4),
    ]
    colours = {m.get("data-event-type"): m.get("fill") for m in markers(dom)}
    assert len(set(colours.values())) == 3  # one colour per event type
    # Zoomed to the data: the two places are well apart on the drawing, not squeezed into a world view.
    ys = sorted(float(m.get("cy")) for m in markers(dom))
    assert ys[-1] - ys[0] > 200
    assert "1 without coordinates" in dom.get_element_by_id("summary").text_content()
    types = [cb.get("data-event-type") for cb in dom.xpath("//div[@id='types']//input[@type='checkbox']")]
    assert types == ["Battles", "Explosions/Remote violence", "Protests"]
    assert len(dom.xpath("//ul[@id='list']/li")) == 3


def test_type_filter_hides_markers(server, chromium, tmp_path):
    dom = render(chromium, server.url + "/#hide=Battles,Protests", tmp_path)
    assert [m.get("data-event-type") for m in markers(dom)] == ["Explosions/Remote violence"]
    unchecked = dom.xpath("//div[@id='types']//input[@type='checkbox'][not(@checked)]")
    assert sorted(cb.get("data-event-type") for cb in unchecked) == ["Battles", "Protests"]
    assert len(dom.xpath("//ul[@id='list']/li")) == 1


def test_selected_event_shows_fields_and_marks_its_evidence_in_the_article(server, chromium, tmp_path):
    first = render(chromium, server.url + "/", tmp_path)
    index = next(m.get("data-index") for m in markers(first) if m.get("data-sub-event-type") == "Armed clash")
    dom = render(chromium, f"{server.url}/#event={index}", tmp_path)
    detail = dom.get_element_by_id("detail")
    assert detail.get("hidden") is None
    fields = {dd.get("data-field"): dd.text_content() for dd in detail.xpath(".//dd")}
    assert fields["date"] == "2024-03-05"
    assert fields["type"] == "Battles / Armed clash"
    assert fields["actor_1"] == "Military Forces of Sudan"
    assert fields["actor_2"] == "Rebel fighters"
    assert fields["location"].startswith("Kassala, Sudan (15.4510, 36.4000")
    assert fields["fatalities"] == "4"
    assert "four fighters killed" in fields["notes"]
    assert fields["source"] == "Test Wire"
    text = dom.get_element_by_id("article-text")
    assert text.text_content() == ARTICLES["north-clash"].text
    marked = {m.text_content(): m.get("data-fields") for m in text.xpath(".//mark")}
    assert marked == {"clashed": "event_type", "Kassala": "location", "killing four fighters": "fatalities",
                      "Army units": "actor1"}
    selected = [m for m in markers(dom) if "selected" in m.get("class").split()]
    assert [m.get("data-index") for m in selected] == [index]
