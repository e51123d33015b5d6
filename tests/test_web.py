"""The web app through FastAPI's in-process client, on a database built from the seeds plus
one hostile article: pages, JSON twins equal to the query layer, errors, escaping, CSP."""
from __future__ import annotations

import json
import re
import shutil
import warnings
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("fastapi")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

import dateline
from dateline import present, query
from dateline.errors import StoreError
from dateline.model import Event, EventDate, Participant
from dateline.web import highlight, svg
from dateline.web.app import CSP, create_app
from conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE = f""" date 2025-06-04
Rubio and Dar talk trade {SCRIPT}
ISLAMABAD: Pakistani Foreign Minister Ishaq Dar spoke with US Secretary of State Marco Rubio by telephone on Tuesday, the Foreign Office said {IMG}.
The two sides discussed trade and tariffs {SCRIPT}, the statement added.
"""


def build_web_db(root: Path) -> Path:
    """The seeds and a hostile article of our own, processed into ``root/web.db``."""
    inputs = root / "inputs"
    shutil.copytree(ROOT / "examples" / "seeds", inputs)
    (inputs / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = root / "web.db"
    dateline.process([inputs], str(db))
    return db


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_web_db(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db))


@pytest.fixture(scope="module")
def store(db: Path) -> dateline.Store:
    return dateline.open(str(db))


def _austin_bajwa(store: dateline.Store) -> Event:
    return next(query.events(store, query.EventFilter.parse(person="Bajwa", type="CONSULT")))


def _by_outlet(store: dateline.Store, outlet: str) -> dateline.Article:
    return next(a for a in query.articles(store) if a.outlet == outlet)


def _hostile(store: dateline.Store) -> dateline.Article:
    return next(a for a in query.articles(store) if a.path.endswith("hostile.txt"))


def _pages(store: dateline.Store) -> list[str]:
    evs = list(query.events(store))
    return ["/", "/?dyad=USA-PAK", "/?person=Blinken&since=2023", "/charts", "/charts?topic=afghanistan",
            "/search", "/search?q=Bajwa", "/search?q=alert", "/docs", "/dyads/USA-PAK", "/countries/PAK",
            "/people/Antony%20Blinken", "/people/Pakistan", "/static/style.css", "/static/app.js"] \
        + [f"/events/{e.event_id}" for e in evs] + [f"/articles/{a.article_id}" for a in query.articles(store)]


# -- pages -----------------------------------------------------------------------------------------

def test_every_page_answers_200_with_the_csp_header(client: TestClient, store: dateline.Store) -> None:
    for path in _pages(store):
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[:300])
        assert r.headers["content-security-policy"] == CSP, path


def test_timeline_draws_days_as_dots_and_ranges_as_bars(client: TestClient, store: dateline.Store) -> None:
    html = client.get("/?dyad=USA-PAK").text
    evs = list(query.events(store, query.EventFilter.parse(dyad="USA-PAK")))
    days = sum(e.date.days == 1 for e in evs)
    assert html.count('<circle class="day"') == days
    assert html.count('<rect class="range"') == len(evs) - days > 0
    assert html.count('class="summary"') == len(evs)
    assert "2023-07-18 … 2023-07-25" in html and ">range<" in html


def test_event_page_highlights_each_evidence_sentence_and_names_sources(client: TestClient,
                                                                         store: dateline.Store) -> None:
    ev = _austin_bajwa(store)
    html = client.get(f"/events/{ev.event_id}").text
    assert ev.date.basis.replace("'", "&#39;") in html
    assert "Chief of Army Staff" in html and "MIL" in html
    marked = re.findall(r"<mark>(.*?)</mark>", html, re.S)
    assert "US Secretary of Defence Lloyd Austin Wednesday spoke to Pakistan Army chief General Qamar Javed Bajwa" \
        " to discuss the two countries&#39; mutual goals of security in the region." in marked
    for outlet in ("Dawn", "Geo"):
        assert f'/articles/{_by_outlet(store, outlet).article_id}">{outlet}</a>' in html


def test_article_page_shows_removed_lines_apart_from_the_text(client: TestClient, store: dateline.Store) -> None:
    geo = _by_outlet(store, "Geo")
    html = client.get(f"/articles/{geo.article_id}").text
    text_part, removed_part = html.split("Removed by cleaning", 1)
    assert "More From Pakistan:" in removed_part and "More From Pakistan" not in text_part
    assert "JCP names SHC CJ as ad hoc SC judge" in removed_part
    assert "<mark>" in text_part  # its evidence sentences


def test_person_and_dyad_pages_show_roles_with_tenures(client: TestClient) -> None:
    html = client.get("/people/Lloyd%20Austin").text
    assert "Secretary of Defense" in html and "2021-01-22" in html and "2025-01-20" in html
    dyad = client.get("/dyads/USA-PAK").text
    assert "Qamar Javed Bajwa" in dyad and "2016-11-29" in dyad
    assert re.search(r"<td>2021</td><td>2</td>", dyad)


def test_search_finds_articles_and_events(client: TestClient, store: dateline.Store) -> None:
    html = client.get("/search?q=Kurilla").text
    assert "Michael Kurilla" in html
    assert any(f"/articles/{aid}" in html for aid, _ in query.search_articles(store, "Kurilla"))


# -- JSON twins ------------------------------------------------------------------------------------

FILTERS = [{}, {"dyad": "USA-PAK"}, {"dyad": "pak-usa"}, {"country": "PAK", "type": "consult"},
           {"person": "Blinken"}, {"topic": "afghanistan"}, {"since": "2023", "until": "2023-07"},
           {"since": "2025-04-06"}, {"type": "SANCTION"}, {"person": "nobody at all"}]


@pytest.mark.parametrize("params", FILTERS)
def test_api_events_and_timeline_equal_the_query_layer(client: TestClient, store: dateline.Store,
                                                      params: dict[str, str]) -> None:
    expected = [e.to_dict() for e in query.events(store, query.EventFilter.parse(**params))]
    assert client.get("/api/events", params=params).json() == expected
    title = present.title_for(query.EventFilter.parse(**params))
    assert client.get("/api/timeline", params=params).json() == json.loads(present.timeline(
        list(query.events(store, query.EventFilter.parse(**params))), "json", title=title))


def test_api_filters_really_filter(client: TestClient) -> None:
    every = client.get("/api/events").json()
    sanctions = client.get("/api/events", params={"type": "SANCTION"}).json()
    assert 0 < len(sanctions) < len(every) and {e["type"] for e in sanctions} == {"SANCTION"}
    assert len(client.get("/api/events", params={"limit": 2}).json()) == 2


@pytest.mark.parametrize("by", ["type", "topic"])
def test_api_charts_equal_the_query_layer(client: TestClient, store: dateline.Store, by: str) -> None:
    rows = query.event_counts(store, query.EventFilter.parse(dyad="USA-PAK"), by=by)
    got = client.get("/api/charts", params={"dyad": "USA-PAK", "by": by}).json()
    assert got == [{"month": m, "key": k, "count": n} for m, k, n in rows] and got


def test_api_single_records_and_search(client: TestClient, store: dateline.Store) -> None:
    assert client.get("/api/articles").json() == [a.to_dict() for a in query.articles(store)]
    ev = _austin_bajwa(store)
    assert client.get(f"/api/events/{ev.event_id}").json() == ev.to_dict()
    geo = _by_outlet(store, "Geo")
    assert client.get(f"/api/articles/{geo.article_id}").json() == geo.to_dict()
    found = client.get("/api/search", params={"q": "Bajwa"}).json()
    assert [a["article_id"] for a in found["articles"]] == [a for a, _ in query.search_articles(store, "Bajwa")]
    assert found["events"] == [e.to_dict() for e in query.search_events(store, "Bajwa")]


def test_openapi_lists_every_api_route(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/events", "/api/events/{event_id}", "/api/articles", "/api/articles/{article_id}",
            "/api/timeline", "/api/search", "/api/charts"} <= set(paths)
    assert {p["name"] for p in paths["/api/events"]["get"]["parameters"]} >= {"dyad", "country", "since", "until"}


# -- errors ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/events/0000000000000000", "/articles/nope", "/people/Zzyzx%20Qwerty",
                                  "/api/events/nope", "/api/articles/nope", "/no/such/page"])
def test_unknown_ids_are_404_with_the_csp_header(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404 and r.headers["content-security-policy"] == CSP
    if path.startswith("/api/"):
        assert "nope" in r.json()["detail"]


@pytest.mark.parametrize("path", ["/?dyad=USA", "/api/events?dyad=USA", "/api/timeline?dyad=USA",
                                  "/charts?dyad=USA", "/dyads/USA", "/api/charts?by=month", "/?since=yesterday",
                                  "/api/events?country=Pakistan"])
def test_bad_filter_values_are_422_with_a_message(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 422, r.text[:200]
    assert re.search(r"must be|must not|must", r.text)


def test_missing_database_fails_at_start_not_per_request(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        create_app(tmp_path / "absent.db")


# -- escaping --------------------------------------------------------------------------------------------

def test_hostile_article_is_shown_as_text_everywhere(client: TestClient, store: dateline.Store) -> None:
    art = _hostile(store)
    ev = next(e for e in query.events_of_article(store, art.article_id))
    for path in ("/", f"/articles/{art.article_id}", f"/events/{ev.event_id}", "/search?q=alert",
                 "/people/Ishaq%20Dar", "/?since=2025-06"):
        html = client.get(path).text
        assert SCRIPT not in html and "<img" not in html, path
    article_html = client.get(f"/articles/{art.article_id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article_html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in client.get(f"/events/{ev.event_id}").text


# -- fuzzing the API from its own OpenAPI description ---------------------------------------------------

TEXT = st.one_of(st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
                 st.sampled_from(["USA-PAK", "PAK", "2024", "2024-13", "CONSULT", "%", "_", "'", '"', "--", "0"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_parameter_value_makes_the_api_fail(client: TestClient, data: st.DataObject) -> None:
    spec = client.get("/openapi.json").json()
    path = data.draw(st.sampled_from(sorted(spec["paths"]) + ["/", "/charts", "/search"]))
    names = [p["name"] for p in spec["paths"].get(path, {}).get("get", {}).get("parameters", [])] \
        or ["dyad", "country", "person", "type", "topic", "since", "until", "q"]
    params = {n: data.draw(TEXT) for n in names if data.draw(st.booleans())}
    url = path
    for n in names:
        if "{" + n + "}" in url:
            url = url.replace("{" + n + "}", quote(params.pop(n, "x"), safe="") or "x")
    r = client.get(url, params=params)
    assert r.status_code in (200, 404, 422), (url, params, r.text[:300])


# -- the pieces, without the app -----------------------------------------------------------------

@given(st.text(max_size=80), st.lists(st.text(min_size=1, max_size=10), max_size=4))
def test_segments_rebuild_the_text_and_mark_only_found_sentences(text: str, sentences: list[str]) -> None:
    segs, missing = highlight.segments(text, sentences)
    assert "".join(s for s, _ in segs) == text
    for s in sentences:
        assert (s in missing) == (highlight.locate(text, s) is None)
    assert all(seg for seg, _ in segs)


def test_segments_find_sentences_across_rewrapped_whitespace() -> None:
    segs, missing = highlight.segments("A said.\nB met  C\nin Rome. D", ["B met C in Rome."])
    assert missing == [] and ("B met  C\nin Rome.", True) in segs


def _event(start: str, end: str, eid: str) -> Event:
    precision = "day" if start == end else "range"
    return Event(eid, "CONSULT", "phone", (Participant("A", None, "USA", "GOV", "both"),),
                 EventDate(start, end, precision), summary=f"event {eid}")


def test_time_axis_keeps_marks_inside_and_separates_overlapping_events() -> None:
    evs = [_event("2024-01-01", "2024-01-01", "a"), _event("2024-01-01", "2024-03-31", "b"),
           _event("2024-06-10", "2024-06-10", "c")]
    axis = svg.time_axis(evs, width=600)
    assert axis is not None
    kinds = {m.href.rsplit("/", 1)[1]: m for m in axis.marks}
    assert (kinds["a"].kind, kinds["b"].kind) == ("dot", "bar")
    assert kinds["a"].y != kinds["b"].y and kinds["c"].x > kinds["b"].x2
    assert all(0 <= m.x <= m.x2 <= 600 for m in axis.marks)
    assert svg.time_axis([]) is None


def test_monthly_chart_has_a_slot_for_every_month_and_stacks_counts() -> None:
    chart = svg.monthly_chart([("2024-01", "AID", 2), ("2024-01", "CONSULT", 1), ("2024-04", "AID", 1)])
    assert chart is not None and chart.peak == 3
    assert [t[1] for t in chart.ticks] == ["2024-01", "2024-02", "2024-03", "2024-04"]
    jan = [b for b in chart.bars if b.label.startswith("2024-01")]
    assert round(sum(b.h for b in jan), 1) == chart.baseline - svg.TOP
    assert dict((k, n) for k, _, n in chart.legend) == {"AID": 3, "CONSULT": 1}


def test_serve_listens_on_localhost_by_default_and_reports_a_missing_database(tmp_path: Path) -> None:
    import typer.main
    from typer.testing import CliRunner

    from dateline.cli import app

    serve = typer.main.get_command(app).commands["serve"]  # type: ignore[attr-defined]
    defaults = {p.name: p.default for p in serve.params}
    assert defaults["host"] == "127.0.0.1" and defaults["port"] == 8000
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "absent.db")])
    assert result.exit_code == 1 and "absent.db" in result.output


def test_an_undated_event_is_shown_as_undated_and_kept_off_the_axis(tmp_path):
    from dateline.store import Store
    import factories

    db = tmp_path / "u.db"
    s = Store(db)
    s.replace_events([factories.event(), factories.event("Lloyd Austin", "Asim Munir", start=None, article_id="u1")])
    s.close()
    client = TestClient(create_app(str(db)))
    undated = next(e for e in client.get("/api/events").json() if e["date"]["precision"] == "undated")
    page = client.get(f"/events/{undated['event_id']}")
    assert page.status_code == 200 and "undated" in page.text and "1900" not in page.text
    assert "1900" not in client.get("/").text
    assert len(client.get("/api/events", params={"since": "2020"}).json()) == 1
    assert len(client.get("/api/events", params={"since": "2020", "include_undated": "true"}).json()) == 2
