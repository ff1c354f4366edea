"""The first run says what it does, survives being interrupted, and uses one data directory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot.migrate import migration_files
from tests.bot.test_cli import bloxtr8


async def test_the_first_start_says_what_it_is_doing(tmp_path: Path) -> None:
    pg = tmp_path / ".bloxtr8" / "pg"
    first = bloxtr8("db", "upgrade", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    lines = first.stderr.splitlines()
    assert lines[0] == f"Data directory: {pg.parent} (embedded PostgreSQL in {pg})"
    assert lines[1].startswith(f"Initialising the embedded PostgreSQL in {pg}…")
    applying = [line for line in lines if line.startswith("Applying migration ")]
    assert applying and applying[0] == "Applying migration 0_20261126131106_init.py…"
    assert len(applying) == first.stdout.count(".py")  # one line for each applied
    again = bloxtr8("db", "history", cwd=tmp_path)
    assert "Initialising" not in again.stderr
    assert again.stderr.startswith(f"Data directory: {pg.parent}")


async def test_a_half_made_data_directory_is_initialised_again(tmp_path: Path) -> None:
    """What an interrupted first start used to leave: a cluster that never finished."""
    pg = tmp_path / ".bloxtr8" / "pg"
    (pg / "global").mkdir(parents=True)
    (pg / "PG_VERSION").write_text("18\n")
    (tmp_path / ".bloxtr8" / "pg.initialising").mkdir()  # and a staging directory left over
    result = bloxtr8("db", "reset", "--yes", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"{pg} holds no complete PostgreSQL cluster" in result.stderr
    assert "removed it; initialising it again" in result.stderr
    assert not (tmp_path / ".bloxtr8" / "pg.initialising").exists()
    applied = len(migration_files())
    assert f"Database reset; applied {applied} migration(s)." in result.stdout


async def test_a_cluster_cut_short_after_its_bootstrap_is_kept_aside(tmp_path: Path) -> None:
    """A control file but not every database: not deleted (it is not ours to judge), moved."""
    data = tmp_path / ".bloxtr8"
    (data / "pg" / "global").mkdir(parents=True)
    (data / "pg" / "base" / "1").mkdir(parents=True)
    (data / "pg" / "global" / "pg_control").write_bytes(b"\0" * 16)
    (data / "pg" / "PG_VERSION").write_text("18\n")
    result = bloxtr8("db", "upgrade", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (aside,) = data.glob("pg.incomplete-*")
    assert f"moved it to {aside}" in result.stderr
    assert (aside / "global" / "pg_control").exists()
    assert "Applied: 0_" in result.stdout


def test_ctrl_c_during_the_first_start_leaves_nothing_half_made(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DISCORD"))}
    env.update({"DATA_DIR": str(tmp_path / ".bloxtr8"), "LOG_LEVEL": "WARNING"})
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "db", "upgrade"],
        cwd=tmp_path,
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    assert process.stderr is not None
    seen = ""
    deadline = time.monotonic() + 60
    while "Initialising" not in seen and time.monotonic() < deadline:
        seen += process.stderr.readline()
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends: to the whole group
    rest = process.stderr.read()
    assert process.wait(timeout=60) == 130, seen + rest
    assert "Interrupted." in rest and "Traceback" not in rest
    assert not (tmp_path / ".bloxtr8" / "pg.initialising").exists()

    after = bloxtr8("db", "upgrade", cwd=tmp_path)
    assert after.returncode == 0, after.stderr
    assert "Applied: 0_" in after.stdout or "up to date" in after.stdout


async def test_every_directory_uses_the_same_per_user_database(tmp_path: Path) -> None:
    """With DATA_DIR unset, the data lives in the per-user data directory, not in the cwd."""
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    xdg = tmp_path / "xdg"
    env: dict[str, str | None] = {"DATA_DIR": None, "XDG_DATA_HOME": str(xdg)}
    data = xdg / "bloxtr8"
    upgraded = bloxtr8("db", "upgrade", cwd=one, env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"Data directory: {data} (embedded PostgreSQL in {data / 'pg'})" in upgraded.stderr
    history = bloxtr8("db", "history", cwd=two, env=env)
    assert history.returncode == 0, history.stderr
    assert "pending" not in history.stdout and "applied  0_" in history.stdout
    assert not (one / ".bloxtr8").exists() and not (two / ".bloxtr8").exists()


async def test_status_prints_absolute_paths_and_names_an_old_data_dir(tmp_path: Path) -> None:
    relative = bloxtr8("db", "status", cwd=tmp_path, env={"DATA_DIR": "somewhere"})
    assert (
        relative.stdout.strip()
        == f"Embedded PostgreSQL in {tmp_path / 'somewhere' / 'pg'}: stopped"
    )

    (tmp_path / ".bloxtr8" / "pg").mkdir(parents=True)  # the default of earlier versions
    xdg = str(tmp_path / "xdg")
    old = bloxtr8("db", "status", cwd=tmp_path, env={"DATA_DIR": None, "XDG_DATA_HOME": xdg})
    assert f"set DATA_DIR={tmp_path / '.bloxtr8'} to keep using it" in old.stderr
