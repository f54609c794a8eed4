"""Reading inputs: files, directories, JSONL and standard input, into `RawDocument`s.

Nothing here cleans or judges the text beyond decoding it; `marsad.clean.build_document` turns a
`RawDocument` into a `Document`. A bad input never stops the stream: it is yielded as a named
`InputError` (with its origin) in the place of the document, and reading goes on.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from marsad.errors import (
    BadJsonLine,
    BinaryContent,
    EmptyDocument,
    InputError,
    MissingText,
    TooLarge,
    UndecodableText,
)
from marsad.model import DocMeta

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
JSON_SUFFIXES = frozenset({".json"})
INPUT_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES

DEFAULT_MAX_BYTES = 10_000_000


class UnreadableInput(InputError):
    """A path that does not exist or cannot be read.

    Defined here until errors.py has a class for it (asked of the lead)."""

    code = "unreadable_input"


@dataclass
class RawDocument:
    """One input document as read, before cleaning: exactly one of ``text`` / ``html`` is set."""

    id: str | None
    text: str | None
    html: str | None
    meta: DocMeta
    origin: str


# --- decoding ---------------------------------------------------------------------------------

# Magic numbers of formats that are certainly not text.
_MAGIC = (
    b"%PDF-",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\x89PNG\r\n\x1a\n",
    b"\x7fELF",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",
    b"\x1f\x8b",
    b"BZh9",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\xfd7zXZ\x00",
    b"\x28\xb5\x2f\xfd",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"SQLite format 3\x00",
    b"\x00asm",
    b"OggS",
    b"ID3",
    b"\xca\xfe\xba\xbe",
    b"\xcf\xfa\xed\xfe",
    b"wOFF",
    b"wOF2",
)

# C0 controls other than tab, newlines, vertical tab and form feed, plus DEL.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
# What plausible Arabic text decoded from windows-1256 consists of: Arabic, ASCII, whitespace,
# the punctuation and marks that cp1256 has, and nothing else.
_CP1256_IMPLAUSIBLE = re.compile(
    r"[^\u0600-\u06ff\t\n\r\x20-\x7e\xa0\xab\xbb\xd7\xf7"
    r"\u200c-\u200f\u2013\u2014\u2018-\u201e\u2022\u2026\u2030\u2039\u203a\u20ac]"
)
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_START = re.compile(
    r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p|section|main)\b",
    re.IGNORECASE | re.DOTALL,
)
_UTF8_NAMES = frozenset({"utf-8", "utf8"})


def _check_not_binary(data: bytes, origin: str) -> None:
    for magic in _MAGIC:
        if data.startswith(magic):
            raise BinaryContent(
                f"{origin}: binary content (starts like a {magic[:4]!r}… file), not text", origin
            )


def _plausible_text(text: str) -> bool:
    if not text:
        return True
    controls = len(_CONTROLS.findall(text))
    return controls <= max(2, len(text) // 100)


def _decode_utf16_without_bom(data: bytes) -> str | None:
    """Text in UTF-16 without a BOM has its NUL bytes (the high byte of ASCII characters) at one
    parity only: odd offsets for little-endian, even ones for big-endian."""
    if len(data) % 2:
        return None
    nul_even = data[0::2].count(0)
    nul_odd = data[1::2].count(0)
    total = nul_even + nul_odd
    if total == 0:
        return None
    if nul_odd >= 0.95 * total:
        encoding = "utf-16-le"
    elif nul_even >= 0.95 * total:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if _plausible_text(text) else None


def _decode_cp1256(data: bytes) -> str | None:
    text = data.decode("cp1256")  # every byte is defined in cp1256: this cannot fail
    implausible = len(_CP1256_IMPLAUSIBLE.findall(text))
    if implausible > len(text) // 50 or not _ARABIC_LETTER.search(text):
        return None
    return text if _plausible_text(text) else None


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


def decode_bytes(data: bytes, origin: str, *, html: bool = False) -> str:
    """Decode the bytes of a text or HTML document.

    Order: BOM → strict UTF-8 → the HTML page's declared ``<meta charset>`` (``html=True``) →
    BOM-less UTF-16 (told by where its NUL bytes are) → windows-1256 (kept only when the result
    is plausible Arabic text). Raises `BinaryContent`, `UndecodableText` or `EmptyDocument`.
    Valid UTF-8 beats a declared charset: pages often declare windows-1256 while serving UTF-8,
    and cp1256 Arabic text practically never happens to be valid UTF-8.
    """
    if not data.strip():
        raise EmptyDocument(f"{origin}: the input is empty", origin)
    _check_not_binary(data, origin)
    text: str | None = None
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        text = _strict(data, "utf-32", origin)
    elif data.startswith(codecs.BOM_UTF8):
        text = _strict(data, "utf-8-sig", origin)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16", origin)
    elif b"\x00" in data:
        text = _decode_utf16_without_bom(data)
        if text is None:
            raise BinaryContent(
                f"{origin}: binary content (NUL bytes that are not UTF-16 text), not text", origin
            )
    else:
        controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
        if controls > max(2, len(data) // 100):
            raise BinaryContent(f"{origin}: binary content (too many control bytes), not text", origin)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            declared = _declared_charset(data) if html else None
            if declared and declared not in _UTF8_NAMES:
                try:
                    text = data.decode(declared)
                except UnicodeDecodeError:
                    text = None
            if text is None:
                text = _decode_cp1256(data)
            if text is None:
                raise UndecodableText(
                    f"{origin}: cannot decode the text: it is neither UTF-8, UTF-16 nor "
                    "windows-1256 Arabic; convert it to UTF-8",
                    origin,
                ) from None
    if data[:1] in (b"\xff", b"\xfe", b"\x00", b"\xef") and not _plausible_text(text):
        # Text with a BOM was not checked on its bytes (other paths were).
        raise BinaryContent(f"{origin}: binary content (too many control characters), not text", origin)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise EmptyDocument(f"{origin}: the input is empty (whitespace only)", origin)
    return text


def _strict(data: bytes, encoding: str, origin: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UndecodableText(
            f"{origin}: the text has a {encoding} byte-order mark but is not valid {encoding} "
            f"(byte {exc.start}); convert it to UTF-8",
            origin,
        ) from None


def looks_like_html(text: str) -> bool:
    return _HTML_START.match(text[:2048]) is not None


# --- dates --------------------------------------------------------------------------------------

_ISO_DATE_PREFIX = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])")


def parse_published(raw: str) -> dt.date | None:
    """An ISO date or datetime (``2018-02-08``, ``2018-02-08T10:00:00+03:00``, ``…Z``) or an
    RFC 2822 date as found in feeds; the date is the publisher's own calendar date. ``None``
    when the value is not one of these (the caller keeps the raw string)."""
    value = raw.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        pass
    match = _ISO_DATE_PREFIX.match(value)
    if match:
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


# --- JSON records -------------------------------------------------------------------------------

_KNOWN_FIELDS = frozenset({"id", "text", "html", "url", "published", "publisher", "title", "language"})


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f'field "{key}" must be a string, not {type(value).__name__}')


def record_to_raw(record: Any, origin: str) -> RawDocument | InputError:
    """One JSON input record (spec §1) → a `RawDocument`, or the named error that says why not."""
    if not isinstance(record, dict):
        return BadJsonLine(f"{origin}: expected a JSON object, got {type(record).__name__}", origin)
    try:
        doc_id = _optional_str(record, "id")
        url = _optional_str(record, "url")
        published_raw = _optional_str(record, "published")
        publisher = _optional_str(record, "publisher")
        title = _optional_str(record, "title")
        language = _optional_str(record, "language")
    except TypeError as exc:
        return BadJsonLine(f"{origin}: {exc}", origin)
    text, html = record.get("text"), record.get("html")
    for key, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            return MissingText(f'{origin}: "{key}" must be a string, not {type(value).__name__}', origin)
    has_text = bool(text and text.strip())
    has_html = bool(html and html.strip())
    if has_text and has_html:
        return MissingText(
            f'{origin}: both "text" and "html" given; exactly one of them is required', origin
        )
    if not has_text and not has_html:
        return MissingText(f'{origin}: no "text" or "html" (or it is empty); one of them is required', origin)
    extra = {k: v for k, v in record.items() if k not in _KNOWN_FIELDS}
    meta = DocMeta(
        published=parse_published(published_raw) if published_raw else None,
        published_raw=published_raw,
        url=url,
        publisher=publisher,
        title=title,
        language=language,
        source=origin,
        extra=extra,
    )
    return RawDocument(
        id=doc_id,
        text=text if has_text else None,
        html=html if has_html else None,
        meta=meta,
        origin=origin,
    )


def _parse_json_line(line: bytes, origin: str, max_bytes: int) -> RawDocument | InputError:
    if len(line) > max_bytes:
        return _too_large(origin, len(line), max_bytes)
    try:
        record = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return BadJsonLine(f"{origin}: not UTF-8 (byte {exc.start}); JSON lines must be UTF-8", origin)
    except json.JSONDecodeError as exc:
        return BadJsonLine(f"{origin}: not valid JSON ({exc.msg} at column {exc.colno})", origin)
    return record_to_raw(record, origin)


def _read_line(stream: BinaryIO, max_bytes: int) -> tuple[bytes, bool]:
    """One line, at most ``max_bytes + 1`` bytes of it kept; the rest of a longer line is read
    and dropped so a huge line never sits in memory. Returns (line, whether it was cut)."""
    line = stream.readline(max_bytes + 1)
    if len(line) <= max_bytes or line.endswith(b"\n"):
        return line, False
    while True:
        rest = stream.readline(1 << 20)
        if not rest or rest.endswith(b"\n"):
            return line, True


def _iter_json_lines(
    stream: BinaryIO, name: str, max_bytes: int, first: bytes | None = None, first_cut: bool = False,
    skipped: int = 0,
) -> Iterator[RawDocument | InputError]:
    lineno = skipped
    pending = first
    pending_cut = first_cut
    while True:
        if pending is not None:
            line, cut = pending, pending_cut
            pending = None
        else:
            line, cut = _read_line(stream, max_bytes)
            if not line:
                return
        lineno += 1
        origin = f"{name}:{lineno}"
        if cut:
            yield _too_large(origin, None, max_bytes)
            continue
        if not line.strip():
            continue
        yield _parse_json_line(line, origin, max_bytes)


# --- files ----------------------------------------------------------------------------------------


def _too_large(origin: str, size: int | None, max_bytes: int) -> TooLarge:
    got = f"{size:,} bytes" if size is not None else "more"
    return TooLarge(
        f"{origin}: {got} is over the limit of {max_bytes:,} bytes per document; "
        "raise it with --max-bytes (max_bytes=) if this is really one document",
        origin,
    )


def _text_or_html(text: str, origin: str, *, html: bool | None) -> RawDocument:
    is_html = looks_like_html(text) if html is None else html
    meta = DocMeta(source=origin)
    if is_html:
        return RawDocument(id=None, text=None, html=text, meta=meta, origin=origin)
    return RawDocument(id=None, text=text, html=None, meta=meta, origin=origin)


def _read_document_file(path: Path, origin: str, max_bytes: int, *, html: bool | None) -> RawDocument | InputError:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return _too_large(origin, size, max_bytes)
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        return UnreadableInput(f"{origin}: cannot read ({exc.strerror or exc})", origin)
    if len(data) > max_bytes:  # it grew while we looked
        return _too_large(origin, len(data), max_bytes)
    return _document_from_bytes(data, origin, html=html)


def _document_from_bytes(data: bytes, origin: str, *, html: bool | None) -> RawDocument | InputError:
    if html is None:
        stripped = data.lstrip(b" \t\r\n\xef\xbb\xbf")
        sniff_html = stripped.startswith(b"<")
    else:
        sniff_html = html
    try:
        text = decode_bytes(data, origin, html=sniff_html)
    except InputError as exc:
        return exc
    return _text_or_html(text, origin, html=html)


def _read_json_file(path: Path, origin: str, max_bytes: int) -> Iterator[RawDocument | InputError]:
    """A ``.json`` file: one object, an array of objects, or in fact JSON lines."""
    try:
        with path.open("rb") as f:
            head = f.read(4096).lstrip(b" \t\r\n\xef\xbb\xbf")
            if not head:
                yield EmptyDocument(f"{origin}: the input is empty", origin)
                return
            size = path.stat().st_size
            whole: Any = None
            if size <= max_bytes:
                f.seek(0)
                data = f.read(max_bytes + 1)
                try:
                    whole = json.loads(data.decode("utf-8-sig"))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    whole = None
            elif head.startswith(b"["):
                yield _too_large(origin, size, max_bytes)
                return
            if isinstance(whole, list):
                for index, record in enumerate(whole, start=1):
                    yield record_to_raw(record, f"{origin}:{index}")
                return
            if isinstance(whole, dict):
                yield record_to_raw(whole, origin)
                return
            f.seek(0)
            yield from _iter_json_lines(f, origin, max_bytes)
    except OSError as exc:
        yield UnreadableInput(f"{origin}: cannot read ({exc.strerror or exc})", origin)


def _read_jsonl_file(path: Path, origin: str, max_bytes: int) -> Iterator[RawDocument | InputError]:
    try:
        with path.open("rb") as f:
            yield from _iter_json_lines(f, origin, max_bytes)
    except OSError as exc:
        yield UnreadableInput(f"{origin}: cannot read ({exc.strerror or exc})", origin)


def _read_file(path: Path, origin: str, max_bytes: int) -> Iterator[RawDocument | InputError]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl_file(path, origin, max_bytes)
    elif suffix in JSON_SUFFIXES:
        yield from _read_json_file(path, origin, max_bytes)
    elif suffix in HTML_SUFFIXES:
        yield _read_document_file(path, origin, max_bytes, html=True)
    elif suffix in TEXT_SUFFIXES:
        yield _read_document_file(path, origin, max_bytes, html=False)
    else:
        # A file named explicitly is read whatever its name; its content says what it is.
        yield _read_document_file(path, origin, max_bytes, html=None)


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def walk_inputs(directory: Path) -> list[Path]:
    """Input files under a directory, recursively, sorted by their path (as ``find | sort``
    would, component by component); hidden files and directories and files with other suffixes
    are skipped."""
    found: list[Path] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not _is_hidden(d)]
        found.extend(Path(root) / name for name in files
                     if not _is_hidden(name) and os.path.splitext(name)[1].lower() in INPUT_SUFFIXES)
    return sorted(found, key=lambda path: path.relative_to(directory).parts)


def _read_stdin(stream: BinaryIO, max_bytes: int) -> Iterator[RawDocument | InputError]:
    """Standard input holds JSON lines (first non-blank line starts with "{"), one HTML page or
    one plain-text document."""
    first, cut = _read_line(stream, max_bytes)
    skipped = 0
    leading = b""  # blank lines before the first line: part of a text document
    while first and not cut and not first.strip():
        skipped += 1
        leading += first
        if len(leading) > max_bytes:
            yield _too_large("stdin", None, max_bytes)
            return
        first, cut = _read_line(stream, max_bytes)
    if not first:
        yield EmptyDocument("stdin: the input is empty", "stdin")
        return
    if first.lstrip(b" \t\xef\xbb\xbf").startswith(b"{"):
        yield from _iter_json_lines(stream, "stdin", max_bytes, first=first, first_cut=cut, skipped=skipped)
        return
    if cut:
        yield _too_large("stdin", None, max_bytes)
        return
    head = leading + first
    data = head + stream.read(max(0, max_bytes + 1 - len(head)))
    if len(data) > max_bytes:
        yield _too_large("stdin", None, max_bytes)
        return
    yield _document_from_bytes(data, "stdin", html=None)


def read_inputs(
    paths: Sequence[str], *, stdin: BinaryIO | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawDocument | InputError]:
    """Every document in ``paths`` (files, directories, or "-" for standard input), in order.

    A document that cannot be read is yielded as its `InputError` and reading goes on.
    ``max_bytes`` limits one document (a file, or one JSON line), checked before reading."""
    for name in paths:
        if name == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_stdin(stream, max_bytes)
            continue
        path = Path(name)
        if path.is_dir():
            for file in walk_inputs(path):
                yield from _read_file(file, str(file), max_bytes)
        elif path.is_file():
            yield from _read_file(path, name, max_bytes)
        elif path.exists():
            yield UnreadableInput(f"{name}: not a regular file or directory", name)
        else:
            yield UnreadableInput(f"{name}: no such file or directory", name)


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as f:
        for line in f:
            if line.strip():
                count += 1
    return count


def _count_file(path: Path) -> int | None:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return _count_lines(path)
    if suffix in JSON_SUFFIXES:
        with path.open("rb") as f:
            head = f.read(64).lstrip(b" \t\r\n\xef\xbb\xbf")
        # An array's length is not known without parsing it: the count is unknown.
        return None if head.startswith(b"[") else _count_lines(path)
    return 1


def count_inputs(paths: Sequence[str]) -> int | None:
    """A cheap count of the documents in ``paths`` for a progress bar (non-blank lines of JSON
    lines files, files in directories); ``None`` when it cannot be known (stdin, JSON arrays)."""
    total = 0
    try:
        for name in paths:
            if name == "-":
                return None
            path = Path(name)
            files = walk_inputs(path) if path.is_dir() else [path] if path.is_file() else []
            if not files and not path.is_dir():
                total += 1  # the error it will yield is one item too
            for file in files:
                count = _count_file(file)
                if count is None:
                    return None
                total += count
    except OSError:
        return None
    return total
