"""The README documents every command and option, and the public API is exact."""
import inspect
import re

import click
import typer.main

import dateline
from dateline.cli import app
from conftest import ROOT

README = (ROOT / "README.md").read_text()


def _commands(group, prefix=()):
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, prefix + (name,))
        else:
            yield prefix + (name,), cmd


def test_readme_starts_with_the_two_setup_commands():
    block = README.split("```")[1]
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()] == ["make demo", "make test"]


def test_every_command_and_option_is_in_the_readme():
    group = typer.main.get_command(app)
    for path, cmd in _commands(group):
        assert "dateline " + " ".join(path) in README, path
        for p in cmd.params:
            for opt in getattr(p, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert opt in README, (path, opt)


def test_the_top_level_options_are_in_the_readme():
    for p in typer.main.get_command(app).params:
        for opt in p.opts:
            if opt.startswith("--") and opt != "--help":
                assert opt in README, opt


def test_public_api_is_exactly_all():
    """Every public non-module name is in __all__ and nothing else is (submodules that
    happen to be imported are not part of the surface unless listed)."""
    public = sorted(n for n in dir(dateline) if not n.startswith("_") and n != "annotations"
                    and (not inspect.ismodule(getattr(dateline, n)) or n in dateline.__all__))
    assert public == dateline.__all__


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)
