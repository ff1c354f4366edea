"""The `bloxtr8` command line, run as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import asyncpg
import pytest
from tortoise.models import Model

import models
from bot.db import MIGRATIONS_DIR, libpq_url
from tests.conftest import PgServer

MODEL_TABLES = [
    name
    for name in models.__all__
    if isinstance(getattr(models, name), type) and issubclass(getattr(models, name), Model)
]


def bloxtr8(
    *args: str,
    cwd: Path,
    env: Mapping[str, str | None] | None = None,
    stdin: str | None = None,
    command: list[str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` in `cwd`, its data in `cwd/.bloxtr8` (`env` value None: unset)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DISCORD"))}
    base.update({"DATA_DIR": str(cwd / ".bloxtr8"), "LOG_LEVEL": "WARNING"})
    for key, value in (env or {}).items():
        if value is None:
            base.pop(key, None)
        else:
            base[key] = value
    return subprocess.run(
        [*(command or [sys.executable, "-m", "bot"]), *args],
        cwd=cwd,
        env=base,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_run_without_a_token_exits_2_and_says_how_to_get_one(tmp_path: Path) -> None:
    result = bloxtr8("run", cwd=tmp_path)
    assert result.returncode == 2
    assert "discord.com/developers/applications" in result.stderr
    assert "DISCORD_TOKEN" in result.stderr
    assert not (tmp_path / ".bloxtr8").exists()  # no database started for nothing


async def test_embedded_database_lifecycle(tmp_path: Path) -> None:
    """A new data directory: upgrade creates every table, check passes, the server stops."""
    upgraded = bloxtr8("db", "upgrade", cwd=tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "Applied: 0_" in upgraded.stdout
    assert (tmp_path / ".bloxtr8" / "pg" / "PG_VERSION").exists()
    assert bloxtr8("db", "status", cwd=tmp_path).stdout.strip().endswith("stopped")

    checked = bloxtr8("db", "check", cwd=tmp_path)
    assert checked.returncode == 0 and "agree" in checked.stdout

    tables = bloxtr8(
        "db", "shell", "-At", "-c",
        "select count(*) from pg_tables where schemaname='public'",
        cwd=tmp_path,
    )  # fmt: skip
    assert tables.returncode == 0, tables.stderr
    assert int(tables.stdout.strip()) == len(MODEL_TABLES) + 2  # + listing_search, aerich

    history = bloxtr8("db", "history", cwd=tmp_path)
    assert history.stdout.startswith("applied  0_")

    url = bloxtr8("db", "url", cwd=tmp_path)
    assert url.stdout.startswith("postgresql://postgres@/bloxtr8?host=")
    assert "db start" in url.stderr

    # `db start` keeps it running; other commands reuse it and leave it running.
    assert bloxtr8("db", "start", cwd=tmp_path).returncode == 0
    try:
        assert bloxtr8("db", "upgrade", cwd=tmp_path).stdout.strip() == "Database is up to date."
        assert bloxtr8("db", "status", cwd=tmp_path).stdout.strip().endswith("running")
        live_url = bloxtr8("db", "url", cwd=tmp_path).stdout.strip()
        conn = await asyncpg.connect(live_url)  # an outside tool can connect
        assert await conn.fetchval("select count(*) from users") == 0
        await conn.close()
    finally:
        stopped = bloxtr8("db", "stop", cwd=tmp_path)
    assert "stopped" in stopped.stdout
    assert bloxtr8("db", "status", cwd=tmp_path).stdout.strip().endswith("stopped")


async def test_seed_reset_and_audit_verify(tmp_path: Path, pg_server: PgServer) -> None:
    name = f"bloxtr8_cli_{os.getpid()}"
    url = await pg_server.create_database(name)
    env = {"DATABASE_URL": url}
    try:
        seeded = bloxtr8("db", "seed", cwd=tmp_path, env=env)
        assert seeded.returncode == 0, seeded.stderr
        assert "escrows" in seeded.stdout

        sealed = bloxtr8("audit", "seal", cwd=tmp_path, env=env)
        assert sealed.returncode == 0, sealed.stderr
        verified = bloxtr8("audit", "verify", cwd=tmp_path, env=env)
        assert verified.returncode == 0, verified.stderr
        assert "intact" in verified.stdout

        conn = await asyncpg.connect(libpq_url(url))
        try:
            victim = await conn.fetchval("select id from audit_logs order by chain_seq limit 1")
            await conn.execute("SET session_replication_role = replica")
            await conn.execute(
                "UPDATE audit_logs SET actor_label = 'someone else' WHERE id = $1", victim
            )
        finally:
            await conn.close()
        broken = bloxtr8("audit", "verify", cwd=tmp_path, env=env)
        assert broken.returncode == 1
        assert f"row id {victim}" in broken.stderr

        refused = bloxtr8("db", "reset", cwd=tmp_path, env=env, stdin="no\n")
        assert refused.returncode == 1 and "Nothing changed" in refused.stdout
        reset = bloxtr8("db", "reset", "--yes", cwd=tmp_path, env=env)
        assert reset.returncode == 0, reset.stderr
        conn = await asyncpg.connect(libpq_url(url))
        try:
            assert await conn.fetchval("select count(*) from audit_logs") == 0
            files = len(list((MIGRATIONS_DIR / "models").glob("[0-9]*_*.py")))
            assert await conn.fetchval("select count(*) from aerich") == files
        finally:
            await conn.close()
    finally:
        await pg_server.drop_database(name)


async def test_a_database_that_will_not_start_names_its_log(tmp_path: Path) -> None:
    pg = tmp_path / ".bloxtr8" / "pg"
    assert bloxtr8("db", "upgrade", cwd=tmp_path).returncode == 0
    (pg / "PG_VERSION").write_text("9\n")  # a data directory from another major version
    result = bloxtr8("db", "upgrade", cwd=tmp_path)
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert "incompatible" in result.stderr  # the server's own reason, from its log
    assert f"server log is at: {pg / 'log'}" in result.stderr


@pytest.mark.parametrize("args", [["db", "seed", "--scale", "0"], ["db", "frobnicate"]])
async def test_bad_arguments_are_refused(tmp_path: Path, args: list[str]) -> None:
    result = bloxtr8(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert "usage:" in result.stderr


async def test_run_with_a_bad_token_or_no_network_fails_plainly(tmp_path: Path) -> None:
    """It migrates, tries to log in, says why it can't, and leaves nothing running."""
    result = bloxtr8("run", "--no-sync", cwd=tmp_path, env={"DISCORD_TOKEN": "not-a-token"})
    assert result.returncode in (1, 2), result.stderr
    assert "Traceback" not in result.stderr
    assert "refused the bot token" in result.stderr or "Could not reach Discord" in result.stderr
    assert "voice will NOT be supported" not in result.stderr  # no voice, no warning
    assert bloxtr8("db", "status", cwd=tmp_path).stdout.strip().endswith("stopped")
    assert bloxtr8("db", "history", cwd=tmp_path).stdout.count("applied") >= 2
