"""A report's headline from its page title.

The headline is the densest sentence of a news report (what, where, who, how many), and many scraped
pages lose it: the body starts below it, or the page is only the site's list of other stories while the
title still names the strike. A page title is not a clean headline, though: sites append their name
("… | زمان الوصل", "… -ANHA"), platforms their tails ("… Facebook Shared with Public",
"NAME on X: "…""), and scrapers sometimes repeat the description after it. `Headliner.headline`
takes the news segment out of a title, and answers ``None`` when the title adds nothing: no news
segment, or the body already holds it (the usual case for a full article).

The word lists are data (``data/headline.yaml``), loaded once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from marsad.clean import chrome_key
from marsad.errors import LexiconError
from marsad.lexicon import load_yaml

# A separator between title segments: a bar, or a dash with a space on at least one side (a dash
# inside a word, as in "بي-بي-سي", is not one).
_SEGMENT_SPLIT = re.compile(r"\s*\|+\s*|\s+[-–—]+\s*|\s*[-–—]+\s+")
# "NAME on X: "TEXT"" / "NAME على X: "TEXT"": the post's text is the headline.
_POST_TITLE = re.compile(r"^.{1,80}?\s(?:on|على)\s(?:X|Twitter|تويتر|إكس)\s*:\s*[\"“«](?P<text>.+?)[\"”»]?\s*$",
                         re.DOTALL)
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_EDGE = " \t\r\n.،,:;؛-–—|•·*#\"'“”«»()[]…!?؟/"
_KEY_CHARS = re.compile(r"[^\w]+|_")
_BODY_LOOK = 4000  # characters of the body in which a repeated title is looked for


def _match_key(text: str) -> str:
    """Letters and digits only, in the cleaner's key: quotes, hashes and punctuation do not count
    when a title is looked for in the body."""
    return _KEY_CHARS.sub("", chrome_key(text))


class Headliner:
    """Finds the headline in a page title. Holds only immutable data: one instance serves any
    number of documents."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        try:
            tails = sorted({chrome_key(str(t)) for t in data["platform_tails"]}, key=len, reverse=True)
            self.site_heads = tuple(sorted({chrome_key(str(h)) for h in data["site_heads"]},
                                           key=len, reverse=True))
            self.site_max_words = int(data["site_max_words"])
            self.min_words = int(data["min_words"])
            self.min_arabic_letters = int(data["min_arabic_letters"])
        except (KeyError, TypeError, ValueError) as exc:
            raise LexiconError(f"headline data is malformed: {exc!r}") from exc
        if not all(tails) or not all(self.site_heads):
            raise LexiconError("headline data has an empty phrase")
        self.tails = tuple(tails)

    @classmethod
    def from_yaml(cls, path: str | Path | None = None) -> Headliner:
        data = load_yaml("headline.yaml", Path(path) if path is not None else None)
        if not isinstance(data, dict):
            raise LexiconError("headline data must be a mapping")
        return cls(data)

    # --- the parts of a title -----------------------------------------------------------------

    def _strip_tails(self, title: str) -> str:
        changed = True
        while changed and title:
            changed = False
            key = chrome_key(title)
            for tail in self.tails:
                if key.endswith(tail) and (len(key) == len(tail) or not key[-len(tail) - 1].isalnum()):
                    # the key keeps the title's length up to removed marks; cut by words instead
                    words = title.split()
                    n = len(tail.split())
                    title = " ".join(words[:-n]).strip(_EDGE) if len(words) > n else ""
                    changed = True
                    break
        return title

    def _is_site_name(self, segment: str, publisher_key: str | None) -> bool:
        key = chrome_key(segment)
        if not _ARABIC_LETTER.search(segment):
            return True  # "ANHA", "Rojnews.news", "Edlib Media Center"
        if publisher_key and (key == publisher_key or key.startswith(publisher_key + " ")):
            return True
        words = key.split()
        return len(words) <= self.site_max_words and any(
            key == head or key.startswith(head + " ") for head in self.site_heads)

    def _news_words(self, segment: str) -> int:
        return len({w for w in chrome_key(segment).split() if _ARABIC_LETTER.search(w)})

    @staticmethod
    def _cut_repeat(segment: str) -> str:
        """A scraped title may run on into itself ("X X X", "X SITE X"): keep the first copy. A copy
        is the segment's opening words (at least three) met again."""
        words = segment.split()
        keys = [chrome_key(w) for w in words]
        for i in range(3, len(words) - 2):
            n = min(4, i, len(words) - i)
            if keys[i:i + n] == keys[:n]:
                return " ".join(words[:i])
        return segment

    def segments(self, title: str, publisher: str | None = None) -> list[str]:
        """The title's segments that may be news, in order (site names and platform tails gone)."""
        title = " ".join(title.split())
        post = _POST_TITLE.match(title)
        if post:
            title = post.group("text")
        title = self._strip_tails(title)
        publisher_key = chrome_key(publisher) if publisher else None
        out = []
        for part in _SEGMENT_SPLIT.split(title):
            part = self._cut_repeat(self._strip_tails(part.strip(_EDGE))).strip(_EDGE)
            if part and not self._is_site_name(part, publisher_key) and self._news_words(part) >= self.min_words:
                out.append(part)
        return out

    def headline(self, title: str | None, body: str, publisher: str | None = None) -> str | None:
        """The headline the title adds to ``body``, or ``None`` (no news in the title, or the body
        already says it)."""
        if not title:
            return None
        parts = self.segments(title, publisher)
        if not parts:
            return None
        head = parts[0]
        if len(_ARABIC_LETTER.findall(head)) < self.min_arabic_letters:
            return None
        key = _match_key(head)
        # a title the page repeats stands at its top (after some chrome at most): the opening of the
        # body is enough to look in, and keeps this cheap on long articles
        if not key or key in _match_key(body[:_BODY_LOOK]):
            return None
        return head


@functools.cache
def default_headliner() -> Headliner:
    """The headliner built from the packaged data (created once, never changed)."""
    return Headliner.from_yaml()

