"""The actor knowledge base (people, roles, countries, organisations) and title phrases."""
import csv
import datetime as dt
import itertools
import json
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.actors import kb as kbmod
from dateline.actors import titles
from dateline.actors.kb import KB, Person, default_kb, import_file, save_user_entries
from dateline.actors.titles import find_titles
from dateline.errors import KnowledgeError
from dateline.model import Role

DATA = Path(kbmod.__file__).parent / "data"
D = dt.date


@pytest.fixture(scope="module")
def kb() -> KB:
    return default_kb()


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# -- title phrases ------------------------------------------------------------------------------

TITLE_CASES = [
    # text, office_key, country, name
    ("US Secretary of State Marco Rubio", "foreign_minister", "USA", "Marco Rubio"),
    ("Pakistan's Foreign Minister Ishaq Dar", "foreign_minister", "PAK", "Ishaq Dar"),
    ("Army Chief Gen Qamar Javed Bajwa", "army_chief", None, "Qamar Javed Bajwa"),
    ("Chief of Army Staff (COAS) General Asim Munir", "army_chief", None, "Asim Munir"),
    ("US Central Command (Centcom) Chief, General Michael Erik Kurilla", "commander", "USA", "Michael Erik Kurilla"),
    ("Pentagon Press Secretary John Kirby", "defence_spokesperson", "USA", "John Kirby"),
    ("Pakistani Foreign Minister Ishaq Dar", "foreign_minister", "PAK", "Ishaq Dar"),
    ("United States Secretary of State Antony J. Blinken", "foreign_minister", "USA", "Antony J. Blinken"),
    ("US Secretary of Defence Lloyd Austin", "defence_minister", "USA", "Lloyd Austin"),
    ("Pakistan Army chief General Qamar Javed Bajwa", "army_chief", "PAK", "Qamar Javed Bajwa"),
    ("the army chief", "army_chief", None, None),
    ("Foreign Minister Dar", "foreign_minister", None, "Dar"),
    ("Secretary Blinken", "secretary", None, "Blinken"),
    ("Indian External Affairs Minister S. Jaishankar", "foreign_minister", "IND", "S. Jaishankar"),
    ("Chinese Foreign Minister Wang Yi", "foreign_minister", "CHN", "Wang Yi"),
    ("Iranian President Masoud Pezeshkian", "head_of_state", "IRN", "Masoud Pezeshkian"),
    ("Saudi Crown Prince Mohammed bin Salman", "crown_prince", "SAU", "Mohammed bin Salman"),
    ("UN Secretary-General Antonio Guterres", "un_secretary_general", "UNO", "Antonio Guterres"),
    ("IMF Managing Director Kristalina Georgieva", "imf_managing_director", "IMF", "Kristalina Georgieva"),
    ("Field Marshal Asim Munir", "field_marshal", None, "Asim Munir"),
    ("UK Foreign Secretary David Lammy", "foreign_minister", "GBR", "David Lammy"),
    ("Indian Foreign Secretary Vikram Misri", "foreign_secretary", "IND", "Vikram Misri"),
]


@pytest.mark.parametrize("text,key,country,name", TITLE_CASES)
def test_a_title_phrase_gives_office_country_and_name(text, key, country, name):
    guesses = find_titles(text)
    assert len(guesses) == 1, guesses
    g = guesses[0]
    assert (g.office_key, g.country, g.name) == (key, country, name)
    assert (g.start, g.end) == (0, len(text))  # the whole phrase, prefix and name included


def test_titles_in_a_headline_stop_names_at_headline_words():
    text = "ISLAMABAD: Foreign Minister Ishaq Dar, US Secretary of State Marco Rubio Hold First Official Call"
    got = [(g.office_key, g.country, g.name, text[g.start:g.end]) for g in find_titles(text)]
    assert got == [("foreign_minister", None, "Ishaq Dar", "Foreign Minister Ishaq Dar"),
                   ("foreign_minister", "USA", "Marco Rubio", "US Secretary of State Marco Rubio")]


def test_a_name_ends_before_a_weekday_and_ranks_are_not_names():
    text = "US Secretary of Defence Lloyd Austin Wednesday spoke to Pakistan Army chief General Qamar Javed Bajwa."
    assert [g.name for g in find_titles(text)] == ["Lloyd Austin", "Qamar Javed Bajwa"]
    assert find_titles("US defence secretary phones Gen Bajwa")[1].sector == "MIL"


def test_generic_titles_need_a_name_or_a_country():
    assert find_titles("the secretary said") == []
    assert find_titles("the UN General Assembly voted") == []
    envoy = find_titles("Pakistani envoy slams UK's approach")
    assert [(g.office_key, g.country, g.name) for g in envoy] == [("ambassador", "PAK", None)]


def test_words_that_are_titles_only_before_a_known_name():
    assert find_titles("Pakistan's Premier Multilingual News Agency") == []
    assert find_titles("Chinese Premier Li Qiang")[0].name == "Li Qiang"


def test_the_implied_country_yields_to_the_named_one():
    g = find_titles("Indian Defence Secretary Rajesh Kumar Singh")[0]
    assert (g.office_key, g.country) == ("defence_secretary", "IND")
    assert find_titles("Defence Secretary Lloyd Austin")[0].country == "USA"


def test_every_role_office_reads_back_to_its_office_key():
    for r in _rows("roles.csv"):
        assert titles.office_key_for(r["office"], r["country"]) == r["office_key"], r


# -- resolving people ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name,at,person,office,country,sector", [
    ("Blinken", D(2023, 7, 24), "Antony Blinken", "Secretary of State", "USA", "GOV"),
    ("Dar", D(2024, 6, 1), "Ishaq Dar", "Foreign Minister", "PAK", "GOV"),
    ("Bilawal", D(2023, 7, 24), "Bilawal Bhutto Zardari", "Foreign Minister", "PAK", "GOV"),
    ("Bilawal Bhutto-Zardari", D(2023, 7, 24), "Bilawal Bhutto Zardari", "Foreign Minister", "PAK", "GOV"),
    ("Mr Austin", D(2021, 8, 10), "Lloyd Austin", "Secretary of Defense", "USA", "GOV"),
    ("Gen Bajwa", D(2021, 8, 10), "Qamar Javed Bajwa", "Chief of Army Staff", "PAK", "MIL"),
    ("Secretary Rubio", D(2025, 4, 7), "Marco Rubio", "Secretary of State", "USA", "GOV"),
    ("Antony J. Blinken", D(2024, 5, 3), "Antony Blinken", "Secretary of State", "USA", "GOV"),
    ("Michael Erik Kurilla", D(2023, 7, 20), "Michael Kurilla", "Commander, US Central Command", "USA", "MIL"),
    ("Mr Kirby", D(2021, 8, 10), "John Kirby", "Pentagon Press Secretary", "USA", "GOV"),
    ("Kirby", D(2023, 6, 1), "John Kirby", "NSC Coordinator for Strategic Communications", "USA", "GOV"),
    ("Hossein Amir Abdollahian", D(2023, 1, 1), "Hossein Amir-Abdollahian", "Foreign Minister", "IRN", "GOV"),
])
def test_resolve_person_at_a_date(kb, name, at, person, office, country, sector):
    a = kb.resolve_person(name, at)
    assert (a.name, a.kind, a.role, a.country, a.sector) == (person, "person", office, country, sector)


def test_a_shared_surname_goes_to_whoever_held_office_then(kb):
    assert kb.resolve_person("Sharif", D(2016, 1, 1)).name == "Nawaz Sharif"
    assert kb.resolve_person("Sharif", D(2023, 1, 1)).name == "Shehbaz Sharif"
    assert kb.resolve_person("Li", D(2020, 1, 1)).name == "Li Keqiang"
    assert kb.resolve_person("Li", D(2024, 1, 1)).name == "Li Qiang"


def test_office_hints_choose_between_holders_and_roles(kb):
    assert kb.resolve_person("Zardari", D(2023, 1, 1), office_key="head_of_state").name == "Asif Ali Zardari"
    dar = kb.resolve_person("Dar", D(2024, 6, 1), office_key="deputy_head_of_government")
    assert dar.role == "Deputy Prime Minister"
    assert kb.resolve_person("Pakistan's Foreign Minister Dar", D(2024, 6, 1)).role == "Foreign Minister"


def test_without_a_date_the_current_senior_role_is_given(kb):
    assert kb.resolve_person("Rubio").role == "Secretary of State"
    assert kb.resolve_person("Munir").role == "Chief of Army Staff"
    assert kb.resolve_person("Blinken").tenure == ("2021-01-26", "2025-01-20")


def test_unknown_names_resolve_to_none(kb):
    assert kb.resolve_person("Jane Nobody", D(2024, 1, 1)) is None
    assert kb.resolve_person("", None) is None
    assert kb.resolve_person("Mr", None) is None


def test_find_people_ignores_case_accents_and_hyphens(kb):
    assert [p.name for p in kb.find_people("bhutto zardari")] == ["Bilawal Bhutto Zardari"]
    assert [p.name for p in kb.find_people("ERDOĞAN")] == ["Recep Tayyip Erdogan"]
    assert {p.name for p in kb.find_people("Bagheri")} >= {"Mohammad Bagheri", "Ali Bagheri Kani"}


@pytest.mark.parametrize("key,country,at,names", [
    ("army_chief", "PAK", D(2021, 8, 11), ["Qamar Javed Bajwa"]),
    ("foreign_minister", "USA", D(2025, 4, 7), ["Marco Rubio"]),
    ("foreign_minister", "USA", D(2023, 7, 24), ["Antony Blinken"]),
    ("defence_minister", "USA", D(2021, 8, 10), ["Lloyd Austin"]),
    ("commander", "USA", D(2023, 7, 20), ["Michael Kurilla", "John Aquilino", "Christopher Cavoli"]),
    ("head_of_government", "PAK", D(2023, 10, 1), ["Anwaar-ul-Haq Kakar"]),
])
def test_holders_at_a_date(kb, key, country, at, names):
    assert sorted(a.name for a in kb.holders(key, country, at)) == sorted(names)


def test_holders_over_time_are_in_order(kb):
    names = [a.name for a in kb.holders("army_chief", "PAK", None)]
    assert names.index("Qamar Javed Bajwa") < names.index("Asim Munir")


@pytest.mark.parametrize("person,office,start,end", [
    ("antony_blinken", "Secretary of State", "2021-01-26", "2025-01-20"),
    ("marco_rubio", "Secretary of State", "2025-01-21", None),
    ("ishaq_dar", "Foreign Minister", "2024-03-11", None),
    ("ishaq_dar", "Deputy Prime Minister", "2024-04-28", None),
    ("bilawal_bhutto_zardari", "Foreign Minister", "2022-04-27", "2023-08-10"),
    ("lloyd_austin", "Secretary of Defense", "2021-01-22", "2025-01-20"),
    ("qamar_javed_bajwa", "Chief of Army Staff", "2016-11-29", "2022-11-29"),
    ("asim_munir", "Chief of Army Staff", "2022-11-29", None),
    ("anwaar_ul_haq_kakar", "Caretaker Prime Minister", "2023-08-14", "2024-03-04"),
])
def test_key_tenures(kb, person, office, start, end):
    roles = [r for r in kb.person(person).roles if r.office == office]
    assert [(r.start, r.end) for r in roles] == [(start, end)]


# -- the data files -----------------------------------------------------------------------------------

def test_the_base_has_enough_roles_with_sane_tenures(kb):
    rows = _rows("roles.csv")
    assert len(rows) >= 300
    for r in rows:
        assert r["start"], r
        assert not r["end"] or r["start"] <= r["end"], r
    codes = {c["iso3"] for c in _rows("countries.csv")} | kb.igo_codes()
    assert {r["country"] for r in rows} <= codes
    assert {r["person_id"] for r in rows} <= {p["person_id"] for p in _rows("people.csv")}
    assert {r["office_key"] for r in rows} <= titles.vocabulary().office_keys


def test_single_seat_offices_never_have_two_substantive_holders(kb):
    """Handover days may be shared; acting and caretaker holders may overlap."""
    seats = defaultdict(list)
    for h in kb.holdings:
        seats[(h.office_key, h.role.country)].append(h)
    multi = titles.vocabulary().multi_seat
    for (key, _), hs in seats.items():
        for a, b in itertools.combinations(hs, 2):
            same_person = a.person_id == b.person_id
            if (key in multi and not same_person) or a.acting or b.acting:
                continue
            a_end, b_end = a.role.end or "9999", b.role.end or "9999"
            assert not (a.role.start < b_end and b.role.start < a_end), (a, b)


def test_all_un_members_are_countries(kb):
    assert len(kb.countries) >= 193
    for text in ("Pakistan", "Pakistani", "Islamabad", "US", "U.S.", "Washington", "the United States",
                 "Pakistan's", "Americans"):
        assert kb.country(text).country in {"PAK", "USA"}, text
    assert kb.country("the United States").name == "United States"
    assert kb.country("us") is None  # acronyms match only as written
    assert kb.country("Rawalpindi") is None


def test_organisations_by_alias_acronym_and_country_prefix(kb):
    assert kb.org("International Monetary Fund (IMF)").name == "International Monetary Fund"
    assert (kb.org("the Pentagon").name, kb.org("the Pentagon").country) == ("US Department of Defense", "USA")
    assert kb.org("Pakistan's Foreign Office").name == "Pakistan Foreign Office"
    assert kb.org("Foreign Office") is None
    assert kb.org("Foreign Office", country="PAK").name == "Pakistan Foreign Office"
    assert kb.org("who") is None and kb.org("WHO").country == "WHO"
    assert kb.org("Taliban").sector == "REB"


def test_surface_forms_cover_people_countries_and_orgs(kb):
    forms = {(t, k, i) for t, k, i in kb.surface_forms()}
    for expected in [("Blinken", "person", "antony_blinken"), ("Bilawal Bhutto-Zardari", "person", "bilawal_bhutto_zardari"),
                     ("Bilawal Bhutto Zardari", "person", "bilawal_bhutto_zardari"), ("Pakistani", "country", "PAK"),
                     ("Islamabad", "country", "PAK"), ("IMF", "org", "imf"), ("Pentagon", "org", "us_dod"),
                     ("Antonio Guterres", "person", "antonio_guterres")]:
        assert expected in forms
    assert ("May", "person", "theresa_may") not in forms  # a month before it is a surname


# -- user additions ----------------------------------------------------------------------------------

def test_add_person_returns_a_new_kb(kb):
    role = Role("Foreign Minister", "GBR", "GOV", "2031-01-05", None)
    bigger = kb.add_person("Jane Doe", ["J. Doe"], [role])
    assert kb.resolve_person("Doe") is None
    a = bigger.resolve_person("Doe", D(2031, 2, 1))
    assert (a.name, a.role, a.country) == ("Jane Doe", "Foreign Minister", "GBR")
    assert [h.name for h in bigger.holders("foreign_minister", "GBR", D(2031, 2, 1))][0] == "Jane Doe"  # newest first


def test_saved_entries_load_back_and_saving_twice_adds_nothing(tmp_path):
    person = Person("", "Jane Doe", ("J. Doe",), (Role("Defence Minister", "PAK", "GOV", "2030-05-01", None),))
    save_user_entries(tmp_path, [person])
    save_user_entries(tmp_path, [person])
    assert len((tmp_path / "roles.csv").read_text().splitlines()) == 2
    loaded = KB.load(tmp_path)
    a = loaded.resolve_person("J. Doe", D(2030, 6, 1))
    assert (a.name, a.role) == ("Jane Doe", "Defence Minister")
    assert [h.name for h in loaded.holders("defence_minister", "PAK", D(2030, 6, 1))][0] == "Jane Doe"


def test_import_csv_json_and_wikidata(tmp_path):
    (tmp_path / "a.csv").write_text("name,aliases,office,country,sector,start,end\n"
                                    "Jane Doe,J. Doe|JD,Foreign Minister,Pakistan,GOV,2030-01-01,\n"
                                    "Jane Doe,,Prime Minister,PAK,,2032-01-01,2033-01-01\n")
    people = import_file(tmp_path / "a.csv")
    assert [(p.name, p.aliases, [(r.office, r.country) for r in p.roles]) for p in people] == [
        ("Jane Doe", ("J. Doe", "JD"), [("Foreign Minister", "PAK"), ("Prime Minister", "PAK")])]
    (tmp_path / "b.json").write_text(json.dumps([
        {"name": "John Roe", "aliases": ["Johnny Roe"], "office": "UN Secretary-General", "country": "UNO",
         "sector": "IGO", "start": "2027-01-01", "end": None}]))
    [roe] = import_file(tmp_path / "b.json")
    assert roe.roles[0] == Role("UN Secretary-General", "UNO", "IGO", "2027-01-01", None)
    (tmp_path / "c.csv").write_text(
        "person,personLabel,positionLabel,start,end,countryLabel\n"
        "http://www.wikidata.org/entity/Q1,Ann Poe,Minister of Foreign Affairs,2020-02-03T00:00:00Z,,India\n")
    [poe] = import_file(tmp_path / "c.csv")
    assert (poe.person_id, poe.roles[0].country, poe.roles[0].start) == ("wd_Q1", "IND", "2020-02-03")
    save_user_entries(tmp_path / "kb", [poe])
    assert KB.load(tmp_path / "kb").resolve_person("Poe", D(2021, 1, 1)).country == "IND"


@pytest.mark.parametrize("name,content,where", [
    ("bad.csv", "name,office,country,start\nJane Doe,Foreign Minister,Narnia,2030-01-01\n", "line 2"),
    ("bad2.csv", "name,office,country,start\nJane Doe,Foreign Minister,PAK,2030-13-45\n", "line 2"),
    ("bad3.csv", "name,office,country,start,end\nJane,FM,PAK,2030-01-01,2020-01-01\n", "line 2"),
    ("bad4.csv", "who,what\nx,y\n", "line 1"),
    ("bad.json", '[{"name": "Jane"},\n {"name": ', "line 2"),
    ("bad2.json", '[{"office": "Foreign Minister"}]', "line 1"),
])
def test_malformed_imports_name_the_file_and_line(tmp_path, name, content, where):
    (tmp_path / name).write_text(content)
    with pytest.raises(KnowledgeError) as err:
        import_file(tmp_path / name)
    assert name in str(err.value) and where in str(err.value)


def test_a_malformed_user_roles_file_is_reported(tmp_path):
    (tmp_path / "roles.csv").write_text("person_id,office,country,start\nnobody,Foreign Minister,PAK,2030-01-01\n")
    with pytest.raises(KnowledgeError, match="roles.csv: line 2"):
        KB.load(tmp_path)


# -- properties ------------------------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60), st.one_of(st.none(), st.dates()), st.sampled_from([None, "army_chief", "x"]),
       st.sampled_from([None, "PAK", "???"]))
def test_resolve_person_never_raises(name, at, key, country):
    actor = default_kb().resolve_person(name, at, office_key=key, country=country)
    assert actor is None or actor.kind == "person"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("US Pakistan's Foreign Minister Gen (COAS) Dar, the army chief.")),
               max_size=80))
def test_title_spans_are_inside_the_text_and_ordered(text):
    guesses = find_titles(text)
    ends = [0] + [g.end for g in guesses]
    for g, prev_end in zip(guesses, ends):
        assert prev_end <= g.start < g.end <= len(text)


@given(st.text(max_size=40))
def test_normalize_is_idempotent(text):
    once = kbmod.normalize(text)
    assert kbmod.normalize(once) == once


# -- reaching back: office holders of 2009-2013 (Timeline17's years) ---------------------------------

@pytest.mark.parametrize("key,country,at,names", [
    ("head_of_state", "EGY", D(2010, 6, 1), ["Hosni Mubarak"]),
    ("head_of_state", "EGY", D(2012, 9, 1), ["Mohamed Morsi"]),
    ("head_of_state", "EGY", D(2014, 9, 1), ["Abdel Fattah el-Sisi"]),
    ("head_of_state", "SYR", D(2012, 1, 1), ["Bashar al-Assad"]),
    ("head_of_government", "IRQ", D(2010, 1, 1), ["Nouri al-Maliki"]),
    ("head_of_state", "HTI", D(2010, 1, 12), ["René Préval"]),
    ("head_of_state", "FRA", D(2011, 3, 19), ["Nicolas Sarkozy"]),
    ("head_of_state", "RUS", D(2011, 3, 19), ["Dmitry Medvedev"]),
    ("head_of_government", "GBR", D(2009, 6, 1), ["Gordon Brown"]),
    ("foreign_minister", "USA", D(2011, 3, 1), ["Hillary Clinton"]),
    ("nato_secretary_general", "NATO", D(2011, 3, 31), ["Anders Fogh Rasmussen"]),
    ("igo_head", "ARL", D(2012, 1, 1), ["Nabil Elaraby"]),
])
def test_holders_back_to_2009(kb, key, country, at, names):
    assert sorted(a.name for a in kb.holders(key, country, at)) == sorted(names)


def test_an_interim_holder_does_not_hide_the_substantive_one(kb):
    """SCAF ruled Egypt between Mubarak and Morsi; Tantawi is flagged acting, so he is
    found in 2011 but never outranks an elected president."""
    assert [a.name for a in kb.holders("head_of_state", "EGY", D(2011, 6, 1))] == ["Mohamed Hussein Tantawi"]
    assert kb.resolve_person("Tantawi", D(2011, 6, 1)).role == "Chairman of the Supreme Council of the Armed Forces"


@pytest.mark.parametrize("name,at,office,country", [
    ("Sisi", D(2013, 7, 3), "Defence Minister", "EGY"),
    ("Sisi", D(2015, 1, 1), "President", "EGY"),
    ("Gadhafi", D(2011, 3, 1), "Leader of the Revolution", "LBY"),
    ("Putin", D(2010, 1, 1), "Prime Minister", "RUS"),
    ("Putin", D(2013, 1, 1), "President", "RUS"),
    ("Erdogan", D(2011, 6, 1), "Prime Minister", "TUR"),
    ("Davutoglu", D(2012, 6, 1), "Foreign Minister", "TUR"),
    ("Juppe", D(2011, 3, 19), "Foreign Minister", "FRA"),
    ("Juppé", D(2011, 1, 1), "Defence Minister", "FRA"),
    ("Panetta", D(2010, 1, 1), "CIA Director", "USA"),
    ("Panetta", D(2012, 1, 1), "Secretary of Defense", "USA"),
])
def test_a_person_resolves_to_the_office_held_then(kb, name, at, office, country):
    a = kb.resolve_person(name, at)
    assert (a.role, a.country) == (office, country)


def test_a_one_word_name_does_not_reach_a_holder_years_away_from_the_date() -> None:
    kb = default_kb()
    assert kb.resolve_person("George", dt.date(2005, 5, 18)) is None  # not the army chief of 2023
    assert kb.resolve_person("George", dt.date(2024, 1, 1)).name == "Randy George"
    assert kb.resolve_person("Obama", dt.date(2005, 1, 1)).name == "Barack Obama"  # four years before office
    assert kb.resolve_person("Barack Obama", dt.date(1995, 1, 1)).name == "Barack Obama"  # a full name still resolves
    assert kb.resolve_person("Blinken", None).name == "Antony Blinken"  # no date: no limit
