"""`marsad serve`: arguments, the exit code 3 cases, and a real server in a subprocess."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from marsad.cli import main

from .helpers import NEW_REPORT, TOKEN


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--db", "--host", "--port", "--token", "--max-body", "--tiles", "--workers"):
        assert option in out
    assert "examples:" in out and "MARSAD_API_TOKEN" in out and "exit codes:" in out


@pytest.mark.parametrize("args", [
    ["--port", "0"], ["--port", "70000"], ["--workers", "0"], ["--max-body", "-1"],
    ["--tiles", "ftp://tiles.example.org/{z}/{x}/{y}.png"], ["--tiles", "https://tiles.example.org/map.png"],
])
def test_usage_errors(tmp_path: Path, args: list[str]) -> None:
    assert main(["serve", "--db", str(tmp_path / "x.db"), *args]) == 2


def test_a_store_that_cannot_be_opened(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_bytes(b"these are my notes, not a database" * 200)
    assert main(["serve", "--db", str(not_a_db), "--port", str(_free_port())]) == 3
    err = capsys.readouterr().err
    assert "cannot open the store" in err and str(not_a_db) in err
    assert "Traceback" not in err


def test_an_unreachable_postgresql(capsys: pytest.CaptureFixture[str]) -> None:
    port = _free_port()  # nothing listens there
    assert main(["serve", "--db", f"postgresql://marsad@127.0.0.1:{port}/marsad"]) == 3
    assert "cannot open the store" in capsys.readouterr().err


def test_a_port_in_use(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--db", str(tmp_path / "x.db"), "--port", str(port)]) == 3
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


@pytest.fixture
def server(read_db: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = _free_port()
    env = {**os.environ, "MARSAD_API_TOKEN": TOKEN}
    proc = subprocess.Popen(
        [sys.executable, "-m", "marsad", "serve", "--db", str(read_db), "--port", str(port), "--no-access-log"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(base + "/api/health", timeout=1)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"the server did not start: {proc.communicate()[0]}") from None
                time.sleep(0.2)
        yield base, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_a_real_server(server: tuple[str, subprocess.Popen[str]], store: Any) -> None:
    base, proc = server
    health = httpx.get(base + "/api/health").json()
    assert health["documents"] == store.count_documents() and health["events"] == store.count_events()
    events = httpx.get(base + "/api/events", params={"country": "SY"}).json()
    assert events["items"] and all(e["location"]["country"] == "SY" for e in events["items"])
    response = httpx.get(base + "/api/events", params={"colour": "red"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "unknown_filter"
    assert "server" not in response.headers  # uvicorn's banner is off
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # the token came from $MARSAD_API_TOKEN: a wrong one is refused, not "writes disabled"
    wrong = httpx.post(base + "/api/documents", json=NEW_REPORT, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "forbidden"
    proc.send_signal(signal.SIGINT)
    output, _ = proc.communicate(timeout=15)
    assert proc.returncode == 0
    assert "writes need the token" in output
    assert TOKEN not in output
