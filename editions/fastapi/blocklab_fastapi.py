"""blocklab's FastAPI edition: the seed's own experiment, served by uvicorn and measured by the same harness as the JVM.

The routes, bodies and error answers are the JVM server's (servers/.../server/Routes.java and WorkloadHandler.java); the
harness checks that both answer the same before it measures anything. The variant is chosen at start, and each is a line
of the seed's lesson:

  py-async-blocking  `async def` calling requests / psycopg: the event loop waits with the call (the anti-pattern)
  py-async-offload   `async def` handing the same blocking call to the loop's default executor (run_in_executor)
  py-async-native    `async def` with httpx.AsyncClient and asyncpg: the loop never waits
  py-sync-def        plain `def`: FastAPI runs it on its thread pool (anyio's limiter)

Pools are what users ship: the default executor and anyio's limiter keep their default sizes (the ready line states
them). What the harness sets is the downstream capacity shared with the JVM variants: database connections, HTTP
connections, the timeout slack.

Run by the harness (target/fastapi-venv/bin/python editions/fastapi/blocklab_fastapi.py --variant ... --slow-url ...);
it prints one ready line, as the JVM server does, and stops on SIGTERM or when the process that started it is gone.
"""
import argparse
import asyncio
import json
import os
import re
import signal
import socket
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from urllib.parse import parse_qs, urlsplit

import anyio.to_thread
import asyncpg
import fastapi
import httpx
import psycopg
import requests
import requests.adapters
import sqlalchemy.exc
import sqlalchemy.pool
import uvicorn
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

VARIANTS = ("py-async-blocking", "py-async-offload", "py-async-native", "py-sync-def")
# The scenarios this edition serves: the seed's HTTP and PostgreSQL rows, both in one request, and the minimal form.
SCENARIOS = ("http", "db", "mixed", "sleep")
MAX_MS = 60_000
# The statements of Queries.java, in psycopg's (%s) and asyncpg's ($n) placeholders.
SLEEP_SQL = "SELECT 1 FROM pg_sleep(%s)"
LOOKUP_SQL = "SELECT id, name FROM items WHERE id BETWEEN %s AND %s ORDER BY id"
ASYNC_SLEEP_SQL = "SELECT 1 FROM pg_sleep($1)"
ASYNC_LOOKUP_SQL = "SELECT id, name FROM items WHERE id BETWEEN $1 AND $2 ORDER BY id"
ROWS = 3
SEEDED_ITEMS = 10_000
HOST = "127.0.0.1"


class DownstreamError(Exception):
    """A slow call that failed, with the status the server answers: 502 for the HTTP service, 503 for PostgreSQL."""

    HTTP = (502, "slow HTTP service")
    DATABASE = (503, "PostgreSQL")

    def __init__(self, kind, failure):
        status, what = kind
        if isinstance(failure, (TimeoutError, asyncio.TimeoutError, requests.Timeout, httpx.TimeoutException,
                                sqlalchemy.exc.TimeoutError, psycopg.errors.QueryCanceled)):
            reason = "timed out"
        else:
            first_line = (str(failure).splitlines() or [""])[0]
            reason = f"failed: {type(failure).__name__}" + (f": {first_line}" if first_line else "")
        super().__init__(f"{what} {reason}")
        self.status = status


class BadRequest(Exception):
    pass


def first_id(ms):
    """The first id of the lookup: depends on the delay only, so every variant returns the same rows."""
    return ms % (SEEDED_ITEMS - ROWS) + 1


async def delay(request: Request) -> int:
    """The `ms` query parameter, as Delay.java reads it. An async dependency: it runs on the loop, not the thread pool."""
    values = request.query_params.getlist("ms")
    if not values:
        raise BadRequest(f"missing query parameter 'ms' (milliseconds, 0 to {MAX_MS})")
    if not re.fullmatch(r"[+-]?[0-9]{1,10}", values[0]):
        raise BadRequest(f"'ms' must be a whole number of milliseconds, got '{values[0]}'")
    ms = int(values[0])
    if ms < 0 or ms > MAX_MS:
        raise BadRequest(f"'ms' must be between 0 and {MAX_MS}, got {ms}")
    return ms


class Downstreams:
    """Where the slow things are, and the capacity every variant gets to reach them."""

    def __init__(self, args):
        self.slow_url = args.slow_url.rstrip("/")
        url = urlsplit(args.db_url.removeprefix("jdbc:"))
        if url.scheme != "postgresql" or not url.hostname:
            sys.exit(f"blocklab-fastapi: --db-url must be jdbc:postgresql://HOST:PORT/DB, got {args.db_url}")
        self.pg = {"host": url.hostname, "port": url.port or 5432, "dbname": url.path.lstrip("/") or "postgres",
                   "user": args.db_user or parse_qs(url.query).get("user", ["postgres"])[0],
                   "password": read_secret(args.db_password_file) if args.db_password_file
                   else os.environ.get("BLOCKLAB_PG_PASSWORD", "")}
        self.db_pool = args.db_pool
        self.http_connections = args.http_connections
        self.slack = args.timeout_slack_ms / 1000

    def delay_url(self, ms):
        return f"{self.slow_url}/delay?ms={ms}"

    def timeout(self, ms):
        """A call's deadline: its requested delay plus the slack, as Limits.timeoutFor."""
        return self.slack + ms / 1000


def read_secret(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    except OSError as e:
        sys.exit(f"blocklab-fastapi: cannot read the secret from {path}: {e.strerror}")


class BlockingClients:
    """requests and psycopg (pooled by SQLAlchemy's QueuePool): every call holds its thread until the answer comes."""

    def __init__(self, where: Downstreams):
        self.where = where
        self.session = requests.Session()
        self.session.mount("http://", requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=where.http_connections,
                                                                    pool_block=True))
        # A statement never runs longer than the longest route allows: a stalled PostgreSQL answers 503, not never.
        options = f"-c statement_timeout={int((where.slack + MAX_MS / 1000) * 1000)}"
        self.pool = sqlalchemy.pool.QueuePool(
            lambda: psycopg.connect(**where.pg, autocommit=True, connect_timeout=max(1, int(where.slack)), options=options),
            pool_size=where.db_pool, max_overflow=0, timeout=where.slack)

    def call(self, scenario, ms):
        body = {"route": scenario, "ms": ms}
        if scenario in ("http", "mixed"):
            body["downstream"] = self.http(ms)
        if scenario in ("db", "mixed"):
            body["rows"] = self.db(ms)
        if scenario == "sleep":
            time.sleep(ms / 1000)
        return body

    def http(self, ms):
        try:
            answer = self.session.get(self.where.delay_url(ms), timeout=(self.where.slack, self.where.timeout(ms)))
            if answer.status_code != 200:
                raise OSError(f"answered {answer.status_code}")
            return answer.json()
        except (OSError, requests.RequestException, ValueError) as e:
            raise DownstreamError(DownstreamError.HTTP, e) from e

    def db(self, ms):
        try:
            connection = self.pool.connect()
            try:
                cursor = connection.cursor()
                cursor.execute(SLEEP_SQL, (ms / 1000,))
                cursor.fetchall()
                first = first_id(ms)
                cursor.execute(LOOKUP_SQL, (first, first + ROWS - 1))
                return [{"id": id_, "name": name} for id_, name in cursor.fetchall()]
            finally:
                connection.close()
        except (psycopg.Error, sqlalchemy.exc.SQLAlchemyError, OSError) as e:
            raise DownstreamError(DownstreamError.DATABASE, e) from e

    def close(self):
        self.session.close()
        self.pool.dispose()


class AsyncClients:
    """httpx.AsyncClient and asyncpg: a call is a coroutine, and the loop serves others while it waits."""

    def __init__(self, where: Downstreams):
        self.where = where
        self.http_client = httpx.AsyncClient(limits=httpx.Limits(max_connections=where.http_connections,
                                                                 max_keepalive_connections=where.http_connections))
        self.pool = None

    async def open(self):
        # min_size=0: the server starts, and answers 503, with PostgreSQL down, as the JVM's do.
        self.pool = await asyncpg.create_pool(host=self.where.pg["host"], port=self.where.pg["port"], user=self.where.pg["user"],
                                              password=self.where.pg["password"], database=self.where.pg["dbname"],
                                              min_size=0, max_size=self.where.db_pool, timeout=self.where.slack)

    async def call(self, scenario, ms):
        body = {"route": scenario, "ms": ms}
        if scenario in ("http", "mixed"):
            body["downstream"] = await self.http(ms)
        if scenario in ("db", "mixed"):
            body["rows"] = await self.db(ms)
        if scenario == "sleep":
            await asyncio.sleep(ms / 1000)
        return body

    async def http(self, ms):
        try:
            answer = await self.http_client.get(self.where.delay_url(ms), timeout=httpx.Timeout(self.where.timeout(ms),
                                                                                                connect=self.where.slack,
                                                                                                pool=self.where.slack))
            if answer.status_code != 200:
                raise OSError(f"answered {answer.status_code}")
            return answer.json()
        except (OSError, httpx.HTTPError, ValueError) as e:
            raise DownstreamError(DownstreamError.HTTP, e) from e

    async def db(self, ms):
        deadline = self.where.timeout(ms)
        try:
            async with self.pool.acquire(timeout=self.where.slack) as connection:
                await connection.fetchval(ASYNC_SLEEP_SQL, ms / 1000, timeout=deadline)
                first = first_id(ms)
                rows = await connection.fetch(ASYNC_LOOKUP_SQL, first, first + ROWS - 1, timeout=deadline)
                return [{"id": row["id"], "name": row["name"]} for row in rows]
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, asyncio.TimeoutError) as e:
            raise DownstreamError(DownstreamError.DATABASE, e) from e

    async def close(self):
        await self.http_client.aclose()
        if self.pool is not None:
            await self.pool.close()


def slow_route(variant, scenario, blocking: BlockingClients, native: AsyncClients):
    """The path operation of one scenario, written the way the variant's users write it."""
    if variant == "py-async-blocking":
        async def route(ms: int = Depends(delay)):
            return blocking.call(scenario, ms)  # the seed's mistake: the loop waits here with every other request
    elif variant == "py-async-offload":
        async def route(ms: int = Depends(delay)):
            return await asyncio.get_running_loop().run_in_executor(None, blocking.call, scenario, ms)
    elif variant == "py-async-native":
        async def route(ms: int = Depends(delay)):
            return await native.call(scenario, ms)
    else:
        def route(ms: int = Depends(delay)):  # a plain def: FastAPI runs it on its thread pool
            return blocking.call(scenario, ms)
    return route


def error(status, message):
    return JSONResponse({"error": message, "status": status}, status_code=status)


def create_app(variant, where: Downstreams, pools: dict):
    blocking = BlockingClients(where)
    native = AsyncClients(where)

    @asynccontextmanager
    async def lifespan(_app):
        loop = asyncio.get_running_loop()
        # The default executor, made explicit only to state its size: ThreadPoolExecutor's default, min(32, cores + 4).
        executor = ThreadPoolExecutor(thread_name_prefix="offload")
        loop.set_default_executor(executor)
        if variant == "py-async-offload":
            pools["offloadThreads"] = executor._max_workers
        if variant == "py-sync-def":
            pools["workerThreads"] = int(anyio.to_thread.current_default_thread_limiter().total_tokens)
        await native.open()
        yield
        await native.close()
        blocking.close()

    app = FastAPI(lifespan=lifespan, openapi_url=None, docs_url=None, redoc_url=None)

    @app.get("/")
    async def root():
        return {"message": "Hello World"}

    @app.get("/health")
    async def health():
        return {"status": "up"}

    for scenario in SCENARIOS:
        app.add_api_route(f"/io/{scenario}", slow_route(variant, scenario, blocking, native), methods=["GET"])

    @app.exception_handler(BadRequest)
    async def bad_request(_request, e):
        return error(400, str(e))

    @app.exception_handler(DownstreamError)
    async def downstream_failed(_request, e):
        return error(e.status, str(e))

    @app.exception_handler(StarletteHTTPException)
    async def not_found(request, e):
        return error(e.status_code, f"no route {request.url.path}" if e.status_code == 404 else str(e.detail))

    @app.exception_handler(Exception)
    async def internal(_request, e):
        return error(500, f"internal error: {type(e).__name__}: {e}")

    return app


class ReadyServer(uvicorn.Server):
    """uvicorn, printing blocklab's ready line once it listens (the harness starts it on port 0 and reads where it is)."""

    def __init__(self, config, ready_fields):
        super().__init__(config)
        self.ready_fields = ready_fields

    async def startup(self, sockets=None):
        await super().startup(sockets=sockets)
        if not self.should_exit:
            print("BLOCKLAB-READY " + json.dumps(self.ready_fields()), flush=True)


def exit_with_parent(parent_pid):
    """Stops this server when the process that started it is gone, even if that one was killed with SIGKILL."""
    def watch():
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        print(f"blocklab-fastapi: parent process {parent_pid} is gone; stopping", file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGTERM)
    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def positive(text):
    value = int(text) if re.fullmatch(r"[0-9]{1,9}", text) else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1, got '{text}'")
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="blocklab-fastapi", description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", required=True, choices=VARIANTS)
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1; 0 picks a free one")
    parser.add_argument("--slow-url", required=True, help="base URL of the slow HTTP service")
    parser.add_argument("--db-url", required=True, help="PostgreSQL, as jdbc:postgresql://HOST:PORT/DB (the harness's form)")
    parser.add_argument("--db-user", help="PostgreSQL user; default: the URL's, else postgres")
    parser.add_argument("--db-password-file", help="a file holding the password; without it, $BLOCKLAB_PG_PASSWORD")
    parser.add_argument("--db-pool", type=positive, default=16, help="PostgreSQL connections (the JVM variants' too)")
    parser.add_argument("--http-connections", type=positive, default=10_000, help="connections to the slow HTTP service")
    parser.add_argument("--timeout-slack-ms", type=positive, default=5000, help="a call times out this long after its delay")
    parser.add_argument("--parent-pid", type=int, help="stop when this process (the launcher) is gone")
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65_535:
        parser.error(f"--port must be between 0 and 65535, got {args.port}")
    return args


def main(argv=None):
    args = parse_args(argv)
    if args.parent_pid:
        exit_with_parent(args.parent_pid)
    where = Downstreams(args)
    pools = {"ioThreads": 1, "dbPool": where.db_pool, "httpConnections": where.http_connections}
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((HOST, args.port))
    except OSError:
        sys.exit(f"blocklab-fastapi: port {args.port} on {HOST} is already in use; choose another with --port")
    config = uvicorn.Config(create_app(args.variant, where, pools), log_level="warning", access_log=False,
                            timeout_graceful_shutdown=3)
    server = ReadyServer(config, lambda: {
        "role": "server", "port": listening.getsockname()[1], "variant": args.variant, "pools": pools, "pid": os.getpid(),
        "runtime": f"CPython {sys.version.split()[0]}, FastAPI {fastapi.__version__}, uvicorn {uvicorn.__version__}"
                   f" ({type(asyncio.get_running_loop()).__module__.split('.')[0]} loop)"})
    server.run(sockets=[listening])
    # Threads still blocked in a downstream call would hold the interpreter's exit for their whole timeout.
    sys.stdout.flush()
    os._exit(0 if server.started else 1)


if __name__ == "__main__":
    main()
