"""The Dockerfile and compose.yaml, read and checked as files (the image itself is built and
run in test_image.py wherever a container engine answers)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined, comments dropped."""
    text = (REPO / "Dockerfile").read_text()
    joined = re.sub(r"\\\n", " ", text)
    out = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def final_stage(instructions: list[tuple[str, str]]) -> list[tuple[str, str]]:
    starts = [i for i, (word, _) in enumerate(instructions) if word == "FROM"]
    return instructions[starts[-1] :]


def test_the_image_installs_from_the_lock_and_runs_as_a_user() -> None:
    steps = dockerfile_instructions()
    copies = [args for word, args in steps if word == "COPY"]
    runs = [args for word, args in steps if word == "RUN"]
    assert any(args.split()[0] == "requirements-runtime.lock" for args in copies)
    locked = [r for r in runs if "-r requirements-runtime.lock" in r]
    assert locked and all("--require-hashes" in r for r in locked)
    # bloxtr8 itself adds no dependency the lock didn't pin.
    project = [r for r in runs if re.search(r"pip install .*--no-deps .*\.(\s|$)", r)]
    assert project, runs
    # The lock is installed before the sources are copied (a cached dependency layer).
    first_source = next(i for i, (w, a) in enumerate(steps) if w == "COPY" and "bot" in a)
    lock_install = next(i for i, (w, a) in enumerate(steps) if w == "RUN" and "requirements" in a)
    assert lock_install < first_source

    last = final_stage(steps)
    users = [args for word, args in last if word == "USER"]
    assert users, "the runtime stage sets no USER"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    assert any(word == "RUN" and "useradd" in args and user in args for word, args in last)
    entry = [args for word, args in last if word == "ENTRYPOINT"]
    assert entry and yaml.safe_load(entry[-1]) == ["bloxtr8"]
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert "bloxtr8" in scripts


def test_the_base_image_is_python_3_11_on_bookworm_unless_chosen_otherwise() -> None:
    steps = dockerfile_instructions()
    args = [a for w, a in steps if w == "ARG" and a.startswith("PYTHON_IMAGE=")]
    assert args == ["PYTHON_IMAGE=python:3.11-slim-bookworm"]
    # Declared before the first FROM, so both stages can use it, and both do.
    assert steps.index(("ARG", args[0])) < next(i for i, (w, _) in enumerate(steps) if w == "FROM")
    froms = [a.split()[0] for w, a in steps if w == "FROM"]
    assert froms == ["${PYTHON_IMAGE}", "${PYTHON_IMAGE}"]


def test_the_build_context_leaves_secrets_and_local_data_out() -> None:
    ignore = (REPO / ".dockerignore").read_text().splitlines()
    assert ignore[[line.strip() for line in ignore].index("*")] == "*"  # allow-list
    allowed = {line[1:].strip("/") for line in ignore if line.startswith("!")}
    assert ".env" not in allowed and ".git" not in allowed
    copied = {
        args.split()[0].strip("./")
        for word, args in dockerfile_instructions()
        if word == "COPY" and not args.startswith("--from")
    }
    assert copied <= allowed, copied - allowed


def compose() -> dict[str, Any]:
    data = yaml.safe_load((REPO / "compose.yaml").read_text())
    assert isinstance(data, dict)
    return data


def test_compose_runs_postgres_a_migration_a_web_process_two_shards_and_a_worker() -> None:
    services = compose()["services"]
    assert set(services) == {"postgres", "migrate", "web", "shard-0", "shard-1", "worker"}
    assert services["postgres"]["image"].startswith("postgres:")
    assert "healthcheck" in services["postgres"]
    assert services["migrate"]["command"] == ["db", "upgrade"]
    assert services["migrate"]["restart"] == "no"
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert services["web"]["command"] == ["web"]
    assert services["shard-0"]["command"] == ["run", "--shards", "0-0", "--shard-count", "2"]
    assert services["shard-1"]["command"] == ["run", "--shards", "1-1", "--shard-count", "2"]
    assert services["worker"]["command"] == ["worker"]
    # The jobs run in the worker only: interactions never share a loop with a backlog.
    assert "JOBS" not in services["worker"]["environment"]  # all of them
    for name in ("web", "shard-0", "shard-1"):
        assert services[name]["environment"]["JOBS"] == "none"
    for name in ("migrate", "web", "shard-0", "shard-1", "worker"):
        service = services[name]
        assert service["image"] == "bloxtr8:latest" and service["build"] == "."
        env = service["environment"]
        assert (
            env["DATABASE_URL"].startswith("postgres://")
            and "@postgres:5432/" in env["DATABASE_URL"]
        )
        assert "bloxtr8-data:/var/lib/bloxtr8" in service["volumes"]  # one audit key, shared
    for name in ("web", "shard-0", "shard-1", "worker"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    # Only the web process is published; the shards have no port to share.
    assert "ports" in services["web"]
    assert all("ports" not in services[n] for n in ("shard-0", "shard-1", "worker", "migrate"))
    assert "/readyz" in " ".join(services["web"]["healthcheck"]["test"])
    assert set(compose()["volumes"]) == {"pgdata", "bloxtr8-data"}


def test_every_setting_compose_passes_is_one_bloxtr8_reads() -> None:
    from bot.config import Settings

    fields = {name.upper() for name in Settings.model_fields}
    for name, service in compose()["services"].items():
        if name != "postgres":
            assert set(service["environment"]) <= fields, name


def _pins(path: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """Each pinned package of a lock file: its version and hashes."""
    pins: dict[str, tuple[str, frozenset[str]]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", path.read_text()):
        head = re.match(r"([A-Za-z0-9_.\-]+)==(\S+)", block)
        if head:
            hashes = frozenset(re.findall(r"--hash=(sha256:[0-9a-f]+)", block))
            pins[head.group(1).lower()] = (head.group(2), hashes)
    return pins


def test_the_image_s_lock_pins_what_the_full_lock_pins() -> None:
    """The image installs requirements-runtime.lock (no test, lint or demo tools): every
    package in it is pinned to the same version with the same hashes as in
    requirements.lock, which CI tests, and it holds bloxtr8's own dependencies."""
    runtime = _pins(REPO / "requirements-runtime.lock")
    full = _pins(REPO / "requirements.lock")
    assert runtime and set(runtime) <= set(full)
    assert {name: full[name] for name in runtime} == runtime
    for needed in ("discord-py", "tortoise-orm", "asyncpg", "stripe", "aerich", "web3"):
        assert needed in runtime, needed
    assert "setuptools" in runtime  # the image builds bloxtr8 without build isolation
    for tool in ("pytest", "ruff", "mypy", "moto"):
        assert tool not in runtime, tool
