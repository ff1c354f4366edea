"""The trust model, attack by attack: who may decide a dispute, and what the operator of the
database can and cannot hide.

Attackers:

1. A hostile seller. A PUBLIC listing is mirrored into every server, but it was created in
   the seller's own server, where the seller (or the seller's second account) holds Manage
   Server. Being a moderator of the listing's server must not let anyone decide its
   disputes unless platform staff approved that server as an arbiter and neither party is
   an admin or moderator there. A party never claims, decides or approves, even as staff.
2. A single decider. Above the approval threshold one arbiter only proposes; a second one
   (never the first, never a party) approves, and only then the money moves.
3. The operator. The bot's database role may insert audit rows and seal them, nothing
   more; the chain is keyed with a secret outside the database; the published head proves
   that nothing was removed from the end of the chain.

Everything runs through simcord (real discord.py), the Stripe stand-in and real PostgreSQL.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import discord
import pytest
import simcord

from bot.app import Bloxtr8Bot
from bot.cogs.disputes.cog import DisputesCog
from bot.db import libpq_url
from bot.sandbox.roblox_app import FakeRoblox
from models.arbiter import ArbiterGuild, ArbiterKind
from models.audit import (
    AuditLog,
    ChainHead,
    configure_chain,
    last_published_head,
    row_digest,
    runtime_role_sql,
    seal_pending,
    verify_chain,
)
from models.dispute import Dispute
from models.enums import ChannelKind, DisputeStatus, EscrowStatus
from models.escrow import Escrow
from models.guild import Guild, MarketplaceChannel
from models.user import User
from tests.bot.cogs.test_disputes import Desk, delivered_escrow, dms, resolve, thread_text
from tests.bot.cogs.test_escrow import World, refreshed, reply_text
from tests.bot.cogs.test_escrow import world as world  # the escrow tests' fixture
from tests.factories import make_user


@dataclass
class Court:
    """The escrow world in the seller's own server (not approved), with the seller's second
    account holding Manage Server, the server's moderators and platform staff."""

    d: Desk
    alt: simcord.MemberActor  # the seller's second account: Manage Server here
    guild: Guild

    @property
    def ch(self) -> simcord.ChannelHandle:
        return self.d.ch


@pytest.fixture
async def court(world: World, bot: Bloxtr8Bot, env: simcord.Env, roblox: FakeRoblox) -> Court:
    g = world.guild
    mods = g.create_role("mods")
    admins = g.create_role("admins", permissions=discord.Permissions(manage_guild=True))
    mod = g.add_member(env.create_user("mod"), roles=[mods])
    mod2 = g.add_member(env.create_user("mod2"), roles=[mods])
    alt = g.add_member(env.create_user("seller_alt"), roles=[admins])
    staff = g.add_member(env.create_user("staff"))
    bot.settings.staff_user_ids.append(staff.id)
    for member in (mod, mod2, alt, staff):
        await make_user(discord_id=member.id, username=member.name)
    disputes = g.create_text_channel("disputes")
    guild = await Guild.ensure(g.id, "Trading Post")
    await MarketplaceChannel.create(
        guild=guild, channel_id=disputes.id, kind=ChannelKind.DISPUTES, name="disputes"
    )
    settings = await guild.get_settings()
    await settings.update_setting("moderator_role_id", mods.id, has_manage_guild=True)
    cog = bot.get_cog("Disputes")
    assert isinstance(cog, DisputesCog)
    desk = Desk(world, cog, roblox, mods, mod, mod2, staff, disputes)
    return Court(desk, alt, guild)


async def approve_server(c: Court) -> None:
    done = await c.d.staff.slash(c.ch, "staff arbiter approve")
    assert "is an approved arbiter" in reply_text(done)


async def open_dispute(c: Court, *, amount: int = 100_000) -> tuple[int, Dispute, str]:
    """The buyer opens a dispute; returns the escrow id, the dispute and what they were told."""
    escrow = await delivered_escrow(c.d, amount=amount)
    opened = await c.d.w.buyer.slash(
        c.ch, "dispute open", escrow=escrow.id, reason="The game is still the seller's"
    )
    assert "is open" in reply_text(opened), reply_text(opened)
    return escrow.id, await Dispute.get(escrow_id=escrow.id), reply_text(opened)


async def nothing_moved(c: Court, escrow_id: int) -> None:
    assert (await escrow_status(escrow_id)) is EscrowStatus.DISPUTED
    assert c.d.w.stripe.transfers() == [] and c.d.w.stripe.refunds() == []


async def escrow_status(escrow_id: int) -> EscrowStatus:
    return (await Escrow.get(id=escrow_id)).status


# --- 1. the hostile seller ---------------------------------------------------------------


async def test_the_sellers_alt_with_manage_server_cannot_claim_resolve_or_read_it(
    court: Court,
) -> None:
    c = court
    escrow_id, dispute, told = await open_dispute(c)
    # The server is not an approved arbiter: staff decide, and the parties are told so.
    assert dispute.authority is ArbiterKind.STAFF and dispute.arbiter_guild_id is None
    assert "Who decides: Bloxtr8 platform staff" in told
    assert "Who decides: Bloxtr8 platform staff" in dms(c.d.w.seller)[-1]
    assert "Who decides: Bloxtr8 platform staff" in thread_text(c.d)
    assert any("waits for a platform staff decision" in m for m in dms(c.d.staff))

    staff_note = await c.d.staff.slash(c.ch, "dispute note", id=dispute.id, text="Alt suspected")
    assert "Note added" in reply_text(staff_note)

    for attacker in (c.alt, c.d.mod):  # the seller's alt, and the server's own moderator
        claim = await attacker.slash(c.ch, "dispute claim", id=dispute.id)
        assert "platform staff decide" in reply_text(claim)
        decided = await resolve(c.d, attacker, dispute, "release", reason="Delivered, trust me")
        assert "platform staff decide" in reply_text(decided)
        view = await attacker.slash(c.ch, "dispute view", id=dispute.id)
        assert "platform staff decide" in reply_text(view)
        assert "Alt suspected" not in str([m.embeds for m in [view.response, *view.followups] if m])
        audit = await attacker.slash(c.ch, "audit escrow", id=escrow_id)
        shown = str(
            [e.to_dict() for m in [audit.response, *audit.followups] if m for e in m.embeds]
        )
        assert "Alt suspected" not in shown and "dispute.note" not in shown
        by_staff = await attacker.slash(c.ch, "audit user", user=c.d.staff.user)
        pages = [m for m in [by_staff.response, *by_staff.followups] if m]
        assert "Alt suspected" not in str([e.to_dict() for m in pages for e in m.embeds])
        listed = await attacker.slash(c.ch, "dispute list")
        assert f"`#{dispute.id}`" not in str(listed.response.embeds[0].description)  # type: ignore[union-attr]
    assert (await Dispute.get(id=dispute.id)).moderator_id is None
    await nothing_moved(c, escrow_id)

    # Platform staff can.
    claimed = await c.d.staff.slash(c.ch, "dispute claim", id=dispute.id)
    assert "is yours" in reply_text(claimed)
    done = await resolve(c.d, c.d.staff, dispute, "refund", reason="Never handed over")
    assert "resolved" in reply_text(done), reply_text(done)
    assert (await escrow_status(escrow_id)) is EscrowStatus.REFUNDED
    assert [r["amount"] for r in c.d.w.stripe.refunds()] == [100_000]
    final = await Dispute.get(id=dispute.id)
    staff_user = await User.get(discord_id=c.d.staff.id)
    assert (final.status, final.moderator_id, final.authority) == (
        DisputeStatus.CLOSED,
        staff_user.id,
        ArbiterKind.STAFF,
    )
    entry = await AuditLog.get(action="dispute.resolved", object_id=str(dispute.id))
    assert entry.actor_id == staff_user.id and entry.actor_label == "staff"
    assert entry.after["authority"] == "STAFF" and entry.after["approver"] is None


async def test_a_party_who_moderates_an_approved_server_sends_its_dispute_to_staff(
    court: Court,
) -> None:
    c = court
    await approve_server(c)
    # The seller is one of the approved server's moderators.
    c.d.w.env.backend.add_member_role(c.d.w.guild.id, c.d.w.seller.id, c.d.mods.id)
    seller_member = c.d.w.seller
    escrow_id, dispute, told = await open_dispute(c)
    assert dispute.authority is ArbiterKind.STAFF
    assert "a party is an admin or moderator" in (dispute.authority_reason or "")
    assert "Who decides: Bloxtr8 platform staff" in told

    # The seller, a moderator there, can't touch their own dispute in any way.
    for command, extra in (
        ("dispute claim", {}),
        ("dispute view", {}),
        ("dispute note", {"text": "buyer is lying"}),
    ):
        refused = await seller_member.slash(c.ch, command, id=dispute.id, **extra)
        assert "party to the trade" in reply_text(refused), (command, reply_text(refused))
    own_audit = await seller_member.slash(c.ch, "audit escrow", id=escrow_id)
    assert "You're a party" in reply_text(own_audit)
    decided = await resolve(c.d, seller_member, dispute, "release", reason="Mine")
    assert "party to the trade" in reply_text(decided)
    # Nor can the server's other moderators: a party holds power in their server.
    claim = await c.d.mod.slash(c.ch, "dispute claim", id=dispute.id)
    assert "platform staff decide" in reply_text(claim)
    await nothing_moved(c, escrow_id)


async def test_a_party_made_an_admin_after_opening_sends_the_dispute_to_staff(
    court: Court,
) -> None:
    """The seller's friend in an approved server promotes the seller once the dispute is
    open: the next moderator step re-reads the parties' standing, and staff take over."""
    c = court
    await approve_server(c)
    escrow_id, dispute, _ = await open_dispute(c)
    assert dispute.authority is ArbiterKind.GUILD
    admins = c.d.w.guild.create_role("trusted", permissions=discord.Permissions(manage_guild=True))
    c.d.w.env.backend.add_member_role(c.d.w.guild.id, c.d.w.seller.id, admins.id)
    claim = await c.d.mod.slash(c.ch, "dispute claim", id=dispute.id)
    assert "platform staff decide" in reply_text(claim)
    assert any("now goes to platform staff" in m for m in dms(c.d.staff))
    now = await Dispute.get(id=dispute.id)
    assert now.authority is ArbiterKind.STAFF and "admin or moderator" in (
        now.authority_reason or ""
    )
    await nothing_moved(c, escrow_id)
    claimed = await c.d.staff.slash(c.ch, "dispute claim", id=dispute.id)
    assert "is yours" in reply_text(claimed)


async def test_a_party_never_decides_even_as_platform_staff(court: Court) -> None:
    c = court
    escrow_id, dispute, _ = await open_dispute(c)
    c.d.w.bot.settings.staff_user_ids.append(c.d.w.seller.id)  # the seller is staff too
    claim = await c.d.w.seller.slash(c.ch, "dispute claim", id=dispute.id)
    assert "party to the trade" in reply_text(claim)
    decided = await resolve(c.d, c.d.w.seller, dispute, "release", reason="Paid, obviously")
    assert "party to the trade" in reply_text(decided)
    await nothing_moved(c, escrow_id)


async def test_an_approved_server_s_moderator_decides_a_trade_between_its_members(
    court: Court,
) -> None:
    c = court
    await approve_server(c)
    escrow_id, dispute, told = await open_dispute(c)
    assert (dispute.authority, dispute.arbiter_guild_id) == (ArbiterKind.GUILD, c.guild.id)
    assert "Who decides: the moderators of Trading Post" in told
    assert "Who decides: the moderators of Trading Post" in thread_text(c.d)

    claimed = await c.d.mod.slash(c.ch, "dispute claim", id=dispute.id)
    assert "is yours" in reply_text(claimed)
    done = await resolve(c.d, c.d.mod, dispute, "release", reason="Roblox shows the buyer")
    assert "resolved" in reply_text(done), reply_text(done)
    assert (await escrow_status(escrow_id)) is EscrowStatus.RELEASED
    mod_user = await User.get(discord_id=c.d.mod.id)
    entry = await AuditLog.get(action="dispute.resolved", object_id=str(dispute.id))
    assert entry.actor_id == mod_user.id and entry.actor_label == "moderator"
    assert (entry.after["authority"], entry.after["arbiter_guild"]) == ("GUILD", c.guild.id)

    # Staff withdraw the approval: the server's moderators stop deciding, open disputes too.
    escrow2, second, _ = await open_dispute(c)
    assert second.authority is ArbiterKind.GUILD
    revoked = await c.d.staff.slash(c.ch, "staff arbiter revoke")
    assert "no longer an arbiter" in reply_text(revoked)
    assert not await ArbiterGuild.is_approved(c.guild.id)
    claim = await c.d.mod.slash(c.ch, "dispute claim", id=second.id)
    assert "platform staff decide" in reply_text(claim)
    assert (await refreshed(await _escrow(escrow2))).status is EscrowStatus.DISPUTED


async def test_only_platform_staff_approve_a_server(court: Court) -> None:
    c = court
    refused = await c.alt.slash(c.ch, "staff arbiter approve")
    assert "Only Bloxtr8 platform staff" in reply_text(refused)
    assert not await ArbiterGuild.is_approved(c.guild.id)


async def _escrow(escrow_id: int) -> Escrow:
    return await Escrow.get(id=escrow_id)


# --- 2. the two-person rule --------------------------------------------------------------


async def test_a_large_resolution_needs_a_second_arbiter(court: Court) -> None:
    c = court
    await approve_server(c)
    escrow_id, dispute, _ = await open_dispute(c, amount=300_000)  # above $2,500.00
    assert dispute.authority is ArbiterKind.GUILD

    asked = await c.d.mod.slash(
        c.ch, "dispute resolve", id=dispute.id, outcome="refund", reason="Not delivered"
    )
    assert "second arbiter approves" in reply_text(asked)
    proposed = await c.d.mod.click(asked.response, label="Yes, refund")  # type: ignore[arg-type]
    assert "recorded as proposed" in reply_text(proposed), reply_text(proposed)
    pending = await Dispute.get(id=dispute.id)
    assert pending.status is DisputeStatus.IN_REVIEW and pending.proposal is not None
    await nothing_moved(c, escrow_id)

    # The proposer can't approve their own proposal; a party never can.
    own = await c.d.mod.slash(c.ch, "dispute approve", id=dispute.id)
    if own.response is not None and own.response.components:
        own = await c.d.mod.click(own.response, label="Yes, approve")
    assert "second arbiter has to approve" in reply_text(own)
    party = await c.d.w.seller.slash(c.ch, "dispute approve", id=dispute.id)
    assert "moderators" in reply_text(party) or "party" in reply_text(party)
    await nothing_moved(c, escrow_id)

    # A second moderator approves: now the money moves, once.
    asked2 = await c.d.mod2.slash(c.ch, "dispute approve", id=dispute.id)
    assert "Not delivered" in reply_text(asked2)
    done = await c.d.mod2.click(asked2.response, label="Yes, approve")  # type: ignore[arg-type]
    assert "with your approval" in reply_text(done), reply_text(done)
    assert (await escrow_status(escrow_id)) is EscrowStatus.REFUNDED
    assert [r["amount"] for r in c.d.w.stripe.refunds()] == [300_000]
    final = await Dispute.get(id=dispute.id)
    mod = await User.get(discord_id=c.d.mod.id)
    mod2 = await User.get(discord_id=c.d.mod2.id)
    assert (final.status, final.moderator_id, final.approver_id) == (
        DisputeStatus.CLOSED,
        mod.id,
        mod2.id,
    )
    proposed_entry = await AuditLog.get(
        action="dispute.resolution_proposed", object_id=str(dispute.id)
    )
    assert proposed_entry.actor_id == mod.id
    resolved_entry = await AuditLog.get(action="dispute.resolved", object_id=str(dispute.id))
    assert resolved_entry.actor_id == mod2.id and resolved_entry.after["approver"] == mod2.id
    assert resolved_entry.after["proposal"]["by"] == mod.id
    # Approving again does nothing.
    again = await c.d.mod.slash(c.ch, "dispute approve", id=dispute.id)
    assert "is closed" in reply_text(again)
    assert len(c.d.w.stripe.refunds()) == 1


# --- 3. the operator ---------------------------------------------------------------------


@pytest.fixture
def keyed_chain(tmp_path: Path) -> Iterator[tuple[bytes, Path]]:
    """The chain as a deployment runs it: a key and a head file outside the database."""
    key, heads = b"k" * 32, tmp_path / "audit-heads.log"
    configure_chain(key=key, head_file=heads)
    try:
        yield key, heads
    finally:
        configure_chain(key=None)


def bloxtr8(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The command line as a real process in `cwd` (no settings of this machine leak in)."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "MIGRATION_DATABASE_URL", "AUDIT"))
    }
    base.update({"LOG_LEVEL": "WARNING", "DATA_DIR": str(cwd / ".bloxtr8"), **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def _entries(n: int) -> None:
    for i in range(n):
        await AuditLog.record("test.step", object_type="test", object_id=i, after={"i": i})


async def test_the_runtime_role_may_insert_and_seal_but_never_rewrite_or_delete(
    db: str, keyed_chain: tuple[bytes, Path], tmp_path: Path
) -> None:
    role = f"bloxtr8_rt_{uuid.uuid4().hex[:8]}"
    owner = await asyncpg.connect(libpq_url(db))
    try:
        await owner.execute(f'CREATE ROLE "{role}" NOLOGIN')
        granted = bloxtr8(
            "db",
            "runtime-role",
            role,
            cwd=tmp_path,
            env={"DATABASE_URL": db, "MIGRATION_DATABASE_URL": db},
        )
        assert granted.returncode == 0, granted.stderr
        bot = await asyncpg.connect(libpq_url(db))
        try:
            await bot.execute(f'SET ROLE "{role}"')
            await bot.execute(
                "INSERT INTO audit_logs (created_at, action, object_type, object_id) "
                "VALUES (now(), 'test.insert', 'test', '1')"
            )
            row_id = await bot.fetchval("SELECT max(id) FROM audit_logs")
            # Sealing (the four seal columns of an unsealed row) is what it may update.
            await bot.execute(
                "UPDATE audit_logs SET chain_seq = 1, prev_hash = $1, hash = $1, "
                "sealed_at = now() WHERE id = $2",
                "0" * 64,
                row_id,
            )
            for statement in (
                "UPDATE audit_logs SET action = 'forged'",
                "UPDATE audit_logs SET after = '{}'::jsonb",
                "DELETE FROM audit_logs",
                "TRUNCATE audit_logs",
            ):
                with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied"):
                    await bot.execute(statement)
            # Other tables stay writable for the bot.
            await bot.execute("UPDATE guilds SET name = name")
        finally:
            await bot.close()
    finally:
        await owner.execute(f'DROP OWNED BY "{role}"; DROP ROLE "{role}"')
        await owner.close()
    # The same grants, as `bloxtr8 db runtime-role` prints them for the owner to run.
    printed = bloxtr8("db", "runtime-role", role, "--print", cwd=tmp_path)
    assert printed.returncode == 0, printed.stderr
    statements = printed.stdout.strip().rstrip(";").split(";\n")
    assert statements == runtime_role_sql(role)
    assert statements[6].startswith(
        'GRANT UPDATE ("chain_seq", "prev_hash", "hash", "sealed_at") ON "audit_logs"'
    )


async def test_removing_the_newest_sealed_rows_is_caught_by_the_published_head(
    db: str, keyed_chain: tuple[bytes, Path], tmp_path: Path
) -> None:
    key, heads = keyed_chain
    await _entries(5)
    assert await seal_pending() == 5
    head = last_published_head(heads)
    assert head is not None and head.seq == 5
    assert (await verify_chain(head=head)).ok

    # A superuser removes the two newest rows behind the trigger's back.
    conn = await asyncpg.connect(libpq_url(db))
    try:
        await conn.execute(
            "ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only;"
            "DELETE FROM audit_logs WHERE chain_seq > 3;"
            "ALTER TABLE audit_logs ENABLE TRIGGER audit_logs_append_only;"
        )
    finally:
        await conn.close()
    assert (await verify_chain()).ok  # the shorter chain alone still verifies...
    report = await verify_chain(head=head)  # ...the head published before does not
    assert not report.ok and report.first_bad_seq == 5
    assert "removed from its end" in (report.problem or "")

    # The same through `bloxtr8 audit verify --head`, as a real process with the key.
    env = {"DATABASE_URL": db, "AUDIT_HMAC_KEY": key.decode()}

    def verify(*args: str) -> subprocess.CompletedProcess[str]:
        return bloxtr8("audit", "verify", *args, cwd=tmp_path, env=env)

    plain = verify()
    assert plain.returncode == 0, plain.stderr
    caught = verify("--head", str(head))
    assert caught.returncode == 1 and "AUDIT CHAIN BROKEN at chain position 5" in caught.stderr
    from_file = verify("--head-file", str(heads))
    assert from_file.returncode == 1


async def test_the_table_owner_cannot_recompute_the_chain_without_the_key(
    db: str, keyed_chain: tuple[bytes, Path]
) -> None:
    await _entries(3)
    await seal_pending()
    conn = await asyncpg.connect(libpq_url(db))
    try:
        rows = await conn.fetch("SELECT * FROM audit_logs ORDER BY chain_seq")
        forged = {**dict(rows[2]), "after": {"i": 999}}
        # Without the key, the owner can only guess one: plain SHA-256 or a wrong key.
        for guess in (None, b"not-the-key"):
            if guess is None:  # plain SHA-256, as before the chain was keyed
                configure_chain(key=None)
                digest = row_digest(forged, 3, rows[2]["prev_hash"])
                configure_chain(key=keyed_chain[0], head_file=keyed_chain[1])
            else:
                digest = row_digest(forged, 3, rows[2]["prev_hash"], key=guess)
            await conn.execute(
                "ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only;"
                f"UPDATE audit_logs SET after = '{{\"i\": 999}}'::jsonb, hash = '{digest}' "
                "WHERE chain_seq = 3;"
                "ALTER TABLE audit_logs ENABLE TRIGGER audit_logs_append_only;"
            )
            report = await verify_chain()
            assert not report.ok and report.first_bad_seq == 3, guess
    finally:
        await conn.close()
    assert ChainHead.parse("3:" + "a" * 64).seq == 3
