"""The last gaps of the trust model against a hostile seller: ownership asked again on
Roblox before the buyer pays, and a release to a seller who still holds the asset asked
twice, per-user cooldowns on commands that call Roblox or print PDFs (which print off the
event loop), party checks before any outside call, and evidence files kept by Bloxtr8 (Discord's
attachment URLs expire)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import simcord

from bot.evidence import evidence_packet, packet_json
from bot.sandbox import stripe_checkout as fake
from bot.sandbox.roblox_app import FakeRoblox
from bot.ui.cooldown import ROBLOX_RATE
from models import AuditLog, Listing, User
from models.checkout import CheckoutSession
from models.delivery import Delivery
from models.dispute import Dispute
from models.enums import EscrowStatus, RobloxAssetType
from models.escrow import Escrow
from models.evidence_files import MAX_EVIDENCE_BYTES, evidence_dir, path_for, verify
from models.ownership import LOST, RELEASE_WARNED, RELEASED_DESPITE
from models.roblox import AssetVerification
from tests.bot.cogs.test_contracts import deal
from tests.bot.cogs.test_escrow import World, fund, last_dm, open_escrow, reply_text
from tests.bot.cogs.test_escrow import world as world  # the escrow tests' world
from tests.bot.web.test_checkout import get, page_kind, pay_link

SELLER_ROBLOX, OTHER_ROBLOX, GROUP = 5150, 6160, 88


@pytest.fixture
async def checkout(world: World) -> AsyncIterator[World]:
    world.bot.settings.public_url = f"http://127.0.0.1:{world.bot.web.port}"
    async with fake.running_checkout_pages():
        yield world


async def group_escrow(w: World, roblox: FakeRoblox) -> Escrow:
    """An escrow for a Roblox group the seller owned when listing it."""
    escrow = await open_escrow(w)
    seller = await User.get(id=escrow.seller_id)
    seller.roblox_user_id = SELLER_ROBLOX
    await seller.save()
    contract = await escrow.contract
    await Listing.filter(id=contract.listing_id).update(
        asset_type=RobloxAssetType.GROUP, asset_id=GROUP
    )
    roblox.add_user(SELLER_ROBLOX, "groupseller")
    roblox.add_user(OTHER_ROBLOX, "someoneelse")
    roblox.add_group(GROUP, "Builders", owner_id=SELLER_ROBLOX)
    return escrow


def group_lookups(roblox: FakeRoblox) -> int:
    return sum(roblox.hits.values())


async def test_the_pay_link_is_withheld_when_the_seller_gave_the_group_away(
    checkout: World, roblox: FakeRoblox
) -> None:
    w = checkout
    escrow = await group_escrow(w, roblox)
    roblox.set_group_owner(GROUP, OTHER_ROBLOX)
    status, text, _ = await get(pay_link(w, escrow))
    assert status == 409 and page_kind(text) == "ownership_withheld"
    assert "no longer owns" in text and "Nothing was charged" in text
    assert not await CheckoutSession.filter(escrow_id=escrow.id).exists()
    assert w.stripe.calls("POST", r"^/v1/checkout") == []
    await w.env.settle()
    assert "Don't pay escrow" in last_dm(w.buyer).content
    assert "no longer shows you as the owner" in last_dm(w.seller).content
    (entry,) = await AuditLog.filter(action=LOST, object_id=str(escrow.id))
    assert entry.after["asset_id"] == GROUP and "don't own" in entry.after["why"]

    # Clicking again: same page, no second Roblox call, the parties aren't told twice.
    asked = group_lookups(roblox)
    buyer_dms = len(w.buyer.user.dm_channel.history())
    status, text, _ = await get(pay_link(w, escrow))
    assert status == 409 and page_kind(text) == "ownership_withheld"
    await w.env.settle()
    assert group_lookups(roblox) == asked
    assert len(w.buyer.user.dm_channel.history()) == buyer_dms

    # /escrow pay says the same and gives no Pay button.
    result = await w.buyer.slash(w.channel, "escrow pay", id=escrow.id)
    assert "Don't pay escrow" in reply_text(result)
    assert result.response is not None and not result.response.components


async def test_an_owning_seller_is_checked_once_in_a_few_minutes(
    checkout: World, roblox: FakeRoblox
) -> None:
    w = checkout
    escrow = await group_escrow(w, roblox)
    status, _, headers = await get(pay_link(w, escrow))
    assert status == 303 and "Location" in headers
    asked = group_lookups(roblox)
    assert asked >= 1
    assert await AssetVerification.filter(asset_id=GROUP, verified=True).count() == 1
    status, _, _ = await get(pay_link(w, escrow))
    result = await w.buyer.slash(w.channel, "escrow pay", id=escrow.id)
    assert status == 303, status
    assert result.response is not None and result.response.components
    assert group_lookups(roblox) == asked  # reused, not asked again


async def test_payment_goes_ahead_on_the_listing_check_when_roblox_is_down(
    checkout: World, roblox: FakeRoblox
) -> None:
    w = checkout
    escrow = await group_escrow(w, roblox)
    roblox.fail_next(20, status=503)
    status, _, _ = await get(pay_link(w, escrow))
    assert status == 303
    assert not await AuditLog.filter(action=LOST).exists()


# --------------------------------------------------------------------------- release


async def delivered_group_escrow(w: World, roblox: FakeRoblox) -> Escrow:
    escrow = await group_escrow(w, roblox)
    buyer = await User.get(id=escrow.buyer_id)
    buyer.roblox_user_id = OTHER_ROBLOX
    await buyer.save()
    await fund(w, escrow)
    await w.seller.slash(w.channel, "escrow deliver", id=escrow.id, evidence="Done, trust me")
    return await Escrow.get(id=escrow.id)


async def test_releasing_to_a_seller_who_still_holds_the_group_is_asked_twice(
    world: World, roblox: FakeRoblox
) -> None:
    w = world
    escrow = await delivered_group_escrow(w, roblox)
    asked = await w.buyer.slash(w.channel, "escrow confirm", id=escrow.id)
    assert asked.response is not None
    warned = await w.buyer.click(asked.response, label="Yes, release $500.00")
    # The prompt says what it found; the warning with its own buttons follows it.
    assert warned.response is not None and "owner" in warned.response.content
    warning = warned.followups[-1]
    assert "Warning" in warning.content
    assert "still shows the seller as the owner" in warning.content
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.DELIVERED
    assert w.stripe.transfers() == []
    (entry,) = await AuditLog.filter(action=RELEASE_WARNED, object_id=str(escrow.id))
    assert entry.after["roblox"]["owner_id"] == SELLER_ROBLOX

    done = await w.buyer.click(warning, label="Release $500.00 anyway")
    assert "Released" in reply_text(done)
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.RELEASED
    assert await AuditLog.filter(action=RELEASED_DESPITE, object_id=str(escrow.id)).exists()


async def test_the_buyer_can_stop_at_the_warning(world: World, roblox: FakeRoblox) -> None:
    w = world
    escrow = await delivered_group_escrow(w, roblox)
    asked = await w.buyer.slash(w.channel, "escrow confirm", id=escrow.id)
    assert asked.response is not None
    warned = await w.buyer.click(asked.response, label="Yes, release $500.00")
    await w.buyer.click(warned.followups[-1], label="Don't release")
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.DELIVERED
    assert not await AuditLog.filter(action=RELEASED_DESPITE).exists()


async def test_a_handed_over_group_is_released_on_one_click(
    world: World, roblox: FakeRoblox
) -> None:
    w = world
    escrow = await delivered_group_escrow(w, roblox)
    roblox.set_group_owner(GROUP, OTHER_ROBLOX)  # the buyer owns it now
    asked = await w.buyer.slash(w.channel, "escrow confirm", id=escrow.id)
    assert asked.response is not None
    done = await w.buyer.click(asked.response, label="Yes, release $500.00")
    assert "Released" in reply_text(done)
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.RELEASED
    assert not await AuditLog.filter(action=RELEASE_WARNED).exists()


# --------------------------------------------------------------------------- cooldowns


async def test_roblox_commands_have_a_per_user_cooldown(world: World, roblox: FakeRoblox) -> None:
    w = world
    escrow = await group_escrow(w, roblox)
    for _ in range(ROBLOX_RATE):
        result = await w.buyer.slash(w.channel, "escrow pay", id=escrow.id)
        assert result.response is not None and result.response.components
    asked = group_lookups(roblox)
    slowed = await w.buyer.slash(w.channel, "escrow pay", id=escrow.id)
    assert re.fullmatch(r"Slow down a little: try again in \d+ s\.", reply_text(slowed))
    assert group_lookups(roblox) == asked
    assert [type(e).__name__ for e in w.env.errors] == ["CommandOnCooldown"]
    # Another person's bucket is their own: the seller is refused by the party rule.
    other = await w.seller.slash(w.channel, "escrow pay", id=escrow.id)
    assert "Only the buyer" in reply_text(other)


async def test_party_checks_come_before_any_roblox_call(world: World, roblox: FakeRoblox) -> None:
    w = world
    escrow = await group_escrow(w, roblox)
    await fund(w, escrow)
    await User.create(discord_id=w.outsider.id, username="outsider")
    before = group_lookups(roblox)
    for command in ("escrow deliver", "escrow confirm", "escrow pay"):
        refused = await w.outsider.slash(w.channel, command, id=escrow.id)
        assert f"no escrow #{escrow.id} of yours" in reply_text(refused), command
    assert group_lookups(roblox) == before


async def test_contract_pdfs_are_rendered_off_the_event_loop(
    env: simcord.Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    from models import contract as contract_module

    threads: list[str] = []
    real = contract_module.render_contract  # type: ignore[attr-defined]

    def watched(document: Any) -> bytes:
        threads.append(threading.current_thread().name)
        return real(document)

    monkeypatch.setattr(contract_module, "render_contract", watched)
    d = await deal(env, accepted=False)
    await d.seller.slash(d.channel, "offer accept", id=d.offer.id)
    await env.settle()
    assert threads and threading.main_thread().name not in threads


# --------------------------------------------------------------------------- evidence files

SCREENSHOT = b"\x89PNG group still owned by the seller"
CHAT_LOG = b"seller: I'll transfer it tomorrow, promise"


def evidence_files_under(w: World) -> list[Path]:
    folder = evidence_dir(w.bot.settings.data_dir)
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


async def test_delivery_evidence_is_downloaded_hashed_and_kept(
    world: World, roblox: FakeRoblox
) -> None:
    w = world
    escrow = await group_escrow(w, roblox)
    await fund(w, escrow)
    await w.seller.slash(
        w.channel, "escrow deliver", id=escrow.id, attachment=("proof.png", SCREENSHOT)
    )
    delivery = await Delivery.get(escrow_id=escrow.id)
    kept = delivery.evidence["attachment"]
    digest = hashlib.sha256(SCREENSHOT).hexdigest()
    assert (kept["filename"], kept["size"], kept["sha256"]) == (
        "proof.png",
        len(SCREENSHOT),
        digest,
    )
    stored = Path(kept["stored"])
    assert stored == path_for(w.bot.settings.data_dir, digest).resolve()
    assert await asyncio.to_thread(stored.read_bytes) == SCREENSHOT
    assert verify(stored, digest)
    assert kept["url"].startswith("http")


async def test_dispute_files_are_kept_and_the_packet_points_at_the_copies(
    world: World, roblox: FakeRoblox
) -> None:
    w = world
    escrow = await group_escrow(w, roblox)
    await fund(w, escrow)
    result = await w.buyer.slash(
        w.channel,
        "dispute open",
        escrow=escrow.id,
        reason="The group is still the seller's",
        evidence1=("roblox.png", SCREENSHOT),
        evidence2=("chat.txt", CHAT_LOG),
        evidence3=("again.png", SCREENSHOT),  # the same bytes: one stored copy
    )
    assert "is open" in reply_text(result)
    dispute = await Dispute.get(escrow_id=escrow.id)
    await w.buyer.slash(
        w.channel, "dispute evidence", id=dispute.id, text="And this", attachment=("more.txt", b"x")
    )
    assert len(evidence_files_under(w)) == 3

    packet = await evidence_packet(await Dispute.get(id=dispute.id))
    evidence = packet["case"]["dispute"]["evidence"]
    files = [e for e in evidence if e["kind"] == "attachment"]
    files += [f for e in evidence if e["kind"] == "statement" for f in e.get("attachments", [])]
    assert sorted(f["filename"] for f in files) == [
        "again.png",
        "chat.txt",
        "more.txt",
        "roblox.png",
    ]
    for f in files:
        assert verify(f["stored"], f["sha256"]), f
        assert Path(f["stored"]).is_relative_to(evidence_dir(w.bot.settings.data_dir).resolve())
    exported = packet_json(packet).decode()  # the JSON export carries the copies
    assert all(json.dumps(f["stored"]) in exported for f in files)


async def test_no_download_for_someone_elses_dispute_nor_an_oversized_file(
    world: World, roblox: FakeRoblox
) -> None:
    w = world
    escrow = await group_escrow(w, roblox)
    await fund(w, escrow)
    await w.buyer.slash(w.channel, "dispute open", escrow=escrow.id, reason="Not handed over")
    dispute = await Dispute.get(escrow_id=escrow.id)
    await User.create(discord_id=w.outsider.id, username="outsider")
    refused = await w.outsider.slash(
        w.channel, "dispute evidence", id=dispute.id, text="hi", attachment=("x.txt", b"spam")
    )
    assert f"no dispute #{dispute.id} of yours" in reply_text(refused)
    big = b"\0" * (MAX_EVIDENCE_BYTES + 1)
    refused = await w.buyer.slash(
        w.channel, "dispute evidence", id=dispute.id, text="huge", attachment=("big.bin", big)
    )
    assert "over 8 MB" in reply_text(refused)
    assert evidence_files_under(w) == []
