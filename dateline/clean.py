"""Boilerplate removal for plain-text articles.

Scraped text keeps one block of the page per line, so cleaning judges lines, never
characters: a story is made of sentences, while site chrome is made of widget labels,
taglines, links to other stories, repeated captions, bylines and dates. Each line is
judged by its *shape* (sentence, headline, short label), by signals kept as data in
``data/boilerplate.yaml``, and by its *context* (after a "More from" marker, a repeat,
the line after "By"). The rules run until nothing more goes, so that cleaning the
cleaned text changes nothing: idempotence by construction, not by luck.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .caseless import Caseless
from .errors import KnowledgeError
from .model import Cleaned

DATA_DIR = Path(__file__).parent / "data"

HEADER_RE = re.compile(r"^date\s+(\d{4}-\d{2}-\d{2})\b\s*(.*)$", re.I | re.S)
MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
         r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"
ORDINAL = r"(?:st|nd|rd|th)?"
DATE_TEXT = (rf"(?:{MONTH}\.?\s+\d{{1,2}}{ORDINAL},?\s+\d{{4}}"
             rf"|\d{{1,2}}{ORDINAL}\s+(?:of\s+)?{MONTH}\.?,?\s+\d{{4}}"
             r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})")
DATE_RE = re.compile(rf"(?<![\w/.-])(?:{WEEKDAY}\.?,?\s+)?{DATE_TEXT}(?![\w/-])", re.I)
TIME_RE = re.compile(r"\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?![\w:])", re.I)
# "KARACHI:", "WASHINGTON (Reuters) -", "Islamabad, 25 July, 2023 (GNP):"
_UPPER = "[A-ZÀ-ÖØ-Þ]"
_DATE_ANYCASE = rf"(?i:(?:{WEEKDAY}\.?,?\s+)?{DATE_TEXT})"
_MONTH_DAY = rf"(?i:{MONTH}\.?\s+\d{{1,2}})\b"
# "Kabul, Nov 14 (HKT):" and the slash credit "MOSCOW, March 6. /NNA/." as well
DATELINE_RE = re.compile(
    rf"^(?P<city>{_UPPER}[{_UPPER[1:-1]}.'-]+(?:\s{_UPPER}[{_UPPER[1:-1]}.'-]+){{0,2}}"
    rf"|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?=,\s*(?:{_DATE_ANYCASE}|{_MONTH_DAY})))"
    rf"(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?=\s*[(:—–-]))?"
    rf"(?:,\s*(?P<date>{_DATE_ANYCASE}|{_MONTH_DAY}))?"
    r"\s*(?:\((?P<agency>[A-Za-z][\w .&-]{0,30})\)|\.?\s*/(?P<wire>[A-Z][\w .&-]{0,30})/\.?(?=\s))?"
    r"\s*(?::|[-–—]{1,2}\s|(?<=/\.)\s|(?<=/)\s)")
STAMP_WORD_RE = re.compile(r"(?:\b|(?<=[a-z]))(?:published|updated|posted|last modified)\b|\bdate[d:]", re.I)
_TERMINAL = ".!?…"
KEEP = frozenset({"story", "headline"})
# Labels that only guess from a line's shape what a page's structure already told an HTML
# extractor (trafilatura drops navigation, related-story lists and footers by the markup):
# on its output, subheadings, short lines, list items, captions and repeated lines are the
# article's own. Measured on the ScrapingHub benchmark, these labels removed five times
# more of the article than of the chrome in trafilatura's text.
STRUCTURED_KEEP = KEEP | {"link", "short", "caption", "repeat", "listed"}
_CLOSERS = "\"'”’»)]*\u00a0 \t"


@dataclass(frozen=True)
class Signals:
    """The compiled contents of ``boilerplate.yaml`` (see that file for meanings)."""

    chrome_lines: Caseless  # tested on every line: yes or no, fast on ASCII
    chrome_prefixes: Caseless  # tested on every line: yes or no, fast on ASCII
    chrome_phrases: Caseless  # tested on every line: yes or no, fast on ASCII
    list_markers: re.Pattern[str]
    caption_credits: Caseless  # tested on every line: yes or no, fast on ASCII
    agency_credit: Caseless  # tested on every line: yes or no, fast on ASCII
    lead_credit: re.Pattern[str]
    caption_cues: Caseless  # tested on every line: yes or no, fast on ASCII
    tagline_shapes: Caseless  # tested on every line: yes or no, fast on ASCII
    byline: re.Pattern[str]
    desk_byline: re.Pattern[str]
    chrome_words: frozenset[str]
    media_words: frozenset[str]
    media_nouns: frozenset[str]
    stop_words: frozenset[str]
    not_dateline_words: frozenset[str]
    tagline_min_share: float
    tagline_max_words: int
    tagline_slogan_max_words: int
    byline_max_words: int
    menu_separators: re.Pattern[str]
    menu_min_items: int
    menu_item_max_words: int
    bullet: re.Pattern[str]
    bullet_min_words: int
    masthead_words: frozenset[str]
    masthead_max_words: int
    masthead_suffixes: re.Pattern[str]
    slogan_words: frozenset[str]
    slogan_max_words: int


def load_data(name: str) -> Any:
    """Read one YAML data file of the package; a broken file is a KnowledgeError."""
    path = DATA_DIR / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(str(path), str(exc)) from exc


def _alternation(patterns: Sequence[str], file: str) -> re.Pattern[str]:
    """One case-insensitive regex matching any of ``patterns``."""
    return _line_test(patterns, file).pattern


def _line_test(patterns: Sequence[str], file: str) -> Caseless:
    """Any of ``patterns``, ignoring case, as a yes-or-no test (``caseless``)."""
    try:
        return Caseless.any_of(patterns)
    except re.error as exc:
        raise KnowledgeError(file, f"bad pattern: {exc}") from exc


# A page's lines are judged several times (cleaning, masthead, outlet, dateline): the
# line tests below remember their last few thousand answers (the signals never change
# within a process).
_LINE_CACHE = 8192


@lru_cache(maxsize=1)
def signals() -> Signals:
    """The boilerplate signals, loaded once (read-only); a missing entry is a KnowledgeError."""
    try:
        return _compile_signals(load_data("boilerplate.yaml"), load_data("languages.yaml")["en"])
    except (KeyError, TypeError, ValueError) as exc:
        raise KnowledgeError("boilerplate.yaml", f"missing or malformed entry: {exc}") from exc


def _compile_signals(d: dict[str, Any], stop_words: Sequence[str]) -> Signals:
    f = "boilerplate.yaml"
    words = lambda key: frozenset(str(w).lower() for w in d.get(key, ()))  # noqa: E731
    return Signals(
        chrome_lines=_line_test(d["chrome_lines"], f), chrome_prefixes=_line_test(d["chrome_prefixes"], f),
        chrome_phrases=_line_test(d["chrome_phrases"], f), list_markers=_alternation(d["list_markers"], f),
        caption_credits=_line_test(d["caption_credits"], f), agency_credit=_line_test([d["agency_credit"]], f),
        lead_credit=_alternation([d["lead_credit"]], f),
        caption_cues=_line_test(d["caption_cues"], f), tagline_shapes=_line_test(d["tagline_shapes"], f),
        byline=_alternation([d["byline_prefix"]], f),
        desk_byline=re.compile(d["desk_byline"], re.I),
        chrome_words=words("chrome_words"), media_words=words("media_words"), media_nouns=words("media_nouns"),
        stop_words=frozenset(stop_words), not_dateline_words=words("not_dateline_words"),
        tagline_min_share=float(d["tagline_min_share"]), tagline_max_words=int(d["tagline_max_words"]),
        tagline_slogan_max_words=int(d["tagline_slogan_max_words"]),
        byline_max_words=int(d["byline_max_words"]), menu_separators=_alternation([d["menu_separators"]], f),
        menu_min_items=int(d["menu_min_items"]), menu_item_max_words=int(d["menu_item_max_words"]),
        bullet=_alternation([rf"(?:{d['bullet_marks']})\s+\S"], f), bullet_min_words=int(d["bullet_min_words"]),
        masthead_words=words("masthead_words"), masthead_max_words=int(d["masthead_max_words"]),
        masthead_suffixes=_alternation([d["masthead_suffixes"]], f),
        slogan_words=words("slogan_words"), slogan_max_words=int(d["slogan_max_words"]),
    )


# --- line shapes ---------------------------------------------------------------------

_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=1 << 16)
def norm(line: str) -> str:
    """Lowercase, non-alphanumerics to single spaces: the form lines are compared in.
    Cached: each line is compared about ten times while it is labelled."""
    return _NON_WORD.sub(" ", line.lower()).strip()


def word_count(line: str) -> int:
    return len(norm(line).split())


def ends_sentence(line: str) -> bool:
    """True when the line ends like a sentence (closing quotes and brackets aside)."""
    core = line.rstrip(_CLOSERS)
    return bool(core) and core[-1] in _TERMINAL


def is_sentence(line: str) -> bool:
    """Story text: a punctuated sentence, or a long line cut short by the scraper."""
    n = word_count(line)
    return n > 15 or (n >= 3 and ends_sentence(line))


def dateline_prefix(line: str) -> re.Match[str] | None:
    """The dateline opening a story line ("KARACHI:", "Islamabad, 25 July, 2023 (GNP):")."""
    m = DATELINE_RE.match(line)
    if not m or norm(m["city"]) in signals().not_dateline_words:
        return None
    return m


def is_headline(line: str) -> bool:
    """Headline-shaped: a few words, no closing period, not a story line opening with a dateline."""
    return 3 <= word_count(line) <= 25 and not line.rstrip(_CLOSERS).endswith(".") and not dateline_prefix(line)


def _density(line: str, vocabulary: frozenset[str]) -> tuple[int, float]:
    """How many of the line's content words (stop words aside) are in ``vocabulary``, and their share."""
    content = [w for w in norm(line).split() if len(w) > 1 and w not in signals().stop_words]
    hits = sum(w in vocabulary for w in content)
    return hits, hits / len(content) if content else 0.0


@lru_cache(maxsize=_LINE_CACHE)
def is_tagline(line: str) -> bool:
    """A site describing itself: mostly media vocabulary, naming a medium, shaped as a
    slogan or a self-description (so a news sentence about an agency is not one)."""
    s = signals()
    n = word_count(line)
    if n > s.tagline_max_words or not set(norm(line).split()) & s.media_nouns:
        return False
    shaped = (n <= s.tagline_slogan_max_words and not ends_sentence(line)) or s.tagline_shapes.search(line)
    hits, share = _density(line, s.media_words)
    return shaped and hits >= 2 and share >= s.tagline_min_share


def is_menu(line: str) -> bool:
    """A navigation row: several one-to-three-word items between separators."""
    s = signals()
    items = [i for i in s.menu_separators.split(line) if i.strip()]
    return len(items) >= s.menu_min_items and all(word_count(i) <= s.menu_item_max_words for i in items)


def is_bullet_point(line: str) -> bool:
    """A bulleted summary point of the story ("• Both sides agreed to ...")."""
    return bool(signals().bullet.match(line)) and word_count(line) >= signals().bullet_min_words


def is_widget(line: str) -> bool:
    """Chrome that is not the site describing itself: widgets, labels, menus, banners."""
    s = signals()
    if s.chrome_lines.fullmatch(line) or s.chrome_prefixes.match(line) or s.chrome_phrases.search(line):
        return True
    if is_menu(line):
        return True
    hits, share = _density(line, s.chrome_words)
    return bool(hits and share >= 0.6 and word_count(line) <= 8)


@lru_cache(maxsize=_LINE_CACHE)
def is_chrome(line: str) -> bool:
    """Site chrome recognisable from the line alone: widgets, labels, taglines, banners."""
    return is_widget(line) or is_tagline(line)


@lru_cache(maxsize=_LINE_CACHE)
def is_caption(line: str) -> bool:
    """A photo caption: a credit marker at the end of a line that is not a story opening."""
    s, tail = signals(), line[-80:]
    if word_count(line) > 60 or dateline_prefix(line):
        return False
    return s.caption_credits.search(tail) or (s.agency_credit.search(tail) and s.caption_cues.search(line))


@lru_cache(maxsize=_LINE_CACHE)
def is_date_line(line: str) -> bool:
    """A publication or update stamp: a short line that is mostly a date or time, or says
    "Published"/"Updated" next to one (a headline that mentions a date is not a stamp)."""
    if not (DATE_RE.search(line) or TIME_RE.search(line)) or word_count(line) > 16:
        return False
    if STAMP_WORD_RE.search(line):
        return True
    rest = norm(TIME_RE.sub(" ", DATE_RE.sub(" ", line)))
    return len(rest.split()) <= 3 and not ends_sentence(line)


def is_byline(line: str) -> bool:
    """A short 'By ...' line (a sentence opening with 'By' ends with a full stop), or a
    desk byline ('Staff Report', 'F.P. Report', 'Web Desk')."""
    s = signals()
    if ends_sentence(line):
        return False
    if s.byline.match(line) and word_count(line) <= s.byline_max_words:
        return True
    return bool(s.desk_byline.fullmatch(" ".join(line.split())))


def is_list_marker(line: str) -> bool:
    """A heading that opens a list of other stories ("More From Pakistan:", "Trending")."""
    markers = signals().list_markers
    return bool(markers.fullmatch(line.strip(" :-–—|»›>")) or markers.fullmatch(line))


_NAME_WORD = re.compile(r"(?:[A-Z][\w&.'’-]*|of|the|and|for|de|du|al|el|la|le)")


def site_name(line: str) -> str | None:
    """The name a masthead-shaped line shows, without a logo label or a page-title tail
    ("Dawn Logo" -> "Dawn", "The Courier | Latest News" -> "The Courier"): a few
    capitalised words, no digits, no possessive, no sentence. None for other lines."""
    s = signals()
    name = s.masthead_suffixes.sub("", line.strip()).strip()
    words = name.split()
    if not 1 <= len(words) <= s.masthead_max_words or re.search(r"[\d,:;!?()\[\]\"]|['’]s\b", name):
        return None
    if ends_sentence(name) or not all(_NAME_WORD.fullmatch(w) for w in words):
        return None
    return name if len(words) > 1 or name != line.strip() else None


def is_slogan(line: str) -> bool:
    """Slogan-shaped: a short unpunctuated line saying what the site is, or a row of
    one- and two-word fragments ("Policy. Markets. Europe.")."""
    s = signals()
    if not 1 <= word_count(line) <= s.slogan_max_words or DATE_RE.search(line) or dateline_prefix(line):
        return False
    parts = [p for p in re.split(r"[.!|]\s*", line) if p.strip()]
    if len(parts) >= 2 and all(word_count(p) <= 2 for p in parts):
        return True
    return not ends_sentence(line) and bool(set(norm(line).split()) & s.slogan_words)


def _named_like_outlet(name: str) -> bool:
    """The name starts or ends with a word outlets are named with ("The Daily X", "X Herald")."""
    words = [w for w in norm(name).split() if w != "the"]
    return len(words) > 1 and (words[0] in signals().masthead_words or words[-1] in signals().masthead_words)


def _recurs(name: str, lines: Sequence[str], skip: int) -> bool:
    """The page names itself again elsewhere, capitalised ("GULF STAR STAFF", "on Gulf Star.")."""
    pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, name.split())) + r"\b", re.I)
    for j, line in enumerate(lines):
        m = pattern.search(line) if j != skip and norm(line) != norm(name) else None
        if m and all(w[0].isupper() for w in m.group().split()):
            return True
    return False


@dataclass(frozen=True)
class Masthead:
    """Where the site's name stands at the top of a page: ``index`` is its line and
    ``slogan`` the line after, if any."""

    index: int
    name: str
    slogan: int | None


def _masthead_candidate(lines: Sequence[str], labels: Sequence[str]) -> tuple[int, str] | None:
    """The line after the header stamp (scrapers put the page's title there, often the
    site's name with a tagline that reads as chrome), else the first line that is neither
    the stamp nor chrome."""
    if len(lines) > 1 and labels[0] == "header" and labels[1] != "symbols" and not is_widget(lines[1]):
        return 1, lines[1]
    i = next((i for i, lab in enumerate(labels) if lab not in ("header", "chrome", "symbols")), None)
    return (i, lines[i]) if i is not None and not is_widget(lines[i]) else None


def _story_start(lines: Sequence[str], labels: Sequence[str]) -> int:
    """The first line of running text: a story line too long or too punctuated to be a title."""
    return next((i for i, (line, lab) in enumerate(zip(lines, labels)) if lab == "story" and not is_headline(line)
                 and (word_count(line) > signals().slogan_max_words or dateline_prefix(line))), len(lines))


def find_masthead(lines: Sequence[str], labels: Sequence[str]) -> Masthead | None:
    """The site-name line before the title, confirmed by an outlet word, a logo label,
    a slogan or menu row after it, or the page naming itself again."""
    found = _masthead_candidate(lines, labels)
    start = _story_start(lines, labels)
    if not found or found[0] >= start:
        return None
    i, text = found
    name = site_name(text)
    titles = [j for j in range(i + 1, start) if labels[j] in KEEP and is_headline(lines[j])]
    if not name or not titles:
        return None
    after = lines[i + 1] if i + 1 < len(lines) else ""
    slogan = i + 1 if is_slogan(after) and titles[-1] > i + 1 else None
    confirmed = (name != text.strip() or _named_like_outlet(name) or slogan is not None or is_menu(after)
                 or _recurs(name, lines, i))
    return Masthead(i, name, slogan) if confirmed else None


def outlet_name(name: str) -> str:
    """A masthead name as an outlet is written: an all-capital name is capitalised word by
    word, but vowel-less acronyms stay ("PACIFIC BAY HERALD" -> "Pacific Bay Herald", "BBC NEWS" -> "BBC News")."""
    if name != name.upper():
        return name
    return " ".join(w if not re.search(r"[AEIOUY]", w) else w.capitalize() for w in name.split())


# --- one pass over the lines -----------------------------------------------------------

@lru_cache(maxsize=_LINE_CACHE)
def _solo_label(line: str, outlet_lines: frozenset[str]) -> str:
    """What a line is, judged alone. 'story' and 'headline' may stay; the rest go."""
    if norm(line) in outlet_lines or not norm(line):
        return "outlet" if norm(line) else "symbols"
    for label, test in (("marker", is_list_marker), ("byline", is_byline), ("caption", is_caption),
                        ("chrome", is_chrome), ("date", is_date_line)):
        if test(line):
            return label
    if is_sentence(line) or dateline_prefix(line) or is_bullet_point(line):
        return "story"
    return "headline" if word_count(line) >= 3 else "short"


def _starts_lower(line: str) -> bool:
    first = next((ch for ch in line if ch.isalpha()), "")
    return first.islower()


def _label_wraps(lines: Sequence[str], labels: list[str]) -> None:
    """Hard-wrapped paragraphs: a line that runs on into a line starting in lowercase is
    story text, and so is that next line, although neither is a sentence on its own."""
    for i in range(len(lines) - 2, -1, -1):
        runs_on = labels[i] in ("headline", "short", "story") and not ends_sentence(lines[i])
        if runs_on and _starts_lower(lines[i + 1]) and labels[i + 1] in ("headline", "short", "story"):
            labels[i] = labels[i + 1] = "story"


def _continues_list(line: str, label: str) -> bool:
    """Inside a list of other stories, anything but a punctuated story sentence is an item."""
    return label != "story" or (word_count(line) <= 25 and not line.rstrip(_CLOSERS).endswith("."))


def _label_context(lines: Sequence[str], labels: list[str]) -> None:
    """Labels that need neighbours: the header, the name after 'By', lists after a marker."""
    if lines and HEADER_RE.match(lines[0]):
        labels[0] = "header"
    for i in range(1, len(lines)):
        if norm(lines[i - 1]) == "by" and word_count(lines[i]) <= 5 and labels[i] != "story":
            labels[i] = "byline"
        if labels[i - 1] in ("marker", "listed") and _continues_list(lines[i], labels[i]):
            labels[i] = "listed"


def _label_masthead(lines: Sequence[str], labels: list[str]) -> None:
    """The site's name at the top of the page and its slogan are not the title."""
    found = find_masthead(lines, labels)
    if found:
        labels[found.index] = "outlet"
    if found and found.slogan is not None:
        labels[found.slogan] = "slogan"


def _label_lead_captions(lines: Sequence[str], labels: list[str]) -> None:
    """Above the story's dateline, a line ending in a dash credit is a caption ("... — PID")."""
    first = next((i for i, line in enumerate(lines) if labels[i] == "story" and dateline_prefix(line)), 0)
    for i in range(first):
        if labels[i] == "story" and word_count(lines[i]) <= 60 and signals().lead_credit.search(lines[i][-40:]):
            labels[i] = "caption"


def _label_repeats(lines: Sequence[str], labels: list[str]) -> None:
    """A line seen before is a repeat (widget, title echo). An unpunctuated line that occurs
    twice is a link to another story, every copy of it (the title is handled later)."""
    counts = Counter(norm(line) for line in lines)
    seen: set[str] = set()
    for i, line in enumerate(lines):
        key = norm(line)
        if key in seen and labels[i] in KEEP:
            labels[i] = "repeat"
        elif counts[key] > 1 and labels[i] == "story" and not ends_sentence(line) and word_count(line) <= 25:
            labels[i] = "headline"
        seen.add(key)


def _label_headlines(labels: list[str]) -> None:
    """Keep one headline, the title before the story starts; others are links to other stories."""
    first_story = next((i for i, lab in enumerate(labels) if lab == "story"), len(labels))
    title = next((i for i, lab in enumerate(labels[:first_story]) if lab == "headline"), None)
    for i, lab in enumerate(labels):
        if lab == "headline" and i != title:
            labels[i] = "link"


def _context_labels(lines: Sequence[str], outlet_lines: frozenset[str]) -> list[str]:
    labels = [_solo_label(line, outlet_lines) for line in lines]
    _label_wraps(lines, labels)
    _label_context(lines, labels)
    return labels


def masthead(lines: Sequence[str]) -> Masthead | None:
    """The site's name at the top of a page (raw lines), if it shows one."""
    return find_masthead(lines, _context_labels(lines, frozenset()))


def label_lines(lines: Sequence[str], outlet_lines: frozenset[str] = frozenset()) -> list[str]:
    """Label every line; the lines labelled 'story' or 'headline' are the ones kept."""
    labels = _context_labels(lines, outlet_lines)
    _label_masthead(lines, labels)
    _label_lead_captions(lines, labels)
    _label_repeats(lines, labels)
    _label_headlines(labels)
    return labels


# --- the public functions --------------------------------------------------------------

def split_lines(text: str) -> list[str]:
    """The non-blank lines of a text, stripped (the unit everything else works on).

    A header stamp is metadata, but what follows it on the same line is the page's first
    line (a site name, a title, often the lead sentence): it becomes a line of its own,
    judged like any other, so that removing the stamp never removes the lead with it."""
    lines = [s for s in (line.strip() for line in text.splitlines()) if s]
    if lines and (m := HEADER_RE.match(lines[0])) and m[2].strip():
        lines[0:1] = [f"date {m[1]}", m[2].strip()]
    return lines


def clean_text(text: str, *, outlet_lines: frozenset[str] = frozenset(), structured: bool = False) -> Cleaned:
    """Partition the non-blank lines into the story (kept) and boilerplate (removed), both in order.

    Labelling repeats on the surviving lines until it removes nothing, so the kept
    lines are a fixed point: cleaning them again keeps them all. ``structured`` text came
    out of a markup-aware extractor (HTML, WARC): line-shape labels are not trusted there
    (``STRUCTURED_KEEP``), the chrome, date, byline and outlet signals still are.
    """
    keep = STRUCTURED_KEEP if structured else KEEP
    lines = list(enumerate(split_lines(text)))
    gone: list[tuple[int, str]] = []
    while True:
        labels = label_lines([line for _, line in lines], outlet_lines)
        drop = [item for item, lab in zip(lines, labels) if lab not in keep]
        if not drop:
            break
        gone.extend(drop)
        lines = [item for item, lab in zip(lines, labels) if lab in keep]
    return Cleaned(kept=tuple(line for _, line in lines), removed=tuple(line for _, line in sorted(gone)))


def _story_key(text: str) -> frozenset[str]:
    """The long lines of an article: what near-identical copies of one story share."""
    return frozenset(norm(line) for line in split_lines(text) if word_count(line) >= 10)


def _families(texts: Sequence[str]) -> list[int]:
    """Group copies of the same story, so that a reposted story's lines are not taken for chrome."""
    reps: list[frozenset[str]] = []
    family: list[int] = []
    for text in texts:
        key = _story_key(text)
        same = next((j for j, r in enumerate(reps) if key and r and len(key & r) / len(key | r) >= 0.5), None)
        if same is None:
            reps.append(key)
            same = len(reps) - 1
        family.append(same)
    return family


def repeated_lines(texts: Iterable[str], min_share: float = 0.3, min_docs: int = 3) -> frozenset[str]:
    """Normalised lines found in at least ``min_docs`` and ``min_share`` of the articles: site chrome.

    Articles that are copies of one story count once, so a wire story reposted three
    times does not lose its body.
    """
    docs = list(texts)
    family = _families(docs)
    seen: dict[str, set[int]] = {}
    for text, fam in zip(docs, family):
        for key in {norm(line) for line in split_lines(text)} - {""}:
            seen.setdefault(key, set()).add(fam)
    total = len(set(family))
    need = max(min_docs, min_share * total)
    return frozenset(k for k, fams in seen.items() if len(fams) >= need)


__all__ = ["Masthead", "clean_text", "dateline_prefix", "find_masthead", "is_chrome", "is_headline", "is_sentence",
           "is_slogan", "label_lines", "masthead", "norm", "outlet_name", "repeated_lines", "signals", "site_name",
           "split_lines"]
