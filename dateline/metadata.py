"""Article metadata from plain text: title, outlet, author, dateline, publication date, language.

Scraped text keeps what the page showed: a header stamp, a byline, a dateline, a
"Published in ..." footer, a photo credit naming the site. Cleaning removes those lines
from the story, and this module reads them back from the raw text. Each field is
``None`` unless the text (or the container's hints, which win) says it: a date inside a
story sentence ("took over in August 2021") is never taken for the publication date.
"""
from __future__ import annotations

import datetime as dt
import re
import string
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from .clean import (DATE_RE, DATE_TEXT, HEADER_RE, MONTH, ORDINAL, WEEKDAY, dateline_prefix, is_bullet_point, is_byline,
                    is_caption, is_chrome, is_date_line, is_headline, is_sentence, is_tagline, label_lines,
                    load_data, masthead, norm, outlet_name, signals, split_lines, word_count)
from .errors import KnowledgeError
from .model import Cleaned, Metadata, RawDoc

_WEEKDAY_RE = re.compile(rf"^(?P<wd>{WEEKDAY})\.?,?\s+", re.I)
_NAMED_FORMS = (
    re.compile(rf"(?P<m>{MONTH})\.?\s+(?P<d>\d{{1,2}}){ORDINAL},?\s+(?P<y>\d{{4}})", re.I),
    re.compile(rf"(?P<d>\d{{1,2}}){ORDINAL}\s+(?:of\s+)?(?P<m>{MONTH})\.?,?\s+(?P<y>\d{{4}})", re.I),
)
_YEAR_FIRST = re.compile(r"(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})")
_YEAR_LAST = re.compile(r"(?P<a>\d{1,2})(?P<s>[-/.])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4})")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_NAME = r"[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|and|&|de|al|bin|van|von))*"
_SELF_NAMED = re.compile(rf"^(?:the\s+)?(?P<name>{_NAME})\s+is\s+(?:a|an|the|one of the)\b")
_PUBLISHED_IN = re.compile(rf"\b(?i:published)\s+in\s+(?:the\s+)?(?P<name>{_NAME})\s*,")
_COPYRIGHT = re.compile(rf"(?:©|\(c\)|copyright)\s*(?:\d{{4}}\s*[-–]?\s*)?(?:\d{{4}}\s*)?(?P<name>{_NAME})", re.I)
_DOMAIN = re.compile(r"\b(?P<stem>[A-Za-z][\w-]*)\.(?P<tld>com|tv|pk|net|org|in|news|co\.uk|com\.pk|info)\b")
_FOOTER_CREDIT = re.compile(r"^[-–—]+\s*(?P<name>[A-Z][\w&.]*(?:\s[A-Z][\w&.]*){0,2})\s*$")
_FOLLOW = re.compile(r"\b[Ff]ollow (?P<name>[A-Z][\w.&]*(?: [A-Z][\w.&]*){0,3}) on "
                     r"(?i:facebook|twitter|x|instagram|whatsapp|telegram|youtube|linkedin|threads)\b")
_BY = re.compile(rf"^by\s+(?P<name>{_NAME})", re.I)
_GLUED = re.compile(r"^(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,3})\s*(?:Published|Updated|Posted)\b")
_NOT_NAMES = frozenset({"the", "staff", "our", "a", "an"})


# --- dates -------------------------------------------------------------------------------

def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _numeric_date(s: str) -> dt.date | None:
    """All-number dates: year first is certain; day/month order only when it cannot be mixed up,
    or when dots separate it ('08.02.2024'): the dotted form is day-first wherever it is used."""
    if m := _YEAR_FIRST.fullmatch(s):
        return _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if not (m := _YEAR_LAST.fullmatch(s)):
        return None
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if m["s"] == "." and b <= 12:
        return _safe_date(y, b, a)
    if a == b or b > 12:
        return _safe_date(y, a, b)
    return _safe_date(y, b, a) if a > 12 else None


def _named_date(s: str) -> dt.date | None:
    """Dates with a month name, either order: 'August 11th, 2021', '25 July, 2023'."""
    for form in _NAMED_FORMS:
        if m := form.fullmatch(s):
            return _safe_date(int(m["y"]), _MONTHS.index(m["m"][:3].lower()) + 1, int(m["d"]))
    return None


def parse_date(s: str) -> dt.date | None:
    """One date expression with a full year, or None when it cannot be read with certainty.

    A weekday that contradicts the date makes it uncertain, and so does a numeric
    form where day and month could be swapped ('11/08/2021').
    """
    text = str(s).strip().rstrip(".,").strip() if isinstance(s, str) else ""
    weekday = None
    if m := _WEEKDAY_RE.match(text):
        weekday, text = _WEEKDAYS.index(m["wd"][:3].lower()), text[m.end():]
    day = _named_date(text) or _numeric_date(text)
    if day is None or (weekday is not None and day.weekday() != weekday):
        return None
    return day


def find_date(line: str) -> dt.date | None:
    """The first date in a line that parses with certainty."""
    for m in DATE_RE.finditer(line):
        if day := parse_date(m.group()):
            return day
    return None


# --- fields ------------------------------------------------------------------------------

def _published(lines: Sequence[str], kept: Sequence[str]) -> str | None:
    """The page's own date: header stamp, 'Published ...' stamps, a dateline date, a footer.

    Stamps inside lists of other stories (each with its own date) do not count.
    """
    if lines and (m := HEADER_RE.match(lines[0])) and (day := parse_date(m[1])):
        return day.isoformat()
    labels = label_lines(lines)
    title = next((i for i, label in enumerate(labels) if label == "headline"), -1)
    stamps = [(i, d) for i, (line, label) in enumerate(zip(lines, labels))
              if label not in ("listed", "link") and is_date_line(line) and (d := find_date(line))]
    # a page's own stamp stands under its title; one above it is the site's "today" bar
    below = [d for i, d in stamps if i > title]
    day = (below or [d for _, d in stamps] or [None])[0] or _dateline_date(kept)
    return day.isoformat() if day else None


def _dateline_match(kept: Sequence[str]) -> re.Match[str] | None:
    """The dateline opening one of the first story lines (summary bullets above them aside)."""
    lines = [line for line in kept if not is_bullet_point(line)]
    return next((m for line in lines[:4] if (m := dateline_prefix(line))), None)


def _lone_dateline(lines: Sequence[str], kept: Sequence[str]) -> str | None:
    """A city in capitals on its own line right above the story's first sentence ("ANKARA")."""
    first = next((line for line in kept if is_sentence(line)), None)
    at = lines.index(first) if first in lines else 0
    above = lines[at - 1] if at > 0 else ""
    if re.fullmatch(r"[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,2}", above) and norm(above) not in signals().not_dateline_words:
        return string.capwords(above.lower())
    return None


# a dateline that opens with the date: "25th January 2023 – (Berlin) Germany has ...",
# "January 25, 2023 — The ministry said ..."
_DATE_FIRST = re.compile(rf"^(?P<date>(?i:{DATE_TEXT}))\s*[–—-]+\s*(?:\([A-Z][\w .'-]{{1,30}}\)\s*)?[A-Z]")


def _dateline_date(kept: Sequence[str]) -> dt.date | None:
    """The date of the story's dateline, city first ('BEIJING, Oct. 22, 2024 (Xinhua) -')
    or date first ('25th January 2023 – (Berlin) ...')."""
    m = _dateline_match(kept)
    if m and m["date"]:
        return parse_date(m["date"])
    lines = [line for line in kept if not is_bullet_point(line)][:4]
    first = next((d for line in lines if (d := _DATE_FIRST.match(line))), None)
    return parse_date(first["date"]) if first else None


def _dateline_city(lines: Sequence[str], kept: Sequence[str]) -> str | None:
    m = _dateline_match(kept)
    return string.capwords(m["city"].lower()) if m else _lone_dateline(lines, kept)


def _title(lines: Sequence[str], kept: Sequence[str]) -> str | None:
    """The first kept line when it is headline-shaped (a title on the header stamp's line
    is a line of its own: ``split_lines``)."""
    first = kept[0] if kept else ""
    return first if is_headline(first) and word_count(first) <= 20 else None


def _clean_name(name: str) -> str | None:
    """A person's or outlet's name as written, without trailing punctuation or stray words."""
    name = re.split(r"\.\s", name)[0]
    name = re.split(r"\s+(?:and|&|of|de|al)\s*$", name.strip(" .,:;|-–—"))[0].strip()
    return name if name and norm(name) not in _NOT_NAMES else None


def _author(lines: Sequence[str]) -> str | None:
    """'By' on its own line then the name; 'By John Smith'; a name glued to 'Published';
    else a name in or beside the page's date stamp."""
    head = lines[:25]
    for i, line in enumerate(head):
        if norm(line) == "by" and i + 1 < len(head) and word_count(head[i + 1]) <= 5:
            return _clean_name(head[i + 1])
        if is_byline(line) and (m := _BY.match(line)):
            return _clean_name(m["name"])
        if (m := _GLUED.match(line)) and is_date_line(line):
            return _clean_name(m["name"])
    return _stamped_author(head)


_LABELLED = re.compile(rf"(?:^|\|\s*)(?i:author|written by|edited by|by)\s*:\s*(?P<name>{_NAME})\s*$")
_STAMP_BY = re.compile(rf"\b(?:by|By)\s+(?P<name>{_NAME})\s*$")
_PIPED = re.compile(rf"^(?P<name>{_NAME})\s*\|")
_NAME_LINE = re.compile(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,3}")


def _stamped_author(head: Sequence[str]) -> str | None:
    """'Author: X'; 'Posted on <date> by X'; 'X |<date>'; a name-shaped line just above or
    below the date stamp ('Jane Roe' / 'Published: May 3, 2024')."""
    site = masthead(head)
    for i, line in enumerate(head):
        if (m := _LABELLED.search(line)) or (is_date_line(line) and (m := _STAMP_BY.search(line) or _PIPED.match(line))):
            return _clean_name(m["name"])
        if not is_date_line(line) or dateline_prefix(line):
            continue
        for near in (head[i - 1] if i else "", head[i + 1] if i + 1 < len(head) else ""):
            if _NAME_LINE.fullmatch(near) and not (site and norm(site.name) == norm(near)) and not is_chrome(near):
                return _clean_name(outlet_name(near))
    return None


@lru_cache(maxsize=1)
def _outlets() -> dict[str, str]:
    """Well-known domains and codes -> the outlet's usual name (data/outlets.yaml)."""
    data: Any = load_data("outlets.yaml") or {}
    if not isinstance(data, dict) or not isinstance(data.get("domains") or {}, dict):
        raise KnowledgeError("outlets.yaml", "expected a mapping 'domains: {domain: name}'")
    return {str(k).lower(): str(v) for k, v in (data.get("domains") or {}).items()}


def _domain_outlet(domain: str, stem: str) -> str:
    """A known domain's name, else the domain's stem as written ('Geo.tv' -> 'Geo')."""
    domain = domain.lower().removeprefix("www.")
    return _outlets().get(domain) or stem


def _url_outlet(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url and "//" in url else None
    if not host:
        return None
    host = host.removeprefix("www.")
    return _domain_outlet(host, host.split(".")[0].capitalize())


def _self_named(lines: Sequence[str]) -> str | None:
    """'Pakistan State Time is a ... news ... website' names the outlet."""
    for line in lines:
        if is_tagline(line) and (m := _SELF_NAMED.match(line)):
            return _clean_name(m["name"])
    return None


def _credited(lines: Sequence[str]) -> str | None:
    """A photo credit with the site's own domain ('Photos: Geo.tv/ file')."""
    for line in lines:
        if is_caption(line) and (m := _DOMAIN.search(line)):
            return _domain_outlet(m.group(), m["stem"])
    return None


def _text_outlet(lines: Sequence[str], kept: Sequence[str]) -> str | None:
    """The outlet as the text names it, strongest signal first."""
    found = _self_named(lines)
    site = masthead(lines)
    found = found or (outlet_name(site.name) if site else None)
    found = found or next((_clean_name(m["name"]) for line in lines
                           if (is_date_line(line) or is_chrome(line)) and (m := _PUBLISHED_IN.search(line))), None)
    dl = _dateline_match(kept)
    found = found or (next((a.strip() for a in (dl["agency"], dl["wire"]) if a), None) if dl else None)
    found = found or next((m["name"].rstrip(".") for line in lines if (m := _FOOTER_CREDIT.match(line))), None)
    found = found or _credited(lines)
    found = found or next((m["name"] for line in lines if is_chrome(line) and (m := _FOLLOW.search(line))), None)
    return found or next((_clean_name(m["name"]) for line in lines if is_chrome(line)
                          and (m := _COPYRIGHT.search(line))), None)


def _outlet(lines: Sequence[str], kept: Sequence[str], hints: RawDoc | None) -> str | None:
    if hints and hints.outlet:
        return hints.outlet.strip()
    url = hints.url if hints else None
    known = _url_outlet(url) if url and (urlsplit(url).hostname or "").removeprefix("www.") in _outlets() else None
    return known or _text_outlet(lines, kept) or _url_outlet(url)


@lru_cache(maxsize=1)
def _profiles() -> dict[str, frozenset[str]]:
    return {code: frozenset(words) for code, words in load_data("languages.yaml").items()}


def guess_language(text: str, min_hits: int = 3) -> str | None:
    """ISO 639-1 code of the stop-word profile that covers most of the text's words."""
    tokens = Counter(re.findall(r"[^\W\d_]+", text.lower()))
    scores = {code: sum(n for w, n in tokens.items() if w in words) for code, words in _profiles().items()}
    best = max(scores, key=lambda code: scores[code], default=None)
    return best if best and scores[best] >= min_hits else None


def _hinted_date(hints: RawDoc | None) -> str | None:
    if not (hints and hints.published):
        return None
    day = parse_date(hints.published[:10])
    return day.isoformat() if day else None


_PATH_DAY = re.compile(r"(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)")
_PATH_PARTS = re.compile(r"(?:^|/)(?P<y>(?:19|20)\d\d)/(?P<m>\d\d)/(?P<d>\d\d)(?=/|$|[^\d])")


def published_from_path(path: str) -> str | None:
    """The publication date a path states, for archives that file articles by day
    (``2011-02-16/235.txt``, ``news/2011/02/16/story.html``): the deepest path component
    that is or begins with ``YYYY-MM-DD``, or three components ``YYYY/MM/DD``.

    Only whole components count, so a date inside a longer name ("report-2011-02-16")
    is not taken; an impossible date (2011-02-30) is no date."""
    norm_path = path.replace("\\", "/").split("#", 1)[0]
    found: list[tuple[int, dt.date]] = []
    for m in _PATH_PARTS.finditer(norm_path):
        if day := _safe_date(int(m["y"]), int(m["m"]), int(m["d"])):
            found.append((m.start("y"), day))
    for at, part in _components(norm_path):
        if (m := _PATH_DAY.match(part)) and (day := _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))):
            found.append((at, day))
    return max(found)[1].isoformat() if found else None


def _components(path: str) -> list[tuple[int, str]]:
    """(offset, component) pairs of a slash-separated path."""
    out, at = [], 0
    for part in path.split("/"):
        out.append((at, part))
        at += len(part) + 1
    return out


def extract_metadata(raw_text: str, cleaned: Cleaned, hints: RawDoc | None = None) -> Metadata:
    """Title, outlet, author, dateline city, publication date and language of one article.

    ``None`` wherever the text says nothing; container hints (HTML meta, JSON fields) win.
    ``published_source`` says where the date came from (``container`` or ``text``).
    """
    lines, kept = split_lines(raw_text), cleaned.kept
    hinted = _hinted_date(hints)
    published = hinted or _published(lines, kept)
    return Metadata(
        title=(hints.title.strip() if hints and hints.title else None) or _title(lines, kept),
        outlet=_outlet(lines, kept, hints),
        author=(hints.author.strip() if hints and hints.author else None) or _author(lines),
        dateline=_dateline_city(lines, kept),
        published=published,
        language=guess_language(cleaned.text or raw_text),
        published_source=("container" if hinted else "text") if published else None,
    )


__all__ = ["extract_metadata", "find_date", "guess_language", "parse_date", "published_from_path"]
