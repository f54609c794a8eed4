"""Decoding of text and HTML bytes: encodings, binary content, empty and too-large inputs."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import pytest

from marsad.errors import BinaryContent, EmptyDocument, TooLarge, UndecodableText
from marsad.ingest import RawDocument, decode_bytes, read_inputs

REPORT = "قصفت مدفعية القوات الحكومية أطراف بلدة كفرنبل صباح الأحد، ما أدى إلى إصابة مدنيين اثنين."
REPORT_WITH_LATIN = "أعلنت وكالة (AFP) أن 3 قذائف سقطت قرب مستشفى البلدة – وفق «مصادر محلية»."


def _only(items: list[RawDocument | Exception]) -> RawDocument | Exception:
    assert len(items) == 1
    return items[0]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256", "utf-32"])
def test_decode_bytes_reads_each_supported_encoding(encoding: str) -> None:
    for text in (REPORT, REPORT_WITH_LATIN, "عنوان\r\n\r\n" + REPORT + "\n"):
        assert decode_bytes(text.encode(encoding), "t.txt") == text


def test_utf16_bom_is_not_part_of_the_text() -> None:
    data = codecs.BOM_UTF16_LE + REPORT.encode("utf-16-le")
    assert decode_bytes(data, "t.txt") == REPORT


def test_cp1256_file_is_read_through_read_inputs(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_bytes(REPORT.encode("cp1256"))
    raw = _only(list(read_inputs([str(tmp_path / "old.txt")])))
    assert isinstance(raw, RawDocument)
    assert raw.text == REPORT and raw.html is None and raw.origin == str(tmp_path / "old.txt")


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    b"PK\x03\x04\x14\x00\x06\x00word/document.xml",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"\x7fELF\x02\x01\x01\x00",
    bytes(range(256)) * 4,
    b"\x01\x02\x03\x04\x05\x06\x07\x08abc\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17",
    codecs.BOM_UTF8 + b"abc" + b"\x01" * 20,
    codecs.BOM_UTF16_LE + ("نص" + "\x02" * 20).encode("utf-16-le"),
])
def test_binary_content_is_rejected(data: bytes) -> None:
    with pytest.raises(BinaryContent):
        decode_bytes(data, "blob.txt")


def test_latin1_text_that_is_not_arabic_cannot_be_decoded() -> None:
    data = "Ça été très, très dur à côté de la forêt, où l'on a dû fuir.".encode("latin-1")
    with pytest.raises(UndecodableText, match="UTF-8"):
        decode_bytes(data, "fr.txt")


def test_bad_bytes_after_a_utf8_bom_are_undecodable() -> None:
    with pytest.raises(UndecodableText):
        decode_bytes(codecs.BOM_UTF8 + "نص".encode() + b"\xff\xfe\xfd", "t.txt")


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", codecs.BOM_UTF8 + b"  \n", "\u00a0\n".encode()])
def test_empty_or_blank_input_is_an_empty_document(data: bytes) -> None:
    with pytest.raises(EmptyDocument):
        decode_bytes(data, "e.txt")


def test_empty_file_yields_empty_document(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    item = _only(list(read_inputs([str(tmp_path / "empty.txt")])))
    assert isinstance(item, EmptyDocument) and item.origin == str(tmp_path / "empty.txt")


def test_binary_file_with_text_suffix_yields_binary_content(tmp_path: Path) -> None:
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    assert isinstance(_only(list(read_inputs([str(tmp_path / "scan.txt")]))), BinaryContent)


def test_too_large_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes((REPORT + "\n").encode() * 20)
    opened: list[Path] = []
    real_open = Path.open

    def spy_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy_open)
    item = _only(list(read_inputs([str(path)], max_bytes=100)))
    assert isinstance(item, TooLarge)
    assert "--max-bytes" in str(item) and "100" in str(item)
    assert path not in opened


def test_file_at_the_limit_is_read(tmp_path: Path) -> None:
    data = REPORT.encode()
    (tmp_path / "ok.txt").write_bytes(data)
    item = _only(list(read_inputs([str(tmp_path / "ok.txt")], max_bytes=len(data))))
    assert isinstance(item, RawDocument) and item.text == REPORT


def test_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
        f"</head><body><p>{REPORT}</p></body></html>"
    )
    (tmp_path / "page.html").write_bytes(page.encode("cp1256"))
    item = _only(list(read_inputs([str(tmp_path / "page.html")])))
    assert isinstance(item, RawDocument)
    assert item.text is None and item.html is not None and REPORT in item.html


def test_html_declaring_a_charset_but_sent_as_utf8_stays_utf8() -> None:
    page = f'<html><head><meta charset="windows-1256"></head><body><p>{REPORT}</p></body></html>'
    assert REPORT in decode_bytes(page.encode("utf-8"), "p.html", html=True)


def test_bomless_utf16_with_arabic_and_spaces_is_detected() -> None:
    for encoding in ("utf-16-le", "utf-16-be"):
        assert decode_bytes(REPORT_WITH_LATIN.encode(encoding), "t.txt") == REPORT_WITH_LATIN
