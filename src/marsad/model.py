"""The one document model.

`Document.text` is the cleaned text, set once when the document is built and never changed;
every annotation below is a standoff span ``(start, end)`` into it (end-exclusive).
Normalised forms live beside the text (``doc.norm``) with an offset map back to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from marsad.arabic.normalize import NormText


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span ({self.start}, {self.end})")

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def as_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class RemovedSpan:
    """A piece of the input that cleaning removed, with offsets into ``Document.source_text``."""

    start: int
    end: int
    reason: str  # "duplicate_paragraph", "chrome", "signoff", ...
    text: str


@dataclass
class DocMeta:
    published: dt.date | None = None
    published_raw: str | None = None
    url: str | None = None
    publisher: str | None = None
    title: str | None = None
    language: str | None = None
    source: str | None = None  # file path or "stdin" or "<jsonl>:line"
    extra: dict[str, Any] = field(default_factory=dict)


class Token(NamedTuple):
    """A surface token. ``norm`` is its normalised form; ``keys`` are lookup keys
    (the normalised form and its forms with proclitics stripped), most specific first.
    A named tuple: documents hold thousands of tokens and building them must stay cheap."""

    start: int
    end: int
    norm: str
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    clauses: tuple[Span, ...] = ()
    quotes: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """A lexicon hit: ``kind`` is the lexicon class ("actor", "source", "trigger", "report", ...),
    ``entry`` the lexicon entry it matched (a plain dict from the data files)."""

    kind: str
    start: int
    end: int
    tok_start: int
    tok_end: int
    entry: dict[str, Any]

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True, slots=True)
class DateValue:
    start: dt.date | None
    end: dt.date | None
    precision: str  # day | week | month | year | unknown
    anchor: str  # published | text | none

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "precision": self.precision,
            "anchor": self.anchor,
        }


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    value: DateValue
    kind: str  # "absolute", "weekday", "relative", "month", ...


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number or vague quantity in the text: ``low``..``high`` with ``approximate`` for hedges."""

    start: int
    end: int
    low: int
    high: int
    approximate: bool
    kind: str = "number"  # number | vague | range | dual | ordinal


@dataclass
class Casualty:
    category: str  # killed | injured | killed_or_injured | missing | captured
    group: str  # civilians | combatants | unknown
    low: int
    high: int
    approximate: bool
    start: int
    end: int
    claim: str | None = None


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str
    name: str  # the name without its head word ("مدينة", "ريف", ...)
    head: str | None = None  # مدينة / بلدة / قرية / ريف ...
    relation: str | None = None  # near | in | countryside | direction
    offset: dict[str, Any] | None = None  # {"km": 20, "bearing": "NE", "from": "..."}
    resolved: dict[str, Any] | None = None  # gazetteer fields, filled by the geocoding stage
    # index (in doc.places) of the place named right after this one as what contains it
    # ("قرية X بريف Y", "X التابعة لمنطقة Y"): Y only locates X, it is not a place of its own
    within: int | None = None
    # why the place is not where something happened, when the words around it say so: "origin"
    # (مصدره …، انطلاقاً من …، المتمركزة في …), "source" (مراسلنا في …), "dateline" ("إدلب - …"),
    # "anaphor" ("محيط المدينة": a word for a place named before, not a name)
    frame: str | None = None


@dataclass
class ActorRef:
    role: str  # actor1 | actor2 | assoc1 | assoc2
    start: int
    end: int
    text: str
    canonical: str
    country: str | None
    kind: str
    inferred: bool = False  # taken from elsewhere in the document, not from the event's own sentence

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"role": self.role, "text": self.text, "canonical": self.canonical,
                               "country": self.country, "kind": self.kind, "start": self.start, "end": self.end}
        if self.inferred:
            out["inferred"] = True
        return out


@dataclass
class Source:
    text: str
    canonical: str
    kind: str  # government | military | armed_group | media | ngo | anonymous | unknown
    country: str | None
    start: int | None = None
    end: int | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "canonical": self.canonical, "kind": self.kind,
                               "country": self.country}
        if self.start is not None:
            out["start"], out["end"] = self.start, self.end
        return out


@dataclass
class Claim:
    id: str
    source: Source
    via: list[Source]
    stance: str  # asserts | denies
    cue: str | None
    cue_span: Span | None
    evidence: Span
    events: list[str] = field(default_factory=list)
    statements: list[Span] = field(default_factory=list)  # every sentence this source is reported to have said


@dataclass
class EventMention:
    """One mention of an event in the text, before mentions of one event are merged."""

    trigger: Mention
    sub_event_type: str
    event_type: str
    sentence: int
    claim: str | None
    actors: list[ActorRef]
    date: DateMention | None
    place: PlaceMention | None
    casualties: list[Casualty]
    background: bool
    rank: int = 0  # how the sub-type was decided: 3 strong trigger, 2 instrument word, 1 actor's means, 0 default


@dataclass
class Event:
    id: str
    event_type: str
    sub_event_type: str
    background: bool
    trigger: Mention
    date: DateValue
    date_text: str | None
    date_span: Span | None
    location: PlaceMention | None
    actors: list[ActorRef]
    casualties: list[Casualty]
    claims: list[str]
    evidence: list[Span]
    mentions: list[EventMention] = field(default_factory=list)


@dataclass
class Contradiction:
    field: str
    event: str
    claims: list[str]
    summary: str


@dataclass
class Document:
    """A document and everything the pipeline learned about it."""

    id: str
    text: str
    meta: DocMeta
    source_text: str
    removed: list[RemovedSpan] = field(default_factory=list)
    # the title's news, when cleaning put it before the body as the text's first paragraph
    headline: Span | None = None
    norm: NormText | None = None
    tokens: list[Token] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    paragraphs: list[Span] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    sentence_claims: list[str | None] = field(default_factory=list)  # claim id of each sentence
    event_mentions: list[EventMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    # set by the mention stage: the document has what an event needs (a strong trigger, or a weak one
    # with an armed actor, an instrument or a harm word); the event stages skip documents without it
    candidate: bool = False

    def __setattr__(self, name: str, value: Any) -> None:
        # The cleaned text is the reference for every offset: it is set once and never changes.
        if name == "text" and "text" in self.__dict__:
            raise AttributeError("Document.text is immutable once set")
        object.__setattr__(self, name, value)

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]

    def mentions_of(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind]
