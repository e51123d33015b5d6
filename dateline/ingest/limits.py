"""Limits that keep one hostile input from stalling or sinking a run over thousands.

Three bounds, each configurable (``dateline run --max-bytes/--max-chars/--doc-timeout``):
a file larger than ``max_bytes`` is refused before it is read; an article longer than
``max_chars`` characters is skipped (not truncated: a cut article would be stored as if
it were whole, and its events and dates would silently depend on where the cut fell;
below the limit a long article is parsed in pieces, ``events.parse_in_pieces``, so its
length costs time, not memory);
and each document's parsing and extraction runs under a time budget.

The time budget is a ``SIGALRM`` timer in the main thread, because only a signal can
interrupt a regular expression or a C parser (lxml) that is stuck: measuring afterwards
would still hang. Where no timer is available (another thread, Windows) the work runs
unbounded rather than failing.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

DEFAULT_MAX_BYTES = 50_000_000
DEFAULT_MAX_CHARS = 1_000_000  # ~150,000 words: live pages of a day's coverage run to 700,000
DEFAULT_DOC_TIMEOUT = 30.0  # seconds; parsing a long article takes about one


@dataclass(frozen=True)
class Limits:
    """The bounds of one run; ``doc_timeout`` ``None`` means no time limit."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_chars: int = DEFAULT_MAX_CHARS
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT


class DocTimeout(BaseException):
    """A document's time budget ran out.

    A ``BaseException`` on purpose: libraries wrap their work in ``except Exception``
    and would otherwise swallow the interruption and carry on with the slow work.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


def timeout_reason(err: DocTimeout, what: str) -> str:
    """The reason shown to the user, naming the option that lifts the limit."""
    return f"{what} took longer than {err.seconds:g} s (limit: --doc-timeout)"


def can_interrupt() -> bool:
    """True where a ``SIGALRM`` timer can interrupt work: the main thread on POSIX."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise ``DocTimeout`` in the block when it runs longer than ``seconds``.

    ``None`` or ``0`` means no limit. Inside an outer budget the outer one governs
    (one timer per process), so nested use is harmless. Catch ``DocTimeout`` around
    the ``with``, not inside it: the timer may fire while the block is being left.
    """
    if not seconds or seconds <= 0 or not can_interrupt() or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise DocTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            signal.signal(signal.SIGALRM, previous)
