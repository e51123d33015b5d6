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

HELP = "Dateline: news articles in, a dated and sourced timeline of political events out."
app = typer.Typer(add_completion=True, no_args_is_help=True, rich_markup_mode=None, help=HELP)
kb_app = typer.Typer(add_completion=False, no_args_is_help=True, help="Inspect and extend the actor knowledge base.")
app.add_typer(kb_app, name="kb")
topics_app = typer.Typer(add_completion=False, no_args_is_help=True, help="Inspect the topic taxonomy.")
app.add_typer(topics_app, name="topics")
err = Console(stderr=True, soft_wrap=True)

DB = typer.Option("dateline.db", "--db", help="SQLite database file.")
TAXONOMY = typer.Option(None, "--taxonomy", help="A topic taxonomy YAML file replacing the default.")
KB_DIR = typer.Option(Path("dateline-kb"), "--kb-dir",
                      help="Folder of user knowledge-base files (used when it exists).")
TOPIC_TOP, TOPIC_SENTENCES = 20, 2  # topic timelines: dates, sentences per date (tls.DEFAULT_*)
# The event filters, one definition for every command that selects events.
COUNTRY = typer.Option(None, "--country", help="ISO-3 code of a participant's country, e.g. PAK.")
DYAD = typer.Option(None, "--dyad", help="Two ISO-3 codes, e.g. USA-PAK.")
PERSON = typer.Option(None, "--person", help="Part of a participant's name, e.g. Blinken.")
TYPE = typer.Option(None, "--type", help="PLOVER type, e.g. CONSULT.")
TOPIC = typer.Option(None, "--topic", help="Topic id, e.g. counterterrorism.")
SINCE = typer.Option(None, "--since", help="Events ending on or after this date (YYYY[-MM[-DD]]).")
UNTIL = typer.Option(None, "--until", help="Events starting on or before this date (YYYY[-MM[-DD]]).")
UNDATED = typer.Option(False, "--include-undated",
                       help="With --since/--until, keep undated events too (no evidence dates them; they fit no window).")
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3


def _print_version(value: bool) -> None:
    if value:
        from . import __version__

        print(f"dateline {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print Dateline's version and exit."),
) -> None:
    """Dateline: news articles in, a dated and sourced timeline of political events out.

    Shell completion: dateline --install-completion (bash, zsh, fish, PowerShell).
    """


def _filters(country: str | None, dyad: str | None, person: str | None, type_: str | None,
             topic: str | None, since: str | None, until: str | None,
             include_undated: bool = False) -> query.EventFilter:
    try:
        return query.EventFilter.parse(country=country, dyad=dyad, person=person, type=type_, topic=topic,
                                       since=since, until=until, include_undated=include_undated)
    except DatelineError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from exc


def _choice(option: str, value: str, allowed: tuple[str, ...]) -> None:
    """A usage error (status 2) naming the option and its allowed values."""
    if value not in allowed:
        err.print(f"[red]error:[/red] {option} must be one of {', '.join(allowed)}, not {value!r}")
        raise typer.Exit(EXIT_USAGE)


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
    workers: int = typer.Option(1, "--workers", "-w", min=1,
                                help="Processes that parse and extract (each loads the model once); "
                                     "the same result as 1. With --engine ray: Ray actors (default: the cluster's CPUs)."),
    engine: str = typer.Option("local", "--engine",
                               help="local (this machine) or ray (Ray Data; needs pip install 'dateline[ray]')."),
    shard_dir: Optional[Path] = typer.Option(None, "--shard-dir",
                                             help="With --engine ray: folder of the per-shard Parquet files, "
                                                  "kept so a re-run skips finished shards (default: DB.shards)."),
    published_from_path: bool = typer.Option(False, "--published-from-path",
                                             help="Date an article whose text gives no publication date by a "
                                                  "YYYY-MM-DD or YYYY/MM/DD component of its path."),
) -> None:
    """Ingest, clean, extract events and store them; re-running changes nothing.

    Example: dateline run examples/seeds --db seeds.db --workers 2

    Exit status: 0 all inputs processed; 3 finished but some inputs were skipped
    (listed in the summary and in the database's `skipped` table); 1 the run failed
    (for example another run is writing to the same database).
    """
    limits = Limits(max_bytes=max_bytes, max_chars=max_chars, doc_timeout=doc_timeout or None)
    if engine not in ("local", "ray"):
        err.print("[red]error:[/red] --engine must be local or ray")
        raise typer.Exit(EXIT_USAGE)
    try:
        summary = _with_progress(lambda tick: _process(engine, paths, db, tick, taxonomy, kb_dir, limits, batch_size,
                                                       workers, shard_dir, published_from_path), quiet)
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


def _process(engine: str, paths: list[Path], db: str, tick: Any, taxonomy: Path | None, kb_dir: Path,
             limits: Limits, batch_size: int, workers: int, shard_dir: Path | None,
             published_from_path: bool = False) -> Any:
    """One API call: the local pipeline or the Ray engine, with the same settings."""
    if engine == "ray":
        from . import ray_engine
        from .pipeline import Settings

        settings = Settings(taxonomy=taxonomy, kb_dir=kb_dir, limits=limits, published_from_path=published_from_path)
        return ray_engine.process(paths, db, shard_dir=shard_dir, settings=settings, batch_size=batch_size,
                                  workers=workers if workers > 1 else None, progress=tick)
    from .pipeline import process

    return process(paths, db, progress=tick, taxonomy=taxonomy, kb_dir=kb_dir, limits=limits,
                   batch_size=batch_size, workers=workers, published_from_path=published_from_path)


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
    country: Optional[str] = COUNTRY,
    dyad: Optional[str] = DYAD,
    person: Optional[str] = PERSON,
    type: Optional[str] = TYPE,
    topic: Optional[str] = TOPIC,
    since: Optional[str] = SINCE,
    until: Optional[str] = UNTIL,
    include_undated: bool = UNDATED,
) -> None:
    """List merged events, one real-world event per line, with all its mentions.

    Example: dateline events --db seeds.db --dyad USA-PAK --format jsonl
    """
    flt = _filters(country, dyad, person, type, topic, since, until, include_undated)
    store = _open(db)
    rows = (e.to_dict() for e in query.events(store, flt))
    _emit(rows, format, table_fields=("date", "type", "mode", "participants", "sources"), flatten=present.flat_event)


@app.command()
def timeline(
    db: str = DB,
    format: str = typer.Option("md", "--format", "-f", help="md, json or html."),
    dyad: Optional[str] = DYAD,
    country: Optional[str] = COUNTRY,
    person: Optional[str] = PERSON,
    type: Optional[str] = TYPE,
    topic: Optional[str] = TOPIC,
    since: Optional[str] = SINCE,
    until: Optional[str] = UNTIL,
    include_undated: bool = UNDATED,
    fts: Optional[str] = typer.Option(None, "--query", help="Topic mode: an FTS5 query over article text, "
                                                              "e.g. 'libya OR gadhafi'; dates whose sentences "
                                                              "never mention its words are passed over."),
    keywords: Optional[Path] = typer.Option(None, "--keywords", help="Topic mode: a JSON list of keywords (any; as "
                                                                     "--query, dates that mention none are passed over)."),
    top: Optional[int] = typer.Option(None, "--top", min=1,
                                      help="Only the K events that mattered most (reach, then centrality), in date "
                                           f"order; in topic mode the K dates that matter most (default {TOPIC_TOP})."),
    sentences: int = typer.Option(TOPIC_SENTENCES, "--sentences", min=1, help="Topic mode: sentences per date."),
) -> None:
    """Print the timeline of events, dated as precisely as the evidence allows; with
    --query or --keywords, the topic timeline: the dates that matter most, in sentences.

    Example: dateline timeline --db seeds.db --dyad USA-PAK --format md
    Example: dateline timeline --dyad USA-PAK --since 2025 --top 20
    Example: dateline timeline --db t17.db --query "libya OR gadhafi" --top 10 --sentences 2
    """
    if fts is not None or keywords is not None:
        _topic_timeline(db, format, fts, keywords, top, sentences, since, until,
                        ignored=[n for n, v in (("--dyad", dyad), ("--country", country), ("--person", person),
                                                ("--type", type), ("--topic", topic)) if v])
        return
    flt = _filters(country, dyad, person, type, topic, since, until, include_undated)
    store = _open(db)
    evs = query.top_events(store, flt, top) if top else list(query.events(store, flt))
    if format not in present.TIMELINE_FORMATS:
        err.print(f"[red]error:[/red] --format must be one of {', '.join(present.TIMELINE_FORMATS)}")
        raise typer.Exit(EXIT_USAGE)
    sys.stdout.write(present.timeline(evs, format, title=present.title_for(flt)))


@app.command()
def export(
    format: str = typer.Option(..., "--format", "-f", help="jsonl, parquet, csv, ics, md or html."),
    out: str = typer.Option(..., "--out", "-o", help="File to write ('-': standard output); a new folder for parquet."),
    columns: str = typer.Option("dateline", "--columns", help="CSV column set: dateline, gdelt or icews."),
    db: str = DB,
    kb_dir: Path = typer.Option(Path("dateline-kb"), "--kb-dir",
                                help="User knowledge-base folder (Wikidata ids, country names), used when it exists."),
    country: Optional[str] = COUNTRY,
    dyad: Optional[str] = DYAD,
    person: Optional[str] = PERSON,
    type: Optional[str] = TYPE,
    topic: Optional[str] = TOPIC,
    since: Optional[str] = SINCE,
    until: Optional[str] = UNTIL,
    include_undated: bool = UNDATED,
) -> None:
    """Export the events (same filters as `events`) for other tools.

    jsonl: PLOVER-style records with provenance; parquet: events/ and articles/ datasets
    partitioned by month; csv: --columns dateline, gdelt or icews; ics: a calendar;
    md/html: the timeline.

    Example: dateline export --db seeds.db --format csv --columns gdelt --out events.csv
    """
    from .export import COLUMN_SETS, FORMATS
    from .export import export as export_events

    _choice("--format", format, FORMATS)
    _choice("--columns", columns, COLUMN_SETS)
    flt = _filters(country, dyad, person, type, topic, since, until, include_undated)
    store = _open(db)
    try:
        result = export_events(store, flt, format, out, columns=columns, kb_dir=kb_dir)
    except DatelineError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_FAILED) from exc
    if out != "-":
        err.print(f"exported {result.events} events as {format} to {', '.join(result.paths)}")


@app.command()
def doctor(
    db: str = DB,
    kb_dir: Path = typer.Option(Path("dateline-kb"), "--kb-dir",
                                help="Folder of user knowledge-base files to check (when it exists)."),
    taxonomy: Optional[Path] = typer.Option(None, "--taxonomy", help="A topic taxonomy YAML file to check."),
    no_model: bool = typer.Option(False, "--no-model", help="Skip loading the spaCy model (the slow check)."),
) -> None:
    """Check what Dateline needs: Python, SQLite, the data files, the database, the
    optional extras and the spaCy model; say what is missing and how to fix it.

    Example: dateline doctor --db seeds.db

    Exit status: 0 everything needed is there (missing optional extras are warnings);
    1 something needed is missing or broken.
    """
    from .doctor import run_checks

    checks = run_checks(Path(db), kb_dir, taxonomy, model=not no_model)
    marks = {"ok": "[green]ok  [/green]", "warn": "[yellow]warn[/yellow]", "fail": "[red]FAIL[/red]"}
    out = Console(soft_wrap=True, highlight=False)
    for c in checks:
        fix = f" -> {escape(c.fix)}" if c.fix and c.status != "ok" else ""
        out.print(f"{marks[c.status]} {escape(c.name)}: {escape(c.detail)}{fix}")
    if any(c.status == "fail" for c in checks):
        raise typer.Exit(EXIT_FAILED)


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
    taxonomy: Optional[Path] = TAXONOMY,
    kb_dir: Path = KB_DIR,
) -> None:
    """Score Dateline on a gold file: event recall/precision, dates, clusters, cleaning, metadata.

    Example: dateline eval examples/seeds-expected.json examples/seeds --show
    """
    from .evaluate import evaluate_dir

    result = evaluate_dir(gold, docs, taxonomy=taxonomy, kb_dir=kb_dir)
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
    wikidata: Optional[str] = typer.Option(None, "--wikidata", help="The person's Wikidata item id, e.g. Q76."),
    kb_dir: Path = typer.Option(Path("dateline-kb"), "--kb-dir", help="Folder of user knowledge-base files."),
) -> None:
    """Add a person and one role to the user knowledge base.

    Example: dateline kb add "Jane Doe" --office "Foreign Minister" --country GBR --start 2026-01-05
    """
    from .actors import kb as kbmod
    from .model import Role

    try:
        qid = kbmod.wikidata_id(wikidata, "--wikidata", 1)
        person = kbmod.Person(person_id="", name=name, aliases=tuple(alias),
                              roles=(Role(office, country.upper(), sector.upper(), start, end),), wikidata=qid)
        kbmod.save_user_entries(kb_dir, _load_kb(kb_dir).reconcile([person]))
    except DatelineError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_FAILED) from exc
    err.print(f"added {name} ({office}, {country.upper()}) to {kb_dir}")


@kb_app.command("import")
def kb_import(
    file: Path = typer.Argument(..., help="CSV, JSON, a Wikidata query export (SPARQL JSON, CSV or JSON), "
                                          "or a PETRARCH actor dictionary."),
    format: str = typer.Option("auto", "--format", "-f",
                               help="auto (by name and content), csv, json, wikidata or petrarch."),
    kb_dir: Path = typer.Option(Path("dateline-kb"), "--kb-dir", help="Folder of user knowledge-base files."),
) -> None:
    """Import people and roles into the user knowledge base. People already known (by full
    name) keep their id and gain the new roles, aliases and Wikidata ids; roles already
    held are not added twice. Then `dateline recode` applies the change to a database.

    A PETRARCH actor dictionary brings countries, organisations and people with dated roles.

    Example: dateline kb import position-holders.json --format wikidata
    Example: dateline kb import PETR.Validate.actors.txt --format petrarch --kb-dir petr-kb
    """
    from .actors import kb as kbmod

    _choice("--format", format, (*kbmod.IMPORT_FORMATS, "petrarch"))
    try:
        if format == "petrarch":
            _import_petrarch(file, kb_dir)
            return
        people = _load_kb(kb_dir).reconcile(kbmod.import_file(file, format))
    except DatelineError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_FAILED) from exc
    kbmod.save_user_entries(kb_dir, people)
    roles = sum(len(p.roles) for p in people)
    err.print(f"imported {len(people)} people ({roles} new roles) from {file} into {kb_dir}")


@kb_app.command("list")
def kb_list(
    country: Optional[str] = typer.Option(None, "--country", help="Only roles in this ISO-3 (or IGO) code."),
    office: Optional[str] = typer.Option(None, "--office", help="Only offices containing this text."),
    format: str = typer.Option("table", "--format", "-f", help="table, csv or jsonl."),
    kb_dir: Path = typer.Option(Path("dateline-kb"), "--kb-dir", help="Folder of user knowledge-base files."),
) -> None:
    """List the people of the knowledge base (shipped and user), one row per role.

    Example: dateline kb list --country PAK --office minister
    """
    rows = _load_kb(kb_dir).role_rows(country=country, office=office)
    _emit(rows, format, table_fields=("name", "office", "country", "start", "end", "wikidata"))


@kb_app.command("search")
def kb_search(
    name: str = typer.Argument(..., help="A name as news text writes it: 'Blinken', 'Gen Munir', 'Bilawal'."),
    at: Optional[str] = typer.Option(None, "--at", help="The date to resolve the name at (YYYY-MM-DD)."),
    kb_dir: Path = typer.Option(Path("dateline-kb"), "--kb-dir", help="Folder of user knowledge-base files."),
) -> None:
    """Show who a name refers to: the matching people with their roles, the person and role
    Dateline would choose at --at, and matching countries and organisations.

    Example: dateline kb search Sharif --at 2016-05-01
    """
    import datetime as dt

    try:
        day = dt.date.fromisoformat(at) if at else None
    except ValueError as exc:
        err.print(f"[red]error:[/red] --at must be a date like 2024-03-11, not {at!r}")
        raise typer.Exit(EXIT_USAGE) from exc
    lines = _load_kb(kb_dir).describe(name, day)
    print("\n".join(lines) if lines else f"nothing in the knowledge base matches {name!r}")
    if not lines:
        raise typer.Exit(EXIT_FAILED)


def _load_kb(kb_dir: Path) -> Any:
    """The shipped knowledge base plus the user's folder (when it exists); a malformed user
    file is an error naming the file and line."""
    from .actors.kb import KB

    try:
        return KB.load(kb_dir if Path(kb_dir).is_dir() else None)
    except DatelineError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_FAILED) from exc


@topics_app.command("show")
def topics_show(
    topic: Optional[str] = typer.Argument(None, help="One topic id to show with all its cues."),
    taxonomy: Optional[Path] = TAXONOMY,
    format: str = typer.Option("table", "--format", "-f", help="table, csv or jsonl."),
) -> None:
    """Show the topic taxonomy (the default, or --taxonomy FILE, checked as `run` would).

    Example: dateline topics show counterterrorism
    """
    from .topics import load_taxonomy

    try:
        tax = load_taxonomy(taxonomy)
    except DatelineError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_FAILED) from exc
    chosen = [t for t in tax.topics if topic is None or t.id == topic]
    if not chosen:
        err.print(f"[red]error:[/red] no topic {topic!r}; the topics are: {', '.join(tax.ids)}")
        raise typer.Exit(EXIT_USAGE)
    def cues(t: Any) -> Any:  # a table shows a count (or one topic's cues), files the list
        return (len(t.cues) if topic is None else "; ".join(t.cues)) if format == "table" else list(t.cues)

    rows = [{"id": t.id, "label": t.label, "cues": cues(t)} for t in chosen]
    _emit(rows, format, table_fields=("id", "label", "cues"))


@app.command()
def recode(
    db: str = DB,
    taxonomy: Optional[Path] = TAXONOMY,
    kb_dir: Path = KB_DIR,
    batch_size: int = typer.Option(32, "--batch-size", min=1,
                                   help="Articles re-coded together (one transaction)."),
    doc_timeout: float = typer.Option(DEFAULT_DOC_TIMEOUT, "--doc-timeout", min=0,
                                      help="Seconds one article's extraction may take; 0: no limit."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Re-code a database after the knowledge base or taxonomy changed: extract the events
    of every stored article again from its stored text (the input files are not read)
    and rebuild the merged events.

    Example: dateline kb import holders.json && dateline recode --db seeds.db
    """
    from .recode import recode as recode_db

    limits = Limits(doc_timeout=doc_timeout or None)
    try:
        s = _with_progress(lambda tick: recode_db(db, taxonomy=taxonomy, kb_dir=kb_dir, batch_size=batch_size,
                                                  limits=limits, progress=tick), quiet)
    except DatelineError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_FAILED) from exc
    for f in s.failed:
        err.print(f"[yellow]kept old events of[/yellow] {escape(f.path)}: {escape(f.reason)}")
    err.print(f"re-coded {s.articles} articles ({s.changed} changed); events: {s.events_before} before, "
              f"{s.events} now in {db}")
    if s.failed:
        raise typer.Exit(EXIT_SKIPPED)


def _import_petrarch(file: Path, kb_dir: Path) -> None:
    from .actors import kb as kbmod
    from .actors import petrarch

    t = petrarch.import_file(file)
    kbmod.save_tables(kb_dir, countries=t.countries, orgs=t.orgs, people=t.people, roles=t.roles)
    err.print(f"imported {len(t.countries)} countries, {len(t.orgs)} organisations and {len(t.people)} people "
              f"({len(t.roles)} dated roles) from {file} into {kb_dir}")


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
