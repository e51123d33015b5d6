"""Dateline's exceptions: one base class, each error carrying its context.

DatelineError
 ├── InputError        an input file cannot be read (path, reason); the run skips it
 ├── StoreError        the database cannot be opened, migrated or written
 ├── KnowledgeError    a data file (actors, triggers, taxonomy) is malformed
 ├── QueryError        a filter value is invalid (the web layer maps it to HTTP 422)
 ├── ExportError       an export cannot be written (format, missing extra, path)
 └── MetricsError      a timeline to score is malformed (tlsmetrics)
"""
from __future__ import annotations


class DatelineError(Exception):
    """Base class of every error Dateline raises on purpose."""


class InputError(DatelineError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreError(DatelineError):
    pass


class KnowledgeError(DatelineError):
    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


class QueryError(DatelineError):
    status_code = 422


class ExportError(DatelineError):
    """An export cannot be written: a bad format, a missing optional extra, an unwritable path."""


class MetricsError(DatelineError):
    """A timeline to score is malformed, or scoring lacks its optional dependency."""
