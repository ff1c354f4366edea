"""How disputes, case files and audit entries look in Discord."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from typing import Any

import discord

from bot.ui.labels import label
from models.audit import AuditLog
from models.dispute import Dispute
from models.enums import DisputeStatus
from models.money import format_amount
from models.text import shown

PAGE_SIZE = 10
FIELD_LIMIT = 1024
MESSAGE_EMBED_LIMIT = 6000

_STATUS = {
    DisputeStatus.OPEN: "Open, waiting for a moderator",
    DisputeStatus.IN_REVIEW: "In review",
    DisputeStatus.RESOLVED: "Resolved, money being settled",
    DisputeStatus.CLOSED: "Closed",
}


def status_text(status: DisputeStatus) -> str:
    return _STATUS[status]


def _cut(text: str, limit: int = FIELD_LIMIT) -> str:
    text = text or "-"
    return (
        text if len(text) <= limit else text[: limit - 40] + "\n… (full text in `/dispute export`)"
    )


def _compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _money(value: Any) -> str:
    return format_amount(int(value)) if isinstance(value, int) else "-"


def _time(value: Any) -> str:
    """A stored time (datetime or ISO text) as a Discord timestamp; "-" when unset."""
    if not value:
        return "-"
    if not isinstance(value, dt.datetime):
        try:
            value = dt.datetime.fromisoformat(str(value))
        except ValueError:
            return "-"
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return discord.utils.format_dt(value, "f")


def _size(size: Any) -> str:
    n = int(size or 0)
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{max(1, round(n / 1024))} KB"


def pages_of(total: int) -> int:
    return max(1, math.ceil(total / PAGE_SIZE))


def queue_embed(rows: Sequence[Dispute], *, page: int, total: int, title: str) -> discord.Embed:
    lines = [
        f"`#{d.id}` escrow #{d.escrow_id} · {status_text(d.status)} · opened "
        f"{discord.utils.format_dt(d.created_at, 'R')}"
        + (f" · due {discord.utils.format_dt(d.deadline_at, 'R')}" if d.deadline_at else "")
        for d in rows
    ]
    embed = discord.Embed(
        title=title, description="\n".join(lines) or "No disputes here.", colour=0xE67E22
    )
    embed.set_footer(text=f"Page {page + 1} of {pages_of(total)} · {total} in all · oldest first")
    return embed


def case_embeds(
    case: dict[str, Any], notes: Sequence[AuditLog] = (), *, for_parties: bool = False
) -> list[discord.Embed]:
    """The case file, one embed per section (notes only for moderators' eyes).

    `for_parties`: the version posted where the buyer and seller read it (the dispute
    thread): no provider ids or records, no escrow internals, no raw data."""
    d, escrow, contract = case["dispute"], case["escrow"], case["contract"]
    summary = discord.Embed(
        title=f"Dispute #{d['id']} · escrow #{escrow['id']} · {_money(escrow['amount'])}",
        description=_cut(shown(d["reason"]), 1500),
        colour=0xE74C3C,
    )
    summary.add_field(name="Status", value=label(d["status"]))
    summary.add_field(
        name="Opened by",
        value=f"<@{_discord_of(case, d['opened_by'])}>" if d["opened_by"] else "Card chargeback",
    )
    summary.add_field(name="Deadline", value=_time(d["deadline_at"]))
    evidence = "\n".join(f"• {_evidence_line(item)}" for item in d["evidence"])
    summary.add_field(name="Evidence", value=_cut(evidence or "None yet."), inline=False)
    if d["outcome"]:
        summary.add_field(
            name="Decision",
            value=_cut(
                f"{label(d['outcome'])}"
                + (f" ({d['buyer_percent']}% to the buyer)" if d["buyer_percent"] else "")
                + f": {d['resolution']}"
            ),
            inline=False,
        )

    deal = discord.Embed(title="Contract and payments", colour=0x3498DB)
    deal.add_field(name="Contract", value=f"#{contract['id']} · {label(contract['status'])}")
    deal.add_field(name="SHA-256", value=f"`{contract['sha256'] or '-'}`", inline=False)
    sigs = "\n".join(
        f"{_who(case, s['user_id'])} · {_time(s['signed_at'])}" for s in contract["signatures"]
    )
    deal.add_field(name="Signatures", value=_cut(sigs or "-"), inline=False)
    stripe_row = case["payments"]["stripe"] or {}
    if for_parties:
        deal.add_field(
            name="Card payment",
            value=f"received {_money(stripe_row.get('amount_received'))}, refunded "
            f"{_money(stripe_row.get('amount_refunded'))}",
            inline=False,
        )
    else:
        _staff_payment_fields(deal, case, stripe_row, escrow)
    deal.add_field(name="Trade state", value=label(escrow["status"]), inline=False)
    _rest = _after_payments(case, d)
    return _with_notes(_rest, notes, summary, deal)


def _staff_payment_fields(
    deal: discord.Embed, case: dict[str, Any], stripe_row: dict[str, Any], escrow: dict[str, Any]
) -> None:
    deal.add_field(
        name="Card payment",
        value=_cut(
            f"received {_money(stripe_row.get('amount_received'))}, refunded "
            f"{_money(stripe_row.get('amount_refunded'))}\n"
            f"intent `{stripe_row.get('payment_intent_id') or '-'}` · charge "
            f"`{stripe_row.get('charge_id') or '-'}`"
        ),
        inline=False,
    )
    calls = "\n".join(
        f"{label(c['kind'])} {_money(c['amount'])} · {label(c['status'])} · "
        f"`{c['provider_id'] or '-'}`"
        for c in case["payments"]["provider_calls"]
    )
    deal.add_field(name="Provider calls", value=_cut(calls or "-"), inline=False)
    deal.add_field(
        name="Escrow (staff)",
        value=f"version {escrow['version']} · fee {escrow['fee_bps']} bps",
        inline=False,
    )


def _after_payments(case: dict[str, Any], d: dict[str, Any]) -> list[discord.Embed]:
    facts = discord.Embed(title="Delivery and Roblox", colour=0x2ECC71)
    deliveries = "\n".join(
        f"{label(x['status'])} {_time(x['delivered_at'])}: {_evidence_text(x['evidence'])}"
        for x in case["deliveries"]
    )
    facts.add_field(
        name="Deliveries", value=_cut(deliveries or "Nothing delivered yet."), inline=False
    )
    then, now = roblox_lines(case)
    facts.add_field(name="Roblox at listing time", value=_cut(then), inline=False)
    facts.add_field(name="Roblox now", value=_cut(now), inline=False)

    people = discord.Embed(title="Offers and trade records", colour=0x9B59B6)
    offers = "\n".join(
        f"#{o['id']} {_money(o['amount'])} · {label(o['status'])} · by {_who(case, o['made_by'])}"
        + (f" (counter to #{o['parent']})" if o["parent"] else "")
        for o in case["offers"]
    )
    people.add_field(name="Offer history", value=_cut(offers or "-"), inline=False)
    for p in case["parties"]:
        record = p["trade_record"]
        disputes = p["disputes"]
        people.add_field(
            name=f"{p['role'].title()}: {p['username']}"[:256],
            value=_cut(
                f"<@{p['discord_id']}> · Roblox {p['roblox_username'] or '-'}\n"
                f"{record['completed_trades']} completed trades, "
                f"{_money(record['volume_cents'])} volume, {record['open_escrows']} open escrows\n"
                f"Disputes: {disputes['resolved']} resolved ({disputes['won']} won, "
                f"{disputes['lost']} lost, {disputes['split']} split), {disputes['open']} open"
            ),
            inline=False,
        )
    return [facts, people]


def _evidence_text(evidence: Any) -> str:
    if not isinstance(evidence, dict):
        return _compact(evidence)
    parts = [str(evidence["text"])] if evidence.get("text") else []
    if isinstance(evidence.get("attachment"), dict):
        a = evidence["attachment"]
        parts.append(f"[{a.get('filename')}]({a.get('url')}) ({_size(a.get('size'))})")
    return " · ".join(parts) or "no note"


def _with_notes(
    rest: list[discord.Embed],
    notes: Sequence[AuditLog],
    summary: discord.Embed,
    deal: discord.Embed,
) -> list[discord.Embed]:
    embeds = [summary, deal, *rest]
    if notes:
        text = "\n".join(audit_line(n) for n in notes[-15:])
        embeds.append(
            discord.Embed(
                title="Moderator log (internal)", description=_cut(text, 4000), colour=0x95A5A6
            )
        )
    return embeds


def chunk_embeds(embeds: Sequence[discord.Embed]) -> list[list[discord.Embed]]:
    """Group embeds into messages that stay under Discord's 6,000 characters and 10 embeds."""
    out: list[list[discord.Embed]] = []
    size = 0
    for embed in embeds:
        if not out or size + len(embed) > MESSAGE_EMBED_LIMIT or len(out[-1]) >= 10:
            out.append([])
            size = 0
        out[-1].append(embed)
        size += len(embed)
    return out


def _who(case: dict[str, Any], user_id: int | None) -> str:
    for p in case["parties"]:
        if p["user_id"] == user_id:
            return f"the {p['role']}"
    return f"user {user_id}" if user_id else "nobody"


def roblox_lines(case: dict[str, Any]) -> tuple[str, str]:
    """The asset as it was when listed, and as the Roblox API shows it now."""
    then = case["roblox"]["at_listing"]
    now = case["roblox"]["now"]
    buyer: dict[str, Any] = next((p for p in case["parties"] if p["role"] == "buyer"), {})
    seller: dict[str, Any] = next((p for p in case["parties"] if p["role"] == "seller"), {})

    def whose(owner_id: Any) -> str:
        if owner_id is not None and owner_id == buyer.get("roblox_user_id"):
            return " (the buyer)"
        if owner_id is not None and owner_id == seller.get("roblox_user_id"):
            return " (the seller)"
        return ""

    if then:
        then_text = (
            f'{label(then["asset_type"])} {then["asset_id"]} "{then["name"]}"\n'
            f"owner: {label(then['owner_type']).lower()} {then['owner_id']}"
            f"{whose(then['owner_id'])}\n"
            f"facts: {_facts(then['data'])}\ncaptured {_time(then['captured_at'])}"
        )
    else:
        then_text = "No snapshot was taken at listing time."
    if not now.get("checked"):
        now_text = f"Not checked: {now.get('why', 'unknown')}"
    elif not now.get("found"):
        now_text = "Roblox says the asset no longer exists."
    elif "creator_id" in now:
        now_text = (
            f'Game {now["universe_id"]} "{now["name"]}"\n'
            f"owner: {label(now['creator_type']).lower()} {now['creator_id']} "
            f"({now['creator_name']})"
            f"{whose(now['creator_id'])}\nvisits {now['visits']}, playing {now['playing']}"
        )
    else:
        now_text = (
            f'Group {now["group_id"]} "{now["name"]}"\n'
            f"owner: {now['owner_id']}{whose(now['owner_id'])}\n"
            f"members {now['member_count']}"
        )
    return then_text, now_text


def _facts(data: Any) -> str:
    if not isinstance(data, dict):
        return _compact(data)
    return ", ".join(f"{str(k).replace('_', ' ')} {v}" for k, v in data.items()) or "-"


def _discord_of(case: dict[str, Any], user_id: int) -> int:
    for p in case["parties"]:
        if p["user_id"] == user_id:
            return int(p["discord_id"])
    return 0


def _kept(item: dict[str, Any]) -> str:
    """Where Bloxtr8's own copy is (Discord's attachment links expire)."""
    if not item.get("sha256"):
        return ""
    return f" · kept copy sha256 `{str(item['sha256'])[:12]}…`"


def _evidence_line(item: Any) -> str:
    if not isinstance(item, dict):
        return str(item)[:200]
    kind = item.get("kind")
    if kind == "attachment":
        name, url, size = item.get("filename"), item.get("url"), item.get("size", 0)
        return f"{item.get('party', '?')}: [{name}]({url}) ({_size(size)}){_kept(item)}"
    if kind == "request":
        state = (
            " [not answered in time]"
            if "overdue_at" in item
            else " [answered]"
            if "answered_at" in item
            else ""
        )
        due = _time(item.get("due"))
        return f"asked the {item.get('party')} (due {due}){state}: {item.get('text')}"[:300]
    if kind == "statement":
        files = ", ".join(
            f"[{f['filename']}]({f['url']}){_kept(f)}" for f in item.get("attachments", [])
        )
        return f"{item.get('party')}: {item.get('text')}"[:250] + (f" {files}" if files else "")
    return _compact(item)[:200]


def audit_line(row: AuditLog) -> str:
    actor_id = row.actor_id
    who = f"user {actor_id}" if actor_id else (row.actor_label or "system")
    detail = _compact(row.after) if row.after is not None else ""
    if len(detail) > 160:
        detail = detail[:157] + "..."
    sealed = f" · seq {row.chain_seq}" if row.chain_seq else " · unsealed"
    return (
        f"`#{row.id}` {discord.utils.format_dt(row.created_at, 'f')} **{row.action}** "
        f"{row.object_type}:{row.object_id} by {who}{sealed}\n{detail}"
    )[:380]


def audit_embed(rows: Sequence[AuditLog], *, title: str, page: int, total: int) -> discord.Embed:
    embed = discord.Embed(
        title=title,
        description="\n".join(audit_line(r) for r in rows) or "No entries.",
        colour=0x95A5A6,
    )
    embed.set_footer(text=f"Page {page + 1} of {pages_of(total)} · {total} entries · oldest first")
    return embed
