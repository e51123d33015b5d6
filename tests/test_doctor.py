"""--version, shell completion and `dateline doctor`."""
import importlib.util
import sqlite3
import tomllib

from typer.testing import CliRunner

import dateline
from dateline import doctor
from dateline.cli import app
from dateline.store import MIGRATIONS, Store, _statements
from conftest import ROOT

runner = CliRunner()


def test_version_is_the_package_version():
    res = runner.invoke(app, ["--version"])
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert res.exit_code == 0
    assert res.output.strip() == f"dateline {project['version']}" == f"dateline {dateline.__version__}"


def test_shell_completion_script_is_offered():
    res = runner.invoke(app, ["--show-completion", "bash"], prog_name="dateline")
    assert res.exit_code == 0 and "_DATELINE_COMPLETE" in res.output and "complete " in res.output


def test_doctor_on_a_good_database(tmp_path):
    db = tmp_path / "x.db"
    Store(db).close()
    res = runner.invoke(app, ["doctor", "--db", str(db)])
    assert res.exit_code == 0, res.output
    for name in ("python", "sqlite", "knowledge base", "taxonomy", "triggers", "database", "web extra",
                 "export extra", "model"):
        assert f"ok   {name}:" in res.output, name
    assert f"schema {len(MIGRATIONS)}, 0 articles, 0 events" in res.output


def test_doctor_says_what_is_missing_and_how_to_fix_it(tmp_path, monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else real(name, *a))
    res = runner.invoke(app, ["doctor", "--db", str(tmp_path / "none.db"), "--no-model"])
    assert res.exit_code == 0, res.output  # optional parts missing: warnings only
    assert "warn export extra: missing pyarrow" in res.output and "pip install 'dateline[export]'" in res.output
    assert "warn database:" in res.output and "dateline run" in res.output
    assert "model" not in res.output


def test_doctor_fails_on_a_broken_taxonomy_or_kb_and_names_the_file(tmp_path):
    (tmp_path / "t.yaml").write_text("topics: nope\n")
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "roles.csv").write_text("person_id,office,country\nnobody,Minister,PAK\n")
    res = runner.invoke(app, ["doctor", "--db", str(tmp_path / "x.db"), "--no-model",
                              "--taxonomy", str(tmp_path / "t.yaml"), "--kb-dir", str(tmp_path / "kb")])
    assert res.exit_code == 1
    assert "FAIL taxonomy:" in res.output and "t.yaml" in res.output
    assert "FAIL knowledge base:" in res.output and "roles.csv: line 2" in res.output


def test_doctor_notices_an_old_schema(tmp_path):
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for statement in _statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("INSERT INTO schema_version VALUES (1)")
    conn.commit()
    conn.close()
    [check] = [c for c in doctor.run_checks(db, model=False) if c.name == "database"]
    assert check.status == "warn" and "dateline recode" in check.fix
