"""Plain-text articles: guess the encoding, refuse binary data, normalise newlines.

Scraped text arrives in whatever encoding the scraper's platform used: UTF-8 (with or
without a BOM), UTF-16 from Windows tools (often without a BOM), or a legacy Windows
code page. We decode by evidence (BOM, NUL pattern, UTF-8 validity) rather than trust a
file extension, and we keep the text otherwise as it is: header lines such as
`` date 2023-07-25`` belong to the metadata stage, not to us. The one exception is text that was
tokenized for research (Penn Treebank style, ``ptb.py``): it is read back as prose here,
because no later stage could make sense of ``-LRB- CNN -RRB-``.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import InputError
from ..model import RawDoc, Skipped
from .ptb import detokenize

# Order matters: a UTF-32-LE BOM starts with the UTF-16-LE BOM.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE = 4096  # bytes looked at to recognise BOM-less UTF-16
_MAX_JUNK_SHARE = 0.01  # real prose has (almost) no control or unassigned characters
_JUNK_TOLERATED = 2
_JUNK_CATEGORIES = frozenset({"Cc", "Co", "Cn", "Cs"})
_SAMPLE_CHARS = 200_000  # enough to judge; keeps a 50 MB file from costing seconds
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
_NON_ASCII = re.compile(r"[^\x00-\x7f\ufffd]")
_UNUSUAL = re.compile(r"[^\t\n\r\f\v\x20-\x7e]")  # only these need a category look-up


def detect_encoding(head: bytes) -> str | None:
    """The codec a BOM or a UTF-16 NUL pattern proves, else ``None`` (unknown).

    Only strong evidence is reported: everything else is settled by trying UTF-8.
    """
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    return _utf16_by_nuls(head[:_SAMPLE])


def _utf16_by_nuls(sample: bytes) -> str | None:
    """Mostly-ASCII UTF-16 has a NUL in every other byte, on one side only."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if nul_odd > 0.3 and nul_even < 0.05:
        return "utf-16-le"
    if nul_even > 0.3 and nul_odd < 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes, path: str) -> str:
    """Bytes to text with ``\\n`` newlines; raises ``InputError`` for binary data.

    UTF-8 is tried strictly before any single-byte code page, because cp1252 accepts
    almost any byte string and would silently garble real UTF-8.
    """
    codec = detect_encoding(data)
    if codec is not None:
        text = data.decode(codec, errors="replace")
    elif b"\x00" in data:
        raise InputError(path, "binary file")
    else:
        text = _decode_8bit(data)
    if not looks_like_text(text):
        raise InputError(path, "binary file")
    return normalise_newlines(text.removeprefix("\ufeff"))


def _decode_8bit(data: bytes) -> str:
    """UTF-8 if valid or nearly so, else Windows-1252 (curly quotes), else Latin-1
    (never fails)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    damaged = data.decode("utf-8", errors="replace")
    if _mostly_utf8(damaged):
        return damaged
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _mostly_utf8(text: str) -> bool:
    """UTF-8 with a few damaged bytes (a cut download, one stray Latin-1 character):
    there are valid multi-byte characters, at least as many as broken ones. (Text in a
    code page almost never holds one: its accented letters stand alone.) Read as a code
    page instead, every accented letter would turn into two characters of mojibake."""
    broken = text.count("\ufffd")
    valid = len(_NON_ASCII.findall(text))
    return valid >= max(1, broken) and looks_like_text(text)


def looks_like_text(text: str) -> bool:
    """True unless junk characters are too common for prose, a sign of binary data.

    Junk is control characters (binary read as a single-byte code page), and private,
    unassigned or replacement characters (binary read as UTF-16). A few are tolerated:
    scraped pages carry the odd icon-font glyph.
    """
    sample = text[:_SAMPLE_CHARS]
    junk = sum(1 for ch in _UNUSUAL.findall(sample) if _is_junk(ch))
    return junk <= max(_JUNK_TOLERATED, _MAX_JUNK_SHARE * len(sample))


def _is_junk(ch: str) -> bool:
    if ch in _ALLOWED_CONTROLS:
        return False
    return ch == "\ufffd" or unicodedata.category(ch) in _JUNK_CATEGORIES


def normalise_newlines(text: str) -> str:
    """Windows and old-Mac line ends to ``\\n``, so that line-based cleaning sees lines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(data: bytes, path: str) -> RawDoc | Skipped:
    """One plain-text file as one document, or the reason it is not one."""
    try:
        text = decode(data, path)
    except InputError as err:
        return Skipped(path, err.reason)
    if not text.strip():
        return Skipped(path, "empty file")
    return RawDoc(path, detokenize(text), "text")
