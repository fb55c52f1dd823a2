"""`account-desk-server`: start the reference backend, seed it, or issue a token for scripts."""

from __future__ import annotations

import argparse
import io
import logging
import os
import socket
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import uvicorn

from server import seed as seeding
from server.auth import issue_token
from server.firm import Role, user_for_role
from server.state import Options, ServerState

# after the parent has gone, how long open answers may take to end
STOP_GRACE_SECONDS = 3.0

#: `--rate-limit` alone: Clio's documented limit, 50 requests per token in each 60-second window.
CLIO_LIMIT = (50, 60.0)


def _rate(text: str) -> tuple[int, float]:
    count, _, seconds = text.partition("/")
    try:
        parsed = int(count), float(seconds or CLIO_LIMIT[1])
    except ValueError:
        raise argparse.ArgumentTypeError("use N/S, for example 50/60") from None
    if parsed[0] < 1 or parsed[1] <= 0:
        raise argparse.ArgumentTypeError("both numbers must be positive")
    return parsed


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("use an ISO-8601 instant") from None
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError("give a time zone, for example 2026-08-31T12:00:00Z")
    return value


def _billing_day(text: str) -> int:
    try:
        day = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("use a day of the month, 1 to 31") from None
    if not 1 <= day <= 31:
        raise argparse.ArgumentTypeError("use a day of the month, 1 to 31")
    return day


def _registered_client(text: str) -> tuple[str, str, str]:
    # the messages never repeat the text: it holds a secret
    client_id, _, rest = text.partition(":")
    secret, _, redirect_uri = rest.partition(":")
    if not client_id or not secret or not redirect_uri:
        raise argparse.ArgumentTypeError("use ID:SECRET:REDIRECT")
    if secret.startswith("@"):
        # @NAME: the secret is in that environment variable, so it stays off the command line
        name = secret[1:]
        secret = os.environ.get(name, "") if name else ""
        if not secret:
            raise argparse.ArgumentTypeError(f"the environment variable {name!r} is not set")
    if "://" not in redirect_uri or any(c.isspace() for c in redirect_uri):
        raise argparse.ArgumentTypeError("REDIRECT must be an absolute URI")
    return client_id, secret, redirect_uri


def registered_clients(
    given: list[tuple[str, str, str]],
) -> tuple[tuple[str, bytes, str], ...]:
    """The clients of `--register-client`, each secret kept only as its SHA-256; ValueError
    when one client id is given two different secrets."""
    from server.oauth import secret_sha256

    digests: dict[str, bytes] = {}
    clients = []
    for client_id, secret, redirect_uri in given:
        digest = secret_sha256(secret)
        if digests.setdefault(client_id, digest) != digest:
            raise ValueError(f"client {client_id!r} was registered with two different secrets")
        clients.append((client_id, digest, redirect_uri))
    return tuple(clients)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="account-desk-server", description=__doc__)
    p.add_argument("--data-dir", type=Path, required=True, help="where the SQLite file lives")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    p.add_argument("--files-port", type=int, default=0, help="port of the file listener")
    p.add_argument("--seed", choices=["demo", "bench"], help="seed an empty data dir")
    p.add_argument("--records", type=int, default=200_000, help="bench: records in all")
    p.add_argument("--documents", type=int, default=2_000, help="bench: number of documents")
    p.add_argument("--document-bytes", type=int, default=512 * 1024, help="bench: bytes each")
    p.add_argument("--random-seed", type=int, default=1)
    p.add_argument(
        "--rate-limit",
        type=_rate,
        nargs="?",
        const=CLIO_LIMIT,
        help="N/S: at most N requests per S seconds per token (S defaults to 60); alone,"
        " Clio's limit of 50/60. Without it the limit is too large to matter",
    )
    p.add_argument(
        "--sign-in-limit",
        type=_rate,
        default=(20, 60.0),
        help="N/S: after N failed sign-ins in S seconds an address is locked out for S seconds",
    )
    p.add_argument("--now", type=_instant, help="start the server clock at this instant")
    p.add_argument("--demo-controls", action="store_true", help="enable the demo clock")
    p.add_argument(
        "--watch-stdin",
        action="store_true",
        help="for the app that starts this server: the first line of stdin is the secret of"
        " the demo sign-in, and the server stops when stdin closes (its parent has ended)",
    )
    p.add_argument("--token-lifetime", type=int, default=3600, help="access token seconds")
    p.add_argument(
        "--billing-cycle", choices=["monthly", "yearly"], default="monthly", help="seeded plan"
    )
    p.add_argument("--billing-day", type=_billing_day, default=18, help="seeded billing day")
    p.add_argument(
        "--contract-account",
        action="store_true",
        help="seed an account that may not be closed in self-service",
    )
    p.add_argument("--no-escrow", action="store_true", help="seed an account without escrow")
    p.add_argument(
        "--seats",
        type=int,
        choices=range(6, 1001),
        default=6,
        metavar="6..1000",
        help="paid seats of the seeded plan (six users are active)",
    )
    p.add_argument(
        "--no-self-service",
        action="store_true",
        help="serve no /self-service/v1, like the real Clio service (export-and-guide mode)",
    )
    p.add_argument(
        "--style",
        choices=["default", "clio"],
        default="default",
        help="clio: play the real service: no self-service API, only the clients of"
        " --register-client (id, secret and exact redirect URI), and Clio's rate limit (50/60)"
        " unless --rate-limit says otherwise",
    )
    p.add_argument(
        "--register-client",
        type=_registered_client,
        action="append",
        default=[],
        metavar="ID:SECRET:REDIRECT",
        help="with --style clio: an OAuth client and one redirect URI it may use, compared"
        " exactly; repeat for more clients or more redirects of one client. A SECRET written"
        " @NAME is read from the environment variable NAME, off the command line",
    )
    p.add_argument(
        "--issue-token",
        choices=[r.value for r in Role],
        help="print an access token for the seeded user of that role and exit",
    )
    p.add_argument("--log-level", default="warning")
    p.add_argument(
        "--stats-file", type=Path, help="benchmarks: keep traffic totals in this JSON file"
    )
    return p


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio turns Nagle off (TCP_NODELAY) only on sockets that say
    # they are TCP, and with Nagle on every small answer waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _url(host: str, sock: socket.socket) -> str:
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def _stop_when_stdin_closes(*servers: uvicorn.Server) -> None:
    """The parent holds the other end of stdin: when it ends, however it ends (even killed, on
    every system), the pipe closes and this server stops rather than stay behind."""

    # typed as BinaryIO, stdin's buffer is a BufferedReader: read1 returns what has arrived
    stdin = cast(io.BufferedReader, sys.stdin.buffer)

    def watch() -> None:
        while stdin.read1(4096):
            pass
        for server in servers:
            server.should_exit = True
        # an answer still streaming gets a moment to end; then the process goes regardless
        time.sleep(STOP_GRACE_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        clients = registered_clients(args.register_client)
    except ValueError as exc:
        parser.error(str(exc))
    if clients and args.style != "clio":
        parser.error("--register-client needs --style clio")
    clio = args.style == "clio"
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr)
    demo_secret = None
    if args.watch_stdin:
        line = sys.stdin.buffer.readline()
        if not line.endswith(b"\n"):
            return 0  # the parent ended before it said anything
        demo_secret = line.strip().decode("ascii", "replace") or None
    options = Options(
        data_dir=args.data_dir,
        host=args.host,
        port=args.port,
        rate_limit=args.rate_limit or (CLIO_LIMIT if clio else None),
        sign_in_limit=args.sign_in_limit,
        demo_controls=args.demo_controls,
        demo_secret=demo_secret,
        token_lifetime=args.token_lifetime,
        billing_cycle=args.billing_cycle,
        billing_day=args.billing_day,
        contract_account=args.contract_account,
        no_escrow=args.no_escrow,
        seats=args.seats,
        no_self_service=args.no_self_service,
        style=args.style,
        registered_clients=clients,
    )
    state = ServerState.open(options)
    if args.now is not None:
        state.clock.set_now(args.now)
        state.save_clock()
    if args.seed:
        seeding.seed(
            state,
            args.seed,
            records=args.records,
            documents=args.documents,
            document_bytes=args.document_bytes,
            random_seed=args.random_seed,
        )
        if args.now is not None:
            # Seeding takes seconds on a busy machine: the clock starts at --now when serving does.
            state.clock.set_now(args.now)
            state.save_clock()
    if args.issue_token:
        if not seeding.is_seeded(state):
            print("the data dir is not seeded; start once with --seed", file=sys.stderr)
            return 2
        token = issue_token(state, user_for_role(args.issue_token).id)
        print(token.access_token)
        return 0

    from server.app import create_app, create_files_app

    api_sock = _bind(args.host, args.port)
    files_sock = _bind(args.host, args.files_port)
    options.public_base_url = _url(args.host, api_sock)
    options.files_base_url = _url(args.host, files_sock)

    api_app: Any = create_app(state)
    files_app: Any = create_files_app(state)
    if args.stats_file is not None:
        from server.stats import TrafficStats, counting

        stats = TrafficStats(args.stats_file)
        api_app, files_app = counting(api_app, stats, "api"), counting(files_app, stats, "files")
    files_server = uvicorn.Server(
        uvicorn.Config(files_app, log_level=args.log_level, access_log=False, lifespan="off")
    )
    api_server = uvicorn.Server(uvicorn.Config(api_app, log_level=args.log_level, access_log=False))
    files_thread = threading.Thread(
        target=files_server.run, kwargs={"sockets": [files_sock]}, daemon=True
    )
    files_thread.start()
    if args.watch_stdin:
        _stop_when_stdin_closes(api_server, files_server)
    print(f"listening on {options.public_base_url}", flush=True)
    print(f"files on {options.files_base_url}", flush=True)
    try:
        api_server.run(sockets=[api_sock])
    finally:
        files_server.should_exit = True
        files_thread.join(timeout=5)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
