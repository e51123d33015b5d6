"""PETRARCH actor dictionaries imported into the knowledge base (``kb import --format petrarch``)."""
import datetime as dt

import pytest
from typer.testing import CliRunner

from dateline.actors import petrarch
from dateline.actors.kb import KB
from dateline.cli import app
from dateline.errors import KnowledgeError

# A dictionary of our own in the PETRARCH format: dated codes, synonyms, comments, placeholders.
DICTIONARY = """<!-- test dictionary -->
RIVERLAND [RVL]
+RIVERLANDER  # a demonym
+PORT_AMBER

JOHN_QUILL [RVL]   # default code
\t[RVLGOV 20100101-20121231]
\t[RVLOPP >20121231]

HILL_COUNTRY_POLICE [HLCCOP]
NOBODY [---]
PRINCE_OF_MARSH
\t[--- <950630]
\t[MRS]
"""


def test_entries_names_and_codes():
    actors = {a.name: a for a in petrarch.parse_actors(DICTIONARY)}
    assert set(actors) == {"Riverland", "John Quill", "Hill Country Police", "Prince Of Marsh"}
    assert actors["Riverland"].aliases == ("Riverlander", "Port Amber")
    assert actors["Hill Country Police"].codes == (petrarch.DatedCode("HLCCOP"),)


def test_an_undated_code_fills_the_days_the_dated_ones_leave():
    quill = next(a for a in petrarch.parse_actors(DICTIONARY) if a.name == "John Quill")
    assert quill.codes == (petrarch.DatedCode("RVLGOV", "2010-01-01", "2012-12-31"),
                           petrarch.DatedCode("RVLOPP", "2013-01-01", None),
                           petrarch.DatedCode("RVL", None, "2009-12-31"))
    prince = next(a for a in petrarch.parse_actors(DICTIONARY) if a.name == "Prince Of Marsh")
    assert prince.codes == (petrarch.DatedCode("MRS"),)  # "---" is no actor: nothing before 1995 to code


def test_old_six_digit_dates_and_bad_restrictions():
    assert petrarch.parse_code("HOB <950601", "x") == petrarch.DatedCode("HOB", None, "1995-05-31")
    assert petrarch.parse_code("HOBREB >990816", "x") == petrarch.DatedCode("HOBREB", "1999-08-17", None)
    with pytest.raises(KnowledgeError, match="date restriction"):
        petrarch.parse_code("HOB sometime", "x")


def test_imported_tables_resolve_a_person_by_date(tmp_path):
    src = tmp_path / "actors.txt"
    src.write_text(DICTIONARY, encoding="utf-8")
    result = CliRunner().invoke(app, ["kb", "import", str(src), "--format", "petrarch", "--kb-dir", str(tmp_path / "kb")])
    assert result.exit_code == 0, result.output
    kb = KB.load(tmp_path / "kb")
    assert kb.country("Port Amber").country == "RVL"
    assert kb.org("Hill Country Police").country == "HLC" and kb.org("Hill Country Police").sector == "COP"
    at = {d: kb.resolve_person("John Quill", dt.date.fromisoformat(d)) for d in ("2005-05-05", "2011-01-01", "2014-01-01")}
    assert [(a.country, a.sector) for a in at.values()] == [("RVL", "GOV"), ("RVL", "GOV"), ("RVL", "OPP")]
    assert at["2011-01-01"].role == "RVLGOV" and at["2005-05-05"].role == "RVL"


def test_import_twice_adds_nothing(tmp_path):
    src = tmp_path / "actors.txt"
    src.write_text(DICTIONARY, encoding="utf-8")
    for _ in range(2):
        CliRunner().invoke(app, ["kb", "import", str(src), "--format", "petrarch", "--kb-dir", str(tmp_path / "kb")])
    assert (tmp_path / "kb" / "roles.csv").read_text().count("RVLGOV") == 1


def test_unknown_format_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(app, ["kb", "import", str(tmp_path / "x"), "--format", "tabari"])
    assert result.exit_code == 2
