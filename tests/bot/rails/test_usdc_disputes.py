"""A moderator decides a USDC dispute in Discord: the buyer opens it with `/dispute open`,
the moderator claims it and confirms `/dispute resolve` with its button, a second one
approves it (`/dispute approve`, a large escrow); the vault pays
on the in-process chain, and each party's wallet receives its share to the base unit."""

from __future__ import annotations

import pytest
from eth_account import Account

from bot.app import Bloxtr8Bot
from bot.sandbox.chain import TestChain, start_chain
from models import escrow_actions
from models.dispute import Dispute
from models.enums import DisputeStatus, EscrowRail, EscrowStatus
from models.escrow import Escrow
from models.user import User
from tests.bot.cogs.test_disputes import Desk, desk, dms, reply_text  # noqa: F401 (fixture)
from tests.bot.cogs.test_escrow import open_escrow, world  # noqa: F401 (fixture)
from tests.bot.rails.test_usdc_trade import PRICE, PRICE_CENTS, settings, with_usdc  # noqa: F401

FEE_BPS = 500


async def usdc_dispute(d: Desk, chain: TestChain) -> tuple[Escrow, Dispute, str, str]:
    """A delivered USDC escrow, paid on chain and final, disputed by the buyer in Discord."""
    rail = await with_usdc(d.w, chain, confirmations=0)
    escrow = await open_escrow(d.w, amount=PRICE_CENTS, fee_bps=FEE_BPS, payouts=False)
    assert escrow.rail is EscrowRail.USDC_BASE
    wallets = Account.create().address, Account.create().address
    await User.filter(id=escrow.buyer_id).update(wallet_address=wallets[0])
    await User.filter(id=escrow.seller_id).update(wallet_address=wallets[1])
    row = await rail.open_deposit(escrow.id)
    payer = chain.accounts[1]
    await chain.mint(payer, PRICE)
    await chain.pay(payer, row.deposit_address, PRICE)
    assert (await d.w.cog.usdc.watch_deposits())["counted"] == 1
    seller = await User.get(id=escrow.seller_id)
    await escrow_actions.mark_delivered(escrow.id, by=seller, evidence={"text": "Handed over"})
    opened = await d.w.buyer.slash(
        d.ch, "dispute open", escrow=escrow.id, reason="Half the group's assets were missing"
    )
    assert opened.ephemeral and "is open" in reply_text(opened), reply_text(opened)
    dispute = await Dispute.get(escrow_id=escrow.id)
    claimed = await d.mod.slash(d.ch, "dispute claim", id=dispute.id)
    assert "is yours" in reply_text(claimed)
    return escrow, dispute, wallets[0], wallets[1]


@pytest.mark.parametrize(
    ("outcome", "buyer_cents", "seller_cents"),
    [
        ("release", 0, PRICE_CENTS - PRICE_CENTS * FEE_BPS // 10_000),
        ("refund", PRICE_CENTS, 0),
        # 30 % back to the buyer; the seller's 70 % less the fee on it, as on the card rail.
        ("split", 450_000, 1_050_000 - 1_050_000 * FEE_BPS // 10_000),
    ],
)
async def test_a_moderator_decides_a_usdc_dispute_in_discord(
    desk: Desk,  # noqa: F811 (fixture)
    bot: Bloxtr8Bot,
    outcome: str,
    buyer_cents: int,
    seller_cents: int,
) -> None:
    d = desk
    chain = await start_chain()
    escrow, dispute, buyer_wallet, seller_wallet = await usdc_dispute(d, chain)
    extra = {"buyer_percent": 30} if outcome == "split" else {}
    asked = await d.mod.slash(
        d.ch, "dispute resolve", id=dispute.id, outcome=outcome, reason="Checked the group", **extra
    )
    assert asked.ephemeral and asked.response is not None
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.DISPUTED  # not before yes
    assert await chain.balance(seller_wallet) == await chain.balance(buyer_wallet) == 0

    proposed = await d.mod.click(asked.response, label=f"Yes, {outcome}")
    assert "recorded as proposed" in reply_text(proposed)  # a large escrow: two arbiters
    assert await chain.balance(seller_wallet) == await chain.balance(buyer_wallet) == 0
    approving = await d.mod2.slash(d.ch, "dispute approve", id=dispute.id)
    assert approving.ephemeral and approving.response is not None
    done = await d.mod2.click(approving.response, label="Yes, approve")
    assert "resolved" in reply_text(done) and "money has moved" in reply_text(done)
    final = await Escrow.get(id=escrow.id)
    expected = EscrowStatus.REFUNDED if outcome == "refund" else EscrowStatus.RELEASED
    assert final.status is expected
    assert (await Dispute.get(id=dispute.id)).status is DisputeStatus.CLOSED

    # What each party receives, read on the chain: to the base unit (1 cent = 10^4).
    assert await chain.balance(buyer_wallet) == buyer_cents * 10_000
    assert await chain.balance(seller_wallet) == seller_cents * 10_000
    fee = PRICE - (buyer_cents + seller_cents) * 10_000
    assert await chain.vault.functions.held(escrow.id).call() == fee
    assert await chain.balance(chain.deployment.vault) == fee
    # Both parties are told the decision and the moderator's reason.
    for party in (d.w.buyer, d.w.seller):
        told = dms(party)[-1]
        assert "is resolved" in told and "> Checked the group" in told
        if outcome == "split":
            assert "30% back to the buyer" in told

    # Deciding again moves nothing more.
    again = await d.mod.slash(
        d.ch, "dispute resolve", id=dispute.id, outcome="refund", reason="Changed my mind"
    )
    assert "is closed" in reply_text(again)
    assert await chain.balance(buyer_wallet) == buyer_cents * 10_000
    assert await chain.balance(seller_wallet) == seller_cents * 10_000


async def test_a_decision_waiting_for_confirmations_says_so(
    desk: Desk,  # noqa: F811 (fixture)
    bot: Bloxtr8Bot,
) -> None:
    """A decided refund whose transaction is mined but not yet final: the moderator is told
    the payment is on the chain and waits for confirmations (not that a provider failed to
    answer); once the blocks are there the payouts job finishes it and the buyer is told."""
    d = desk
    chain = await start_chain()
    escrow, dispute, buyer_wallet, _ = await usdc_dispute(d, chain)
    await with_usdc(d.w, chain, confirmations=3)  # payouts now wait for three blocks
    asked = await d.mod.slash(
        d.ch, "dispute resolve", id=dispute.id, outcome="refund", reason="Never delivered"
    )
    assert asked.response is not None
    await d.mod.click(asked.response, label="Yes, refund")
    approving = await d.mod2.slash(d.ch, "dispute approve", id=dispute.id)
    assert approving.response is not None
    done = reply_text(await d.mod2.click(approving.response, label="Yes, approve"))
    assert "on the chain" in done and "confirm" in done, done
    assert "didn't answer" not in done
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.DISPUTED
    assert await chain.balance(buyer_wallet) == PRICE_CENTS * 10_000  # mined, not yet final

    assert await d.w.cog.usdc.finish_payouts() == 0  # not final yet: nothing settles
    chain.mine(3)
    assert await d.w.cog.usdc.finish_payouts() == 1
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.REFUNDED
    assert "reached your wallet" in dms(d.w.buyer)[-1]
