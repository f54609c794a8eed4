"""HTML: the main text without page furniture, and only the metadata the page states."""

from __future__ import annotations

import datetime as dt

import pytest

from marsad.clean import HtmlExtractor, build_document, html_to_text
from marsad.errors import BadHtml, EmptyDocument, InputError
from marsad.ingest import RawDocument
from marsad.model import DocMeta

BODY = [
    "اندلعت اشتباكات بين فصيلين مسلحين فجر الأربعاء على أطراف بلدة الصنمين، واستمرت حتى ساعات الظهر وفق شهود عيان.",
    "وقال مصدر طبي إن مستشفى البلدة استقبل أربعة جرحى بينهم طفل، فيما أغلقت المدارس أبوابها احتياطاً.",
    "وتشهد المنطقة توتراً متكرراً منذ أشهر على خلفية خلافات حول إدارة الحواجز على الطرق العامة.",
]
NAV = ["الرئيسية", "أخبار محلية", "رياضة", "اتصل بنا"]
MOST_READ = ["افتتاح معرض للكتاب في العاصمة بمشاركة عشرات دور النشر", "منتخب الشباب يتأهل إلى الدور النهائي"]


def _page(head: str = "", article_extra: str = "", body_paragraphs: list[str] = BODY) -> str:
    nav = "".join(f'<li><a href="/{n}">{t}</a></li>' for n, t in enumerate(NAV))
    paragraphs = "".join(f"<p>{p}</p>" for p in body_paragraphs)
    most_read = "".join(f'<li><a href="/m{n}">{t}</a></li>' for n, t in enumerate(MOST_READ))
    return (
        '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>اشتباكات في الصنمين | شبكة الجنوب</title>{head}</head><body>"
        f'<header><nav><ul>{nav}</ul></nav></header><div class="wrap"><main><article>'
        f"<h1>اشتباكات في الصنمين</h1>{article_extra}{paragraphs}</article>"
        f'<aside class="sidebar"><h3>الأكثر قراءة</h3><ul>{most_read}</ul></aside></main></div>'
        "<footer><p>جميع الحقوق محفوظة © 2018 شبكة الجنوب</p><p>سياسة الخصوصية</p></footer>"
        "</body></html>"
    )


def test_main_text_keeps_the_body_and_drops_nav_footer_and_sidebar() -> None:
    text, _ = html_to_text(_page(), "page.html")
    paragraphs = text.split("\n\n")
    for paragraph in BODY:
        assert paragraph in paragraphs
    for furniture in [*NAV, *MOST_READ, "الأكثر قراءة", "جميع الحقوق محفوظة © 2018 شبكة الجنوب"]:
        assert furniture not in text
    assert paragraphs.index(BODY[0]) < paragraphs.index(BODY[1]) < paragraphs.index(BODY[2])


def test_published_comes_from_article_published_time_not_the_footer_year() -> None:
    head = '<meta property="article:published_time" content="2021-09-15T06:40:00+03:00">'
    _, meta = html_to_text(_page(head), "page.html")
    assert meta["published"] == dt.date(2021, 9, 15)
    assert meta["published_raw"] == "2021-09-15T06:40:00+03:00"
    assert meta["title"] == "اشتباكات في الصنمين | شبكة الجنوب" and meta["language"] == "ar"


def test_no_explicit_date_means_no_date() -> None:
    # The footer says "© 2018": a heuristic would take that; an explicit-only reader must not.
    _, meta = html_to_text(_page(), "page.html")
    assert meta["published"] is None and meta["published_raw"] is None


@pytest.mark.parametrize("head, extra, expected", [
    ('<meta property="og:published_time" content="2020-01-02">', "", dt.date(2020, 1, 2)),
    ('<meta itemprop="datePublished" content="2020-03-04T10:00:00Z">', "", dt.date(2020, 3, 4)),
    ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", "datePublished": "2020-05-06T08:00:00+02:00"}]}</script>', "", dt.date(2020, 5, 6)),
    ("", '<time datetime="2020-07-08T12:00">8 تموز</time>', dt.date(2020, 7, 8)),
    ('<script type="application/ld+json">{broken json</script>', "", None),
])
def test_explicit_date_sources(head: str, extra: str, expected: dt.date | None) -> None:
    _, meta = html_to_text(_page(head, extra), "page.html")
    assert meta["published"] == expected


def test_og_title_and_site_name() -> None:
    head = ('<meta property="og:title" content="اشتباكات في الصنمين">'
            '<meta property="og:site_name" content="شبكة الجنوب">'
            '<link rel="canonical" href="https://example.org/news/1">')
    _, meta = html_to_text(_page(head), "page.html")
    assert meta["title"] == "اشتباكات في الصنمين" and meta["publisher"] == "شبكة الجنوب"
    assert meta["url"] == "https://example.org/news/1"


def test_repeated_paragraphs_survive_extraction_and_are_removed_by_cleaning() -> None:
    html = _page(body_paragraphs=[BODY[0], BODY[1], BODY[1], BODY[2]])
    raw = RawDocument(id="h1", text=None, html=html, meta=DocMeta(source="page.html"), origin="page.html")
    doc = build_document(raw)
    assert doc.text.count(BODY[1]) == 1
    assert all(doc.source_text[s.start:s.end] == s.text for s in doc.removed)


def test_page_metadata_fills_only_what_the_input_lacks() -> None:
    head = ('<meta property="article:published_time" content="2021-09-15">'
            '<meta property="og:site_name" content="شبكة الجنوب">')
    given = DocMeta(publisher="ناشر آخر", published_raw="أمس", source="x.jsonl:3")
    raw = RawDocument(id=None, text=None, html=_page(head), meta=given, origin="x.jsonl:3")
    doc = build_document(raw)
    assert doc.meta.publisher == "ناشر آخر"
    # The input's own (bad) date wins over the page's; the date stage reports it.
    assert doc.meta.published is None and doc.meta.published_raw == "أمس"
    assert doc.meta.title == "اشتباكات في الصنمين | شبكة الجنوب"
    assert given.title is None, "the input's metadata object is not changed"


@pytest.mark.parametrize("html", [
    "<html><body><p>" + BODY[0] + "<div><span>" + BODY[1] + "</p></table></body>",
    "<p>" + BODY[0] + "</p><p>" + BODY[1],
    "<<<>>> <p>unclosed <div>" + BODY[2],
    "<html><head><title>x</title></head><body><script>var a = '<p>';</script><p>" + BODY[2] + "</p></body></html>",
    "<?xml version='1.0' encoding='utf-8'?><html><body><p>" + BODY[0] + "</p></body></html>",
])
def test_broken_html_still_gives_its_text(html: str) -> None:
    text, _ = html_to_text(html, "broken.html")
    assert any(paragraph[:40] in text for paragraph in BODY)


@pytest.mark.parametrize("html, error", [
    ("", EmptyDocument),
    ("   \n", EmptyDocument),
    ("<html><body></body></html>", EmptyDocument),
    ("<html><body><script>var x = 1;</script></body></html>", BadHtml),
])
def test_html_without_text_is_a_named_error(html: str, error: type[InputError]) -> None:
    with pytest.raises(error) as info:
        html_to_text(html, "bad.html")
    assert info.value.origin == "bad.html"


@pytest.mark.parametrize("html", ["<<<>>> <p unclosed <div", "\x00\x01\x02 <html", "<html><body><p>Only English words here, no Arabic at all.</p></body></html>"])
def test_garbage_html_is_a_named_error_not_a_crash(html: str) -> None:
    raw = RawDocument(id=None, text=None, html=html, meta=DocMeta(), origin="junk.html")
    with pytest.raises(InputError) as info:
        build_document(raw)
    assert info.value.origin == "junk.html"


def test_justext_takes_over_when_trafilatura_finds_little(monkeypatch: pytest.MonkeyPatch) -> None:
    extractor = HtmlExtractor()
    monkeypatch.setattr(HtmlExtractor, "_trafilatura", staticmethod(lambda tree: ""))
    text, _ = extractor.extract(_page(), "page.html")
    for paragraph in BODY:
        assert paragraph in text
    assert "اتصل بنا" not in text
