"""The `sitrep` command line."""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator

import click

from . import filters as filters_mod
from . import settings as settings_mod
from .errors import SitrepError
from .model import Article, parse_iso_date

# numpy's OpenBLAS would start a thread per core for the typer's small matrix products and keep
# them spinning between calls, next to spaCy and onnxruntime, which have threads of their own: one
# thread cut the CPU time of a run by about 10%. Read when numpy loads, which the commands do later.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

EPILOG = """\b
Examples:
  sitrep extract report.txt --published 2020-02-01
  sitrep extract --jsonl < articles.jsonl > events.jsonl
  sitrep ingest examples/ && sitrep events --format table
  sitrep places --jsonl < articles.jsonl
  sitrep geocode "Maarat al-Numan"
"""


class RunState:
    """Counts failed inputs so a command can go on and still exit non-zero at the end."""

    def __init__(self) -> None:
        self.failures = 0
        self.undated: list[str] = []  # ids of articles with no publication date and an undated event

    def fail(self, message: str) -> None:
        self.failures += 1
        click.echo(f"sitrep: error: {message}", err=True)

    def passed(self, docs):
        """The documents that went through the whole pipeline; the others are reported as failed."""
        for doc in docs:
            if doc.error is not None:
                self.fail(f"{doc.article.id}: {doc.error}")
            else:
                yield doc

    def check_dates(self, doc):
        """Remember an article whose events went undated for want of a publication date: "on
        Saturday" means nothing without one, and the user can fix it with --published. Returns
        ``doc``, so a stream of documents can pass through."""
        if doc.article.published is None and any(ev.event_date is None for ev in doc.events):
            self.undated.append(doc.article.id)
        return doc


def setting_option(name: str):
    s = settings_mod.BY_NAME[name]
    return click.option(s.option, name, default=None, type=settings_mod.click_type(s),
                        help=f"{s.help} [env {s.env}; default {s.default!r}]")


def published_option(f):
    return click.option("--published", type=str, default=None, metavar="YYYY-MM-DD",
                        help="Publication date of plain-text inputs, for relative dates like 'on Saturday'.")(f)


def _published(value: str | None) -> dt.date | None:
    return parse_iso_date(value) if value else None


def articles_from(paths: tuple[str, ...], jsonl: bool, published: dt.date | None, max_bytes: int,
                  state: RunState) -> Iterator[Article]:
    from .ingest import Failure, read_inputs

    if not paths:
        if sys.stdin.isatty():
            raise click.UsageError("give one or more PATHs, or pipe text (or JSON Lines with --jsonl) to stdin")
        paths = ("-",)
    for item in read_inputs(paths, stdin=sys.stdin.buffer, jsonl=jsonl, published=published, max_bytes=max_bytes):
        if isinstance(item, Failure):
            state.fail(str(item))
        else:
            yield item


def finish(state: RunState) -> None:
    if state.undated:
        shown = ", ".join(state.undated[:3]) + (", ..." if len(state.undated) > 3 else "")
        click.echo(f"sitrep: note: {len(state.undated)} article(s) ({shown}) have no publication date, so "
                   "dates written relative to it ('on Saturday') are left empty; give --published YYYY-MM-DD, "
                   "a 'Published:' header line or a 'published' JSON field", err=True)
    if state.failures:
        click.echo(f"sitrep: {state.failures} input(s) failed; see the errors above", err=True)
        sys.exit(1)


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="sitrep")
def cli() -> None:
    """Sitrep reads news reports about armed conflict and codes them as ACLED-style events:
    what happened, who did it to whom, where (with coordinates), when, how many died and who
    says so, with the evidence behind each field.

    Inputs are text files, folders, HTML pages, RSS/Atom feeds, http(s) URLs, JSON Lines
    ({"id", "text", "title", "published", "source", "url"} per line) or stdin ("-").
    """


def _extraction_settings(overrides: dict) -> dict:
    """Settings of a command that extracts, with ``workers`` resolved to a number of processes (so the
    typer knows whether it will run in forked workers and should keep to one thread)."""
    cfg = settings_mod.resolve(overrides)
    cfg["workers"] = settings_mod.worker_count(cfg["workers"])
    return cfg


def _pipeline(overrides: dict):
    from .pipeline import default_pipeline

    return default_pipeline(overrides)


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--jsonl", is_flag=True, help="Read JSON Lines articles (stdin by default) and write JSON Lines events.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv"]), default=None,
              help="Output format [default: table on a terminal, jsonl otherwise].")
@published_option
@setting_option("min_confidence")
@setting_option("country")
@setting_option("batch_size")
@setting_option("workers")
@setting_option("max_bytes")
@setting_option("max_chars")
@setting_option("time_budget")
@setting_option("gazetteer")
def extract(paths, jsonl, fmt, published, **overrides):
    """Extract events from PATHS (files, folders, URLs or - for stdin) and print them.

    Events of one article come most salient first. `--jsonl` is the referee contract: one JSON
    object per event, each with `article_id`.
    """
    from .export import write

    state = RunState()
    cfg = _extraction_settings(overrides)
    fmt = "jsonl" if jsonl else (fmt or ("table" if sys.stdout.isatty() else "jsonl"))
    pipeline = _pipeline(cfg)
    docs = state.passed(pipeline.process(articles_from(paths, jsonl, _published(published), cfg["max_bytes"], state),
                                         batch_size=cfg["batch_size"], workers=cfg["workers"]))
    records = (ev.to_record() for doc in docs for ev in state.check_dates(doc).events)
    write(records, fmt, sys.stdout)
    sys.stdout.flush()
    finish(state)


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--jsonl", is_flag=True, help="Read JSON Lines articles (stdin by default).")
@setting_option("country")
@setting_option("batch_size")
@setting_option("workers")
@setting_option("max_bytes")
@setting_option("max_chars")
@setting_option("time_budget")
@setting_option("gazetteer")
def places(paths, jsonl, **overrides):
    """List every place named in PATHS, with coordinates: one JSON object per mention.

    Keys: article_id, start, end (character offsets into the text), text, latitude, longitude,
    and where known name, geonameid, country, admin1, admin2, feature_class, confidence.
    """
    from .pipeline import Pipeline
    from .resources_loader import Resources
    from .stages import place_stages

    state = RunState()
    cfg = _extraction_settings(overrides)
    pipeline = Pipeline(place_stages(Resources.load(cfg)), max_chars=cfg["max_chars"], time_budget=cfg["time_budget"])
    for doc in state.passed(pipeline.process(articles_from(paths, jsonl, None, cfg["max_bytes"], state),
                                             batch_size=cfg["batch_size"], workers=cfg["workers"])):
        for pm in doc.places:
            click.echo(json.dumps(pm.to_record(doc.article.id), ensure_ascii=False))
    finish(state)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--jsonl", is_flag=True, help="Treat every input as JSON Lines articles.")
@published_option
@setting_option("db")
@setting_option("min_confidence")
@setting_option("country")
@setting_option("batch_size")
@setting_option("workers")
@setting_option("max_bytes")
@setting_option("max_chars")
@setting_option("time_budget")
@setting_option("lock_timeout")
@setting_option("gazetteer")
def ingest(paths, jsonl, published, **overrides):
    """Extract events from PATHS and store articles, events and figures in the SQLite store.

    Running it again on the same input adds nothing; an article whose text changed is replaced
    with its new events. Each article is stored whole or not at all.
    """
    from tqdm import tqdm

    from .store import Store

    state = RunState()
    cfg = _extraction_settings(overrides)
    started = time.perf_counter()
    counts = {"added": 0, "replaced": 0, "skipped": 0, "events": 0}
    with Store(cfg["db"], lock_timeout=cfg["lock_timeout"]) as store:
        pending = (a for a in articles_from(paths, jsonl, _published(published), cfg["max_bytes"], state)
                   if store.status(a) != "same" or counts.__setitem__("skipped", counts["skipped"] + 1))
        pipeline = _pipeline(cfg)
        progress = tqdm(desc="ingest", unit=" articles", disable=None, file=sys.stderr)
        for doc in state.passed(pipeline.process(pending, batch_size=cfg["batch_size"], workers=cfg["workers"])):
            outcome = store.add(doc.article, doc.events, doc.figures)
            state.check_dates(doc)
            counts[outcome] += 1
            counts["events"] += len(doc.events) if outcome != "skipped" else 0
            progress.update(1)
        progress.close()
        total = store.counts()
        sources = store.source_count()
    click.echo(f"{counts['added']} article(s) added, {counts['replaced']} replaced, {counts['skipped']} already "
               f"stored; {counts['events']} event(s) written in {time.perf_counter() - started:.1f}s. "
               f"{cfg['db']} holds {total['articles']} articles, {total['events']} events (merged from {sources} "
               f"reports of them), {total['figures']} figures.", err=True)
    finish(state)


def _open_store(db):
    from pathlib import Path

    from .store import Store

    path = settings_mod.resolve({"db": db})["db"]
    if not Path(path).exists():
        raise click.ClickException(f"no store at {path}; run `sitrep ingest PATH...` first (or give --db)")
    return Store(path)


@cli.command()
@setting_option("db")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv"]), default="table", show_default=True)
@filters_mod.click_options
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many events.")
@click.option("--show", "show", type=int, default=None, metavar="EVENT_ID",
              help="Print one event, its sources and why they were merged.")
def events(db, fmt, limit, show, **filter_values):
    """List the events stored in the SQLite store, newest first: one per incident, with every
    article that reported it in `sources`."""
    from .export import write

    with _open_store(db) as store:
        if show is not None:
            found = store.explain(show)
            if found is None:
                from .errors import StoreError

                raise StoreError("E543", f"no event with id {show} in {store.path}")
            if fmt in ("json", "jsonl"):
                click.echo(json.dumps(found, ensure_ascii=False, indent=2 if fmt == "json" else None))
            else:
                click.echo(format_explanation(found))
            return
        write(store.events(**filters_mod.given(filter_values), limit=limit), fmt, sys.stdout)


def format_explanation(found: dict) -> str:
    ev = found["event"]
    out = [f"event {ev['event_id']}: {ev['event_date']} (time_precision {ev['time_precision']})  "
           f"{ev['event_type']} / {ev['sub_event_type']}",
           f"  where: {ev['location']}, {ev['admin1']}, {ev['country']} (geo_precision {ev['geo_precision']})",
           f"  actors: {ev['actor1'] or '-'} vs {ev['actor2'] or '-'}",
           f"  fatalities: {ev['fatalities']} (exact counts before approximate ones, a toll told as risen over earlier reports, then the lowest)",
           f"  source: {ev['source']}"]
    others = [c for c in ev.get("claims") or [] if c.get("kind") == "fatalities" and c.get("value") != ev["fatalities"]]
    for c in others:
        out.append(f"  other figure: {c.get('value')} according to {c.get('claimed_by') or '?'}"
                   + (f" (article {c['article_id']})" if c.get("article_id") else ""))
    out.append(f"  {len(found['sources'])} source(s):")
    for i, src in enumerate(found["sources"], 1):
        out.append(f"  {i}. article {src['article_id']} #{src['seq']}  {src['source'] or 'no outlet'}, "
                   f"published {src['published'] or '?'}: {src['title'] or ''}".rstrip(": "))
        out.append(f"     reported {src['event_date']} {src['sub_event_type']} at {src['location'] or '?'}, "
                   f"{src['actor1'] or '-'} vs {src['actor2'] or '-'}, {src['fatalities']} dead")
        if "matched" in src:
            m = src["matched"]
            out.append(f"     merged with article {m['article_id']} #{m['seq']} because: " + "; ".join(src["reasons"]))
        else:
            out.append("     the report the others were matched to" if len(found["sources"]) > 1 else "     the only source")
    return "\n".join(out)


@cli.command()
@click.argument("ids", nargs=-1, required=True)
@setting_option("db")
@setting_option("lock_timeout")
def remove(ids, db, lock_timeout):
    """Remove the articles with these IDS and their contribution: their sources leave the merged
    events, an event left with no source is deleted, the others are merged again without them."""
    from .errors import StoreError

    path = settings_mod.resolve({"db": db})["db"]
    store = _open_store(db)
    store.lock_timeout = settings_mod.resolve({"lock_timeout": lock_timeout})["lock_timeout"]
    missing = []
    with store:
        for article_id in ids:
            if store.remove(article_id):
                click.echo(f"removed {article_id}", err=True)
            else:
                missing.append(article_id)
        total = store.counts()
    click.echo(f"{path} holds {total['articles']} articles, {total['events']} events.", err=True)
    if missing:
        raise StoreError("E542", f"no article with id {', '.join(repr(m) for m in missing)} in {path}; the others "
                                 "were removed")


@cli.command()
@setting_option("db")
@click.option("--article", "article_id", default=None, help="Only figures of this article id.")
def figures(db, article_id):
    """List stored figure records (casualty totals, displacement, people in need) with their claimants."""
    from pathlib import Path

    from .store import Store

    path = settings_mod.resolve({"db": db})["db"]
    if not Path(path).exists():
        raise click.ClickException(f"no store at {path}; run `sitrep ingest PATH...` first (or give --db)")
    with Store(path) as store:
        for rec in store.figures(article_id):
            click.echo(json.dumps(rec, ensure_ascii=False))


@cli.command()
@click.argument("name")
@click.option("--country-code", default=None, help="ISO 3166 alpha-2 code to restrict the look-up (e.g. SY).")
@click.option("--limit", type=int, default=5, show_default=True)
@setting_option("gazetteer")
def geocode(name, country_code, limit, **overrides):
    """Look a place NAME up in the gazetteer: best matches first."""
    from dataclasses import asdict

    from .resources_loader import Resources

    res = Resources.load(settings_mod.resolve(overrides))
    found = res.gazetteer.lookup(name, country_code=country_code, limit=limit)
    if not found:
        raise click.ClickException(f"no place called {name!r} in the gazetteer")
    for place in found:
        click.echo(json.dumps(asdict(place), ensure_ascii=False))


@cli.command()
@click.argument("text", required=False)
@click.option("--report", is_flag=True,
              help="Run the whole pipeline on TEXT as one report: its events, then every event mention "
                   "dropped on the way and why (background, a statement, told before ...).")
@published_option
def explain(text, report, published):
    """Show which words or rules led to each event type for TEXT (or stdin).

    With --report, also why a report gave the events it did and not others: useful when a report you
    expected an event from gives none."""
    from .resources_loader import Resources

    if text is None:
        text = sys.stdin.read()
    if not text.strip():
        raise click.UsageError("give a TEXT to explain, or pipe it to stdin")
    if not report:
        click.echo(Resources.load({}).typer.explain(text))
        return
    from .pipeline import default_pipeline

    doc = default_pipeline({})(Article("explain", text, published=_published(published)))
    click.echo(explain_report(doc))


def explain_report(doc) -> str:
    """The events of one processed report and the mentions dropped from it, each with its reason."""
    lines = [f"{len(doc.events)} event(s):"]
    for ev in doc.events:
        place = ev.location or "no place"
        lines.append(f"  {ev.event_date or 'no date'}  {ev.sub_event_type}  {place}"
                     f"{', ' + ev.country if ev.country else ''}  fatalities {ev.fatalities}")
    if not doc.events and not doc.background:
        lines.append("No sentence was typed as an event: none holds a word of one, or the model gave each "
                     "less than the confidence floor (see `sitrep explain` on a sentence).")
        return "\n".join(lines)
    lines.append(f"{len(doc.background)} mention(s) dropped:")
    for m in doc.background:
        why = next((c[len("background: "):] for c in reversed(m.cues) if c.startswith("background: ")),
                   "joined to another mention or judged no event")
        sentence = " ".join(doc.text[m.sentence[0]:m.sentence[1]].split())
        lines.append(f"  {m.sub_event_type} ({m.confidence:.2f}): {why}\n    \"{sentence[:160]}"
                     f"{'...' if len(sentence) > 160 else ''}\"")
    return "\n".join(lines)


@cli.group()
def gazetteer():
    """Build the gazetteer, or load official GeoNames dump files into it."""


def _gazetteer_path(value: str | None) -> str:
    from .geo import default_path

    return settings_mod.resolve({"gazetteer": value})["gazetteer"] or str(default_path())


@gazetteer.command("build")
@setting_option("gazetteer")
def gazetteer_build(gazetteer):
    """(Re)build the gazetteer from the GeoNames data shipped on PyPI and Sitrep's supplement."""
    path = _gazetteer_path(gazetteer)
    started = time.perf_counter()
    from .geo import Gazetteer

    stats = Gazetteer.build(path)
    click.echo(f"built {path} in {time.perf_counter() - started:.0f}s: {stats}", err=True)


@gazetteer.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--feature-classes", default=None, metavar="CLASSES",
              help="Keep only these GeoNames feature classes from geoname files, e.g. APL (units, towns, areas).")
@setting_option("gazetteer")
def gazetteer_import(paths, feature_classes, gazetteer):
    """Load official GeoNames files (allCountries.txt, XX.txt, citiesN.txt, admin1CodesASCII.txt,
    admin2Codes.txt, countryInfo.txt, alternateNamesV2.txt) into the gazetteer. Importing a file
    again replaces its rows; nothing is duplicated."""
    from .geo import import_geonames

    path = _gazetteer_path(gazetteer)
    started = time.perf_counter()
    counts = import_geonames(path, list(paths), progress=True, feature_classes=feature_classes)
    click.echo(f"imported into {path} in {time.perf_counter() - started:.0f}s: {counts}", err=True)


@gazetteer.command("info")
@setting_option("gazetteer")
def gazetteer_info(gazetteer):
    """Where the gazetteer is, its size and what it holds."""
    import sqlite3
    from pathlib import Path

    path = Path(_gazetteer_path(gazetteer))
    if not path.exists():
        raise click.ClickException(f"no gazetteer at {path} yet; `sitrep gazetteer build` makes one")
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    click.echo(f"{path}: {path.stat().st_size / 1e6:.0f} MB")
    for table in tables:
        click.echo(f"  {table}: {con.execute(f'SELECT COUNT(*) FROM {table}').fetchone()[0]} rows")


@cli.command("settings")
def show_settings():
    """Print every setting with its option, environment variable and default."""
    click.echo(settings_mod.markdown_table())


def main(argv: Iterable[str] | None = None) -> None:
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="sitrep", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("sitrep: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except SitrepError as exc:
        click.echo(f"sitrep: error: {exc}", err=True)
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(0)
    except SystemExit:
        raise
from .serve.command import serve as _serve; cli.add_command(_serve)  # noqa: E402
from .scale.command import load as _load, scale as _scale; cli.add_command(_scale); cli.add_command(_load)  # noqa: E402
from .export.command import export as _export; cli.add_command(_export)  # noqa: E402
