"""Tokenized text (Penn Treebank style) read back as plain text.

Research corpora and some archives ship articles already tokenized: brackets written as
``-LRB-``/``-RRB-``, quotes as ````` `` ````` and ``''``, a space before every comma and
full stop, contractions split (``does n't``, ``Libya 's``). Read as it is, such text
defeats everything downstream that expects prose: the cleaner's sentence shape, the
dateline pattern ``(CNN) --``, names followed by ``'s``. We recognise it by evidence
(bracket tokens, paired PTB quotes, or punctuation that is almost always spaced off)
and undo the tokenization by general rules, line by line, so that line structure (one
sentence per line in these corpora) is kept. Plain text is returned unchanged.
"""
from __future__ import annotations

import re

_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_BRACKET_TOKEN = re.compile(r"-(?:LRB|RRB|LSB|RSB|LCB|RCB)-")
_PUNCT = re.compile(r"(\s?)[,.;:?!](?=\s|$)")
_MIN_MARKS = 5  # punctuation marks needed before their spacing counts as evidence
_SPACED_SHARE = 0.6  # prose spaces off hardly any; tokenized text nearly all
_QUOTE = re.compile(r"\s*(``|'')\s*")
_RULES: tuple[tuple[re.Pattern[str], str, str], ...] = (  # (pattern, replacement, characters it needs)
    (re.compile(r"`\s*"), "'", "`"),  # opening single quote
    (re.compile(r"([(\[{])\s+"), r"\1", "([{"),  # nothing after an opening bracket
    (re.compile(r"\s+([)\]}])"), r"\1", ")]}"),  # nor before a closing one
    (re.compile(r"\s+([,.;:?!%]+)(?=\s|$|[\"')\]}])"), r"\1", ",.;:?!%"),  # punctuation joins the word before
    (re.compile(r"(?i)(\w)\s+(n't|'s|'re|'ve|'ll|'d|'m)(?=\s|$|[^\w'])"), r"\1\2", "'"),  # split contractions
    (re.compile(r"(?<=s)\s+'(?=\s|$)"), "'", "'"),  # plural possessive: "protesters ' leader"
    (re.compile(r"([$£€#])\s+(?=\d)"), r"\1", "$£€#"),  # "$ 5" -> "$5"
    (re.compile(r"(?i)\b(gon|wan|got)\s+(na|ta)\b"), r"\1\2", "aA"),  # "gon na" -> "gonna"
)
_RUNS = re.compile(r"[ \t]{2,}")


def looks_tokenized(text: str) -> bool:
    """True when the text carries PTB tokens or spaces off nearly all its punctuation.

    One bracket token, or both kinds of PTB quote, is proof enough; otherwise at least
    ``_MIN_MARKS`` commas and stops are needed, most of them preceded by a space.
    """
    if _BRACKET_TOKEN.search(text) or ("``" in text and "''" in text):
        return True
    marks = [m.group(1) for m in _PUNCT.finditer(text)]
    if len(marks) < _MIN_MARKS:
        return False
    return sum(1 for space in marks if space) / len(marks) >= _SPACED_SHARE


def detokenize_line(line: str) -> str:
    """One tokenized line as prose: bracket tokens to brackets, ``\\/`` to ``/``, quotes and
    punctuation attached, contractions rejoined, the spaces at the ends trimmed."""
    line = _BRACKET_TOKEN.sub(lambda m: _BRACKETS[m.group(0)], line)
    line = line.replace("\\/", "/").replace("\\*", "*")  # PTB escapes slashes and asterisks
    if "``" in line or "''" in line:
        line = _double_quotes(line)
    for pattern, replacement, needs in _RULES:
        if any(c in line for c in needs):  # most rules match nothing on most lines: skip them unread
            line = pattern.sub(replacement, line)
    return _RUNS.sub(" ", line).strip()


def _double_quotes(line: str) -> str:
    """PTB quotes to straight ones: an opening quote attaches to the word after it, a
    closing one to the word before. Sources are not always careful (``''`` used for both),
    so ``''`` with no quote open opens one, unless it ends the line (a quotation that
    began on an earlier sentence line)."""
    out: list[str] = []
    at, is_open = 0, False
    for m in _QUOTE.finditer(line):
        opening = m.group(1) == "``" or (not is_open and m.end() < len(line))
        before = line[at:m.start()]
        joiner = (" " if before and m.start() > 0 else "") + '"' if opening else '"' + (" " if m.end() < len(line) else "")
        out.append(before + joiner)
        at, is_open = m.end(), opening
    out.append(line[at:])
    return "".join(out)


def detokenize(text: str) -> str:
    """The text as prose when it is tokenized, else exactly as given."""
    if not looks_tokenized(text):
        return text
    return "\n".join(detokenize_line(line) for line in text.split("\n"))


__all__ = ["detokenize", "detokenize_line", "looks_tokenized"]
