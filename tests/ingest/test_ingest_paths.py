"""Paths: directories are walked recursively in sorted order; "-" reads standard input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from marsad.errors import EmptyDocument, InputError, TooLarge
from marsad.ingest import RawDocument, count_inputs, read_inputs

BODY = "تجددت الاشتباكات بين مجموعتين مسلحتين في حي الشيخ مقصود بمدينة حلب ليل الجمعة."


def _make_tree(root: Path) -> None:
    (root / "b").mkdir()
    (root / "a" / "deep").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "z.txt").write_text(BODY, "utf-8")
    (root / "b" / "page.HTML").write_text(f"<html><body><p>{BODY}</p></body></html>", "utf-8")
    (root / "a" / "deep" / "one.text").write_text(BODY, "utf-8")
    (root / "a" / "docs.jsonl").write_text(
        "\n".join(json.dumps({"id": f"j{n}", "text": BODY}, ensure_ascii=False) for n in (1, 2)), "utf-8"
    )
    (root / "a" / "notes.md").write_text(BODY, "utf-8")
    (root / "a" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / ".secret.txt").write_text(BODY, "utf-8")
    (root / ".hidden" / "inside.txt").write_text(BODY, "utf-8")


def test_directory_is_walked_recursively_sorted_skipping_hidden_and_other_files(tmp_path: Path) -> None:
    _make_tree(tmp_path)
    items = list(read_inputs([str(tmp_path)]))
    assert all(isinstance(item, RawDocument) for item in items)
    origins = [item.origin for item in items]
    expected = [
        f"{tmp_path / 'a' / 'deep' / 'one.text'}",
        f"{tmp_path / 'a' / 'docs.jsonl'}:1",
        f"{tmp_path / 'a' / 'docs.jsonl'}:2",
        f"{tmp_path / 'b' / 'page.HTML'}",
        f"{tmp_path / 'z.txt'}",
    ]
    # Directories are visited before the files beside them, each level in sorted order.
    assert origins == expected
    html_doc = items[3]
    assert isinstance(html_doc, RawDocument) and html_doc.html is not None and html_doc.text is None
    assert count_inputs([str(tmp_path)]) == 5


def test_several_paths_keep_their_order(tmp_path: Path) -> None:
    for name in ("x.txt", "y.txt"):
        (tmp_path / name).write_text(BODY + name, "utf-8")
    items = list(read_inputs([str(tmp_path / "y.txt"), str(tmp_path / "x.txt")]))
    assert [item.origin for item in items] == [str(tmp_path / "y.txt"), str(tmp_path / "x.txt")]


def test_missing_path_is_a_named_error_and_the_rest_is_read(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text(BODY, "utf-8")
    items = list(read_inputs([str(tmp_path / "nope.txt"), str(tmp_path / "ok.txt")]))
    assert isinstance(items[0], InputError) and "no such file" in str(items[0])
    assert items[0].origin == str(tmp_path / "nope.txt")
    assert isinstance(items[1], RawDocument)


@pytest.mark.parametrize("data, is_html", [
    (f"{BODY}\n\n{BODY}".encode(), False),
    (("\n\n" + BODY).encode("cp1256"), False),
    (BODY.encode("utf-16"), False),
    (f"<!DOCTYPE html><html><body><p>{BODY}</p></body></html>".encode(), True),
    (f"\n  <html><head><meta charset='windows-1256'></head><body><p>{BODY}</p></body></html>".encode("cp1256"), True),
])
def test_stdin_text_or_html_is_told_by_content(data: bytes, is_html: bool) -> None:
    (item,) = list(read_inputs(["-"], stdin=io.BytesIO(data)))
    assert isinstance(item, RawDocument) and item.origin == "stdin" and item.meta.source == "stdin"
    content = item.html if is_html else item.text
    assert content is not None and BODY in content
    assert (item.html is None) is not is_html


def test_stdin_text_keeps_its_leading_blank_lines() -> None:
    (item,) = list(read_inputs(["-"], stdin=io.BytesIO(("\n\n" + BODY).encode())))
    assert isinstance(item, RawDocument) and item.text == "\n\n" + BODY


def test_stdin_empty_and_too_large() -> None:
    (empty,) = list(read_inputs(["-"], stdin=io.BytesIO(b"\n \n")))
    assert isinstance(empty, EmptyDocument)
    (large,) = list(read_inputs(["-"], stdin=io.BytesIO((BODY + "\n").encode() * 10), max_bytes=200))
    assert isinstance(large, TooLarge) and "--max-bytes" in str(large)
    assert count_inputs(["-"]) is None


def test_explicit_file_with_unknown_suffix_is_read_by_content(tmp_path: Path) -> None:
    (tmp_path / "feed.dat").write_text(f"<html><body><p>{BODY}</p></body></html>", "utf-8")
    (item,) = list(read_inputs([str(tmp_path / "feed.dat")]))
    assert isinstance(item, RawDocument) and item.html is not None
