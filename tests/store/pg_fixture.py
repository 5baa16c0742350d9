"""A throw-away PostgreSQL server for the shared-store tests.

The tests start their own cluster from the Debian binaries (`/usr/lib/postgresql/*/bin`), so
nothing on the machine is touched: a temp folder, a free loopback port, a role and a database,
all removed at the end. `initdb` refuses to run as root, so as root the cluster runs as the
`postgres` OS user. `QUEST_TEST_PG=postgresql://...` points the tests at an existing server
instead (then tests that stop the server are skipped). Without binaries the tests are
skipped, except where `QUEST_REQUIRE_PG=1` (set by `.ci/services`) says a server must run:
there they fail, so CI never passes by skipping the shared store.

Each test gets a fresh schema (`search_path` in the URL) rather than a fresh database: cheap,
and it works on a server where the test role may not create databases.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest

ROLE = "quest"
PASSWORD = "quest-test"
DATABASE = "quest"


def find_pg_bin() -> Path | None:
    """The newest installed PostgreSQL `bin` folder, or None."""
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not found:
        on_path = shutil.which("initdb")
        return Path(on_path).parent if on_path else None

    def version(path: str) -> float:
        try:
            return float(Path(path).parent.parent.name)
        except ValueError:
            return 0.0

    return Path(max(found, key=version)).parent


def _unavailable(reason: str) -> None:
    """Skip the PostgreSQL tests, or fail them where CI promised a server."""
    if os.environ.get("QUEST_REQUIRE_PG"):
        pytest.fail(f"{reason} (and QUEST_REQUIRE_PG is set)", pytrace=False)
    pytest.skip(reason)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgCluster:
    """One local PostgreSQL cluster that a test can stop and start again."""

    def __init__(self, bin_dir: Path, *, fast: bool = True) -> None:
        self.bin_dir = bin_dir
        self.fast = fast
        self._as_postgres = os.geteuid() == 0
        # As root the server runs as `postgres`, which must reach the folder: /tmp always works
        # (a root-only $TMPDIR would not).
        self.root = Path(
            tempfile.mkdtemp(prefix="quest-pg-", dir="/tmp" if self._as_postgres else None)
        )
        self.data = self.root / "data"
        self.sockets = self.root / "sock"
        self.log = self.root / "server.log"
        self.port = _free_port()
        self.running = False

    # -------------------------------------------------------------- process control

    def _run(self, *argv: str) -> None:
        cmd = [str(self.bin_dir / argv[0]), *argv[1:]]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=self.root)
        if proc.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(argv[:2])} failed: {proc.stderr.strip()}\n{log}")

    def init(self) -> None:
        self.sockets.mkdir()
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
            shutil.chown(self.sockets, "postgres", "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.sockets}'",
            "max_connections": "120",
            "shared_buffers": "32MB",
            "log_min_messages": "warning",
        }
        if self.fast:
            # Tests need not survive a power cut (fsync off), but they do kill the server:
            # synchronous_commit stays on, so an acknowledged commit is in the WAL the next
            # start replays. Benchmarks and power-cut durability use fast=False.
            settings |= {"fsync": "off", "full_page_writes": "off"}
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            for key, value in settings.items():
                conf.write(f"{key} = {value}\n")

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30", "start")
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        """Stop now: "fast" cuts client connections, as in a network outage; "immediate"
        is a crash (no checkpoint; the next start replays the WAL)."""
        if self.running:
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")
            self.running = False

    def destroy(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    # -------------------------------------------------------------- urls

    def superuser_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self) -> str:
        return f"postgresql://{ROLE}:{PASSWORD}@127.0.0.1:{self.port}/{DATABASE}"

    def create_role_and_database(self) -> None:
        import psycopg

        with psycopg.connect(self.superuser_url(), autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{PASSWORD}'")
            conn.execute(f"CREATE DATABASE {DATABASE} OWNER {ROLE}")


def start_cluster(*, fast: bool = True) -> PgCluster:
    """Init and start a cluster with the quest role and database; the caller destroys it."""
    bin_dir = find_pg_bin()
    if bin_dir is None:
        raise RuntimeError("no PostgreSQL binaries")
    cluster = PgCluster(bin_dir, fast=fast)
    try:
        cluster.init()
        cluster.start()
        cluster.create_role_and_database()
    except BaseException:
        cluster.destroy()
        raise
    return cluster


def with_schema(url: str, schema: str) -> str:
    """`url` with libpq `options` that put `schema` first on the search path."""
    parts = urlsplit(url)
    option = quote(f"-csearch_path={schema}", safe="")
    query = f"{parts.query}&options={option}" if parts.query else f"options={option}"
    return urlunsplit(parts._replace(query=query))


def fresh_schema_url(base_url: str) -> tuple[str, str]:
    """Create an empty schema on the server; return (url using it, schema name)."""
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return with_schema(base_url, schema), schema


def drop_schema(base_url: str, schema: str) -> None:
    import psycopg

    try:
        with psycopg.connect(base_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    except psycopg.OperationalError:
        pass  # the server is gone; the cluster folder is removed anyway


# ------------------------------------------------------------------ pytest fixtures


class PgServer:
    """What the tests see: a base URL, and stop/start when the server is ours."""

    def __init__(self, url: str, cluster: PgCluster | None) -> None:
        self.url = url
        self.cluster = cluster

    @property
    def controllable(self) -> bool:
        return self.cluster is not None

    def stop(self, mode: str = "fast") -> None:
        assert self.cluster is not None
        self.cluster.stop(mode)

    def start(self) -> None:
        assert self.cluster is not None
        self.cluster.start()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A PostgreSQL server for the session: $QUEST_TEST_PG, else a throw-away local cluster."""
    external = os.environ.get("QUEST_TEST_PG")
    if external:
        yield PgServer(external, None)
        return
    if find_pg_bin() is None:
        _unavailable(
            "PostgreSQL binaries not found (install the Debian `postgresql` package, "
            "as .ci/services does, or set QUEST_TEST_PG=postgresql://...)"
        )
    if os.geteuid() == 0 and (not _has_user("postgres") or shutil.which("runuser") is None):
        _unavailable(
            "as root the test server runs as the `postgres` user through runuser: install the "
            "Debian `postgresql` package (it creates that user), or run the tests as a normal user"
        )
    cluster = start_cluster(fast=True)
    try:
        yield PgServer(cluster.url(), cluster)
    finally:
        cluster.destroy()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """A postgresql:// URL whose search path is a fresh, empty schema (dropped afterwards)."""
    if pg_server.cluster is not None and not pg_server.cluster.running:
        pg_server.start()  # a previous test left it stopped
    url, schema = fresh_schema_url(pg_server.url)
    yield url
    if pg_server.cluster is not None and not pg_server.cluster.running:
        pg_server.start()
    drop_schema(pg_server.url, schema)
