"""A normal (non-editable) install carries its migrations and creates every table."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import asyncpg

from bot.db import libpq_url
from tests.bot.test_cli import bloxtr8
from tests.migrations.test_migrations import public_tables

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("bot", "models", "migrations", "pyproject.toml", "README.md", "LICENSE")


def run(*command: str | Path, cwd: Path) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def build_wheel(tmp_path: Path) -> Path:
    """Build from a copy of the sources, so the work tree gets no build/ or egg-info."""
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(path, source / name)
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
        "--quiet", "-w", dist, source, cwd=tmp_path)  # fmt: skip
    (wheel,) = dist.glob("bloxtr8-*.whl")
    return wheel


async def test_the_wheel_installs_outside_the_repository_and_creates_every_table(
    tmp_path: Path, fresh_database: str, database_url: str
) -> None:
    wheel = build_wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    files = sorted(p.name for p in (REPO / "migrations" / "models").glob("[0-9]*_*.py"))
    assert files and all(f"migrations/models/{name}" in names for name in files)
    assert any(name.endswith("/licenses/LICENSE") for name in names)

    # A fresh environment that sees this interpreter's dependencies (not its bloxtr8).
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                    cwd=tmp_path).strip())  # fmt: skip
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--quiet",
        wheel, cwd=tmp_path)  # fmt: skip

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = run(python, "-c", "import bot, migrations; print(bot.__file__, migrations.__file__)",
                cwd=elsewhere)  # fmt: skip
    assert all(path.startswith(str(site)) for path in where.split()), where

    result = bloxtr8("db", "upgrade", cwd=elsewhere, env={"DATABASE_URL": fresh_database},
                     command=[str(venv / "bin" / "bloxtr8")])  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Applied: 0_")
    assert await public_tables(fresh_database) == await public_tables(database_url)
    conn = await asyncpg.connect(libpq_url(fresh_database))
    try:
        assert await conn.fetchval("SELECT count(*) FROM aerich") == len(files)
    finally:
        await conn.close()
    version = bloxtr8("--version", cwd=elsewhere, command=[str(venv / "bin" / "bloxtr8")])
    assert version.stdout.strip() == "bloxtr8 " + wheel.name.split("-")[1]
