"""``timeline --top K``: the events that mattered most, by reach and then centrality."""
import json

import pytest
from typer.testing import CliRunner

from dateline import query
from dateline.cli import app
from dateline.errors import QueryError
from dateline.model import Mention, Participant
from dateline.query import EventFilter
from dateline.store import Store
from factories import event


def _story(a, a_role, b, b_role, day, outlets, *, articles=None):
    """An event between two people, reported by ``outlets`` (one article each unless given)."""
    ev = event(a, b, start=day, article_id=f"{a}{day}")
    ids = articles or [f"{a}-{day}-{o}" for o in outlets]
    mentions = tuple(Mention(i, f"{a} met {b}.", outlets[n % len(outlets)]) for n, i in enumerate(ids))
    return ev.with_(participants=(Participant(a, a_role, "USA", "GOV", "both"), Participant(b, b_role, "PAK", "GOV", "both")),
                    mentions=mentions, sources=tuple(dict.fromkeys(outlets)))


SUMMIT = _story("Donald Trump", "President", "Shehbaz Sharif", "Prime Minister", "2025-09-25", ["Dawn", "Reuters", "AP"])
MINISTERS = _story("Marco Rubio", "Secretary of State", "Ishaq Dar", "Foreign Minister", "2025-05-10", ["Dawn", "AP"])
BRIEFING = _story("Tammy Bruce", "State Department spokesperson", "Shafqat Khan", "Foreign Office spokesperson",
                  "2025-03-02", ["Dawn", "Reuters"])
CALL = _story("Donald Trump", "President", "Shehbaz Sharif", "Prime Minister", "2025-07-01", ["Dawn"])
REMARK = _story("Matthew Miller", "State Department spokesperson", "Mumtaz Zahra Baloch", "Foreign Office spokesperson",
                "2025-01-15", ["Dawn"], articles=["x1", "x2", "x3"])
OLD = _story("Antony Blinken", "Secretary of State", "Ishaq Dar", "Foreign Minister", "2024-03-15",
             ["Dawn", "AP", "Reuters", "BBC"])
ALL = [SUMMIT, MINISTERS, BRIEFING, CALL, REMARK, OLD]


def test_rank_puts_reach_first_then_centrality():
    ranked = query.rank([SUMMIT, MINISTERS, BRIEFING, CALL, REMARK])
    # three outlets; two outlets with ministers above two with spokespeople; then one outlet:
    # heads of state who are in two events of the story above spokespeople whose three articles
    # come from one outlet
    assert [r.event for r in ranked] == [SUMMIT, MINISTERS, BRIEFING, CALL, REMARK]
    assert ranked[0].outlets == 3 and ranked[-1].articles == 3


def test_seniority_reads_the_office_list():
    assert query.seniority("President", "USA") > query.seniority("Foreign Minister", "PAK") > \
        query.seniority("Foreign Office spokesperson", "PAK") > query.seniority(None, None) == 0.0


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "top.db"
    Store(path).replace_events(ALL)
    return path


def test_top_events_filters_then_ranks_and_returns_date_order(db):
    store = Store(db, readonly=True)
    top = query.top_events(store, EventFilter.parse(dyad="USA-PAK", since="2025"), 2)
    # OLD has the widest reach but is outside 2025
    assert [e.event_id for e in top] == [MINISTERS.event_id, SUMMIT.event_id]
    with pytest.raises(QueryError):
        query.top_events(store, None, 0)


def test_cli_top(db):
    out = CliRunner().invoke(app, ["timeline", "--db", str(db), "--dyad", "USA-PAK", "--since", "2025",
                                   "--top", "3", "--format", "json"])
    assert out.exit_code == 0, out.output
    days = [e["date"]["start"] for e in json.loads(out.stdout)]
    assert days == ["2025-03-02", "2025-05-10", "2025-09-25"]
    assert CliRunner().invoke(app, ["timeline", "--db", str(db), "--top", "0"]).exit_code == 2


def test_web_api_timeline_takes_top(db):
    testclient = pytest.importorskip("fastapi.testclient")
    from dateline.web.app import create_app

    client = testclient.TestClient(create_app(db))
    got = client.get("/api/timeline", params={"dyad": "USA-PAK", "since": "2025", "top": 2}).json()
    assert [e["event_id"] for e in got] == [MINISTERS.event_id, SUMMIT.event_id]
    assert client.get("/api/timeline", params={"top": 0}).status_code == 422
