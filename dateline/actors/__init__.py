"""Actors: who is named in the news, and what office they held on a given day.

``kb`` holds people with dated roles, countries and organisations (data in ``data/``);
``titles`` finds title phrases ("Pakistan's Foreign Minister Ishaq Dar", "the army
chief") in text.
"""
from dateline.actors.kb import KB, Person, default_kb, import_file, save_user_entries
from dateline.actors.titles import TitleGuess, find_titles, office_key_for

__all__ = ["KB", "Person", "TitleGuess", "default_kb", "find_titles", "import_file", "office_key_for",
           "save_user_entries"]
