"""The map page and the incident page in a real browser, against a real `marsad serve`.

A store is built from the shipped example reports plus one hostile report of our own (markup and
script in its title, publisher, url and text), served on a free local port, and driven with
Debian's Chromium through Playwright. Screenshots go to $MARSAD_SCREENSHOTS, by default
tests/web/screenshots/ (git-ignored).

Without /usr/bin/chromium or the page's libraries (`make web`) the tests skip; with
MARSAD_REQUIRE_BROWSER=1 (as CI sets it) they fail instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import struct
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
STATIC = REPO / "src" / "marsad" / "serve" / "static"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PWNED = "__marsadPwned"  # the hostile report's scripts would set this window property

# Our own report, written for this test: an ordinary Arabic shelling report whose title, publisher,
# url and text carry markup that must never become elements. The emoji before the casualty figures
# puts a character outside the BMP ahead of the spans, so a page that counted UTF-16 units instead
# of code points would highlight the wrong letters.
HOSTILE = {
    "id": "test-hostile-homs-2021-03-04",
    "published": "2021-03-04",
    "publisher": f"شبكة اختبار <img src=x onerror=\"window.{PWNED}='publisher'\">",
    "url": f"javascript:window.{PWNED}='url'",
    "title": f"قتلى بقصف مدفعي على حي الوعر في حمص <script>window.{PWNED}='title'</script>",
    "text": (
        f"قتلى بقصف مدفعي على حي الوعر في حمص <script>window.{PWNED}='title'</script>\n\n"
        "🔴 عاجل: قُتل ثلاثة مدنيين وأصيب خمسة آخرون، صباح اليوم الخميس، جراء قصف مدفعي استهدف حي الوعر"
        " في مدينة حمص، بحسب ما أفاد به ناشطون محليون."
        f" <img src=x onerror=\"window.{PWNED}='text';alert('xss')\">\n\n"
        "وقال الدفاع المدني في بيان إن فرقه انتشلت جثث الضحايا من تحت أنقاض منزل مؤلف من طابقين،"
        " وإن بين الجرحى طفلين نُقلا إلى مستشفى المدينة. <script>alert('xss')</script>\n\n"
        "ولم يصدر أي تعليق رسمي على القصف حتى ساعة إعداد هذا التقرير."
    ),
}


def _unavailable(reason: str) -> None:
    if os.environ.get("MARSAD_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (MARSAD_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


def _screenshot_dir() -> Path:
    folder = Path(os.environ.get("MARSAD_SCREENSHOTS") or REPO / "tests" / "web" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _marsad(*args: str, cwd: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "marsad", *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        raise AssertionError(f"marsad {' '.join(args)} exited {done.returncode}:\n{done.stderr[-3000:]}")


class Api:
    """Reads the served API directly, to compare what the page shows with what the API says."""

    def __init__(self, base: str) -> None:
        self.base = base

    def get(self, path: str, **params: Any) -> Any:
        query = urllib.parse.urlencode(params, doseq=True)
        with urllib.request.urlopen(f"{self.base}{path}{'?' + query if query else ''}", timeout=10) as r:
            return json.loads(r.read().decode("utf-8"))

    def events(self, **params: Any) -> list[dict[str, Any]]:
        return list(self.get("/api/events", limit=1000, **params)["items"])

    def incident_of(self, doc_id: str, event_id: str) -> str:
        for item in self.events(doc_id=doc_id, background="include"):
            if item["id"] == event_id:
                return str(item["incident_id"])
        raise AssertionError(f"{event_id} not served")


@contextlib.contextmanager
def _serve(db: Path, work: Path, *extra: str) -> Iterator[Api]:
    """`marsad serve` on a free local port, stopped on exit; its log goes to work/serve-<port>.log."""
    port = _free_port()
    log_path = work / f"serve-{port}.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "marsad",
                "serve",
                "--db",
                str(db),
                "--port",
                str(port),
                "--no-access-log",
                *extra,
            ],
            cwd=work,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                if server.poll() is not None:
                    raise AssertionError(f"marsad serve exited {server.returncode}:\n{log_path.read_text()}")
                try:
                    with urllib.request.urlopen(f"{base}/api/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise AssertionError(f"marsad serve did not answer in 60 s:\n{log_path.read_text()}")
                time.sleep(0.2)
            yield Api(base)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(database, work folder): the shipped examples and the hostile report, with incidents."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)")
    if not (STATIC / "vendor" / "MANIFEST.json").is_file():
        _unavailable(f"the map page's libraries are not in {STATIC / 'vendor'}: run `make web`")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the Python package playwright is not installed")

    work = tmp_path_factory.mktemp("web")
    db = work / "store.db"
    hostile = work / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE, ensure_ascii=False) + "\n", encoding="utf-8")
    # The shipped example reports and ours, in one run (one start of the pipeline).
    _marsad("run", str(REPO / "src" / "marsad" / "examples"), str(hostile), "--db", str(db), "-q", cwd=work)
    _marsad("incidents", "build", "--db", str(db), cwd=work)
    return db, work


@pytest.fixture(scope="module")
def served(store: tuple[Path, Path]) -> Iterator[Api]:
    with _serve(*store) as api:
        yield api


@pytest.fixture(scope="module")
def browser(served: Api) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


class Page:
    """One browser page that records script errors, dialogs and CSP violations."""

    def __init__(self, browser: Any, base: str, *, bypass_csp: bool = False) -> None:
        self.context = browser.new_context(viewport={"width": 1440, "height": 900}, bypass_csp=bypass_csp)
        self.page = self.context.new_page()
        self.base = base
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.csp: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", self._console)
        self.page.on("dialog", self._dialog)

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.csp.append(message.text)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: str) -> Any:
        self.page.goto(f"{self.base}{path}")
        self.page.wait_for_selector("body[data-state=ready]", timeout=20000)
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def page(browser: Any, served: Api) -> Iterator[Page]:
    p = Page(browser, served.base)
    yield p
    p.close()
    assert not p.errors, f"script errors: {p.errors}"
    assert not p.csp, f"CSP violations: {p.csp}"


def _listed_ids(pg: Any) -> list[str]:
    return list(pg.eval_on_selector_all("#event-list .ev-item", "els => els.map(e => e.dataset.id)"))


def _eventually(check: Any, what: str, timeout: float = 10.0) -> None:
    """Polls `check()` until it is true: the map draws clusters and outlines after the list."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if last is True:
            return
        time.sleep(0.1)
    raise AssertionError(f"{what}: still {last!r} after {timeout} s")


def _markers_on_map(pg: Any) -> int:
    """Events drawn on the map: single markers plus the counts written on cluster icons."""
    singles = pg.locator("#map path.ev-marker").count()
    clustered = sum(int(t) for t in pg.locator("#map .cluster-count").all_inner_texts())
    return int(singles + clustered)


def test_map_loads_with_markers_list_and_legend(page: Page, served: Api) -> None:
    pg = page.open("/?lang=en")
    events = served.events()
    located = [e for e in events if e["location"] and e["location"].get("lat") is not None]
    assert events and located
    assert sorted(_listed_ids(pg)) == sorted(e["id"] for e in events)
    _eventually(lambda: _markers_on_map(pg) == len(located) or _markers_on_map(pg), "events on the map")
    legend = pg.locator(".legend .legend-row").all_inner_texts()
    assert "Battles" in legend and "Explosions/Remote violence" in legend
    # The offline background: land drawn from world-atlas on the basemap canvas, no tile requested.
    _eventually(lambda: pg.locator(".leaflet-basemap-pane canvas").count() == 1, "the outline canvas")
    assert pg.locator(".leaflet-tile").count() == 0
    pg.screenshot(path=str(_screenshot_dir() / "map_en.png"))


def test_date_range_filters_list_and_map_and_is_shared_in_the_address(page: Page, served: Api) -> None:
    from playwright.sync_api import expect

    pg = page.open("/?lang=en")
    everything = _listed_ids(pg)
    date_from, date_to = "2020-01-01", "2020-12-31"
    expected = sorted(e["id"] for e in served.events(date_from=date_from, date_to=date_to))
    assert expected and len(expected) < len(everything)

    pg.fill("#date-from", date_from)
    pg.fill("#date-to", date_to)
    pg.locator("#date-to").dispatch_event("change")
    expect(pg.locator("#event-list .ev-item")).to_have_count(len(expected))
    assert sorted(_listed_ids(pg)) == expected
    _eventually(
        lambda: _markers_on_map(pg) == len(expected) or _markers_on_map(pg), "filtered events on the map"
    )
    assert f"date_from={date_from}" in pg.url and f"date_to={date_to}" in pg.url

    # The address alone reproduces the view.
    shared = Page(pg.context.browser, served.base)
    try:
        again = shared.open(pg.url.removeprefix(served.base))
        assert sorted(_listed_ids(again)) == expected
        assert again.input_value("#date-from") == date_from
    finally:
        shared.close()

    # Dragging across the left half of the timeline sets a range and filters again.
    pg.click("#clear-dates")
    expect(pg.locator("#event-list .ev-item")).to_have_count(len(everything))
    box = pg.locator(".timeline-svg").bounding_box()
    y = box["y"] + box["height"] * 0.5
    pg.mouse.move(box["x"] + 4, y)
    pg.mouse.down()
    pg.mouse.move(box["x"] + box["width"] * 0.3, y, steps=8)
    pg.mouse.move(box["x"] + box["width"] * 0.5, y, steps=8)
    pg.mouse.up()
    dragged_from = pg.input_value("#date-from")
    dragged_to = pg.input_value("#date-to")
    assert dragged_from and dragged_to and dragged_from <= dragged_to
    in_range = sorted(e["id"] for e in served.events(date_from=dragged_from, date_to=dragged_to))
    expect(pg.locator("#event-list .ev-item")).to_have_count(len(in_range))
    assert len(in_range) < len(everything)


def test_clicking_an_event_shows_it_and_opens_its_incident_with_the_casualty_dispute(
    page: Page, served: Api
) -> None:
    from playwright.sync_api import expect

    event_id = "example-damascus-2020-01-15:e1"
    incident_id = served.incident_of("example-damascus-2020-01-15", event_id)
    incident = served.get(f"/api/incidents/{incident_id}")
    disputes = [c for c in incident["contradictions"] if c["field"] == "casualties"]
    assert disputes, "the Damascus example should carry a casualty dispute"

    pg = page.open("/?lang=en")
    pg.click(f'#event-list .ev-item[data-id="{event_id}"] .ev-row')
    pg.wait_for_selector(f'#detail a[data-incident="{incident_id}"]')
    assert f"event={urllib.parse.quote(event_id)}" in pg.url or f"event={event_id}" in pg.url
    assert pg.locator(f'#event-list .ev-item.selected[data-id="{event_id}"]').count() == 1
    # Its marker is drawn selected (out of its cluster: the map zooms until it shows).
    expect(pg.locator("#map path.ev-marker[stroke-width='3']")).to_have_count(1)
    pg.wait_for_timeout(600)  # let the zoom animation end before the picture
    pg.screenshot(path=str(_screenshot_dir() / "map_selected_en.png"))

    with pg.expect_navigation():
        pg.click(f'#detail a[data-incident="{incident_id}"]')
    pg.wait_for_selector("body[data-state=ready]")
    assert f"id={incident_id}" in pg.url
    card = pg.locator('.contradiction[data-field="casualties"]').first
    sides = card.locator(".side")
    assert sides.count() == len(disputes[0]["sides"]) == 2
    for i, side in enumerate(disputes[0]["sides"]):
        shown = sides.nth(i)
        assert shown.locator(".side-value").inner_text() == side["value"]
        # Each side names its sources and quotes them.
        for ref in side["claims"]:
            assert ref["source"] in shown.inner_text()
        assert shown.locator("blockquote").count() >= 1
    # Every claim of the incident is listed with its quote.
    assert pg.locator("table.claims tbody tr").count() == len(incident["claims"])
    # The casualties table shows the merged low / best / high.
    killed = incident["casualties"]["killed"]
    row = pg.locator('tr.cas-row[data-category="killed"] td.num').all_inner_texts()
    assert row == [str(killed["low"]), str(killed["best"]), str(killed["high"])]
    pg.screenshot(path=str(_screenshot_dir() / "incident_damascus_en.png"), full_page=True)


def test_assert_versus_deny_is_shown_side_by_side(page: Page, served: Api) -> None:
    incident_id = served.incident_of("example-marib-2021-02-11", "example-marib-2021-02-11:e1")
    pg = page.open(f"/incident.html?id={urllib.parse.quote(incident_id)}&lang=en")
    card = pg.locator(".contradiction").filter(has=pg.locator(".side.stance-denies")).first
    assert card.locator(".side.stance-asserts").count() >= 1
    assert card.locator(".side.stance-denies").count() >= 1
    assert "Saudi-led coalition" in card.locator(".side.stance-denies").first.inner_text()


def test_highlights_cover_exactly_the_extracted_words(page: Page, served: Api) -> None:
    event_id = f"{HOSTILE['id']}:e1"
    incident_id = served.incident_of(HOSTILE["id"], event_id)
    record = served.get(f"/api/documents/{HOSTILE['id']}")
    event = next(e for e in record["events"] if e["id"] == event_id)
    figures = sorted(c["text"] for c in event["casualties"])
    assert figures

    pg = page.open(f"/incident.html?id={urllib.parse.quote(incident_id)}&lang=en")
    report = pg.locator(f'.report[data-doc="{HOSTILE["id"]}"] .report-text')
    marked = sorted(report.locator("mark.hl-casualty").all_inner_texts())
    assert marked == figures
    # The text as a whole is the stored text, unchanged, right-to-left.
    assert report.evaluate("el => el.textContent") == record["text"]
    assert report.get_attribute("dir") == "rtl"


def test_hostile_report_renders_as_text_and_runs_nothing(browser: Any, served: Api) -> None:
    # The CSP would stop inline handlers anyway; it is switched off here so that the test sees
    # whether the page itself ever turns article text into elements.
    hostile = Page(browser, served.base, bypass_csp=True)
    try:
        incident_id = served.incident_of(HOSTILE["id"], f"{HOSTILE['id']}:e1")
        pg = hostile.open(f"/incident.html?id={urllib.parse.quote(incident_id)}&lang=ar")
        report = pg.locator(f'.report[data-doc="{HOSTILE["id"]}"]')
        text = report.locator(".report-text").evaluate("el => el.textContent")
        assert "<script>window.__marsadPwned='title'</script>" in text
        assert "<img src=x onerror=" in text
        assert report.locator("script, img").count() == 0
        assert "<script>" in report.locator(".report-title").inner_text()
        # A javascript: url is not made a link.
        assert report.locator("a").count() == 0
        pg.wait_for_timeout(300)
        assert pg.evaluate(f"window.{PWNED}") is None
        pg.screenshot(path=str(_screenshot_dir() / "incident_hostile_ar.png"), full_page=True)

        pg = hostile.open("/?lang=ar")
        row = pg.locator(f'#event-list .ev-item[data-id="{HOSTILE["id"]}:e1"]')
        assert "<img src=x" in row.inner_text()
        assert pg.locator("#event-list img, #event-list script").count() == 0
        pg.click(f'#event-list .ev-item[data-id="{HOSTILE["id"]}:e1"] .ev-row')
        pg.wait_for_selector("#detail a[data-incident]")
        assert pg.locator("#detail img, #detail script").count() == 0
        pg.wait_for_timeout(300)
        assert pg.evaluate(f"window.{PWNED}") is None
        assert hostile.dialogs == []
        assert hostile.errors == []
    finally:
        hostile.close()


def test_language_toggle_switches_to_arabic_right_to_left(page: Page) -> None:
    pg = page.open("/?lang=en")
    english = pg.inner_text("#filters-title")
    pg.click("#lang-toggle")
    assert pg.get_attribute("html", "dir") == "rtl"
    assert pg.get_attribute("html", "lang") == "ar"
    assert "lang=ar" in pg.url
    arabic = pg.inner_text("#filters-title")
    assert arabic != english and any("\u0600" <= ch <= "\u06ff" for ch in arabic)
    # The sidebar moves to the right-hand side.
    sidebar = pg.locator(".sidebar").bounding_box()
    assert sidebar["x"] > 1440 / 2
    pg.screenshot(path=str(_screenshot_dir() / "map_ar.png"))
    screenshot = _screenshot_dir() / "map_ar.png"
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain PNG of one colour: a stand-in map tile."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_configured_tiles_replace_the_offline_background(browser: Any, store: tuple[Path, Path]) -> None:
    # Port 9 (discard) on this machine: nothing answers there; the browser's requests for tiles are
    # answered by the test itself, so no request leaves the machine.
    tiles = "http://127.0.0.1:9/tiles/{z}/{x}/{y}.png"
    attribution = "<b>Local</b> test tiles"
    with _serve(*store, "--tiles", tiles, "--tiles-attribution", attribution) as api:
        p = Page(browser, api.base)
        try:
            tile = _png(256, 256, (210, 214, 200))
            requested: list[str] = []

            def answer(route: Any) -> None:
                requested.append(route.request.url)
                route.fulfill(status=200, content_type="image/png", body=tile)

            p.page.route("http://127.0.0.1:9/tiles/**", answer)
            pg = p.open("/?lang=en")
            _eventually(lambda: pg.locator("img.leaflet-tile-loaded").count() > 0, "tiles drawn")
            assert requested and all(u.endswith(".png") for u in requested)
            assert pg.locator(".leaflet-basemap-pane canvas").count() == 0
            # The operator's attribution is shown as text, markup and all.
            credit = pg.locator(".leaflet-control-attribution")
            assert attribution in credit.inner_text()
            assert credit.locator("b").count() == 0
            assert not p.errors and not p.csp, (p.errors, p.csp)
        finally:
            p.close()


def test_type_country_and_actor_filters_query_the_api_and_the_address(page: Page, served: Api) -> None:
    from playwright.sync_api import expect

    pg = page.open("/?lang=en")
    items = pg.locator("#event-list .ev-item")

    pg.check('#type-filter-options input[data-type="Explosions/Remote violence"]')
    expected = served.events(event_type="Explosions/Remote violence")
    expect(items).to_have_count(len(expected))
    assert sorted(_listed_ids(pg)) == sorted(e["id"] for e in expected)
    assert "event_type=Explosions%2FRemote+violence" in pg.url

    pg.select_option("#country", "YE")
    expected = served.events(event_type="Explosions/Remote violence", country="YE")
    assert expected
    expect(items).to_have_count(len(expected))
    assert sorted(_listed_ids(pg)) == sorted(e["id"] for e in expected)
    assert "country=YE" in pg.url

    pg.click("#reset")
    pg.fill("#actor", "Houthi")
    expected = served.events(actor="Houthi")
    assert expected
    expect(items).to_have_count(len(expected))
    assert sorted(_listed_ids(pg)) == sorted(e["id"] for e in expected)
    assert "actor=Houthi" in pg.url and "country=" not in pg.url
