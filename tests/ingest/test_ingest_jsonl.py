"""JSON lines input (spec §1): good lines come out in order, bad lines as named errors."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from marsad.errors import BadJsonLine, InputError, MissingText, TooLarge
from marsad.ingest import RawDocument, count_inputs, parse_published, read_inputs

FIRST = "أفاد ناشطون بسقوط قذائف هاون على حي سكني في مدينة درعا مساء الثلاثاء."
SECOND = "أعلنت السلطات المحلية فتح ممر إنساني لخروج العائلات من البلدة المحاصرة."


def _line(**record: object) -> str:
    return json.dumps(record, ensure_ascii=False)


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_good_lines_come_out_in_order_past_bad_ones(tmp_path: Path) -> None:
    path = _write(tmp_path / "batch.jsonl", [
        _line(id="a", text=FIRST, published="2019-06-04", publisher="مرصد محلي", url="https://example.org/a"),
        "{not json",
        "",
        _line(id="c", title="بلا نص"),
        _line(id="d", text=FIRST, html=f"<p>{SECOND}</p>"),
        "   ",
        _line(id="e", html=f"<p>{SECOND}</p>"),
        '["a", "list"]',
        _line(text=SECOND, published="الأسبوع الماضي"),
    ])
    items = list(read_inputs([str(path)]))
    kinds = [type(item).__name__ for item in items]
    assert kinds == ["RawDocument", "BadJsonLine", "MissingText", "MissingText", "RawDocument",
                     "BadJsonLine", "RawDocument"]
    origins = [item.origin for item in items]
    assert origins == [f"{path}:{n}" for n in (1, 2, 4, 5, 7, 8, 9)]

    first, html_doc, no_id = items[0], items[4], items[6]
    assert isinstance(first, RawDocument) and isinstance(html_doc, RawDocument) and isinstance(no_id, RawDocument)
    assert first.id == "a" and first.text == FIRST and first.html is None
    assert first.meta.published == dt.date(2019, 6, 4) and first.meta.publisher == "مرصد محلي"
    assert first.meta.url == "https://example.org/a" and first.meta.source == f"{path}:1"
    assert html_doc.html == f"<p>{SECOND}</p>" and html_doc.text is None
    assert no_id.id is None
    # A bad date keeps the document; the raw string stays for the date stage to report.
    assert no_id.meta.published is None and no_id.meta.published_raw == "الأسبوع الماضي"
    both = items[3]
    assert isinstance(both, MissingText) and "both" in str(both)


@pytest.mark.parametrize("record, error", [
    ({"id": "x"}, MissingText),
    ({"id": "x", "text": "   "}, MissingText),
    ({"id": "x", "text": 42}, MissingText),
    ({"id": ["x"], "text": FIRST}, BadJsonLine),
    ({"text": FIRST, "published": {"y": 2019}}, BadJsonLine),
])
def test_unusable_records_are_named_errors(tmp_path: Path, record: dict[str, object], error: type[InputError]) -> None:
    path = _write(tmp_path / "one.jsonl", [json.dumps(record, ensure_ascii=False)])
    (item,) = list(read_inputs([str(path)]))
    assert type(item) is error and item.origin == f"{path}:1"


def test_numeric_id_and_extra_fields_are_kept(tmp_path: Path) -> None:
    path = _write(tmp_path / "n.jsonl", [_line(id=17, text=FIRST, feed="rss-3")])
    (item,) = list(read_inputs([str(path)]))
    assert isinstance(item, RawDocument) and item.id == "17" and item.meta.extra == {"feed": "rss-3"}


def test_a_line_longer_than_max_bytes_is_too_large_and_reading_goes_on(tmp_path: Path) -> None:
    path = _write(tmp_path / "big.jsonl", [_line(id="big", text=FIRST * 50), _line(id="small", text=SECOND)])
    items = list(read_inputs([str(path)], max_bytes=1000))
    assert isinstance(items[0], TooLarge) and items[0].origin == f"{path}:1"
    assert isinstance(items[1], RawDocument) and items[1].id == "small" and items[1].origin == f"{path}:2"


def test_line_that_is_not_utf8_is_a_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(_line(id="a", text=FIRST).encode() + b"\n" + _line(id="b", text=SECOND).encode("cp1256") + b"\n")
    items = list(read_inputs([str(path)]))
    assert isinstance(items[0], RawDocument) and isinstance(items[1], BadJsonLine)


def test_json_file_with_an_array_or_one_object(tmp_path: Path) -> None:
    array = tmp_path / "a.json"
    array.write_text(json.dumps([{"id": "1", "text": FIRST}, {"id": "2"}], ensure_ascii=False), "utf-8")
    single = tmp_path / "s.json"
    single.write_text(json.dumps({"id": "3", "text": SECOND}, ensure_ascii=False, indent=2), "utf-8")
    items = list(read_inputs([str(array), str(single)]))
    assert [type(i).__name__ for i in items] == ["RawDocument", "MissingText", "RawDocument"]
    assert [getattr(i, "id", None) for i in items] == ["1", None, "3"]


def test_jsonl_on_stdin() -> None:
    stream = io.BytesIO(("\n" + _line(id="s1", text=FIRST) + "\nnope\n" + _line(id="s2", text=SECOND)).encode())
    items = list(read_inputs(["-"], stdin=stream))
    assert [type(i).__name__ for i in items] == ["RawDocument", "BadJsonLine", "RawDocument"]
    assert [i.origin for i in items] == ["stdin:2", "stdin:3", "stdin:4"]


def test_count_inputs_counts_non_blank_jsonl_lines(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.jsonl", [_line(text=FIRST), "", "{bad", _line(text=SECOND)])
    assert count_inputs([str(path)]) == 3
    assert count_inputs([str(path), "-"]) is None


@pytest.mark.parametrize("raw, expected", [
    ("2018-02-08", dt.date(2018, 2, 8)),
    ("2018-02-08T23:10:00+03:00", dt.date(2018, 2, 8)),
    ("2018-02-08T23:10:00Z", dt.date(2018, 2, 8)),
    ("2018-02-08 07:00", dt.date(2018, 2, 8)),
    ("Thu, 08 Feb 2018 10:00:00 GMT", dt.date(2018, 2, 8)),
    ("2018-02-30", None),
    ("8 شباط 2018", None),
    ("", None),
])
def test_parse_published(raw: str, expected: dt.date | None) -> None:
    assert parse_published(raw) == expected
