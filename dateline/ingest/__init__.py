"""Readers by input kind: find the files, recognise each by its content, read it.

``discover`` is the only entry the pipeline needs. It walks folders in a fixed order,
recognises a file by its first bytes (an ``.txt`` holding HTML is HTML; a ``.gz`` is
opened and looked into), and turns every file into documents or into a ``Skipped``
with a reason the user can act on. It never raises for a bad input: one unreadable file
must not stop a run over thousands.

Whole-file kinds (text, HTML, JSON) are read into memory one file at a time and are
bounded by ``max_bytes``; WARC and JSON lines are streamed record by record, so only a
single record is bounded.
"""
from __future__ import annotations

import errno
import gzip
import io
import json
import os
import stat
import zlib
from collections.abc import Collection, Iterable, Iterator
from typing import IO

from ..errors import InputError
from ..model import RawDoc, Skipped
from .html import has_html_root, looks_like_html, read_html
from .jsonl import read_json, read_jsonl
from .limits import DEFAULT_DOC_TIMEOUT, DEFAULT_MAX_BYTES, Limits
from .text import decode, detect_encoding, read_text
from .warc import read_warc

__all__ = ["DEFAULT_DOC_TIMEOUT", "DEFAULT_MAX_BYTES", "GROUP_FILES", "discover", "discover_groups", "groups",
           "read_bytes", "read_file", "sniff", "walk"]

Item = RawDoc | Skipped
_HEAD = 8192  # bytes sniffed to recognise a kind
_CHUNK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b"
_MAX_GZIP_DEPTH = 2  # a .gz inside a .gz is plausible; deeper nesting is an attack
_JSONL_EXTS = (".jsonl", ".ndjson")
_NOTHING = {"warc": "no HTML pages (status 200 responses) in WARC", "jsonl": "empty file"}
GROUP_FILES = 256  # files of one article each per input group (a Ray shard)
_CONTAINERS = (".jsonl", ".ndjson", ".json", ".warc", ".gz", ".arc")  # may hold many articles


def discover(paths: Iterable[str | os.PathLike[str]], *, max_bytes: int = DEFAULT_MAX_BYTES,
             doc_timeout: float | None = DEFAULT_DOC_TIMEOUT, exclude: Collection[str] = ()) -> Iterator[Item]:
    """Walk files and folders recursively (sorted, deterministic order; follow no symlink
    loops; skip hidden files/dirs like .git), sniff each file's kind by CONTENT (not only
    the extension), and yield one RawDoc per article or one Skipped(path, reason) per
    unreadable file/record. Never raises for a bad input. ``doc_timeout`` bounds the
    parse of one HTML page (seconds; ``None`` for no limit); ``exclude`` names files and
    folders that are not inputs (the run's own database: ``Store.own_files``)."""
    for found in walk(paths, exclude):
        if isinstance(found, Skipped):
            yield found
        else:
            yield from read_file(found, max_bytes=max_bytes, doc_timeout=doc_timeout)


def groups(entries: Iterable[str | Skipped], group_files: int = GROUP_FILES) -> Iterator[list[str | Skipped]]:
    """``walk``'s entries in consecutive groups: a file that may hold many articles (JSON
    lines, WARC, gzip) alone, other files ``group_files`` at a time. A batch never spans
    two groups, and a Ray shard is one group, so that a local run and a Ray run see the
    same batches (the cleaning signal "a line repeated across a batch" depends on them)."""
    group: list[str | Skipped] = []
    for entry in entries:
        alone = _is_container(entry)
        if group and (alone or len(group) >= group_files or (len(group) == 1 and _is_container(group[0]))):
            yield group
            group = []
        group.append(entry)
    if group:
        yield group


def _is_container(entry: str | Skipped) -> bool:
    return isinstance(entry, str) and entry.lower().endswith(_CONTAINERS)


def discover_groups(paths: Iterable[str | os.PathLike[str]], *, max_bytes: int = DEFAULT_MAX_BYTES,
                    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT, group_files: int = GROUP_FILES,
                    exclude: Collection[str] = ()) -> Iterator[Iterator[Item]]:
    """``discover``'s items, group by group (``groups``); each group is read lazily."""
    for group in groups(walk(paths, exclude), group_files):
        yield _read_group(group, max_bytes, doc_timeout)


def _read_group(group: list[str | Skipped], max_bytes: int, doc_timeout: float | None) -> Iterator[Item]:
    for entry in group:
        if isinstance(entry, Skipped):
            yield entry
        else:
            yield from read_file(entry, max_bytes=max_bytes, doc_timeout=doc_timeout)


def walk(paths: Iterable[str | os.PathLike[str]], exclude: Collection[str] = ()) -> Iterator[str | Skipped]:
    """The regular files under ``paths`` in ``discover``'s order, and a ``Skipped`` for
    each entry that cannot be walked: what the Ray engine shards before reading.
    Entries in ``exclude`` (compared by real path) are passed over without a word: a run
    over ``.`` must not read its own database, journal, lock or shards."""
    seen: set[tuple[int, int]] = set()
    left_out = frozenset(os.path.realpath(os.fsdecode(p)) for p in exclude)
    for top in paths:
        yield from _walk(os.fsdecode(top), seen, left_out)


def _walk(path: str, seen: set[tuple[int, int]], left_out: frozenset[str]) -> Iterator[str | Skipped]:
    """Regular files under ``path`` in name order; a directory reached twice (a symlink
    loop or a repeated argument) is reported once and not entered again."""
    if left_out and os.path.realpath(path) in left_out:
        return
    try:
        info = os.stat(path)
    except OSError as err:
        yield Skipped(_shown_path(path), _os_reason(err, path))
        return
    if stat.S_ISREG(info.st_mode):
        yield path
    elif not stat.S_ISDIR(info.st_mode):
        yield Skipped(_shown_path(path), "not a regular file")
    elif (info.st_dev, info.st_ino) in seen:
        yield Skipped(_shown_path(path), "directory already visited (symlink loop or repeated path)")
    else:
        seen.add((info.st_dev, info.st_ino))
        yield from _walk_dir(path, seen, left_out)


def _walk_dir(path: str, seen: set[tuple[int, int]], left_out: frozenset[str]) -> Iterator[str | Skipped]:
    """The entries of one directory, hidden ones (``.git``, ``.DS_Store``) left out."""
    try:
        names = sorted(os.listdir(path))
    except OSError as err:
        yield Skipped(_shown_path(path), f"cannot list directory: {_os_reason(err, path)}")
        return
    for name in names:
        if not name.startswith("."):
            yield from _walk(os.path.join(path, name), seen, left_out)


def _shown_path(path: str) -> str:
    """The path as the records carry it. A file name that is not valid UTF-8 (a Latin-1
    name on a Linux disk) reaches Python with surrogate characters, which can be opened
    but neither printed nor stored; its odd bytes are written as ``\\xe9`` instead."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", errors="backslashreplace")
    return path


def _os_reason(err: OSError, path: str) -> str:
    """A short reason for the user; a dangling symlink is named as such."""
    if err.errno == errno.ENOENT:
        return "broken symlink" if os.path.islink(path) else "no such file or directory"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if err.errno == errno.ELOOP:
        return "symlink loop"
    return err.strerror or type(err).__name__


def read_file(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES,
              doc_timeout: float | None = DEFAULT_DOC_TIMEOUT) -> Iterator[Item]:
    """The documents of one file, whatever its kind; never raises for a bad file."""
    path = os.fsdecode(path)
    shown = _shown_path(path)
    opts = Limits(max_bytes=max_bytes, doc_timeout=doc_timeout)
    try:
        with open(path, "rb") as fh:
            yield from _guarded(shown, _read_stream(fh, shown, shown, opts, depth=0))
    except OSError as err:
        yield Skipped(shown, _os_reason(err, path))


def read_bytes(data: bytes, path: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
               doc_timeout: float | None = DEFAULT_DOC_TIMEOUT) -> list[Item]:
    """The documents in an in-memory file (uploads, tests); ``path`` names it."""
    opts = Limits(max_bytes=max_bytes, doc_timeout=doc_timeout)
    return list(_guarded(path, _read_stream(io.BytesIO(data), path, path, opts, depth=0)))


def _guarded(path: str, items: Iterator[Item]) -> Iterator[Item]:
    """Turn a reader's unexpected failure into a ``Skipped`` after what it already gave."""
    try:
        yield from items
    except InputError as err:
        yield Skipped(err.path, err.reason)
    except Exception as exc:  # a reader bug or a library choking; one file, not the run
        yield Skipped(path, f"unreadable: {type(exc).__name__}: {exc}")


def sniff(head: bytes, name: str = "") -> str:
    """The kind of a file from its first bytes (and, where content is ambiguous, its
    name): ``gzip``, ``warc``, ``html``, ``json``, ``jsonl`` or ``text``."""
    lower = name.lower()
    if head.startswith(_GZIP_MAGIC) or lower.endswith(".gz"):
        return "gzip"
    if head.lstrip(b"\r\n \t").startswith(b"WARC/1."):
        return "warc"
    start = _head_text(head).lstrip("\ufeff \t\r\n")
    if looks_like_html(start):
        return "html"
    if start.startswith("[") or (start.startswith("{") and lower.endswith(".json")):
        return "json"
    if start.startswith("{"):
        return "jsonl" if lower.endswith(_JSONL_EXTS) or _is_json_line(start) else "json"
    if lower.endswith(_JSONL_EXTS):
        return "jsonl"
    return "html" if has_html_root(start) else "text"


def _head_text(head: bytes) -> str:
    """The first bytes as text, leniently: a cut multi-byte character must not matter."""
    return head.decode(detect_encoding(head) or "utf-8", errors="replace")


def _is_json_line(start: str) -> bool:
    """True when the first line alone is a whole JSON object (so: JSON lines)."""
    first, newline, _ = start.partition("\n")
    if not newline:
        return False
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _read_stream(fh: IO[bytes], path: str, name: str, opts: Limits, depth: int) -> Iterator[Item]:
    """Sniff, rewind, and read; a file that gives nothing at all is reported, not lost."""
    head = fh.read(_HEAD)
    fh.seek(0)
    kind = sniff(head, name)
    produced = False
    for item in _by_kind(kind, fh, head, path, name, opts, depth):
        produced = True
        yield item
    if not produced:
        yield Skipped(path, _NOTHING.get(kind, "no documents found"))


def _by_kind(kind: str, fh: IO[bytes], head: bytes, path: str, name: str, opts: Limits, depth: int) -> Iterator[Item]:
    """Hand the stream to the reader of its kind."""
    if kind == "gzip":
        yield from _read_gzip(fh, head, path, name, opts, depth)
    elif kind == "warc":
        yield from read_warc(fh, path, max_bytes=opts.max_bytes, timeout=opts.doc_timeout)
    elif kind == "jsonl":
        yield from read_jsonl(_lines(fh, head, opts.max_bytes), path, timeout=opts.doc_timeout)
    else:
        yield from _read_whole(kind, _read_limited(fh, path, opts.max_bytes, depth), path, name, opts.doc_timeout)


def _read_gzip(fh: IO[bytes], head: bytes, path: str, name: str, opts: Limits, depth: int) -> Iterator[Item]:
    """Look inside a gzip stream. A gzipped WARC goes to warcio as it is, because WARC
    files are gzipped record by record and warcio needs the raw offsets."""
    if not head.startswith(_GZIP_MAGIC):
        yield Skipped(path, "not a gzip file")
        return
    if depth >= _MAX_GZIP_DEPTH:
        yield Skipped(path, "gzip nested too deeply")
        return
    if _gunzip_head(head).lstrip(b"\r\n \t").startswith(b"WARC/1."):
        yield from read_warc(fh, path, max_bytes=opts.max_bytes, timeout=opts.doc_timeout)
        return
    inner_name = name[:-3] if name.lower().endswith(".gz") else name
    try:
        with gzip.GzipFile(fileobj=fh, mode="rb") as gz:
            yield from _read_stream(gz, path, inner_name, opts, depth + 1)
    except (OSError, EOFError, zlib.error) as err:
        yield Skipped(path, f"corrupt gzip: {err}")


def _gunzip_head(head: bytes) -> bytes:
    """The first decompressed bytes, from the compressed head alone (a damaged later
    part of the file must not hide that it is a WARC)."""
    try:
        return zlib.decompressobj(wbits=31).decompress(head, _HEAD)
    except zlib.error:
        return b""


def _lines(fh: IO[bytes], head: bytes, limit: int) -> Iterator[str | None]:
    """A byte stream as text lines, decoded on the fly (JSON lines may be huge files).
    A line over ``limit`` characters comes out as ``None``, read past in chunks and
    never held whole: one runaway record must not exhaust memory."""
    text = io.TextIOWrapper(fh, encoding=detect_encoding(head) or "utf-8-sig", errors="replace", newline=None)
    while line := text.readline(limit + 1):
        if len(line) <= limit:
            yield line
            continue
        while line and not line.endswith("\n"):
            line = text.readline(_CHUNK)
        yield None


def _read_limited(fh: IO[bytes], path: str, max_bytes: int, depth: int) -> bytes:
    """The whole file, refusing one larger than ``max_bytes`` before reading it when the
    size is known, and after ``max_bytes`` decompressed bytes when it is not."""
    if depth == 0:
        size = fh.seek(0, io.SEEK_END)
        fh.seek(0)
        if size > max_bytes:
            raise InputError(path, f"file too large ({size} bytes > {max_bytes})")
    data = _read_upto(fh, max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(path, f"file too large (over {max_bytes:,} bytes decompressed; limit: --max-bytes)")
    return data


def _read_upto(fh: IO[bytes], limit: int) -> bytes:
    """At most ``limit`` bytes, in chunks: ``read(limit)`` would allocate ``limit`` bytes
    up front for every small file."""
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = fh.read(min(_CHUNK, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _read_whole(kind: str, data: bytes, path: str, name: str, timeout: float | None) -> Iterator[Item]:
    """Text, HTML or JSON held in memory."""
    if kind == "html":
        yield read_html(data, path, timeout=timeout)
    elif kind == "json":
        yield from _read_json_bytes(data, path, name, timeout)
    else:
        yield read_text(data, path)


def _read_json_bytes(data: bytes, path: str, name: str, timeout: float | None) -> Iterator[Item]:
    """JSON, or on second look JSON lines (several objects) or plain text that merely
    starts with a brace; only a ``.json`` file is held to being valid JSON."""
    text = decode(data, path)
    try:
        items = list(read_json(text, path, timeout=timeout))
    except json.JSONDecodeError as err:
        if err.msg == "Extra data":
            yield from read_jsonl(text.split("\n"), path, timeout=timeout)
        elif name.lower().endswith(".json"):
            yield Skipped(path, f"invalid JSON: {err}")
        else:
            yield read_text(data, path)
        return
    yield from items
