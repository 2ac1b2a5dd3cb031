"""Ingest: turn files, folders, stdin, URLs, HTML and feeds into Articles.

Every input yields either Articles or one ``Failure`` naming the input and what is wrong with it,
so a caller can report bad input and go on with the rest. JSON Lines are read one line at a time,
from the file or the stream as it comes: a bad line (malformed JSON, an invalid byte, a bad field,
too long) is a Failure for that line alone.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

# Byte order marks that say the text is not UTF-8; longest first, since UTF-32-LE's starts with UTF-16-LE's.
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
         (b"\xfe\xff", "utf-16"))

from ..errors import InputError, SitrepError
from ..model import Article, article_id

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}


@dataclass
class Failure:
    """An input (or one line of it) that could not be read."""

    input: str
    error: SitrepError

    def __str__(self) -> str:
        return f"{self.input}: {self.error}"


def read_inputs(paths: Iterable[str], *, stdin: BinaryIO | None = None, jsonl: bool = False,
                published: dt.date | None = None, max_bytes: int = 5_000_000) -> Iterator[Article | Failure]:
    """Articles from each path in turn: a file, a folder (recursively), an http(s) URL or "-" for stdin."""
    for raw in paths:
        if raw == "-":
            if stdin is None:
                yield Failure("<stdin>", InputError("E110", "no standard input to read"))
                continue
            if jsonl:
                yield from read_jsonl_stream("<stdin>", stdin, max_bytes=max_bytes)
            else:
                yield from _read_bytes("<stdin>", stdin.read(max_bytes + 1), jsonl=False, suffix=".txt",
                                       published=published, max_bytes=max_bytes)
        elif raw.startswith(("http://", "https://")):
            yield from read_url(raw, published=published, max_bytes=max_bytes)
        else:
            path = Path(raw)
            if path.is_dir():
                files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
                if not files:
                    yield Failure(raw, InputError("E111", "folder holds no files"))
                for f in files:
                    yield from read_file(f, jsonl=jsonl, published=published, max_bytes=max_bytes)
            else:
                yield from read_file(path, jsonl=jsonl, published=published, max_bytes=max_bytes)


def read_file(path: Path, *, jsonl: bool = False, published: dt.date | None = None,
              max_bytes: int = 5_000_000) -> Iterator[Article | Failure]:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Failure(name, cannot_read(exc.strerror or str(exc)))
        return
    suffix = path.suffix.lower()
    is_jsonl = jsonl or suffix in JSONL_SUFFIXES
    if size > max_bytes and not is_jsonl:
        yield Failure(name, too_large(size, max_bytes))
        return
    try:
        if is_jsonl:
            with path.open("rb") as stream:
                yield from read_jsonl_stream(name, stream, max_bytes=max_bytes)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Failure(name, cannot_read(exc.strerror or str(exc)))
        return
    yield from _read_bytes(name, data, jsonl=is_jsonl, suffix=suffix, published=published, max_bytes=max_bytes,
                           stem=path.stem)


def cannot_read(reason: str) -> InputError:
    return InputError("E113", f"cannot read: {reason}")


def _decode(data: bytes) -> str:
    """Text from bytes: UTF-16 or UTF-32 when a byte order mark says so, else UTF-8 (with or
    without its mark). Raises InputError."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError("E116", f"not {codec.upper()} text after its byte order mark (bad bytes at "
                                         f"offset {exc.start})") from None
            if "\x00" in text[:4096]:
                raise InputError("E115", "binary data, not text")
            return text
    if b"\x00" in data[:8192]:
        raise InputError("E115", "binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("E116", f"not UTF-8 text (bad byte at offset {exc.start}); convert it with iconv first"
                         ) from None


def _read_bytes(name: str, data: bytes, *, jsonl: bool, suffix: str, published: dt.date | None,
                max_bytes: int, stem: str | None = None) -> Iterator[Article | Failure]:
    if len(data) > max_bytes:
        yield Failure(name, too_large(len(data), max_bytes))
        return
    if not data.strip():
        yield Failure(name, InputError("E114", "empty input"))
        return
    try:
        text = _decode(data)
    except InputError as exc:
        yield Failure(name, exc)
        return
    if not text.strip():
        yield Failure(name, InputError("E114", "empty input"))
        return
    if jsonl:
        yield from parse_jsonl(name, text, max_bytes=max_bytes)
    elif suffix in HTML_SUFFIXES or _looks_like_html(text):
        yield from parse_html(name, text, published=published, article_id=stem)
    elif suffix in FEED_SUFFIXES:
        yield from parse_feed(name, data)
    else:
        try:
            yield parse_text(text, article_id=stem, published=published)
        except InputError as exc:
            yield Failure(name, exc)


HEADER_KEYS = {"title", "published", "source", "url", "id"}


def parse_text(text: str, *, article_id: str | None = None, published: dt.date | None = None) -> Article:
    """A plain-text report, optionally opening with a header block ("Published: 2023-03-14" lines, then a blank line)."""
    header: dict[str, str] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines) and ":" in lines[i]:
        key, _, value = lines[i].partition(":")
        if key.strip().lower() not in HEADER_KEYS or not value.strip():
            break
        header[key.strip().lower()] = value.strip()
        i += 1
    if header and i < len(lines) and not lines[i].strip():
        body = "\n".join(lines[i + 1:])
    else:
        header, body = {}, text
    if not body.strip():
        raise InputError("E114", "empty input (a header but no text)")
    record = {"id": header.get("id") or article_id or content_id(body), "text": body, **{
        k: v for k, v in header.items() if k != "id"}}
    article = Article.from_dict(record)
    if article.published is None:
        article.published = published
    return article


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))


def too_large(size: int, max_bytes: int, what: str = "input") -> InputError:
    return InputError("E112", f"{what} of {size:,} bytes is larger than the limit of {max_bytes:,} "
                              "(set --max-bytes to raise it)")


def content_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def parse_jsonl(name: str, text: str, *, max_bytes: int = 5_000_000) -> Iterator[Article | Failure]:
    """Articles from JSON Lines already decoded to text."""
    # JSON Lines end at "\n" only: str.splitlines() would also break inside texts holding U+2028 or U+0085.
    for lineno, line in enumerate(text.split("\n"), 1):
        size = len(line.encode("utf-8", "surrogatepass"))
        yield from _jsonl_line(f"{name}:{lineno}", line, too_large(size, max_bytes, "line") if size > max_bytes else None)


def read_jsonl_stream(name: str, stream: BinaryIO, *, max_bytes: int = 5_000_000) -> Iterator[Article | Failure]:
    """Articles from a binary stream of JSON Lines, one line at a time: a line is decoded and parsed
    on its own, and one longer than ``max_bytes`` is skipped without being held in memory."""
    head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
    if any(head.startswith(bom) for bom, _ in _BOMS):
        # Lines of UTF-16 or UTF-32 do not end at the byte "\n": such a file is decoded whole.
        data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            yield Failure(name, too_large(len(data), max_bytes, "JSON Lines input in UTF-16 or UTF-32"))
            return
        try:
            yield from parse_jsonl(name, _decode(data), max_bytes=max_bytes)
        except InputError as exc:
            yield Failure(name, exc)
        return
    lineno = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        lineno += 1
        where = f"{name}:{lineno}"
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            size = len(raw)
            while raw and not raw.endswith(b"\n"):  # the rest of the line, a block at a time
                raw = stream.readline(1 << 20)
                size += len(raw)
            yield Failure(where, too_large(size, max_bytes, "line"))
            continue
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Failure(where, InputError("E116", f"not UTF-8 text (bad byte at column {exc.start + 1}); "
                                                    "convert it with iconv first"))
            continue
        yield from _jsonl_line(where, line)


def _jsonl_line(where: str, line: str, too_long: InputError | None = None) -> Iterator[Article | Failure]:
    if not line.strip():
        return
    if too_long is not None:
        yield Failure(where, too_long)
        return
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        yield Failure(where, InputError("E117", f"malformed JSON ({exc.msg} at column {exc.colno})"))
        return
    except RecursionError:
        yield Failure(where, InputError("E134", "JSON nested too deeply to read"))
        return
    try:
        article = Article.from_dict(record)
    except InputError as exc:
        yield Failure(where, exc)
        return
    if not article.text.strip():
        yield Failure(where, InputError("E114", "empty 'text'"))
        return
    yield article


def parse_html(name: str, html: str, *, published: dt.date | None = None, url: str | None = None,
               article_id: str | None = None) -> Iterator[Article | Failure]:
    """Main text and metadata of a web page (trafilatura), publication date from the page (htmldate)."""
    import trafilatura
    from htmldate import find_date

    try:
        extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura raises many kinds on broken markup: convert at the boundary
        yield Failure(name, InputError("E118", f"cannot extract text from HTML: {exc}"))
        return
    meta = extracted if isinstance(extracted, dict) else (extracted.as_dict() if extracted is not None else {})
    text = (meta.get("text") or "").strip()
    if not text:
        yield Failure(name, InputError("E119", "no article text found in the HTML"))
        return
    title = meta.get("title") or None
    if published is None:
        try:
            found = find_date(html, original_date=True, outputformat="%Y-%m-%d")
        except Exception:  # htmldate is best effort: a page without a date is still an article
            found = None
        published = dt.date.fromisoformat(found) if found else None
    full = f"{title}\n\n{text}" if title and not text.startswith(title) else text
    yield Article(id=article_id or content_id(url or full), text=full, title=title, published=published,
                  source=meta.get("sitename") or None, url=url or meta.get("url") or None)


def parse_feed(name: str, data: bytes) -> Iterator[Article | Failure]:
    """Items of an RSS or Atom feed: title and summary as the text, the item date as published."""
    import feedparser

    feed = feedparser.parse(data)
    if feed.bozo and not feed.entries:
        yield Failure(name, InputError("E120", f"not a readable feed: {feed.get('bozo_exception')}"))
        return
    source = feed.feed.get("title") or None
    for i, entry in enumerate(feed.entries):
        summary = _strip_tags(entry.get("summary") or entry.get("description") or "")
        title = entry.get("title") or ""
        text = "\n\n".join(t for t in (title, summary) if t)
        if not text.strip():
            yield Failure(f"{name}#{i + 1}", InputError("E114", "feed item without title or summary"))
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None
        try:
            item_id = article_id(entry.get("id") or entry.get("link") or content_id(text))
        except InputError as exc:
            yield Failure(f"{name}#{i + 1}", exc)
            continue
        yield Article(id=item_id, text=text, title=title or None, published=published, source=source,
                      url=entry.get("link"))


def _strip_tags(html: str) -> str:
    import re
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", " ", html)).strip()


def read_url(url: str, *, published: dt.date | None = None, max_bytes: int = 5_000_000,
             timeout: float = 20.0) -> Iterator[Article | Failure]:
    """Fetch a page or feed over HTTP and read it like a file."""
    import httpx

    try:
        with httpx.Client(follow_redirects=True, timeout=timeout,
                          headers={"User-Agent": "sitrep/0.1 (+conflict event coder)"}) as client:
            resp = client.get(url)
    except httpx.HTTPError as exc:
        yield Failure(url, InputError("E121", f"cannot fetch: {exc}"))
        return
    if resp.status_code >= 400:
        yield Failure(url, InputError("E122", f"HTTP {resp.status_code}"))
        return
    data = resp.content
    if len(data) > max_bytes:
        yield Failure(url, too_large(len(data), max_bytes))
        return
    ctype = resp.headers.get("content-type", "").lower()
    if any(k in ctype for k in ("rss", "atom", "xml")) and b"<html" not in data[:500].lower():
        yield from parse_feed(url, data)
        return
    text = data.decode(resp.encoding or "utf-8", errors="replace")
    if "html" in ctype or _looks_like_html(text):
        yield from parse_html(url, text, published=published, url=url, article_id=content_id(url))
    else:
        yield Article(id=content_id(url), text=text, published=published, url=url)

