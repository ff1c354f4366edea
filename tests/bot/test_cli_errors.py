"""Every mistake a newcomer makes ends in one or two plain lines and a documented exit code.

Run as a real process, as a person runs it; `--debug` (or LOG_LEVEL=DEBUG) shows the traceback.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from bot.db import libpq_url
from tests.bot.test_cli import bloxtr8
from tests.conftest import PgServer

REPO = Path(__file__).resolve().parents[2]

USAGE, DATABASE, NOT_MIGRATED = 2, 3, 4


def plain(result: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    """The command failed with `code`, saying `words`, in at most a few lines, no traceback."""
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)


# --- configuration ------------------------------------------------------------------------


async def test_the_example_env_file_copied_as_is_works(tmp_path: Path) -> None:
    """Empty values in .env.example mean "unset": no pydantic error, the defaults apply."""
    shutil.copy(REPO / ".env.example", tmp_path / ".env")
    status = bloxtr8("db", "status", cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    assert "Traceback" not in status.stderr
    run = bloxtr8("run", cwd=tmp_path)
    assert run.returncode == USAGE and "DISCORD_TOKEN" in run.stderr  # the token, nothing else
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("STAFF_USER_IDS", "abc", "not a Discord user id"),
        ("LOG_LEVEL", "verbose", "not a log level"),
        ("WEB_PORT", "http", "valid integer"),
        ("SHARD_COUNT", "0", "greater than or equal to 1"),
    ],
)
async def test_a_bad_setting_is_named_with_what_to_do(
    tmp_path: Path, key: str, value: str, says: str
) -> None:
    result = bloxtr8("db", "status", cwd=tmp_path, env={key: value})
    plain(result, USAGE, f"{key}={value!r}", says, ".env.example")


async def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = bloxtr8("--debug", "db", "status", cwd=tmp_path, env={"STAFF_USER_IDS": "abc"})
    assert result.returncode == USAGE
    assert "Traceback" in result.stderr and "ValidationError" in result.stderr
    assert "error: invalid setting: STAFF_USER_IDS" in result.stderr
    by_level = bloxtr8(
        "db", "status", cwd=tmp_path, env={"STAFF_USER_IDS": "x", "LOG_LEVEL": "debug"}
    )
    assert by_level.returncode == USAGE and "Traceback" in by_level.stderr


async def test_version(tmp_path: Path) -> None:
    from importlib.metadata import version

    result = bloxtr8("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"bloxtr8 {version('bloxtr8')}"


async def test_help_documents_the_exit_codes(tmp_path: Path) -> None:
    result = bloxtr8("--help", cwd=tmp_path)
    assert result.returncode == 0
    for code in ("0", "1", "2", "3", "4", "70", "130"):
        assert f"\n  {code} " in result.stdout


# --- the database -------------------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # nothing listens there once closed


@pytest.mark.parametrize(
    ("url", "code", "says"),
    [
        ("postgres://bloxtr8:secret@127.0.0.1:{port}/bloxtr8", DATABASE, "could not connect"),
        ("mysql://bloxtr8:secret@localhost/bloxtr8", USAGE, "needs PostgreSQL"),
        ("postgres://localhost:http/bloxtr8", USAGE, "not a valid URL"),
        ("localhost/bloxtr8", USAGE, "not a URL"),
        ("postgres://localhost:5432", USAGE, "names no database"),
    ],
)
async def test_a_database_url_that_cannot_work_is_explained(
    tmp_path: Path, url: str, code: int, says: str
) -> None:
    url = url.format(port=closed_port())
    result = bloxtr8("db", "upgrade", cwd=tmp_path, env={"DATABASE_URL": url})
    plain(result, code, says, "DATABASE_URL")
    assert "secret" not in result.stderr + result.stdout  # never the password
    assert not (tmp_path / ".bloxtr8").exists()


def read_only_runner(directory: Path) -> list[str]:
    """A command prefix under which `directory` cannot be written to, even as root."""
    if os.geteuid() != 0:
        directory.chmod(0o555)
        return []
    unshare = shutil.which("unshare")
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && shift && exec "$@"'
    if (
        unshare is None
        or subprocess.run(
            [unshare, "-m", "sh", "-c", script, str(directory), "_", "true"], check=False
        ).returncode
    ):
        pytest.skip("no way to make a read-only directory for root here")
    return [unshare, "-m", "sh", "-c", script, str(directory), "_"]


def test_a_read_only_data_dir_is_explained(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    prefix = read_only_runner(data)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DISCORD"))}
    env.update({"DATA_DIR": str(data), "LOG_LEVEL": "WARNING"})
    result = subprocess.run(
        [*prefix, sys.executable, "-m", "bot", "db", "upgrade"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    plain(result, USAGE, f"cannot write to the data directory {data}", "Set DATA_DIR")


async def test_a_web_port_in_use_is_explained_before_anything_starts(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = bloxtr8(
            "run", cwd=tmp_path, env={"DISCORD_TOKEN": "x" * 59, "WEB_PORT": str(port)}
        )
    plain(result, USAGE, f"127.0.0.1:{port}", "already in use", "WEB_PORT")
    assert not (tmp_path / ".bloxtr8").exists()  # no database started for nothing


async def test_db_reset_without_a_terminal_asks_for_yes(tmp_path: Path) -> None:
    result = bloxtr8("db", "reset", cwd=tmp_path, stdin="")
    plain(result, USAGE, "no terminal", "--yes")


async def test_a_fresh_database_says_to_upgrade(tmp_path: Path, fresh_database: str) -> None:
    env = {"DATABASE_URL": fresh_database}
    history = bloxtr8("db", "history", cwd=tmp_path, env=env)
    assert history.returncode == 0, history.stderr
    lines = history.stdout.splitlines()
    assert lines and all(line.startswith("pending  ") for line in lines)
    assert "No migrations applied yet: run `bloxtr8 db upgrade`" in history.stderr
    for command in (["audit", "verify"], ["audit", "seal"]):
        result = bloxtr8(*command, cwd=tmp_path, env=env)
        plain(result, NOT_MIGRATED, "no migrations applied yet: run `bloxtr8 db upgrade`")
    plain(bloxtr8("db", "downgrade", cwd=tmp_path, env=env), NOT_MIGRATED, "nothing to downgrade")


async def test_downgrade_past_the_first_or_to_an_unknown_version(
    tmp_path: Path, fresh_database: str
) -> None:
    env = {"DATABASE_URL": fresh_database}
    upgraded = bloxtr8("db", "upgrade", cwd=tmp_path, env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "Applying migration 0_" in upgraded.stderr  # each one, as it runs
    plain(bloxtr8("db", "downgrade", "--version", "99", cwd=tmp_path, env=env), NOT_MIGRATED,
          "no applied migration is numbered 99", "db history")  # fmt: skip
    plain(bloxtr8("db", "downgrade", "--version", "-3", cwd=tmp_path, env=env), USAGE,
          "not a migration number")  # fmt: skip
    everything = bloxtr8("db", "downgrade", "--version", "0", cwd=tmp_path, env=env)
    assert everything.returncode == 0, everything.stderr
    plain(bloxtr8("db", "downgrade", cwd=tmp_path, env=env), NOT_MIGRATED, "nothing to downgrade")


async def test_scale_seed_over_existing_data_asks_for_yes(
    tmp_path: Path, pg_server: PgServer
) -> None:
    name = f"bloxtr8_scale_{os.getpid()}"
    url = await pg_server.create_database(name)
    env = {"DATABASE_URL": url}
    try:
        assert bloxtr8("db", "upgrade", cwd=tmp_path, env=env).returncode == 0
        conn = await asyncpg.connect(libpq_url(url))
        try:
            await conn.execute(
                "INSERT INTO users (created_at, updated_at, discord_id, username, kyc_tier, "
                "kyc_verified, wallet_risk, stripe_payouts_enabled) "
                "VALUES (now(), now(), 2, 'u', 'TIER_1', false, 'UNKNOWN', false)"
            )
        finally:
            await conn.close()
        result = bloxtr8("db", "seed", "--scale", "1", cwd=tmp_path, env=env)
        plain(result, USAGE, "already has data (1 users, 0 listings)", "--yes")
        conn = await asyncpg.connect(libpq_url(url))
        try:
            assert await conn.fetchval("SELECT count(*) FROM users") == 1  # nothing added
        finally:
            await conn.close()
    finally:
        await pg_server.drop_database(name)


def test_an_unexpected_error_is_one_line_and_code_70(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug (not a set-up mistake) says so in one line; --debug shows where it happened."""
    from bot import __main__ as cli

    def broken(settings: object, args: object) -> int:
        raise RuntimeError("the sky fell")

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    monkeypatch.setattr(cli, "cmd_db_status", broken)
    assert cli.main(["db", "status"]) == 70
    err = capsys.readouterr().err
    assert "error: unexpected RuntimeError: the sky fell" in err
    assert "--debug" in err and "Traceback" not in err
    assert cli.main(["--debug", "db", "status"]) == 70
    assert "Traceback" in capsys.readouterr().err
