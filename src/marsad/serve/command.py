"""``marsad serve``: the API and the map page in one uvicorn process (or several workers).

``add_serve_parser(subparsers)`` adds the subcommand; ``run_serve(args, stderr)`` runs it and
returns the exit code (0 stopped cleanly, 2 bad arguments, 3 the store cannot be opened or the
address cannot be used).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import socket
from pathlib import Path
from typing import IO

from marsad.argtypes import positive_int
from marsad.errors import StoreError

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_FATAL = 3

SERVE_EXAMPLES = """\
examples:
  marsad serve                                    the API and map of marsad.db on http://127.0.0.1:8000
  marsad serve --db conflict.db --port 8080
  marsad serve --db postgresql://marsad@localhost/marsad --workers 2
  MARSAD_API_TOKEN=$(openssl rand -hex 32) marsad serve
                                                  also accept POST /api/documents with that token
  marsad serve --tiles 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' \\
               --tiles-attribution '© OpenStreetMap contributors'

  curl -s 'http://127.0.0.1:8000/api/events?country=SY&limit=5'
  curl -s -H "Authorization: Bearer $MARSAD_API_TOKEN" -H 'Content-Type: application/json' \\
       --data @report.json http://127.0.0.1:8000/api/documents

Without a token the server is read-only (writes answer 403). The token is best given through
$MARSAD_API_TOKEN: a --token on the command line is visible to other users of the machine.

exit codes:
  0    the server stopped (Ctrl-C)
  2    usage error
  3    the store cannot be opened, or the address cannot be used"""


def _port(value: str) -> int:
    number = positive_int(value)
    if number > 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a TCP port (1-65535)")
    return number


def _tiles(value: str) -> str:
    from marsad.serve.app import tiles_origin

    try:
        tiles_origin(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if not all(part in value for part in ("{z}", "{x}", "{y}")):
        raise argparse.ArgumentTypeError(f"{value!r} must contain {{z}}, {{x}} and {{y}}")
    return value


def add_serve_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = subparsers.add_parser(
        "serve", help="serve the REST API (/api) and the map page (/) over a store",
        description="Serve the stored documents, events and incidents: a REST API under /api "
        "(OpenAPI at /openapi.json) and the map page at /. It reads the same store as `marsad run`.",
        epilog=SERVE_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    serve.add_argument("--db", default="marsad.db", metavar="PATH|URL",
                       help="SQLite file or postgresql:// URL (default: marsad.db)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=_port, default=8000, help="TCP port (default: 8000)")
    serve.add_argument("--token", default=None, metavar="T",
                       help="accept writes (POST /api/documents) with 'Authorization: Bearer T' "
                       "(default: $MARSAD_API_TOKEN; without either the server is read-only)")
    serve.add_argument("--max-body", type=positive_int, default=5_000_000, metavar="BYTES",
                       help="largest request body accepted (default: 5000000)")
    serve.add_argument("--tiles", type=_tiles, default=None, metavar="URL",
                       help="map tile URL template with {z}/{x}/{y} (default: none, an offline background)")
    serve.add_argument("--tiles-attribution", default=None, metavar="TEXT",
                       help="credit shown on the map for --tiles")
    serve.add_argument("--workers", type=positive_int, default=1, metavar="N",
                       help="worker processes (default: 1; about one per CPU core for heavy read load)")
    serve.add_argument("--threads", type=positive_int, default=4, metavar="N",
                       help="store connections (threads) per worker (default: 4)")
    serve.add_argument("--static", default=None, metavar="DIR",
                       help="folder of the map page (default: the one installed with marsad)")
    serve.add_argument("--no-access-log", action="store_true", help="do not log each request")


def _check_address(host: str, port: int) -> str | None:
    """Why the address cannot be listened on, or None. uvicorn would only log it and exit 1."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        return f"cannot resolve {host}: {exc.strerror}"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
    return None


def run_serve(args: argparse.Namespace, stderr: IO[str]) -> int:
    from marsad.serve.app import CONFIG_ENV, DEFAULT_STATIC_DIR, TOKEN_ENV
    from marsad.store import Store

    token = args.token if args.token is not None else os.environ.get(TOKEN_ENV)
    token = token.strip() if token else None
    # Opened once here: a store that cannot be opened is a clear error now rather than a 500 on
    # every request, and migrations run once before the workers start.
    try:
        with Store.open(args.db) as store:
            documents = store.count_documents()
            where = store.target
    except StoreError as exc:
        print(f"error: cannot open the store {args.db}: {exc}", file=stderr)
        return EXIT_FATAL
    problem = _check_address(args.host, args.port)
    if problem:
        print(f"error: {problem}", file=stderr)
        return EXIT_FATAL
    static_dir = Path(args.static) if args.static else DEFAULT_STATIC_DIR
    if args.static and not static_dir.is_dir():
        print(f"error: --static {args.static} is not a folder", file=stderr)
        return EXIT_USAGE

    print(f"marsad: serving {where} ({documents} documents) on http://{args.host}:{args.port}/ "
          f"with {args.workers} worker(s); writes {'need the token' if token else 'are disabled (no token)'}",
          file=stderr, flush=True)
    if documents == 0:
        print("marsad: the store is empty; `marsad run` (or POST /api/documents) fills it", file=stderr)

    # Each worker process builds its own app from these (uvicorn starts workers fresh).
    os.environ[CONFIG_ENV] = json.dumps({
        "db": args.db, "max_body": args.max_body, "tiles": args.tiles,
        "tiles_attribution": args.tiles_attribution, "static_dir": str(static_dir), "pool_size": args.threads,
    })
    if token:
        os.environ[TOKEN_ENV] = token
    else:
        os.environ.pop(TOKEN_ENV, None)

    import uvicorn
    from uvicorn.config import LOGGING_CONFIG

    # uvicorn's own logging, plus marsad's (store errors, failed requests) through the same handler.
    log_config = copy.deepcopy(LOGGING_CONFIG)
    log_config["loggers"]["marsad"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    try:
        uvicorn.run("marsad.serve.app:app_from_environment", factory=True, host=args.host, port=args.port,
                    workers=args.workers, access_log=not args.no_access_log, server_header=False,
                    log_level="info", log_config=log_config)
    except KeyboardInterrupt:
        pass
    except SystemExit as exc:
        return EXIT_OK if exc.code in (0, None) else EXIT_FATAL
    return EXIT_OK
