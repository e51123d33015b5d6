import pytest

from dateline import query
from dateline.errors import QueryError
from dateline.query import EventFilter
from dateline.store import Store
from factories import event


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "q.db")
    s.replace_events([
        event(),
        event("Antony Blinken", "Ishaq Dar", start="2024-03-15", end="2025-01-17", topics=("counterterrorism",)),
        event("Wang Yi", "Subrahmanyam Jaishankar", start="2024-07-04", countries=("CHN", "IND"), type="CONSULT",
              mode="meeting", topics=("china",)),
        event("Donald Trump", "Pakistan", start="2025-04-05", type="SANCTION", mode="economic", topics=("tariffs",)),
    ])
    return s


def names(evs):
    return [e.participants[0].name for e in evs]


@pytest.mark.parametrize("kwargs,expected", [
    ({}, ["Lloyd Austin", "Antony Blinken", "Wang Yi", "Donald Trump"]),
    ({"dyad": "USA-PAK"}, ["Lloyd Austin", "Antony Blinken", "Donald Trump"]),
    ({"dyad": "pak-usa"}, ["Lloyd Austin", "Antony Blinken", "Donald Trump"]),
    ({"country": "IND"}, ["Wang Yi"]),
    ({"person": "Dar"}, ["Antony Blinken"]),
    ({"type": "sanction"}, ["Donald Trump"]),
    ({"topic": "counterterrorism"}, ["Antony Blinken"]),
    ({"since": "2025"}, ["Antony Blinken", "Donald Trump"]),
    ({"until": "2024-03"}, ["Lloyd Austin", "Antony Blinken"]),
    ({"since": "2024-07-04", "until": "2024-07-04"}, ["Antony Blinken", "Wang Yi"]),
])
def test_filters_select_the_right_events(store, kwargs, expected):
    assert names(query.events(store, EventFilter.parse(**kwargs))) == expected


@pytest.mark.parametrize("kwargs", [
    {"country": "Pakistan"}, {"dyad": "USA"}, {"dyad": "USA-PAK-IND"}, {"since": "last year"},
    {"until": "2024-13"}, {"since": "2024-02-30"}, {"country": "US; DROP TABLE events"},
])
def test_bad_filter_values_raise_query_error(kwargs):
    with pytest.raises(QueryError):
        EventFilter.parse(**kwargs)


def test_event_by_id_and_unknown_id(store):
    ev = next(query.events(store))
    assert query.event(store, ev.event_id) == ev
    assert query.event(store, "nope") is None


def test_undated_events_come_last_and_fit_no_date_window_unless_asked(tmp_path):
    s = Store(tmp_path / "u.db")
    s.replace_events([event("Lloyd Austin", "Asim Munir", start=None, article_id="u1"), event()])
    try:
        assert names(query.events(s)) == ["Lloyd Austin", "Lloyd Austin"]
        assert [e.date.precision for e in query.events(s)] == ["day", "undated"]
        assert [e.date.precision for e in query.events(s, EventFilter.parse(since="2020"))] == ["day"]
        assert [e.date.precision for e in query.events(s, EventFilter.parse(until="2030"))] == ["day"]
        both = query.events(s, EventFilter.parse(since="2020", include_undated=True))
        assert [e.date.precision for e in both] == ["day", "undated"]
        assert sum(n for _, _, n in query.event_counts(s)) == 1  # charts count dated events only
        row = s.query("SELECT date_start, date_end, precision FROM events WHERE precision = 'undated'")[0]
        assert (row["date_start"], row["date_end"]) == (None, None)
    finally:
        s.close()
