"""From a `RawDocument` to a `Document`: main text out of HTML, then cleaning.

Cleaning only removes whole lines (and the blank lines after them) and never rewrites what it
keeps, so the cleaned text is the concatenation of untouched pieces of ``source_text`` and every
removal is recorded as a `RemovedSpan` with offsets into ``source_text``. What goes:

- repeats of an earlier paragraph (whitespace collapsed, compared in normalised form), reason
  ``duplicate_paragraph``;
- site chrome lines (share buttons and rows, "close", "back to top"…), reason ``chrome``;
- "اقرأ أيضاً: …" links to other articles, reason ``related``;
- a run of headline-like lines that is the site's list of other stories (a sidebar or ticker kept
  by scraping), reason ``related``; a run that opens the text keeps its first line (the page's own
  headline), and lists of like items (one family's dead, a roundup's bullets) stay;
- a tail opened after the body by a heading such as "الأكثر قراءة" or "التعليقات":
  everything from the heading to the end, reason ``related`` / ``comments``;
- the outlet's sign-off (a short last paragraph after the body), reason ``signoff``;
- leading and trailing whitespace, reason ``whitespace``.

The phrase lists are data (``data/chrome.yaml``), loaded once into a `Cleaner`.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from lxml import etree
from lxml import html as lxml_html

from marsad.arabic.normalize import fold
from marsad.errors import BadHtml, EmptyDocument, LexiconError, NotArabic
from marsad.ingest import RawDocument, parse_published
from marsad.lexicon import load_yaml
from marsad.model import DocMeta, Document, RemovedSpan, Span

if TYPE_CHECKING:
    from marsad.headline import Headliner

# Zero-width and direction marks count as blank at line edges, as whitespace does.
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
_SENTENCE_END = ".!?؟…:"  # a sign-off does not end a sentence nor introduce what follows
_TOKEN_SPLIT = re.compile(r"[\s|•·/\\,،\-–—]+")

# The matching key ignores what varies between spellings of the same chrome phrase.
_KEY_DROP = re.compile("[\u064b-\u0652\u0670\u0640]")  # harakat, tanween, superscript alef, tatweel
_KEY_REPLACE = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه"))
_INLINE_SEPARATORS = ":：-–—|»«"
_INLINE_SEPARATOR = re.compile(f"[{re.escape(_INLINE_SEPARATORS)}]")
# words that many unrelated headlines share, so sharing them does not make a list of like items
_STORY_COMMON = frozenset({"علي", "الي", "بعد", "قبل", "خلال", "منذ", "حول", "بين", "ضد", "عبر", "التي", "الذي"})
# an item of a numbered or bulleted list: "1- …", "٢) …", "• …", "- …", "#…", an emoji or a symbol first
_LIST_ITEM = re.compile(r"^(?:[\d٠-٩]+\s*[-_.)):/]|[-–—•·*▪►✅❌⛔🔴🔸🔹#@])|^[^\w\s]")
_EDGE_PUNCT = " \t:：;؛,،.-–—|•·*#»«\"'()[]<>!?؟…/\\_=+~^"


def chrome_key(line: str) -> str:
    """The key under which a line is compared with the chrome phrases."""
    # str.replace and one regex beat str.translate with a table several times on Arabic text.
    key = _KEY_DROP.sub("", line.casefold())
    for old, new in _KEY_REPLACE:
        key = key.replace(old, new)
    return " ".join(key.split()).strip(_EDGE_PUNCT)


def _lstrip_blank(text: str) -> str:
    while True:
        stripped = text.lstrip().lstrip(_INVISIBLE)
        if len(stripped) == len(text):
            return stripped
        text = stripped


def _rstrip_blank(text: str) -> str:
    while True:
        stripped = text.rstrip().rstrip(_INVISIBLE)
        if len(stripped) == len(text):
            return stripped
        text = stripped


class _Line(NamedTuple):
    line_start: int  # where the line begins, indentation included
    start: int
    end: int  # end of the line's content, before its newline
    collapsed: str  # whitespace collapsed
    words: int


def _content_lines(text: str) -> list[_Line]:
    """The non-blank lines of ``text``. (Splitting on a literal newline and the C string methods
    are an order of magnitude faster on Arabic text than a regex or ``str.split()`` over it.)"""
    newline = "\n" if "\n" in text or "\r" not in text else "\r"
    lines: list[_Line] = []
    pos = 0
    for raw in text.split(newline):
        line_start = start = pos
        pos += len(raw) + 1
        if not raw or raw.isspace():
            continue
        body = raw.strip()
        if body[0] in _INVISIBLE or body[-1] in _INVISIBLE:
            body = _rstrip_blank(_lstrip_blank(body))
            if not body:
                continue
        start += raw.find(body[0])
        end = start + len(body)
        if "  " in body or "\t" in body or "\xa0" in body:
            body = " ".join(body.split())
        lines.append(_Line(line_start, start, end, body, body.count(" ") + 1))
    return lines


class Cleaner:
    """Removes duplicated paragraphs, site chrome, link/comment tails and sign-offs from text.

    Holds only immutable, precompiled data: one instance may clean any number of documents."""

    def __init__(self, chrome: Mapping[str, Any], *, min_body_chars: int = 80,
                 duplicate_min_words: int = 3, weak_tail_max_words: int = 25,
                 story_min_lines: int = 6, story_min_lines_alone: int = 10, story_min_words: int = 3,
                 story_max_words: int = 18) -> None:
        try:
            self.chrome_lines = frozenset(self._keys(chrome["chrome_lines"]))
            self.share_words = frozenset(self._keys(chrome["share_words"]))
            self.share_vocabulary = self.share_words | frozenset(self._keys(chrome["share_fillers"]))
            inline = sorted(set(self._keys(chrome["inline_related"])), key=len, reverse=True)
            tail_reason: dict[str, str] = {}
            for reason, phrases in chrome["tail_headings"].items():
                for key in self._keys(phrases):
                    tail_reason.setdefault(key, str(reason))
            self.tail_reason: Mapping[str, str] = MappingProxyType(tail_reason)
            triggers = sorted(set(self._keys(chrome["protect_triggers"])), key=len, reverse=True)
            self.protect_min_words = int(chrome["protect_min_words"])
            self.signoff_max_words = int(chrome["signoff_max_words"])
            self.signoff_max_chars = int(chrome["signoff_max_chars"])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise LexiconError(f"chrome phrase data is malformed: {exc!r}") from exc
        # A heading that also introduces inline links ("اقرأ أيضاً") may sit inside the body:
        # it opens a tail only when no body-length paragraph follows it.
        self.weak_tail = frozenset(k for k in inline if k in self.tail_reason)
        self.inline_related = re.compile(
            "^(?:" + "|".join(map(re.escape, inline)) + f")\\s*[{re.escape(_INLINE_SEPARATORS)}]"
            if inline else r"(?!)"
        )
        self.protect = re.compile("|".join(map(re.escape, triggers)) if triggers else r"(?!)")
        self.min_body_chars = min_body_chars
        self.story_min_lines = story_min_lines
        self.story_min_lines_alone = story_min_lines_alone
        self.story_min_words = story_min_words
        self.story_max_words = story_max_words
        self.duplicate_min_words = duplicate_min_words
        self.weak_tail_max_words = weak_tail_max_words

    @staticmethod
    def _keys(phrases: Iterable[Any]) -> Iterator[str]:
        for phrase in phrases:
            key = chrome_key(str(phrase))
            if not key:
                raise ValueError(f"empty chrome phrase {phrase!r}")
            yield key

    @classmethod
    def from_yaml(cls, path: str | Path | None = None, **options: Any) -> Cleaner:
        data = load_yaml("chrome.yaml", Path(path) if path is not None else None)
        if not isinstance(data, dict):
            raise LexiconError("chrome phrase data must be a mapping")
        return cls(data, **options)

    # --- classification ---------------------------------------------------------------------

    @staticmethod
    def _line_key(line: _Line) -> str:
        """The chrome key of a line that may be chrome, else "". Chrome phrases and headings
        are short; of a longer line only an "اقرأ أيضاً: …" prefix can matter, and that needs a
        separator near its start."""
        if line.words <= 10:
            return chrome_key(line.collapsed)
        head = line.collapsed[:60]
        if _INLINE_SEPARATOR.search(head):
            return chrome_key(head)
        return ""

    def _protected(self, line: _Line) -> bool:
        return (line.words >= self.protect_min_words
                and self.protect.search(chrome_key(line.collapsed)) is not None)

    def _chrome_reason(self, line: _Line, key: str) -> str | None:
        if line.words <= 12:
            if key in self.chrome_lines:
                return "chrome"
            if line.words <= 10:
                tokens = [t for t in _TOKEN_SPLIT.split(key) if t]
                if (tokens and all(t in self.share_vocabulary for t in tokens)
                        and any(t in self.share_words for t in tokens)):
                    return "chrome"
        if self.inline_related.match(key) and not self._protected(line):
            return "related"
        return None

    def _heading(self, key: str) -> tuple[str, str] | None:
        """(reason, heading) when the line is a heading that may open a tail: the heading alone,
        or a strong heading followed by ":" and more (a weak one is then an inline link)."""
        reason = self.tail_reason.get(key)
        if reason is not None:
            return reason, key
        if ":" in key:
            base = key.split(":", 1)[0].strip(_EDGE_PUNCT)
            reason = self.tail_reason.get(base)
            if reason is not None and base not in self.weak_tail:
                return reason, base
        return None

    def _is_signoff(self, line: _Line, publisher_key: str | None) -> bool:
        if publisher_key and chrome_key(line.collapsed) == publisher_key:
            return True
        return (line.words <= self.signoff_max_words
                and len(line.collapsed) <= self.signoff_max_chars
                and not line.collapsed.endswith(tuple(_SENTENCE_END))
                and not self._protected(line))

    # --- cleaning -------------------------------------------------------------------------------

    def clean(self, text: str, *, publisher: str | None = None) -> tuple[str, list[RemovedSpan]]:
        """The cleaned text and what was removed (offsets into ``text``, sorted)."""
        lines = _content_lines(text)
        keys = [self._line_key(line) for line in lines]
        chrome = [self._chrome_reason(line, key) if key else None for line, key in zip(lines, keys, strict=True)]
        reasons: dict[int, str] = {}

        tail_at: int | None = None
        tail_reason = ""
        body_chars = 0
        for i, line in enumerate(lines):
            heading = self._heading(keys[i]) if keys[i] and line.words <= 8 else None
            if heading is not None:
                if body_chars >= self.min_body_chars and self._opens_tail(lines, i, heading[1]):
                    tail_at, tail_reason = i, heading[0]
                    break
                reasons[i] = heading[0]
            elif chrome[i] is None:
                body_chars += len(line.collapsed)

        end = len(lines) if tail_at is None else tail_at
        self._story_lists(lines, end, chrome, reasons)
        seen: set[str] = set()
        for i in range(end):
            if i in reasons:
                continue
            reason = chrome[i]
            line = lines[i]
            # a repeat differs at most in diacritics, tatweel or letter variants ("عنصراً" / "عنصرا")
            key = fold(line.collapsed) if line.words >= self.duplicate_min_words else ""
            if reason is None and key and key in seen:
                reason = "duplicate_paragraph"
            if reason is not None:
                reasons[i] = reason
            elif key:
                seen.add(key)

        publisher_key = chrome_key(publisher) if publisher else None
        kept = [i for i in range(end) if i not in reasons]
        for _ in range(2):
            if len(kept) < 2:
                break
            last = kept[-1]
            body = sum(len(lines[i].collapsed) for i in kept[:-1])
            if body < self.min_body_chars or not self._is_signoff(lines[last], publisher_key):
                break
            reasons[last] = "signoff"
            kept.pop()

        spans: list[tuple[int, int, str]] = []
        for i in sorted(reasons):
            stop = lines[i + 1].line_start if i + 1 < len(lines) else len(text)
            spans.append((lines[i].line_start, stop, reasons[i]))
        if tail_at is not None:
            spans.append((lines[tail_at].line_start, len(text), tail_reason))
        return _assemble(text, spans)

    def _headline_like(self, line: _Line) -> bool:
        """A line that reads like the title of another story: a few words, no sentence end, not an
        item of a numbered or bulleted list."""
        text = line.collapsed
        return (self.story_min_words <= line.words <= self.story_max_words
                and not text.endswith(tuple(_SENTENCE_END.replace("…", "")))
                and not _LIST_ITEM.match(text))

    def _story_lists(self, lines: list[_Line], end: int, chrome: list[str | None],
                     reasons: dict[int, str]) -> None:
        """Mark runs of headline-like lines that are the site's list of other stories (reason
        ``related``): "latest news" sidebars and tickers that scraping keeps between or instead of
        the article's paragraphs. A run opening the text keeps its first line, the page's own
        headline; it must then be long (a short post may be written line by line). Kept as content:
        lists whose lines mostly begin alike or share a word (names of the dead under "الشهيد", one
        family's dead, items of a roundup), numbered or bulleted items, and a run with no article
        beside it."""
        run: list[int] = []
        first = next((i for i in range(end) if i not in reasons and chrome[i] is None), None)

        def close() -> None:
            if len(run) < self.story_min_lines:
                return
            heads = Counter(lines[i].collapsed.split(" ", 1)[0] for i in run)
            shared = Counter(w for i in run for w in set(chrome_key(lines[i].collapsed).split())
                             if len(w) > 2 and w not in _STORY_COMMON)
            if heads.most_common(1)[0][1] * 2 >= len(run) or (
                    shared and shared.most_common(1)[0][1] * 2 >= len(run)):
                return  # a list of like items (the dead of one family, one place's toll), not of other stories
            opening = run[0] == first
            if opening and len(run) < self.story_min_lines_alone:
                return  # a short post written line by line is not a page of other stories
            block = run[1:] if opening else run
            rest = sum(len(lines[i].collapsed) for i in range(end)
                       if i not in reasons and chrome[i] is None and i not in block)
            if not opening and rest < self.min_body_chars:
                return  # no article beside the run: the run is the text
            for i in block:
                reasons[i] = "related"

        for i in range(end):
            if i in reasons or chrome[i] is not None:
                continue  # already removed lines neither break nor extend a run
            if self._headline_like(lines[i]):
                run.append(i)
            else:
                close()
                run = []
        close()

    def _opens_tail(self, lines: list[_Line], i: int, key: str) -> bool:
        if key not in self.weak_tail:
            return True
        return all(line.words < self.weak_tail_max_words for line in lines[i + 1:])


def _assemble(text: str, spans: list[tuple[int, int, str]]) -> tuple[str, list[RemovedSpan]]:
    """Cut ``spans`` (sorted, not overlapping) out of ``text``, then trim the edges."""
    pieces: list[tuple[int, int]] = []
    pos = 0
    for start, stop, _ in spans:
        if start > pos:
            pieces.append((pos, start))
        pos = stop
    if pos < len(text):
        pieces.append((pos, len(text)))

    trims: list[tuple[int, int, str]] = []
    while pieces:
        start, stop = pieces[0]
        piece = text[start:stop]
        cut = start + len(piece) - len(_lstrip_blank(piece))
        if cut == start:
            break
        trims.append((start, cut, "whitespace"))
        if cut < stop:
            pieces[0] = (cut, stop)
            break
        pieces.pop(0)
    while pieces:
        start, stop = pieces[-1]
        cut = start + len(_rstrip_blank(text[start:stop]))
        if cut == stop:
            break
        trims.append((cut, stop, "whitespace"))
        if cut > start:
            pieces[-1] = (start, cut)
            break
        pieces.pop()

    removed = [RemovedSpan(a, b, reason, text[a:b]) for a, b, reason in sorted(spans + trims)]
    return "".join(text[a:b] for a, b in pieces), removed


@functools.cache
def default_cleaner() -> Cleaner:
    """The cleaner built from the packaged phrase lists (created once, never changed)."""
    return Cleaner.from_yaml()


def clean_text(text: str) -> tuple[str, list[RemovedSpan]]:
    """Clean ``text`` with the default cleaner: cleaned text and what was removed
    (offsets into ``text``)."""
    return default_cleaner().clean(text)


def content_id(text: str) -> str:
    """A stable id for a document's content: the same text up to runs of ASCII whitespace (line
    endings, blank lines, indentation) gives the same id."""
    # Splitting the UTF-8 bytes is several times faster than str.split() over Arabic text.
    normal = b" ".join(text.encode("utf-8", "surrogatepass").split())
    return "sha1:" + hashlib.sha1(normal).hexdigest()[:16]


# --- HTML -----------------------------------------------------------------------------------------

_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "sailthru.date",
)
_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form")
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "div")


class HtmlExtractor:
    """Main text and explicit metadata from an HTML page: trafilatura first, jusText (Arabic
    stoplist) when trafilatura finds little, then the page's own block text as a last resort."""

    def __init__(self, *, little_chars: int = 200) -> None:
        import justext

        self.stoplist = frozenset(justext.get_stoplist("Arabic"))
        self.little_chars = little_chars

    def extract(self, html: str, origin: str) -> tuple[str, dict[str, Any]]:
        if not html.strip():
            raise EmptyDocument(f"{origin}: the HTML page is empty", origin)
        tree = self._parse(html, origin)
        meta = page_metadata(tree)
        if not tree.text_content().strip():
            raise EmptyDocument(f"{origin}: the HTML page has no text", origin)
        text = self._trafilatura(tree)
        if len(text) < self.little_chars:
            fallback = self._justext(html)
            if len(fallback) > len(text):
                text = fallback
        if not text:
            # trafilatura prunes the tree it is given: the last resort reads a fresh one.
            text = _block_text(self._parse(html, origin))
        if not text:
            raise BadHtml(f"{origin}: no main text could be extracted from the HTML page", origin)
        return text, meta

    @staticmethod
    def _parse(html: str, origin: str) -> lxml_html.HtmlElement:
        parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
        try:
            tree = lxml_html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
            raise BadHtml(f"{origin}: the HTML cannot be parsed ({exc})", origin) from exc
        if tree is None:
            raise BadHtml(f"{origin}: the HTML cannot be parsed (no document)", origin)
        return tree

    @staticmethod
    def _trafilatura(tree: lxml_html.HtmlElement) -> str:
        import trafilatura

        try:
            result = trafilatura.extract(
                tree, include_comments=False, include_tables=False,
                include_images=False, include_links=False, deduplicate=False,
                favor_recall=True, with_metadata=False,
            )
        except (ValueError, TypeError, AttributeError, IndexError, KeyError, RecursionError,
                etree.LxmlError):
            # Broken pages can trip the extractor; the fallbacks still get their chance.
            return ""
        return _paragraphs(result.split("\n")) if result else ""

    def _justext(self, html: str) -> str:
        import justext

        try:
            # Arabic news paragraphs are short, and the Arabic stoplist is so large that the
            # stopword density says little: the length limits are lowered instead.
            paragraphs = justext.justext(html.encode("utf-8", "replace"), self.stoplist,
                                         encoding="utf-8", length_low=40, length_high=100)
        except (ValueError, TypeError, etree.LxmlError):
            return ""
        return _paragraphs(p.text for p in paragraphs if not p.is_boilerplate)


def _paragraphs(parts: Iterable[str]) -> str:
    return "\n\n".join(p for p in (part.strip() for part in parts) if p)


def _block_text(tree: lxml_html.HtmlElement) -> str:
    for bad in tree.xpath("//" + " | //".join(_DROP_TAGS)):
        bad.drop_tree()
    body = tree.find("body")
    root = body if body is not None else tree
    parts = [" ".join(el.text_content().split()) for el in root.iter(*_BLOCK_TAGS)
             if next(el.iterdescendants(*_BLOCK_TAGS), None) is None]
    return _paragraphs(parts) or " ".join(root.text_content().split())


def page_metadata(tree: lxml_html.HtmlElement) -> dict[str, Any]:
    """Title, publisher, url, language and the publication date as the page states them
    explicitly (meta tags, JSON-LD, ``<time datetime>``); never guessed from the page text."""
    meta: dict[str, Any] = {}
    named: dict[str, str] = {}
    for el in tree.iter("meta"):
        name = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if name and content and content.strip() and name not in named:
            named[name] = content.strip()
    title_el = tree.find(".//title")
    page_title = " ".join(title_el.text_content().split()) if title_el is not None else ""
    meta["title"] = named.get("og:title") or page_title or None
    meta["publisher"] = named.get("og:site_name")
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    meta["url"] = named.get("og:url") or (str(canonical[0]).strip() if canonical else None)
    lang = tree.get("lang") or named.get("og:locale")
    meta["language"] = lang.strip() if lang and lang.strip() else None
    raw = next((named[k] for k in _PUBLISHED_META if k in named), None)
    raw = raw or _json_ld_date(tree) or _itemprop_date(tree) or _time_element_date(tree)
    meta["published_raw"] = raw
    meta["published"] = parse_published(raw) if raw else None
    return meta


def _json_ld_date(tree: lxml_html.HtmlElement) -> str | None:
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text_content())
        except (json.JSONDecodeError, TypeError):
            continue
        found = _find_key(data, "datePublished")
        if found:
            return found
    return None


def _find_key(data: Any, key: str, depth: int = 0) -> str | None:
    if depth > 6:
        return None
    if isinstance(data, dict):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        items: Iterable[Any] = data.values()
    elif isinstance(data, list):
        items = data
    else:
        return None
    for item in items:
        found = _find_key(item, key, depth + 1)
        if found:
            return found
    return None


def _itemprop_date(tree: lxml_html.HtmlElement) -> str | None:
    for el in tree.xpath("//*[@itemprop='datePublished']"):
        value = el.get("datetime") or el.get("content") or el.text_content()
        if value and value.strip():
            return str(value).strip()
    return None


def _time_element_date(tree: lxml_html.HtmlElement) -> str | None:
    # A page lists the dates of other articles too: only a <time> inside the <article>, one
    # marked pubdate, or the page's only <time> is taken as this article's date.
    for path in ("//article//time[@datetime]", "//time[@pubdate][@datetime]"):
        found = tree.xpath(path)
        if found:
            return str(found[0].get("datetime")).strip() or None
    times = tree.xpath("//time[@datetime]")
    if len(times) == 1:
        return str(times[0].get("datetime")).strip() or None
    return None


@functools.cache
def default_html_extractor() -> HtmlExtractor:
    return HtmlExtractor()


def html_to_text(html: str, origin: str) -> tuple[str, dict[str, Any]]:
    """The main text of an HTML page (paragraphs joined by blank lines) and the metadata the
    page states (title, publisher, url, language, published, published_raw)."""
    return default_html_extractor().extract(html, origin)


# --- documents ------------------------------------------------------------------------------------


def _cp1256_letter_bytes() -> tuple[bytes, bytes]:
    arabic, other = bytearray(), bytearray()
    for byte in range(256):
        char = bytes([byte]).decode("cp1256")
        if unicodedata.category(char) == "Lo" and "\u0600" <= char <= "\u06ff":
            arabic.append(byte)
        elif char.isalpha() and char != "\u0640":  # tatweel only stretches Arabic letters
            other.append(byte)
    return bytes(arabic), bytes(other)


_CP1256_ARABIC_LETTERS, _CP1256_OTHER_LETTERS = _cp1256_letter_bytes()


def arabic_share(text: str) -> tuple[int, int]:
    """(Arabic letters, all letters) in ``text``.

    Counted on the windows-1256 encoding of the text, where each Arabic letter is one byte: C
    speed, unlike a regex over the text. Characters that cp1256 lacks (other scripts, emoji) are
    counted as letters of another script, which only makes the check stricter."""
    encoded = text.encode("cp1256", "ignore")
    arabic = len(encoded) - len(encoded.translate(None, _CP1256_ARABIC_LETTERS))
    other = len(encoded) - len(encoded.translate(None, _CP1256_OTHER_LETTERS))
    return arabic, arabic + other + len(text) - len(encoded)


def _merge_page_meta(meta: DocMeta, page: Mapping[str, Any]) -> DocMeta:
    merged = dataclasses.replace(meta, extra=dict(meta.extra))
    for name in ("title", "publisher", "url", "language"):
        if getattr(merged, name) is None and page.get(name):
            setattr(merged, name, page[name])
    # A date given with the input wins, even a bad one: the date stage reports a bad raw date.
    if merged.published is None and merged.published_raw is None and page.get("published_raw"):
        merged.published = page.get("published")
        merged.published_raw = page["published_raw"]
    return merged


def build_document(raw: RawDocument, *, min_arabic_letters: int = 10,
                   cleaner: Cleaner | None = None,
                   html_extractor: HtmlExtractor | None = None,
                   headliner: Headliner | None = None) -> Document:
    """Extract (HTML), clean and check one input document. Raises a named `InputError`
    (`BadHtml`, `EmptyDocument`, `NotArabic`) when it is not usable.

    With a ``headliner``, a title whose news the body does not already hold opens the text as its
    own paragraph (``Document.headline`` is its span): a page that lost its headline, or kept only
    the site's list of other stories, still reports what its title says."""
    cleaner = cleaner or default_cleaner()
    origin = raw.origin
    meta = dataclasses.replace(raw.meta, extra=dict(raw.meta.extra))
    if raw.html is not None:
        extractor = html_extractor or default_html_extractor()
        source_text, page = extractor.extract(raw.html, origin)
        meta = _merge_page_meta(meta, page)
    else:
        source_text = raw.text or ""
    if meta.source is None:
        meta.source = origin
    if not source_text.strip():
        raise EmptyDocument(f"{origin}: the document has no text", origin)

    text, removed = cleaner.clean(source_text, publisher=meta.publisher)
    if not text:
        raise EmptyDocument(f"{origin}: nothing is left after cleaning ({len(removed)} pieces removed)",
                            origin)
    head = headliner.headline(meta.title, text, meta.publisher) if headliner is not None else None
    headline: Span | None = None
    body = text
    if head:
        text = f"{head}\n\n{text}"
        headline = Span(0, len(head))
    arabic, letters = arabic_share(text)
    if arabic < min_arabic_letters or arabic < 0.15 * letters:
        share = f"{arabic / letters:.0%}" if letters else "0%"
        problem = (f"too little Arabic text: {arabic} Arabic letters"
                   if arabic < min_arabic_letters else "not Arabic text")
        raise NotArabic(
            f"{origin}: {problem}; {arabic} of {letters} letters ({share}) are Arabic; "
            f"at least {min_arabic_letters} Arabic letters and 15% of all letters are required",
            origin,
        )
    if meta.language is None:
        meta.language = "ar"
    doc_id = raw.id if raw.id else content_id(body)  # the same body keeps its id
    return Document(id=doc_id, text=text, meta=meta, source_text=source_text, removed=removed,
                    headline=headline)
