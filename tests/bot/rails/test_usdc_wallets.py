"""Wallets: `/wallet link` proves an address by a signed one-time message (EIP-191),
screened before it is linked; forged and replayed signatures are refused."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from pathlib import Path
from typing import cast

import pytest
import simcord
from eth_account import Account
from eth_account.messages import encode_defunct

from bot.config import Settings
from bot.rails.usdc.screening import SdnListScreener
from models import User, Wallet, WalletChallenge, WalletScreening
from models.audit import AuditLog
from models.enums import EscrowRail, EscrowStatus, WalletRisk
from models.errors import InvalidState
from models.screening import ScreeningOutcome, ScreeningUnavailable, WalletSanctioned
from models.wallet import BadSignature
from tests.factories import make_escrow, make_user
from tests.helpers import reply

LISTED = Account.create()  # an address on the test SDN list


def personal_sign(account: object, message: str) -> str:
    signed = account.sign_message(encode_defunct(text=message))  # type: ignore[attr-defined]
    return "0x" + bytes(signed.signature).hex()


@pytest.fixture
def sdn_file(tmp_path: Path) -> Path:
    path = tmp_path / "sdn.txt"
    path.write_text(f"# OFAC SDN digital currency addresses\n{LISTED.address}\n")
    return path


@pytest.fixture
def sdn(sdn_file: Path) -> SdnListScreener:
    return SdnListScreener(sdn_file, max_age=dt.timedelta(hours=48))


@pytest.fixture
def settings(settings: Settings, sdn_file: Path) -> Settings:
    return settings.model_copy(update={"ofac_sdn_path": sdn_file})


# --- the model rules ------------------------------------------------------------------


async def test_a_signed_challenge_links_the_wallet_once(db: str, sdn: SdnListScreener) -> None:
    user = await make_user()
    owner = Account.create()
    challenge = await WalletChallenge.issue(user, owner.address.lower())
    assert challenge.address == owner.address  # checksummed
    assert challenge.nonce in challenge.message and str(user.discord_id) in challenge.message
    signature = personal_sign(owner, challenge.message)

    wallet = await Wallet.link(user, challenge.id, signature, screeners=[sdn])
    assert wallet.address == owner.address
    fresh = await User.get(id=user.id)
    assert fresh.wallet_address == owner.address and fresh.wallet_risk is WalletRisk.LOW
    assert fresh.wallet_screened_at is not None
    history = await WalletScreening.filter(address=owner.address)
    assert [(h.source, h.outcome) for h in history] == [("ofac-sdn", ScreeningOutcome.CLEAR)]
    assert await AuditLog.filter(action="wallet.linked", object_id=str(user.id)).exists()

    # The same signature again (replay) is refused, even after unlinking.
    await Wallet.unlink(user)
    with pytest.raises(BadSignature, match="already used"):
        await Wallet.link(user, challenge.id, signature, screeners=[sdn])


async def test_forged_signatures_are_refused(db: str, sdn: SdnListScreener) -> None:
    user, other = await make_user(), await make_user()
    owner, forger = Account.create(), Account.create()
    challenge = await WalletChallenge.issue(user, owner.address)
    # Signed by another key; a signature of another message; garbage; someone else's request.
    for signature in (
        personal_sign(forger, challenge.message),
        personal_sign(owner, challenge.message.replace(challenge.nonce, "0" * 32)),
        "0x1234",
        "not a signature",
    ):
        with pytest.raises(BadSignature):
            await Wallet.link(user, challenge.id, signature, screeners=[sdn])
    with pytest.raises(BadSignature, match="isn't yours"):
        await Wallet.link(
            other, challenge.id, personal_sign(owner, challenge.message), screeners=[sdn]
        )
    assert await Wallet.all().count() == 0
    assert (await User.get(id=user.id)).wallet_address is None


async def test_an_expired_challenge_is_refused(db: str, sdn: SdnListScreener) -> None:
    user = await make_user()
    owner = Account.create()
    past = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    challenge = await WalletChallenge.issue(user, owner.address, now=past)
    with pytest.raises(BadSignature, match="expired"):
        await Wallet.link(
            user, challenge.id, personal_sign(owner, challenge.message), screeners=[sdn]
        )


async def test_two_submissions_of_one_signature_link_once(db: str, sdn: SdnListScreener) -> None:
    user = await make_user()
    owner = Account.create()
    challenge = await WalletChallenge.issue(user, owner.address)
    signature = personal_sign(owner, challenge.message)
    results = await asyncio.gather(
        *(Wallet.link(user, challenge.id, signature, screeners=[sdn]) for _ in range(5)),
        return_exceptions=True,
    )
    linked = [r for r in results if isinstance(r, Wallet)]
    assert len(linked) == 1, results
    assert all(isinstance(r, BadSignature | InvalidState) for r in results if r not in linked)


async def test_one_wallet_per_user_and_one_user_per_wallet(db: str, sdn: SdnListScreener) -> None:
    alice, bob = await make_user(), await make_user()
    owner = Account.create()
    challenge = await WalletChallenge.issue(alice, owner.address)
    # Bob asks for the same address before Alice finishes.
    bobs = await WalletChallenge.issue(bob, owner.address)
    await Wallet.link(alice, challenge.id, personal_sign(owner, challenge.message), screeners=[sdn])
    with pytest.raises(InvalidState, match="already have a wallet"):
        await WalletChallenge.issue(alice, Account.create().address)
    with pytest.raises(InvalidState, match="another account"):
        await WalletChallenge.issue(bob, owner.address)
    with pytest.raises(InvalidState):
        await Wallet.link(bob, bobs.id, personal_sign(owner, bobs.message), screeners=[sdn])
    assert (await User.get(id=bob.id)).wallet_address is None
    with pytest.raises(InvalidState, match="isn't a wallet address"):
        await WalletChallenge.issue(bob, "0x123")


async def test_a_listed_wallet_is_blocked_and_recorded(db: str, sdn: SdnListScreener) -> None:
    user = await make_user()
    challenge = await WalletChallenge.issue(user, LISTED.address)
    with pytest.raises(WalletSanctioned):
        await Wallet.link(
            user, challenge.id, personal_sign(LISTED, challenge.message), screeners=[sdn]
        )
    fresh = await User.get(id=user.id)
    assert fresh.wallet_address is None and fresh.wallet_risk is WalletRisk.SANCTIONED
    history = await WalletScreening.filter(user_id=user.id)
    assert [(h.source, h.outcome) for h in history] == [("ofac-sdn", ScreeningOutcome.HIT)]


async def test_a_stale_or_missing_list_fails_closed(
    db: str, sdn: SdnListScreener, sdn_file: Path
) -> None:
    user = await make_user()
    owner = Account.create()
    challenge = await WalletChallenge.issue(user, owner.address)
    signature = personal_sign(owner, challenge.message)
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=3)).timestamp()
    os.utime(sdn_file, (old, old))
    with pytest.raises(ScreeningUnavailable):
        await Wallet.link(user, challenge.id, signature, screeners=[sdn])
    await asyncio.to_thread(sdn_file.unlink)
    with pytest.raises(ScreeningUnavailable):
        await Wallet.link(user, challenge.id, signature, screeners=[sdn])
    with pytest.raises(ScreeningUnavailable):  # nothing configured is no answer either
        await Wallet.link(user, challenge.id, signature, screeners=[])
    fresh = await User.get(id=user.id)
    assert fresh.wallet_address is None and fresh.wallet_risk is WalletRisk.UNKNOWN
    outcomes = cast(  # `flat=True` gives the values; tortoise's stubs say tuples
        list[ScreeningOutcome],
        await WalletScreening.filter(user_id=user.id).values_list("outcome", flat=True),
    )
    assert set(outcomes) == {ScreeningOutcome.UNAVAILABLE}
    # The challenge was not spent: once screening answers again, the same signature works.
    await asyncio.to_thread(sdn_file.write_text, "")
    await Wallet.link(user, challenge.id, signature, screeners=[sdn])


async def test_unlink_is_refused_while_a_usdc_trade_is_open(db: str, sdn: SdnListScreener) -> None:
    user = await make_user()
    owner = Account.create()
    challenge = await WalletChallenge.issue(user, owner.address)
    await Wallet.link(user, challenge.id, personal_sign(owner, challenge.message), screeners=[sdn])
    escrow = await make_escrow(rail=EscrowRail.USDC_BASE, amount=2_000_000)
    await escrow.__class__.filter(id=escrow.id).update(seller_id=user.id)
    with pytest.raises(InvalidState, match="USDC trade"):
        await Wallet.unlink(user)
    await escrow.__class__.filter(id=escrow.id).update(status=EscrowStatus.RELEASED)
    assert await Wallet.unlink(user) == owner.address
    assert (await User.get(id=user.id)).wallet_address is None


# --- through Discord -------------------------------------------------------------------


def texts(result: simcord.InteractionResult) -> str:
    parts = [result.response.content] if result.response is not None else []
    return "\n".join(parts + [f.content for f in result.followups])


async def test_wallet_link_view_unlink_in_discord(env: simcord.Env) -> None:
    guild = env.create_guild()
    channel = guild.create_text_channel("market")
    alice = guild.add_member(env.create_user("alice"))
    await make_user(discord_id=alice.id, username="alice")
    owner = Account.create()

    none_yet = await alice.slash(channel, "wallet view")
    assert "no wallet linked" in reply(none_yet).content

    asked = await alice.slash(channel, "wallet link", address=owner.address)
    assert asked.ephemeral
    description = reply(asked).embeds[0].description
    assert description is not None
    message = description.split("```\n")[1].split("\n```")[0]
    challenge = await WalletChallenge.get(address=owner.address)
    assert message == challenge.message

    # A forged signature first: refused in plain words, nothing linked.
    form = await alice.click(reply(asked), label="Paste signature")
    assert form.modal is not None
    forged = await alice.submit_modal(
        form, {"wallet_signature": personal_sign(Account.create(), message)}
    )
    assert "doesn't prove the wallet" in texts(forged)

    form = await alice.click(reply(asked), label="Paste signature")
    done = await alice.submit_modal(form, {"wallet_signature": personal_sign(owner, message)})
    assert f"`{owner.address}` is linked" in texts(done)

    viewed = await alice.slash(channel, "wallet view")
    embed = reply(viewed).embeds[0]
    assert embed.description is not None and owner.address in embed.description
    assert embed.fields[0].value == "clear"

    gone = await alice.slash(channel, "wallet unlink")
    assert "no longer linked" in reply(gone).content
    assert (await User.get(discord_id=alice.id)).wallet_address is None
