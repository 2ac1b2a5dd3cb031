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


def _codes(fails):
    return [(f.input.rsplit(":", 1)[-1], f.error.code) for f in fails]


def test_a_lone_surrogate_fails_its_line_alone(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "a", "text": REPORT}),
        '{"id": "b", "text": "Shelling \\ud800 hit the port."}',  # JSON escapes allow what UTF-8 cannot hold
        '{"id": "c\\udfff", "text": "Shelling hit the port."}',
        json.dumps({"id": "d", "text": REPORT}),
    ]))
    arts, fails = collect([path])
    assert [a.id for a in arts] == ["a", "d"]
    assert _codes(fails) == [("2", "E133"), ("3", "E133")]
    assert "offset 9" in str(fails[0].error) and "'text'" in str(fails[0].error)
    assert "'id'" in str(fails[1].error)


def test_deeply_nested_json_fails_its_line_alone(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"id": "a", "text": REPORT}) + "\n"
                    + '{"id": "b", "text": "x", "more": ' + "[" * 50_000 + "]" * 50_000 + "}\n")
    arts, fails = collect([path])
    assert [a.id for a in arts] == ["a"]
    assert _codes(fails) == [("1", "E134"), ("3", "E134")]


def test_an_invalid_byte_fails_its_line_alone(tmp_path):
    path = tmp_path / "in.jsonl"
    good = json.dumps({"id": "a", "text": REPORT}).encode()
    bad = '{"id": "b", "text": "Soldats tués"}'.encode("latin-1")
    nul = b'{"id": "c", "text": "x\x00y"}'
    path.write_bytes(b"\n".join([good, bad, nul, good.replace(b'"a"', b'"d"')]) + b"\n")
    arts, fails = collect([path])
    assert [a.id for a in arts] == ["a", "d"]
    assert _codes(fails) == [("2", "E116"), ("3", "E117")]


def test_an_overlong_line_fails_alone_without_being_held_whole(tmp_path):
    path = tmp_path / "in.jsonl"
    with path.open("w") as f:
        f.write(json.dumps({"id": "big", "text": "word " * 300_000}) + "\n")
        f.write(json.dumps({"id": "a", "text": REPORT}) + "\n")
    arts, fails = collect([path], max_bytes=100_000)
    assert [a.id for a in arts] == ["a"] and _codes(fails) == [("1", "E112")]


def test_jsonl_on_stdin_is_read_line_by_line_as_it_comes():
    """The first article is out before the rest of the stream exists (a feed piped in stays live)."""
    first = (json.dumps({"id": "a", "text": REPORT}) + "\n").encode()

    class Stream:
        """A pipe whose writer has sent one line so far: reading further would wait for ever."""

        def __init__(self):
            self.lines = [first, b"\xff\xfe not utf-8\n"]

        def readline(self, limit=-1):
            if not self.lines:
                raise AssertionError("read past what the writer has sent")
            return self.lines.pop(0)

        def read(self, size=-1):
            raise AssertionError("read the stream whole")

    items = read_inputs(["-"], stdin=Stream(), jsonl=True)
    assert next(items).id == "a"
    assert isinstance(next(items), Failure)


def test_utf16_with_a_byte_order_mark_is_text(tmp_path):
    (tmp_path / "report.txt").write_bytes(REPORT.encode("utf-16"))
    lines = json.dumps({"id": "u", "text": REPORT}) + "\n" + json.dumps({"id": "v", "text": REPORT}) + "\n"
    (tmp_path / "in.jsonl").write_bytes(lines.encode("utf-16-le").join([b"\xff\xfe", b""]))
    (tmp_path / "be.txt").write_bytes(b"\xfe\xff" + ("Title: X\n\n" + REPORT).encode("utf-16-be"))
    arts, fails = collect(sorted(tmp_path.iterdir()))
    assert not fails
    assert sorted((a.id, a.text) for a in arts) == [("be", REPORT), ("report", REPORT), ("u", REPORT), ("v", REPORT)]


@pytest.mark.parametrize("value, code", [
    (20230101, "E104"),  # a number is no date, though Python would read "20230101" as one
    ("20230101", "E104"),
    ("2023-01-01 and then some", "E104"),
    (True, "E104"),
])
def test_published_must_be_a_date_string(value, code):
    from sitrep.errors import InputError

    with pytest.raises(InputError) as info:
        Article.from_dict({"id": "a", "text": REPORT, "published": value})
    assert info.value.code == code and "YYYY-MM-DD" in str(info.value)


def test_published_may_carry_a_time():
    art = Article.from_dict({"id": "a", "text": REPORT, "published": "2023-01-01T10:00:00Z"})
    assert art.published == dt.date(2023, 1, 1)


@pytest.mark.parametrize("value, code", [
    (True, "E135"), (1e400, "E135"), (1.5, "E135"), (float("nan"), "E135"), ("", "E136"), ("  ", "E136"),
    ("a\nb", "E136"), ("tab\there", "E136"), ("x" * 1025, "E136"), (" padded", "E136"), ([1], "E135"),
])
def test_bad_ids_are_refused_with_a_code(value, code):
    from sitrep.errors import InputError

    with pytest.raises(InputError) as info:
        Article.from_dict({"id": value, "text": REPORT})
    assert info.value.code == code


@pytest.mark.parametrize("value, expected", [
    (7, "7"), ("007", "007"), ("https://example.org/news/2023/01/attack?id=4#top", None), ("Ḥamāh/2", None),
    (10 ** 30, str(10 ** 30)),
])
def test_good_ids_are_kept_as_written(value, expected):
    assert Article.from_dict({"id": value, "text": REPORT}).id == (expected or value)


def test_a_bad_id_in_jsonl_fails_its_line_alone(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": true, "text": "x"}\n{"id": 1e400, "text": "x"}\n' + json.dumps({"id": "a", "text": REPORT}))
    arts, fails = collect([path])
    assert [a.id for a in arts] == ["a"] and _codes(fails) == [("1", "E135"), ("2", "E135")]
