"""The project against the original Prisma stack, side by side: one command.

    python bench/sidebyside/run.py [--scale 1] [--rounds 1] [--duration 10]
        [--prisma-result FILE] [--profile W3] [--out DIR] [--keep]

Starts a throwaway PostgreSQL 15 cluster, writes the neutral CSV rows at scale S
(`prisma/gen_data.py`), loads them into the original schema (`prisma/schema.sql` +
`prisma/load_prisma.sh`) and into the project's own schema (migrations + `load_project.py`),
keeps each loaded database as a template, then runs, in each round and on the same server:
Prisma (original schema), Prisma with its two extra indexes, the project. Every timed run
starts from a fresh copy of its template, after a CHECKPOINT, once the 1-minute load average
is below 1 (or after `--max-wait` seconds). The load average at the start and end of each run
is recorded. At the end it prints the ratios (project ops/s over Prisma ops/s).

Prisma runs when `prisma/node_modules` and `prisma/generated` exist (see prisma/README.md:
`npm ci && npm run generate` there, with `prisma/prisma/schema.prisma` taken from the original
repository). Without them, give `--prisma-result` (a JSON from `prisma/run.sh`, or a saved
result of this command) and only the project's side is run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PRISMA = HERE / "prisma"
PG = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PORT = int(os.environ.get("BENCH_PG_PORT", "54341"))
BASE = f"postgresql://postgres@127.0.0.1:{PORT}"
ENV = dict(os.environ, PGHOST="127.0.0.1", PGPORT=str(PORT), PGUSER="postgres")
KEYS = [
    ("W1", "W1_user_by_discord_id"),
    ("W2", "W2_active_listings_page"),
    ("W3", "W3_escrow_by_id"),
    ("W4", "W4_create_offer"),
    ("W5", "W5_escrow_mark_delivered_tx"),
]


def log(*a: object) -> None:
    print(f"[run {time.strftime('%H:%M:%S')}]", *a, file=sys.stderr, flush=True)


def loadavg() -> list[float]:
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


def wait_quiet(max_wait: int) -> dict[str, Any]:
    t0 = time.time()
    while True:
        la = loadavg()
        if la[0] < 1.0 or time.time() - t0 > max_wait:
            return {"waited_s": round(time.time() - t0), "load_at_start": la}
        time.sleep(10)


def psql(db: str, *args: str) -> None:
    subprocess.run(
        [str(PG / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, *args],
        env=ENV,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def fresh(db: str, template: str, extra_sql: Path | None = None) -> None:
    psql(
        "postgres",
        "-c",
        f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)',
        "-c",
        f'CREATE DATABASE "{db}" TEMPLATE "{template}"',
    )
    if extra_sql is not None:
        psql(db, "-f", str(extra_sql), "-c", "ANALYZE")
    psql("postgres", "-c", "CHECKPOINT")


class Cluster:
    def __init__(self, keep: bool) -> None:
        self.work = Path(tempfile.mkdtemp(prefix="bloxtr8-sidebyside."))
        self.work.chmod(0o755)
        self.data = self.work / "pg"
        self.keep = keep
        self.root = os.getuid() == 0

    def as_pg(self, *cmd: str) -> None:
        full = ["runuser", "-u", "postgres", "--", *cmd] if self.root else list(cmd)
        subprocess.run(full, check=True, stdout=subprocess.DEVNULL)

    def start(self) -> None:
        self.data.mkdir()
        if self.root:
            shutil.chown(self.data, "postgres", "postgres")
        self.as_pg(
            str(PG / "initdb"),
            "-D",
            str(self.data / "d"),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        sock = self.work / "sock"
        sock.mkdir()
        if self.root:
            shutil.chown(sock, "postgres", "postgres")
        opts = (
            f"-p {PORT} -k {sock} -c listen_addresses=127.0.0.1 -c shared_buffers=512MB "
            "-c max_connections=100"
        )
        self.as_pg(
            str(PG / "pg_ctl"),
            "-D",
            str(self.data / "d"),
            "-l",
            str(self.data / "server.log"),
            "-w",
            "-t",
            "60",
            "-o",
            opts,
            "start",
        )

    def stop(self) -> None:
        try:
            self.as_pg(str(PG / "pg_ctl"), "-D", str(self.data / "d"), "-m", "fast", "-w", "stop")
        finally:
            if not self.keep:
                shutil.rmtree(self.work, ignore_errors=True)


def prisma_available() -> bool:
    return (PRISMA / "node_modules").is_dir() and (PRISMA / "generated" / "prisma").is_dir()


def load(scale: float, data: Path, with_prisma: bool) -> None:
    log("generate dataset S =", scale)
    subprocess.run(
        [sys.executable, str(PRISMA / "gen_data.py"), str(data), "--scale", str(scale)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    if with_prisma:
        log("load the original schema")
        psql("postgres", "-c", "CREATE DATABASE prisma_tpl")
        psql("prisma_tpl", "-f", str(PRISMA / "schema.sql"))
        subprocess.run(
            [str(PRISMA / "load_prisma.sh"), str(data), f"{BASE}/prisma_tpl"],
            env=dict(ENV, PSQL=str(PG / "psql")),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    log("load the project's schema")
    psql("postgres", "-c", "CREATE DATABASE project_tpl")
    url = f"postgres://postgres@127.0.0.1:{PORT}/project_tpl"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import asyncio,sys; from bot import migrate; asyncio.run(migrate.upgrade(sys.argv[1]))",
            url,
        ],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [sys.executable, str(HERE / "load_project.py"), str(data), url],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def run_side(kind: str, a: argparse.Namespace, out: Path, tag: str) -> dict[str, Any] | None:
    env = ENV
    if kind in ("project", "baseline"):
        db = "project_run"
        fresh(db, "project_tpl")
        script = str(HERE / "bench_project.py")
        if kind == "baseline":  # another checkout of the project, with its own bench_project.py
            env = dict(ENV, PROJECT_DIR=str(a.baseline_project))
            script = str(a.baseline_project / "bench" / "sidebyside" / "bench_project.py")
        cmd = [
            sys.executable,
            script,
            "--url",
            f"postgres://postgres@127.0.0.1:{PORT}/{db}",
            "--template",
            "project_tpl",
            "--workloads",
            a.workloads,
        ]
        if a.profile:
            cmd += ["--profile", a.profile, "--profile-out", str(out / f"{tag}.profile")]
        cwd = ROOT
    else:
        db = "prisma_run"
        fresh(db, "prisma_tpl", PRISMA / "extra_indexes.sql" if kind == "prisma_x" else None)
        cmd = ["npx", "tsx", "bench.ts", "--url", f"{BASE}/{db}"]
        cwd = PRISMA
    cmd += [
        "--duration",
        str(a.duration),
        "--warmup",
        str(a.warmup),
        "--concurrency",
        str(a.concurrency),
    ]
    gate = wait_quiet(a.max_wait)
    log(tag, "load", gate["load_at_start"])
    t0 = time.time()
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    la_end = loadavg()
    if p.returncode != 0:
        log("FAILED", tag, p.stderr[-3000:])
        (out / f"{tag}.err").write_text(p.stderr)
        return None
    res: dict[str, Any] = json.loads(p.stdout)
    res["run"] = {
        "side": kind,
        "started": time.strftime("%H:%M:%S", time.localtime(t0)),
        "wall_s": round(time.time() - t0, 1),
        **gate,
        "load_at_end": la_end,
    }
    (out / f"{tag}.json").write_text(json.dumps(res, indent=2))
    return res


def ops(res: dict[str, Any] | None, key: str) -> float | None:
    if not res:
        return None
    w = res.get("workloads", res).get(key)
    return None if w is None else float(w["ops_per_s"])


def table(rounds: list[dict[str, Any]]) -> str:
    """ops/s per workload and round; ratios are project / Prisma (and / Prisma + 2 indexes)."""
    head = "| workload | Prisma | Prisma + 2 idx | baseline | project | ratio | ratio vs idx |"
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|"]
    for i, r in enumerate(rounds, 1):
        keys = list((r["project"] or {}).get("workloads", {}))
        for key in keys:
            short = key.split("_")[0]
            prisma_key = dict(KEYS).get(short)
            pr = ops(r.get("prisma"), prisma_key) if prisma_key else None
            px = ops(r.get("prisma_x"), prisma_key) if prisma_key else None
            py, base = ops(r["project"], key), ops(r.get("baseline"), key)
            rat = f"{py / pr:.2f}" if pr and py else "–"
            ratx = f"{py / px:.2f}" if px and py else "–"
            lines.append(
                f"| {short} r{i} | {pr or '–'} | {px or '–'} | {base or '–'} | {py} | {rat} "
                f"| {ratx} |"
            )
        for side in ("prisma", "prisma_x", "baseline", "project"):
            run = (r.get(side) or {}).get("run")
            if run:
                lines.append(
                    f"| load {side} r{i} | start {run.get('load_at_start')} | end "
                    f"{run.get('load_at_end')} | | | | |"
                )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--scale", type=float, default=1)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--duration", type=float, default=10)
    ap.add_argument("--warmup", type=float, default=3)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--workloads", default="W1,W1O,W2,W2O,W3,W3O,W4,W4B,W5,W5B,W5C,W5D")
    ap.add_argument("--prisma-result", type=Path, default=None)
    ap.add_argument("--no-prisma-x", action="store_true", help="skip the extra-index Prisma run")
    ap.add_argument("--profile", default=None, help="cProfile one project workload, e.g. W3")
    ap.add_argument("--max-wait", type=int, default=90)
    ap.add_argument("--out", type=Path, default=HERE / "results")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument(
        "--baseline-project",
        type=Path,
        default=None,
        help="also run this other checkout of the project (e.g. before a change) each round",
    )
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    with_prisma = a.prisma_result is None and prisma_available()
    if a.prisma_result is None and not with_prisma:
        sys.exit(
            "Prisma is not set up in bench/sidebyside/prisma (npm ci; npm run generate): "
            "give --prisma-result FILE instead."
        )
    cluster = Cluster(a.keep)
    cluster.start()
    rounds: list[dict[str, Any]] = []
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    try:
        load(a.scale, cluster.work / "data", with_prisma)
        given = json.loads(a.prisma_result.read_text()) if a.prisma_result else None
        for i in range(1, a.rounds + 1):
            r: dict[str, Any] = {"prisma": given}
            if with_prisma:
                r["prisma"] = run_side("prisma", a, a.out, f"{stamp}-S{a.scale:g}-r{i}-prisma")
                if not a.no_prisma_x:
                    r["prisma_x"] = run_side(
                        "prisma_x", a, a.out, f"{stamp}-S{a.scale:g}-r{i}-prisma_x"
                    )
            if a.baseline_project:
                r["baseline"] = run_side(
                    "baseline", a, a.out, f"{stamp}-S{a.scale:g}-r{i}-baseline"
                )
            r["project"] = run_side("project", a, a.out, f"{stamp}-S{a.scale:g}-r{i}-project")
            rounds.append(r)
    finally:
        cluster.stop()
    text = table(rounds)
    (a.out / f"{stamp}-S{a.scale:g}-summary.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
