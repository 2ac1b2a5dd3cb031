import datetime as dt
import http.server
import io
import json
import threading

import pytest

from sitrep.ingest import Failure, parse_text, read_inputs
from sitrep.model import Article

REPORT = "Gunmen attacked a bus near the market on Friday, killing three passengers, police said.\n"


def collect(paths, **kw):
    items = list(read_inputs([str(p) for p in paths], **kw))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Failure)]


def test_bad_inputs_each_get_a_one_line_error_and_the_rest_is_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(REPORT)
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    (tmp_path / "latin1.txt").write_bytes("Soldats tu\xe9s \xe0 la fronti\xe8re".encode("latin-1"))
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (4 * 1024 * 1024))  # 20 MB
    arts, fails = collect(sorted(tmp_path.iterdir()), max_bytes=5_000_000)
    assert [a.id for a in arts] == ["good"]
    codes = {f.input.rsplit("/", 1)[-1]: f.error.code for f in fails}
    assert codes == {"big.txt": "E112", "binary.txt": "E115", "empty.txt": "E114", "latin1.txt": "E116"}
    for f in fails:
        line = str(f)
        assert "\n" not in line and f.input in line


def test_malformed_json_lines_are_reported_by_line_and_skipped(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "a", "text": REPORT, "published": "2022-01-07"}),
        '{"id": "b", "text": "unterminated',
        json.dumps({"id": "c"}),
        json.dumps({"id": "d", "text": REPORT, "published": "yesterday"}),
        json.dumps({"id": "e", "text": REPORT}),
    ]))
    arts, fails = collect([path])
    assert [a.id for a in arts] == ["a", "e"]
    assert arts[0].published == dt.date(2022, 1, 7)
    assert [(f.input.rsplit(":", 1)[-1], f.error.code) for f in fails] == [("2", "E117"), ("3", "E102"), ("4", "E104")]


def test_stdin_jsonl():
    stdin = io.BytesIO((json.dumps({"id": 1, "text": REPORT}) + "\n").encode())
    arts, fails = collect(["-"], stdin=stdin, jsonl=True)
    assert [a.id for a in arts] == ["1"] and not fails


def test_text_header_gives_metadata_and_offsets_point_into_the_body():
    art = parse_text("Title: Bus attack\nPublished: 2022-01-07\nSource: Example Wire\n\n" + REPORT, article_id="f")
    assert (art.id, art.title, art.published, art.source) == ("f", "Bus attack", dt.date(2022, 1, 7), "Example Wire")
    assert art.text.startswith("Gunmen attacked")


def test_text_without_header_is_read_whole():
    text = "Note: this is not a header line\n\n" + REPORT
    assert parse_text(text, article_id="g").text == text


PAGE = """<!DOCTYPE html><html><head><title>Bus attack near market</title>
<meta property="article:published_time" content="2022-01-07T10:00:00Z"></head>
<body><nav>Home | World | Sport</nav><article><h1>Bus attack near market</h1>
<p>Gunmen attacked a bus near the central market on Friday, killing three passengers, police said.</p>
<p>The attackers fled on motorcycles towards the hills, witnesses said, and no group has claimed the attack so far.</p>
<p>Security forces closed the main road while investigators examined the scene for several hours.</p>
</article><footer>Copyright Example</footer></body></html>"""

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Example Feed</title>
<item><title>Troops retake town</title><description>Troops retook the town on Monday.</description>
<pubDate>Mon, 03 Jan 2022 08:00:00 GMT</pubDate><link>http://example.org/1</link><guid>item-1</guid></item>
</channel></rss>"""


def test_html_file_gives_main_text_and_date(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE)
    arts, fails = collect([path])
    assert not fails
    assert "killing three passengers" in arts[0].text and "Home | World" not in arts[0].text
    assert arts[0].published == dt.date(2022, 1, 7)


def test_feed_items_become_articles(tmp_path):
    path = tmp_path / "feed.rss"
    path.write_text(FEED)
    arts, fails = collect([path])
    assert not fails
    assert [(a.id, a.published, a.source) for a in arts] == [("item-1", dt.date(2022, 1, 3), "Example Feed")]
    assert "Troops retook the town" in arts[0].text


@pytest.fixture
def http_server():
    pages = {"/page": ("text/html", PAGE), "/feed": ("application/rss+xml", FEED)}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path not in pages:
                self.send_error(404)
                return
            ctype, body = pages[self.path]
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", ctype + "; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_urls_are_fetched_and_read_like_files(http_server):
    arts, fails = collect([f"{http_server}/page", f"{http_server}/feed", f"{http_server}/missing"])
    assert "killing three passengers" in arts[0].text and arts[0].url.endswith("/page")
    assert arts[1].id == "item-1"
    assert [f.error.code for f in fails] == ["E122"]


def test_jsonl_texts_may_hold_unicode_line_separators():
    text = "Shelling hit the port.\u2028Two died.\x85Later, calm."
    stdin = io.BytesIO((json.dumps({"id": "u", "text": text}, ensure_ascii=False) + "\r\n").encode())
    arts, fails = collect(["-"], stdin=stdin, jsonl=True)
    assert not fails and arts[0].text == text
