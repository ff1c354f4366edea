"""Dispute buttons for moderators: Claim, Request evidence and Resolve on the case file
(`/dispute view`, or a dispute picked from `/dispute list`).

The buttons are restart-safe DynamicItems (`dispute:<step>:<id>`): a press re-loads the
dispute and re-checks the person (`DisputesCog.moderator`, the arbiter rules of
`models.arbiter`) and the state under the dispute's row lock, as the typed commands do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from bot.ui.common import PickSelect, cog_of, id_button
from bot.ui.errors import guarded
from models.errors import InvalidState

if TYPE_CHECKING:
    from bot.cogs.disputes.cog import DisputesCog
    from models.dispute import Dispute, Moderator

FOR_THE_MODERATOR = "These buttons are for the moderator who asked."

OUTCOMES = ("release", "refund", "split")


def _cog(interaction: discord.Interaction[Any]) -> DisputesCog:
    from bot.cogs.disputes.cog import DisputesCog

    return cog_of(interaction, DisputesCog)


async def _request(interaction: discord.Interaction[Any], dispute_id: int) -> None:
    await _cog(interaction).check_can_act(interaction, dispute_id, "ask for evidence")
    await interaction.response.send_modal(RequestEvidenceModal(dispute_id))


async def _resolve(interaction: discord.Interaction[Any], dispute_id: int) -> None:
    await _cog(interaction).check_can_act(interaction, dispute_id, "resolve it")
    await interaction.response.send_modal(ResolveModal(dispute_id))


ClaimDisputeButton = id_button(
    "dispute:claim",
    "Claim",
    discord.ButtonStyle.primary,
    lambda i, dispute_id: _cog(i).claim_now(i, dispute_id),
    name="ClaimDisputeButton",
)
RequestEvidenceButton = id_button(
    "dispute:request",
    "Request evidence",
    discord.ButtonStyle.secondary,
    _request,
    name="RequestEvidenceButton",
)
ResolveDisputeButton = id_button(
    "dispute:resolve",
    "Resolve",
    discord.ButtonStyle.danger,
    _resolve,
    name="ResolveDisputeButton",
)

CASE_BUTTONS = (ClaimDisputeButton, RequestEvidenceButton, ResolveDisputeButton)


def _text(value: str) -> str:
    return value.strip().lower()


class RequestEvidenceModal(discord.ui.Modal):
    party: discord.ui.TextInput[RequestEvidenceModal] = discord.ui.TextInput(
        label="Ask whom? (buyer or seller)", custom_id="request_party", max_length=6
    )
    text: discord.ui.TextInput[RequestEvidenceModal] = discord.ui.TextInput(
        label="What should they show?",
        custom_id="request_text",
        style=discord.TextStyle.paragraph,
        max_length=1000,
    )
    days: discord.ui.TextInput[RequestEvidenceModal] = discord.ui.TextInput(
        label="Days to answer (1 to 14)",
        custom_id="request_days",
        default="3",
        required=False,
        max_length=2,
    )

    def __init__(self, dispute_id: int) -> None:
        super().__init__(
            title=f"Evidence for dispute #{dispute_id}"[:45], custom_id=f"dispute:rq:{dispute_id}"
        )
        self.item_id = dispute_id

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        async def run() -> None:
            party = _text(self.party.value)
            if party not in ("buyer", "seller"):
                raise InvalidState("Write buyer or seller: whom should we ask?")
            days = _whole(self.days.value or "3", "The number of days")
            await _cog(interaction).request_now(
                interaction, self.item_id, party, self.text.value, days
            )

        await guarded(interaction, run)


class ResolveModal(discord.ui.Modal):
    outcome: discord.ui.TextInput[ResolveModal] = discord.ui.TextInput(
        label="Decision: release, refund or split",
        custom_id="resolve_outcome",
        placeholder="release (seller paid) · refund (buyer) · split",
        max_length=7,
    )
    reason: discord.ui.TextInput[ResolveModal] = discord.ui.TextInput(
        label="The reason both parties receive",
        custom_id="resolve_reason",
        style=discord.TextStyle.paragraph,
        max_length=1000,
    )
    buyer_percent: discord.ui.TextInput[ResolveModal] = discord.ui.TextInput(
        label="For a split: the buyer's share in %",
        custom_id="resolve_percent",
        required=False,
        max_length=2,
    )

    def __init__(self, dispute_id: int) -> None:
        super().__init__(
            title=f"Resolve dispute #{dispute_id}"[:45], custom_id=f"dispute:rs:{dispute_id}"
        )
        self.item_id = dispute_id

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        async def run() -> None:
            outcome = _text(self.outcome.value)
            if outcome not in OUTCOMES:
                raise InvalidState("Write release, refund or split as the decision.")
            raw = (self.buyer_percent.value or "").strip().rstrip("%")
            percent = _whole(raw, "The buyer's share") if raw else None
            await _cog(interaction).ask_resolve(
                interaction, self.item_id, outcome, self.reason.value, percent
            )

        await guarded(interaction, run)


def _whole(value: str, what: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise InvalidState(f"{what} must be a whole number.") from None


def case_buttons(dispute: Dispute, mod: Moderator) -> discord.ui.View | None:
    """The steps `mod` (already allowed to handle `dispute`) can take on it now."""
    if not dispute.is_open or dispute.proposal:
        return None
    view = discord.ui.View(timeout=None)
    mine = dispute.moderator_id == mod.user.id
    if not mine and (dispute.moderator_id is None or mod.staff):
        view.add_item(ClaimDisputeButton(dispute.id))
    view.add_item(RequestEvidenceButton(dispute.id))
    view.add_item(ResolveDisputeButton(dispute.id))
    return view


class PickDisputeSelect(PickSelect, template=r"dispute:pick:(?P<page>[0-9]+)"):
    """ "Open a dispute" under a page of `/dispute list`: the chosen case file, with its
    buttons, as `/dispute view` shows it (the moderator is re-checked)."""

    placeholder = "Open a dispute…"

    @classmethod
    def for_rows(cls, page: int, rows: list[Dispute]) -> PickDisputeSelect | None:
        return cls.of(
            page, [(d.id, f"Dispute #{d.id} · escrow #{d.escrow_id}", None) for d in rows]
        )

    async def open(self, interaction: discord.Interaction[Any], row_id: int) -> None:
        await _cog(interaction).show_case(interaction, row_id)
