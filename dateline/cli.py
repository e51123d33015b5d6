"""The command line: a thin layer over the Python API (parse, one call, print)."""
from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from . import present, query
from .errors import DatelineError
from .ingest.limits import DEFAULT_DOC_TIMEOUT, DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, Limits
from .store import Store

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Dateline: news articles in, a dated and sourced timeline of political events out.")
kb_app = typer.Typer(add_completion=False, no_args_is_help=True, help="Inspect and extend the actor knowledge base.")
app.add_typer(kb_app, name="kb")
err = Console(stderr=True, soft_wrap=True)

DB = typer.Option("dateline.db", "--db", help="SQLite database file.")
TOPIC_TOP, TOPIC_SENTENCES = 20, 2  # topic timelines: dates, sentences per date (tls.DEFAULT_*)
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3


def _filters(country: str | None, dyad: str | None, person: str | None, type_: str | None,
             topic: str | None, since: str | None, until: str | None) -> query.EventFilter:
    try:
        return query.EventFilter.parse(country=country, dyad=dyad, person=person, type=type_, topic=topic,
                                       since=since, until=until)
    except DatelineError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from exc


def _open(db: str) -> Store:
    try:
        return Store(db, readonly=True)
    except DatelineError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_FAILED) from exc


@app.command()
def run(
    paths: list[Path] = typer.Argument(..., help="Files or folders (searched recursively): text, HTML, JSON lines, WARC."),
    db: str = DB,
    taxonomy: Optional[Path] = typer.Option(None, "--taxonomy", help="A topic taxonomy YAML file replacing the default."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    kb_dir: Path = typer.Option(Path("dateline-kb"), "--kb-dir",
                                help="Folder of user knowledge-base files (used when it exists)."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1,
                                  help="Skip a file (or WARC record) larger than this many bytes."),
    max_chars: int = typer.Option(DEFAULT_MAX_CHARS, "--max-chars", min=1,
                                  help="Skip an article longer than this many characters (it is not truncated)."),
    doc_timeout: float = typer.Option(DEFAULT_DOC_TIMEOUT, "--doc-timeout", min=0,
                                      help="Seconds one document may take in a stage before it is skipped; 0: no limit."),
    batch_size: int = typer.Option(32, "--batch-size", min=1,
                                   help="Articles parsed and written together (one transaction)."),
    published_from_path: bool = typer.Option(False, "--published-from-path",
                                             help="Date an article whose text gives no publication date by a "
                                                  "YYYY-MM-DD or YYYY/MM/DD component of its path."),
) -> None:
    """Ingest, clean, extract events and store them; re-running changes nothing.

    Example: dateline run examples/seeds --db seeds.db

    Exit status: 0 all inputs processed; 3 finished but some inputs were skipped
    (listed in the summary and in the database's `skipped` table); 1 the run failed
    (for example another run is writing to the same database).
    """
    from .pipeline import process

    limits = Limits(max_bytes=max_bytes, max_chars=max_chars, doc_timeout=doc_timeout or None)
    try:
        summary = _with_progress(lambda tick: process(paths, db, progress=tick, taxonomy=taxonomy, kb_dir=kb_dir,
                                                      limits=limits, batch_size=batch_size,
                                                      published_from_path=published_from_path), quiet)
    except DatelineError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_FAILED) from exc
    for s in summary.skipped:
        err.print(f"[yellow]skipped[/yellow] {escape(s.path)}: {escape(s.reason)}")
    err.print(f"{summary.inputs} inputs: {summary.new_articles} new articles, {summary.known_articles} already stored, "
              f"{summary.duplicates} near-duplicates, {len(summary.skipped)} skipped; "
              f"{summary.events} events in {db}")
    if summary.skipped:
        raise typer.Exit(EXIT_SKIPPED)


def _with_progress(job: Any, quiet: bool) -> Any:
    if quiet or not sys.stderr.isatty():
        return job(lambda what, n: None)
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err) as bar:
        task = bar.add_task("reading inputs", total=None)
        return job(lambda what, n: bar.update(task, description=f"{n} inputs processed"))


@app.command()
def articles(
    db: str = DB,
    format: str = typer.Option("table", "--format", "-f", help="jsonl, csv or table."),
) -> None:
    """List stored articles with their metadata, cleaned text and removed lines.

    Example: dateline articles --db seeds.db --format jsonl
    """
    store = _open(db)
    rows = (a.to_dict() for a in query.articles(store))
    _emit(rows, format, table_fields=("article_id", "published", "outlet", "title", "duplicate_of"))


@app.command()
def events(
    db: str = DB,
    format: str = typer.Option("table", "--format", "-f", help="jsonl, csv or table."),
    country: Optional[str] = typer.Option(None, help="ISO-3 code of a participant's country, e.g. PAK."),
    dyad: Optional[str] = typer.Option(None, help="Two ISO-3 codes, e.g. USA-PAK."),
    person: Optional[str] = typer.Option(None, help="Part of a participant's name, e.g. Blinken."),
    type: Optional[str] = typer.Option(None, "--type", help="PLOVER type, e.g. CONSULT."),
    topic: Optional[str] = typer.Option(None, help="Topic id, e.g. counterterrorism."),
    since: Optional[str] = typer.Option(None, help="Events ending on or after this date (YYYY[-MM[-DD]])."),
    until: Optional[str] = typer.Option(None, help="Events starting on or before this date (YYYY[-MM[-DD]])."),
) -> None:
    """List merged events, one real-world event per line, with all its mentions.

    Example: dateline events --db seeds.db --dyad USA-PAK --format jsonl
    """
    flt = _filters(country, dyad, person, type, topic, since, until)
    store = _open(db)
    rows = (e.to_dict() for e in query.events(store, flt))
    _emit(rows, format, table_fields=("date", "type", "mode", "participants", "sources"), flatten=present.flat_event)


@app.command()
def timeline(
    db: str = DB,
    format: str = typer.Option("md", "--format", "-f", help="md, json or html."),
    dyad: Optional[str] = typer.Option(None, help="Two ISO-3 codes, e.g. USA-PAK."),
    country: Optional[str] = typer.Option(None, help="ISO-3 code of a participant's country."),
    person: Optional[str] = typer.Option(None, help="Part of a participant's name."),
    type: Optional[str] = typer.Option(None, "--type", help="PLOVER type, e.g. CONSULT."),
    topic: Optional[str] = typer.Option(None, help="Topic id."),
    since: Optional[str] = typer.Option(None, help="From this date (YYYY[-MM[-DD]])."),
    until: Optional[str] = typer.Option(None, help="Up to this date (YYYY[-MM[-DD]])."),
    fts: Optional[str] = typer.Option(None, "--query", help="Topic mode: an FTS5 query over article text, "
                                                              "e.g. 'libya OR gadhafi'."),
    keywords: Optional[Path] = typer.Option(None, "--keywords", help="Topic mode: a JSON list of keywords (any)."),
    top: Optional[int] = typer.Option(None, "--top", min=1, help="Topic mode: the K dates that matter most "
                                                                  f"(default {TOPIC_TOP})."),
    sentences: int = typer.Option(TOPIC_SENTENCES, "--sentences", min=1, help="Topic mode: sentences per date."),
) -> None:
    """Print the timeline of events, dated as precisely as the evidence allows; with
    --query or --keywords, the topic timeline: the dates that matter most, in sentences.

    Example: dateline timeline --db seeds.db --dyad USA-PAK --format md
    Example: dateline timeline --db t17.db --query "libya OR gadhafi" --top 10 --sentences 2
    """
    if fts is not None or keywords is not None:
        _topic_timeline(db, format, fts, keywords, top, sentences, since, until,
                        ignored=[n for n, v in (("--dyad", dyad), ("--country", country), ("--person", person),
                                                ("--type", type), ("--topic", topic)) if v])
        return
    if top is not None:
        err.print("[red]error:[/red] --top needs --query or --keywords")
        raise typer.Exit(EXIT_USAGE)
    flt = _filters(country, dyad, person, type, topic, since, until)
    store = _open(db)
    evs = list(query.events(store, flt))
    if format not in present.TIMELINE_FORMATS:
        err.print(f"[red]error:[/red] --format must be one of {', '.join(present.TIMELINE_FORMATS)}")
        raise typer.Exit(EXIT_USAGE)
    sys.stdout.write(present.timeline(evs, format, title=present.title_for(flt)))


def _topic_timeline(db: str, fmt: str, fts: str | None, keywords: Path | None, top: int | None,
                    sentences: int, since: str | None, until: str | None, ignored: list[str]) -> None:
    """Topic mode of ``timeline``: one call to ``tls.topic_timeline``, printed."""
    from . import tls

    if ignored or (fts is not None and keywords is not None) or fmt not in present.TIMELINE_FORMATS:
        why = (f"{', '.join(ignored)} do not apply to a topic timeline" if ignored else
               "give --query or --keywords, not both" if fts is not None and keywords is not None else
               f"--format must be one of {', '.join(present.TIMELINE_FORMATS)}")
        err.print(f"[red]error:[/red] {why}")
        raise typer.Exit(EXIT_USAGE)
    store = _open(db)
    try:
        text = fts if keywords is None else tls.keywords_query(tls.load_keywords(keywords))
        tl = tls.topic_timeline(store, text, top=top or TOPIC_TOP, sentences=sentences, since=since, until=until)
    except DatelineError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from exc
    sys.stdout.write(tls.render(tl, fmt))


@app.command("eval")
def eval_(
    gold: Path = typer.Argument(..., help="A gold file in the form of examples/seeds-expected.json."),
    docs: Path = typer.Argument(..., help="The folder holding the articles the gold names."),
    show: bool = typer.Option(False, "--show", help="List hits, misses and false positives."),
) -> None:
    """Score Dateline on a gold file: event recall/precision, dates, clusters, cleaning, metadata.

    Example: dateline eval examples/seeds-expected.json examples/seeds --show
    """
    from .evaluate import evaluate_dir

    result = evaluate_dir(gold, docs)
    if show:
        for line in result.details:
            print(line)
    for k, v in result.figures.items():
        print(f"{k}: {v}")


@app.command()
def serve(
    db: str = DB,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (only this machine by default)."),
    port: int = typer.Option(8000, "--port", help="TCP port."),
) -> None:
    """Serve the timeline, event, article, people, search and chart pages and the JSON API.

    Example: dateline serve --db seeds.db --port 8000   (then open http://127.0.0.1:8000/)
    """
    try:
        import uvicorn

        from .web.app import create_app
    except ImportError as exc:
        err.print("[red]error:[/red] the web app needs the 'web' extra: pip install 'dateline[web]'")
        raise typer.Exit(EXIT_FAILED) from exc
    try:
        web = create_app(db)
    except DatelineError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_FAILED) from exc
    uvicorn.run(web, host=host, port=port, log_level="warning")


@kb_app.command("add")
def kb_add(
    name: str = typer.Argument(..., help="Canonical full name, e.g. 'Jane Doe'."),
    office: str = typer.Option(..., help="Office, e.g. 'Foreign Minister'."),
    country: str = typer.Option(..., help="ISO-3 country (or IGO code)."),
    sector: str = typer.Option("GOV", help="GOV, MIL, IGO, ..."),
    start: Optional[str] = typer.Option(None, help="Start of tenure, YYYY-MM-DD."),
    end: Optional[str] = typer.Option(None, help="End of tenure, YYYY-MM-DD."),
    alias: list[str] = typer.Option([], "--alias", help="Another spelling; repeat for several."),
    kb_dir: Path = typer.Option(Path("dateline-kb"), "--kb-dir", help="Folder of user knowledge-base files."),
) -> None:
    """Add a person and one role to the user knowledge base.

    Example: dateline kb add "Jane Doe" --office "Foreign Minister" --country GBR --start 2026-01-05
    """
    from .actors import kb as kbmod
    from .model import Role

    person = kbmod.Person(person_id="", name=name, aliases=tuple(alias),
                          roles=(Role(office, country.upper(), sector.upper(), start, end),))
    kbmod.save_user_entries(kb_dir, [person])
    err.print(f"added {name} ({office}, {country.upper()}) to {kb_dir}")


@kb_app.command("import")
def kb_import(
    file: Path = typer.Argument(..., help="CSV or JSON (e.g. a Wikidata query export)."),
    kb_dir: Path = typer.Option(Path("dateline-kb"), "--kb-dir", help="Folder of user knowledge-base files."),
) -> None:
    """Import people and roles from a CSV or JSON file into the user knowledge base.

    Example: dateline kb import officials.csv
    """
    from .actors import kb as kbmod

    try:
        people = kbmod.import_file(file)
    except DatelineError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_FAILED) from exc
    kbmod.save_user_entries(kb_dir, people)
    err.print(f"imported {len(people)} people from {file} into {kb_dir}")


def _emit(rows: Iterable[dict[str, Any]], fmt: str, *, table_fields: tuple[str, ...],
          flatten: Any = None) -> None:
    if fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        _emit_csv([flatten(r) if flatten else _flat(r) for r in rows])
    elif fmt == "table":
        _emit_table([flatten(r) if flatten else _flat(r) for r in rows], table_fields)
    else:
        err.print(f"[red]error:[/red] --format must be jsonl, csv or table, not {fmt!r}")
        raise typer.Exit(EXIT_USAGE)


def _flat(r: dict[str, Any]) -> dict[str, Any]:
    return {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v) for k, v in r.items()}


def _emit_csv(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
    sys.stdout.write(buf.getvalue())


def _emit_table(rows: list[dict[str, Any]], fields: tuple[str, ...]) -> None:
    t = Table(*fields)
    for r in rows:
        t.add_row(*[str(r.get(f) if r.get(f) is not None else "") for f in fields])
    Console().print(t)


def main() -> None:
    try:
        app()
    except DatelineError as exc:
        err.print(f"[red]error:[/red] {exc}")
        sys.exit(EXIT_FAILED)
