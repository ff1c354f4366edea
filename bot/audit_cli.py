"""`bloxtr8 audit …` and `bloxtr8 db runtime-role`: the audit chain's keys, witnesses and
privileges, set up the same way for the bot and for the command line.

- The HMAC key of the chain: `AUDIT_HMAC_KEY`, or (unset) a random key kept in
  `DATA_DIR/audit-hmac.key`, created on first use. Never in the database.
- The published chain heads: appended to `AUDIT_HEAD_FILE` (default
  `DATA_DIR/audit-heads.log`) after every seal, and posted to `PLATFORM_LOG_CHANNEL_ID`
  by the bot. `bloxtr8 audit verify --head <seq>:<hash>` (or `--head-file`) proves
  nothing was removed after that head.
- The runtime role: `bloxtr8 db runtime-role ROLE` grants the role the bot connects as
  (`DATABASE_URL`) what it needs and no more on `audit_logs`; migrations run as the owner
  (`MIGRATION_DATABASE_URL`).
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import asyncpg

from bot.config import Settings
from bot.db import EXIT_PROBLEM, Database, libpq_url, orm
from bot.migrate import require_migrated
from models.audit import (
    ChainHead,
    configure_chain,
    last_published_head,
    runtime_role_sql,
    seal_pending,
    verify_chain,
)

WithDatabase = Callable[[Settings, Callable[[Database], Coroutine[Any, Any, int]]], int]


def _eprint(*parts: object) -> None:
    print(*parts, file=sys.stderr)


def chain_key(settings: Settings) -> bytes:
    """The chain's HMAC key: the setting, or a key file in the data directory (made once)."""
    if settings.audit_hmac_key is not None and settings.audit_hmac_key.get_secret_value():
        return settings.audit_hmac_key.get_secret_value().encode()
    path = settings.data_dir / "audit-hmac.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def head_file(settings: Settings) -> Path:
    return settings.audit_head_file or settings.data_dir / "audit-heads.log"


def configure(settings: Settings) -> None:
    """Key and head file of the chain, from the settings (the bot adds its log channel)."""
    configure_chain(key=chain_key(settings), head_file=head_file(settings))


def migration_url(settings: Settings, database: Database) -> str:
    """Migrations run as the owner: `MIGRATION_DATABASE_URL` when set, else the database."""
    owner = settings.migration_database_url
    if owner is not None and owner.get_secret_value():
        return owner.get_secret_value()
    return database.url


# --- commands -----------------------------------------------------------------------------


def cmd_audit_verify(settings: Settings, args: argparse.Namespace, with_db: WithDatabase) -> int:
    configure(settings)
    head: ChainHead | None = None
    try:
        if args.head:
            head = ChainHead.parse(args.head)
        elif args.head_file:
            head = last_published_head(Path(args.head_file))
            if head is None:
                _eprint(f"error: no chain head in {args.head_file}")
                return 2
    except ValueError as exc:
        _eprint(f"error: {exc}")
        return 2

    async def work(database: Database) -> int:
        await require_migrated(database.url)
        async with orm(database.url):
            report = await verify_chain(head=head)
        if not report.ok:
            where = f"row id {report.first_bad_id}" if report.first_bad_id else "the chain"
            _eprint(
                f"AUDIT CHAIN BROKEN at chain position {report.first_bad_seq} ({where}): "
                f"{report.problem}."
            )
            _eprint(f"{report.sealed} row(s) before it verified.")
            return EXIT_PROBLEM
        print(f"Audit chain intact: {report.sealed} sealed row(s) verified.")
        if head is not None:
            print(f"The published head {head.seq} is in the chain with its hash.")
        if report.unsealed:
            print(f"{report.unsealed} newer row(s) not sealed yet (the bot seals them shortly).")
        return 0

    return with_db(settings, work)


def cmd_audit_seal(settings: Settings, args: argparse.Namespace, with_db: WithDatabase) -> int:
    configure(settings)

    async def work(database: Database) -> int:
        await require_migrated(database.url)
        async with orm(database.url):
            sealed = await seal_pending()
        print(f"Sealed {sealed} audit row(s).")
        return 0

    return with_db(settings, work)


def cmd_db_runtime_role(settings: Settings, args: argparse.Namespace, with_db: WithDatabase) -> int:
    try:
        statements = runtime_role_sql(args.role)
    except ValueError as exc:
        _eprint(f"error: {exc}")
        return 2
    if args.print_only:
        print(";\n".join(statements) + ";")
        return 0

    async def work(database: Database) -> int:
        conn = await asyncpg.connect(libpq_url(migration_url(settings, database)))
        try:
            exists = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", args.role)
            if not exists:
                _eprint(
                    f"error: there is no role {args.role!r}. Create it first, e.g. "
                    f"CREATE ROLE {args.role} LOGIN PASSWORD '…';"
                )
                return 1
            async with conn.transaction():
                for statement in statements:
                    await conn.execute(statement)
        finally:
            await conn.close()
        print(f"Granted {args.role} the runtime privileges (audit_logs: insert and seal only).")
        return 0

    return with_db(settings, work)


def add_commands(
    audit: argparse._SubParsersAction[Any],
    db: argparse._SubParsersAction[Any],
    with_db: WithDatabase,
) -> None:
    """Wire `audit verify|seal` and `db runtime-role` into the `bloxtr8` parser."""

    def bind(command: Callable[[Settings, argparse.Namespace, WithDatabase], int]) -> Any:
        return lambda settings, args: command(settings, args, with_db)

    verify = audit.add_parser("verify", help="verify the audit hash chain")
    given = verify.add_mutually_exclusive_group()
    given.add_argument("--head", help="a published chain head, <seq>:<hash>")
    given.add_argument("--head-file", help="a file of published heads (the newest is used)")
    verify.set_defaults(func=bind(cmd_audit_verify))
    audit.add_parser("seal", help="seal pending audit rows now").set_defaults(
        func=bind(cmd_audit_seal)
    )
    role = db.add_parser(
        "runtime-role", help="grant the role the bot connects as (run as the owner)"
    )
    role.add_argument("role", help="the role in DATABASE_URL, e.g. bloxtr8_bot")
    role.add_argument("--print", dest="print_only", action="store_true", help="only print the SQL")
    role.set_defaults(func=bind(cmd_db_runtime_role))
