"""A throwaway PostgreSQL server for the tests (and benchmarks/store_backends.py): initdb into a
temporary directory, started on 127.0.0.1 with a free port and its socket in that directory,
stopped and removed at the end. Nothing outside the directory is touched.

initdb refuses to run as root, so as root the server runs as the unprivileged `postgres`
user that Debian's package creates (runuser), with the directory handed to it.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from netutil import free_port  # tests/netutil.py: tests/ is on sys.path (rootdir conftest)


def find_bindir() -> Path | None:
    """Where initdb and pg_ctl are: `pg_config --bindir`, else the newest /usr/lib/postgresql/*/bin."""
    candidates = []
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        if out.returncode == 0:
            candidates.append(out.stdout.strip())
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
                      if Path(p).parent.name.isdigit() else 0, reverse=True)
    candidates += versions
    if shutil.which("initdb"):
        candidates.append(str(Path(shutil.which("initdb")).resolve().parent))
    for c in candidates:
        if (Path(c) / "initdb").exists() and (Path(c) / "pg_ctl").exists():
            return Path(c)
    return None


def why_unavailable() -> str | None:
    """None when a server can be started here, else the reason (for a skip message)."""
    if find_bindir() is None:
        return "PostgreSQL binaries (initdb, pg_ctl) not found; run scripts/install-postgres.sh"
    if os.geteuid() == 0:
        if not shutil.which("runuser"):
            return "running as root and no runuser to start PostgreSQL as another user"
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no `postgres` user to run initdb as"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed"
    return None


class PgServer:
    """`with PgServer() as pg: url = pg.create_database("x")`."""

    user = "communique"

    def __init__(self) -> None:
        self.bindir = find_bindir()
        if self.bindir is None:
            raise RuntimeError(why_unavailable())
        # Under /tmp, not pytest's tmp_path: that one is private to root, and the server's user
        # must reach its directory.
        self.base = Path(tempfile.mkdtemp(prefix="communique-pg-"))
        self.data = self.base / "data"
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        cmd = [*self.as_user, *args]
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=self.base)
        if out.returncode != 0:
            log = (self.base / "server.log")
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{out.stdout}\n{out.stderr}\n{tail}")

    def start(self) -> "PgServer":
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", self.user, "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        # Durability is not under test: no fsync keeps the server quick on a busy machine.
        opts = f"-h 127.0.0.1 -p {self.port} -k {self.base} -c fsync=off -c synchronous_commit=off " \
               "-c full_page_writes=off -c max_connections=200"
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.base / "server.log"),
                  "-o", opts, "-w", "-t", "60", "start")
        return self

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str) -> str:
        """A new, empty database; its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self) -> "PgServer":
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()
