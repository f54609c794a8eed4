"""The map page's folder served at / after the API; a short page when it is not installed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .helpers import assert_error, make_client

INDEX = "<!doctype html><html><head><script src=\"js/map.js\"></script></head><body>marsad map</body></html>"


def _site(root: Path, *, vendor: bool = True, index: bool = True) -> Path:
    site = root / "static"
    (site / "js").mkdir(parents=True)
    (site / "js" / "map.js").write_text("document.title = 'marsad';\n", encoding="utf-8")
    if index:
        (site / "index.html").write_text(INDEX, encoding="utf-8")
        (site / "incident.html").write_text(INDEX.replace("map", "incident"), encoding="utf-8")
    if vendor:
        (site / "vendor" / "leaflet").mkdir(parents=True)
        (site / "vendor" / "leaflet" / "leaflet.js").write_text("/* a library */\n", encoding="utf-8")
    return site


def test_the_page_and_its_files(tmp_path: Path, read_db: Path) -> None:
    with make_client(read_db, static_dir=_site(tmp_path)) as c:
        page = c.get("/")
        assert page.status_code == 200 and "marsad map" in page.text
        assert page.headers["content-type"].startswith("text/html")
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert c.get("/incident.html?id=inc-1").text.count("incident") >= 1
        script = c.get("/js/map.js")
        assert script.status_code == 200 and "javascript" in script.headers["content-type"]
        assert script.headers["x-content-type-options"] == "nosniff"
        assert c.get("/vendor/leaflet/leaflet.js").status_code == 200
        # the API still answers, before the static files
        assert c.get("/api/health").json()["status"] == "ok"
        assert_error(c.get("/api/nothing"), 404, "not_found")
        assert_error(c.get("/no-such-file.js"), 404, "not_found")
        assert_error(c.post("/"), 405, "method_not_allowed")


def test_no_escape_from_the_folder(tmp_path: Path, read_db: Path) -> None:
    (tmp_path / "secret.txt").write_text("not for the web", encoding="utf-8")
    with make_client(read_db, static_dir=_site(tmp_path)) as c:
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/js/..%2f..%2fsecret.txt"):
            response = c.get(path)
            assert "not for the web" not in response.text
            assert response.status_code == 404


@pytest.mark.parametrize(("vendor", "index"), [(False, True), (True, False)])
def test_an_incomplete_install_says_how_to_finish_it(tmp_path: Path, read_db: Path, vendor: bool,
                                                     index: bool) -> None:
    with make_client(read_db, static_dir=_site(tmp_path, vendor=vendor, index=index)) as c:
        page = c.get("/")
    _assert_install_page(page)


def test_a_missing_folder_says_how_to_install_it(tmp_path: Path, read_db: Path) -> None:
    with make_client(read_db, static_dir=tmp_path / "absent") as c:
        _assert_install_page(c.get("/"))
        _assert_install_page(c.get("/incident.html?id=x"))
        assert_error(c.get("/js/map.js"), 404, "not_found")
        assert c.get("/api/health").status_code == 200


def test_installing_while_running_is_noticed(tmp_path: Path, read_db: Path) -> None:
    site = _site(tmp_path, vendor=False)
    with make_client(read_db, static_dir=site) as c:
        _assert_install_page(c.get("/"))
        (site / "vendor").mkdir()
        (site / "vendor" / "lib.js").write_text("/* now installed */\n", encoding="utf-8")
        assert c.get("/").status_code == 200


def _assert_install_page(page: Any) -> None:
    assert page.status_code == 503
    assert page.headers["content-type"].startswith("text/html")
    assert "make run" in page.text and "make web" in page.text
    assert "Traceback" not in page.text and "<script" not in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
