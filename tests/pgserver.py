"""Pytest plugin: a throwaway PostgreSQL server for the test session.

Load it with ``pytest_plugins = ["pgserver"]`` (tests/ is on sys.path). Fixtures:

``postgres_url`` (session)
    SQLAlchemy URL ``postgresql+psycopg://postgres@127.0.0.1:PORT/sukien_test`` of a cluster
    created with initdb in a temp dir and stopped/removed at the end of the session. If
    ``SUKIEN_TEST_POSTGRES_URL`` is set it is used as-is and no server is started. Without
    PostgreSQL binaries the fixture skips, except under ``CI=true`` where it fails (install them
    with scripts/ci_postgres.sh).

``db_url`` (function, parametrised ``sqlite`` / ``postgresql``)
    ``sqlite:///<tmp_path>/kb.db``, or the URL of a fresh, empty PostgreSQL database that is
    dropped after the test.

``pg_database_url`` (function)
    The PostgreSQL half of ``db_url`` only.

PostgreSQL refuses to run as root, so as root the server runs as the ``postgres`` system user
(created with useradd if missing) and the temp dir is owned by it.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ENV_URL = "SUKIEN_TEST_POSTGRES_URL"
SESSION_DB = "sukien_test"
PG_USER = "postgres"
INSTALL_HINT = "PostgreSQL not installed; run scripts/ci_postgres.sh"

_db_counter = itertools.count(1)


# --------------------------------------------------------------------------- helpers


def _version_key(path: str) -> tuple[int, ...]:
    version = Path(path).parent.parent.name  # /usr/lib/postgresql/<version>/bin/initdb
    return tuple(int(n) for n in re.findall(r"\d+", version)) or (0,)


def find_pg_bindir() -> Path | None:
    """Directory holding initdb and pg_ctl: highest /usr/lib/postgresql/*/bin, else PATH."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key)
    for initdb in reversed(candidates):
        bindir = Path(initdb).parent
        if os.access(bindir / "initdb", os.X_OK) and os.access(bindir / "pg_ctl", os.X_OK):
            return bindir
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl", path=str(Path(initdb).parent)):
        return Path(initdb).parent
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _unprivileged_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(PG_USER)
    except KeyError:
        opts = "--system --user-group --no-create-home --home-dir /nonexistent"
        shell = "--shell /usr/sbin/nologin"
        cmd = ["useradd", *opts.split(), *shell.split(), PG_USER]
        subprocess.run(cmd, check=True, capture_output=True)
        return pwd.getpwnam(PG_USER)


def libpq_url(url: str) -> str:
    """SQLAlchemy URL -> libpq/psycopg conninfo URL (drops the ``+driver`` part)."""
    return re.sub(r"^postgres(?:ql)?(?:\+\w+)?://", "postgresql://", url)


def with_database(url: str, dbname: str) -> str:
    """The same server URL pointing at another database."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + dbname))


def _admin_connect(url: str):
    import psycopg  # test dependency: psycopg[binary]

    return psycopg.connect(libpq_url(url), autocommit=True, connect_timeout=10)


def create_database(server_url: str, dbname: str) -> str:
    """CREATE DATABASE on the server of ``server_url``; returns the new database's URL."""
    from psycopg import sql

    with _admin_connect(server_url) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    return with_database(server_url, dbname)


def drop_database(server_url: str, dbname: str) -> None:
    """DROP DATABASE, disconnecting leftover sessions (e.g. an undisposed engine's pool)."""
    import psycopg
    from psycopg import sql

    name = sql.Identifier(dbname)
    with _admin_connect(server_url) as conn:
        try:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        except psycopg.errors.SyntaxError:  # server older than PostgreSQL 13
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (dbname,),
            )
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))


@contextlib.contextmanager
def fresh_database(server_url: str, prefix: str = "sukien_t") -> Iterator[str]:
    """A new empty database on the server of ``server_url``, dropped on exit."""
    dbname = f"{prefix}_{os.getpid()}_{next(_db_counter)}"
    url = create_database(server_url, dbname)
    try:
        yield url
    finally:
        drop_database(server_url, dbname)


# --------------------------------------------------------------------------- server


class PostgresServer:
    """A throwaway cluster: initdb into a temp dir, pg_ctl start/stop, rm -rf."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.base = Path(tempfile.mkdtemp(prefix="sukien-pg-"))
        self.datadir = self.base / "data"
        self.logfile = self.base / "server.log"
        self.port = 0
        self.user: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            self.user = _unprivileged_user()
            os.chown(self.base, self.user.pw_uid, self.user.pw_gid)

    def _cmd(self, *args: str) -> list[str]:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.user is None:
            return cmd
        if shutil.which("runuser"):
            return ["runuser", "-u", self.user.pw_name, "--", *cmd]
        return ["su", "-s", "/bin/sh", self.user.pw_name, "-c", shlex.join(cmd)]

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            self._cmd(*args), cwd=self.base, capture_output=True, text=True, timeout=120
        )
        if check and proc.returncode != 0:
            log = self.logfile.read_text(errors="replace")[-3000:] if self.logfile.exists() else ""
            raise RuntimeError(
                f"{' '.join(args[:1])} failed (exit {proc.returncode}):\n"
                f"{proc.stdout}{proc.stderr}{log}"
            )
        return proc

    def initdb(self) -> None:
        common = ["-D", str(self.datadir), *"-A trust -U postgres --encoding=UTF8 -N".split()]
        proc = self._run("initdb", *common, "--locale=C.UTF-8", check=False)
        if proc.returncode != 0:  # no C.UTF-8 locale on this machine
            shutil.rmtree(self.datadir, ignore_errors=True)
            self._run("initdb", *common, "--no-locale")

    def start(self, attempts: int = 3) -> None:
        for attempt in range(attempts):
            self.port = _free_port()
            opts = (
                f"-c listen_addresses=127.0.0.1 -p {self.port} -k {shlex.quote(str(self.base))}"
                " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            args = ["-D", str(self.datadir), "-l", str(self.logfile), "-w", "-t", "60"]
            proc = self._run("pg_ctl", *args, "-o", opts, "start", check=attempt == attempts - 1)
            if proc.returncode == 0:
                return
            time.sleep(0.2)  # most likely the port was taken meanwhile; try another

    def stop(self) -> None:
        if self.datadir.joinpath("postmaster.pid").exists():
            args = ["-D", str(self.datadir), "-m", "immediate", "-w", "stop"]
            self._run("pg_ctl", *args, check=False)

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of database ``sukien_test`` on a PostgreSQL server for the whole session."""
    external = os.environ.get(ENV_URL)
    if external:
        yield external
        return
    bindir = find_pg_bindir()
    if bindir is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{INSTALL_HINT} (CI=true: PostgreSQL tests must not be skipped)")
        pytest.skip(INSTALL_HINT)
    server = PostgresServer(bindir)
    try:
        server.initdb()
        server.start()
        yield create_database(server.url, SESSION_DB)
    finally:
        server.cleanup()


@pytest.fixture
def pg_database_url(postgres_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    with fresh_database(postgres_url) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database per test, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/kb.db"
    else:
        yield request.getfixturevalue("pg_database_url")
