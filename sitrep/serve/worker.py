"""Extraction for `POST /api/extract` in a worker process of its own, with a time budget.

A thread is not enough: spaCy's tokenizer holds the GIL through its loops, so one pathological
text (a long run of punctuation) stalled every GET of the server for tens of seconds. In a separate
process the server's own threads never wait on it, and an article over its budget is stopped by
ending the process; the next request starts a fresh one. One extraction runs at a time, and a
request that finds the worker busy is told so at once rather than queued without bound.
"""
from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from typing import Any

from ..errors import InputError, ResourceError, SitrepError


class WorkerBusy(ResourceError):
    """Another extraction is running."""


class WorkerTimeout(ResourceError):
    """An extraction ran past its budget and was stopped."""


def _loop(conn, factory: Callable[[], Any]) -> None:
    from ..model import Article

    try:
        pipeline = factory()
    except SitrepError as exc:
        conn.send(("error", exc.code, exc.message))
        return
    except Exception as exc:  # noqa: BLE001 - reported to the server, which answers 503
        conn.send(("error", "E510", f"the extraction pipeline could not be built: {exc!r}"))
        return
    conn.send(("ready", None, None))
    while True:
        try:
            data = conn.recv()
        except (EOFError, OSError):
            return
        try:
            art = Article.from_dict(data)
            doc = pipeline(art)
            conn.send(("ok", None, {"article_id": art.id, "events": [ev.to_record() for ev in doc.events],
                                    "figures": [c.to_dict() for c in doc.figures]}))
        except InputError as exc:
            conn.send(("input", exc.code, exc.message))
        except SitrepError as exc:
            conn.send(("error", exc.code, exc.message))
        except Exception as exc:  # noqa: BLE001 - one bad article must not end the worker
            conn.send(("error", "E513", f"extraction failed on this article: {exc!r}"))


class ExtractWorker:
    """``run(article_dict)`` blocks the calling thread (never the event loop) until the events are back."""

    def __init__(self, factory: Callable[[], Any], timeout: float, start_timeout: float = 600.0):
        self.factory = factory
        self.timeout = timeout
        self.start_timeout = start_timeout
        self._ctx = multiprocessing.get_context("spawn")
        self._proc = None
        self._conn = None
        self._lock = threading.Lock()

    def _start(self) -> None:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_loop, args=(child, self.factory), daemon=True, name="sitrep-extract")
        proc.start()
        child.close()
        self._proc, self._conn = proc, parent
        # Building the pipeline (spaCy, gazetteer, ONNX) is not charged to the article's budget.
        if not parent.poll(self.start_timeout):
            self.stop()
            raise ResourceError("E510", f"the extraction pipeline did not start within {self.start_timeout:.0f} s")
        try:
            kind, code, message = parent.recv()
        except EOFError:
            self.stop()
            raise ResourceError("E510", "the extraction worker ended while starting") from None
        if kind != "ready":
            self.stop()
            raise ResourceError(code, message)

    def stop(self) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if conn is not None:
            conn.close()
        if proc is not None and proc.is_alive():
            proc.kill()
            proc.join(5)

    def run(self, article: dict) -> dict:
        if not self._lock.acquire(blocking=False):
            raise WorkerBusy("E512", "another extraction is running; try again when it ends")
        try:
            if self._proc is None or not self._proc.is_alive():
                self._start()
            self._conn.send(article)
            if not self._conn.poll(self.timeout):
                self.stop()
                raise WorkerTimeout("E511", f"extraction took longer than {self.timeout:g} s and was stopped "
                                            "(the extract_timeout setting)")
            try:
                kind, code, payload = self._conn.recv()
            except EOFError:
                self.stop()
                raise ResourceError("E513", "the extraction worker ended on this article") from None
        finally:
            self._lock.release()
        if kind == "ok":
            return payload
        if kind == "input":
            raise InputError(code, payload)
        raise ResourceError(code, payload)
