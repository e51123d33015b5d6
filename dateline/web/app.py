"""The web app: HTML pages and their JSON twins, all reading through ``dateline.query``.

Security by construction: the database is opened read-only for every request; Jinja
autoescapes everything (article text included); a Content-Security-Policy header on
every response forbids inline scripts and styles; filter values are validated by
``EventFilter.parse`` (a bad one is a 422 with its message); unknown ids are 404s.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

try:
    from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
    from fastapi.responses import HTMLResponse, JSONResponse, Response
    from fastapi.staticfiles import StaticFiles
    from fastapi.templating import Jinja2Templates
    from jinja2 import Environment, FileSystemLoader
    from starlette.exceptions import HTTPException as StarletteHTTPException
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise ImportError("the web app needs the 'web' extra: pip install 'dateline[web]'") from exc

from .. import __version__, present, query
from ..actors.kb import default_kb
from ..errors import QueryError
from ..model import Event
from ..query import EventFilter
from ..store import Store
from . import highlight, svg

HERE = Path(__file__).parent
CSP = "default-src 'self'; script-src 'self'; style-src 'self'"
PAGE_LIMIT = 2000  # events drawn on one page; the JSON API has no cap unless asked

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["api"])


def create_app(db: str | Path) -> FastAPI:
    """The ASGI app over database ``db``; fails now (StoreError) if it cannot be opened."""
    Store(db, readonly=True).close()
    app = FastAPI(title="Dateline", version=__version__, docs_url=None, redoc_url=None,
                  description="Dated, sourced political events extracted from news articles.")
    app.state.db = str(db)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.middleware("http")(_security_headers)
    app.add_exception_handler(QueryError, _query_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.include_router(pages)
    app.include_router(api)
    return app


def _templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
    env.globals.update(date_label=present.date_label, participants_label=present.participants_label)
    return Jinja2Templates(env=env)


TEMPLATES = _templates()


# -- plumbing: headers, errors, dependencies ------------------------------------------------------

async def _security_headers(request: Request, call_next: Any) -> Response:
    response: Response = await call_next(request)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _error(request: Request, status: int, message: str) -> Response:
    """JSON for the API, an HTML page for people."""
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return JSONResponse({"detail": message}, status_code=status)
    return TEMPLATES.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                      status_code=status)


async def _query_error(request: Request, exc: Exception) -> Response:
    return _error(request, QueryError.status_code, str(exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    return _error(request, exc.status_code, str(exc.detail))


def get_store(request: Request) -> Iterator[Store]:
    """One read-only connection per request: no connection is shared between threads."""
    store = Store(request.app.state.db, readonly=True)
    try:
        yield store
    finally:
        store.close()


def get_filter(
    country: str | None = Query(None, description="ISO-3 code of a participant's country, e.g. PAK."),
    dyad: str | None = Query(None, description="Two ISO-3 codes, e.g. USA-PAK."),
    person: str | None = Query(None, description="Part of a participant's name, e.g. Blinken."),
    type: str | None = Query(None, description="PLOVER type, e.g. CONSULT."),  # noqa: A002 - the URL's name
    topic: str | None = Query(None, description="Topic id, e.g. counterterrorism."),
    since: str | None = Query(None, description="Events ending on or after YYYY[-MM[-DD]]."),
    until: str | None = Query(None, description="Events starting on or before YYYY[-MM[-DD]]."),
    include_undated: bool = Query(False, description="With since/until, keep undated events too."),
) -> EventFilter:
    """The CLI's filters, parsed by the same function (a bad value raises QueryError -> 422)."""
    return EventFilter.parse(country=country, dyad=dyad, person=person, type=type, topic=topic,
                             since=since, until=until, include_undated=include_undated)


STORE = Depends(get_store)
FILTER = Depends(get_filter)


def _render(request: Request, name: str, **context: Any) -> Response:
    return TEMPLATES.TemplateResponse(request, name, context)


def _form(request: Request) -> dict[str, str]:
    """The raw filter values, to refill the form as the user typed them."""
    return {k: v for k, v in request.query_params.items() if k in EventFilter.__dataclass_fields__}


def _found(value: Any, what: str) -> Any:
    if value is None:
        raise HTTPException(404, f"no {what}")
    return value


# -- pages ------------------------------------------------------------------------------------------------

@pages.get("/", response_class=HTMLResponse)
def timeline_page(request: Request, flt: EventFilter = FILTER, store: Store = STORE) -> Response:
    evs = list(query.events(store, flt, limit=PAGE_LIMIT))
    return _render(request, "timeline.html", events=evs, axis=svg.time_axis(evs), title=present.title_for(flt),
                   form=_form(request))


@pages.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str, store: Store = STORE) -> Response:
    ev = _found(query.event(store, event_id), f"event with id {event_id!r}")
    return _render(request, "event.html", ev=ev, reports=_reports(store, ev))


def _reports(store: Store, ev: Event) -> list[dict[str, Any]]:
    """Per cited article (in mention order): the article and its text cut around the evidence."""
    sentences: dict[str, list[str]] = {}
    for m in ev.mentions:
        sentences.setdefault(m.article_id, []).append(m.sentence)
    found = query.articles_by_id(store, sentences)
    out = []
    for aid, said in sentences.items():
        article = found.get(aid)
        segs, missing = highlight.segments(article.text, said) if article else ([], said)
        out.append({"article_id": aid, "article": article, "segments": segs, "missing": missing})
    return out


@pages.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, store: Store = STORE) -> Response:
    article = _found(query.article(store, article_id), f"article with id {article_id!r}")
    evs = query.events_of_article(store, article_id)
    said = [m.sentence for ev in evs for m in ev.mentions if m.article_id == article_id]
    segs, _ = highlight.segments(article.text, said)
    return _render(request, "article.html", article=article, segments=segs, events=evs)


@pages.get("/people/{name:path}", response_class=HTMLResponse)
def person_page(request: Request, name: str, store: Store = STORE) -> Response:
    flt = EventFilter.parse(person=name)
    evs = list(query.events(store, flt, limit=PAGE_LIMIT))
    people = default_kb().find_people(name) if name.strip() else []
    if not evs and not people:
        raise HTTPException(404, f"no events and no knowledge-base entry for {name!r}")
    return _actor_page(request, store, flt, evs, heading=name, people=people)


@pages.get("/dyads/{dyad}", response_class=HTMLResponse)
def dyad_page(request: Request, dyad: str, store: Store = STORE) -> Response:
    flt = EventFilter.parse(dyad=dyad)
    evs = list(query.events(store, flt, limit=PAGE_LIMIT))
    return _actor_page(request, store, flt, evs, heading=f"{flt.dyad[0]}–{flt.dyad[1]}", people=_people_in(evs))


@pages.get("/countries/{code}", response_class=HTMLResponse)
def country_page(request: Request, code: str, store: Store = STORE) -> Response:
    flt = EventFilter.parse(country=code)
    evs = list(query.events(store, flt, limit=PAGE_LIMIT))
    return _actor_page(request, store, flt, evs, heading=flt.country or code, people=_people_in(evs))


def _people_in(evs: list[Event]) -> list[Any]:
    """The knowledge base's entries for the people taking part in ``evs`` (exact names)."""
    kb, seen, out = default_kb(), set(), []
    for name in dict.fromkeys(p.name for ev in evs for p in ev.participants):
        for person in kb.find_people(name):
            if person.name == name and person.person_id not in seen:
                seen.add(person.person_id)
                out.append(person)
    return out


def _actor_page(request: Request, store: Store, flt: EventFilter, evs: list[Event], *, heading: str,
                people: list[Any]) -> Response:
    years = sorted(Counter(ev.date.start[:4] if ev.date.start else "undated" for ev in evs).items())
    chart = svg.monthly_chart(query.event_counts(store, flt, by="type"))
    return _render(request, "actor.html", heading=heading, events=evs, people=people, years=years,
                   peak=max((n for _, n in years), default=1), chart=chart, axis=svg.time_axis(evs))


@pages.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "", store: Store = STORE) -> Response:
    found = query.search_articles(store, q) if q.strip() else []
    evs = query.search_events(store, q) if q.strip() else []
    return _render(request, "search.html", q=q, articles=found, events=evs)


@pages.get("/charts", response_class=HTMLResponse)
def charts_page(request: Request, flt: EventFilter = FILTER, store: Store = STORE) -> Response:
    charts = {by: svg.monthly_chart(query.event_counts(store, flt, by=by)) for by in query.CHART_KEYS}
    return _render(request, "charts.html", charts=charts, title=present.title_for(flt), form=_form(request))


@pages.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request) -> Response:
    """A self-contained API index (the stock Swagger page loads its code from a CDN)."""
    spec = request.app.openapi()
    routes = [(path, method.upper(), op) for path, ops in spec["paths"].items() for method, op in ops.items()]
    return _render(request, "docs.html", routes=routes)


# -- JSON API ------------------------------------------------------------------------------------------------

@api.get("/events", summary="Merged events matching the filters, in date order")
def api_events(flt: EventFilter = FILTER, limit: int | None = Query(None, ge=1), store: Store = STORE) -> list[dict]:
    return [e.to_dict() for e in query.events(store, flt, limit=limit)]


@api.get("/events/{event_id}", summary="One event")
def api_event(event_id: str, store: Store = STORE) -> dict:
    return _found(query.event(store, event_id), f"event with id {event_id!r}").to_dict()


@api.get("/articles", summary="Stored articles with cleaned text and removed lines")
def api_articles(store: Store = STORE) -> list[dict]:
    return [a.to_dict() for a in query.articles(store)]


@api.get("/articles/{article_id}", summary="One article")
def api_article(article_id: str, store: Store = STORE) -> dict:
    return _found(query.article(store, article_id), f"article with id {article_id!r}").to_dict()


@api.get("/timeline", summary="The timeline as `dateline timeline --format json` prints it")
def api_timeline(flt: EventFilter = FILTER, store: Store = STORE,
                 top: int | None = Query(None, ge=1, description="Only the K events that mattered most.")) -> list[dict]:
    evs = query.top_events(store, flt, top) if top else query.events(store, flt)
    return [e.to_dict() for e in evs]


@api.get("/search", summary="Articles (full text) and events (summary, participants) matching q")
def api_search(q: str = Query("", description="Words to find."), store: Store = STORE) -> dict:
    found = query.search_articles(store, q) if q.strip() else []
    evs = query.search_events(store, q) if q.strip() else []
    return {"articles": [{"article_id": a, "title": t} for a, t in found], "events": [e.to_dict() for e in evs]}


@api.get("/charts", summary="Events per month by type or topic")
def api_charts(flt: EventFilter = FILTER, by: str = Query("type", description="type or topic"),
               store: Store = STORE) -> list[dict]:
    return [{"month": m, "key": k, "count": n} for m, k, n in query.event_counts(store, flt, by=by)]
