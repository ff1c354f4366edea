"""The evidence packet as a report a moderator or a card network's reviewer can follow.

`render_report(packet, names)` draws the packet that `bot.evidence.evidence_packet`
gathers (the JSON file beside it keeps every raw value): money in dollars, times in UTC
to the minute, people by name and role, states in words, image evidence embedded from
the stored copies (never a link to Discord's expiring URL), and, in appendices, the
contract's hash and signatures, the payment provider's references and the audit chain's
hashes. `names_in(packet)` lists the user ids whose names the caller looks up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fpdf.enums import XPos, YPos

from models.contract_pdf import FooterPdf, pdf_text, readable_time, words
from models.money import format_amount

IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")
IMAGE_MAX_BYTES = 8 * 1024 * 1024

STATUS_WORDS = {
    "OPEN": "Open, not yet taken on",
    "IN_REVIEW": "In review",
    "RESOLVED": "Decided",
    "CLOSED": "Decided and closed",
    "AWAIT_FUNDS": "Waiting for payment",
    "FUNDS_HELD": "Payment held",
    "DELIVERED": "Delivered",
    "DISPUTED": "In dispute",
    "RELEASED": "Paid out to the seller",
    "REFUNDED": "Refunded to the buyer",
    "CANCELLED": "Cancelled",
    "EXECUTED": "Signed by both parties",
    "PENDING_SIGNATURE": "Waiting for signatures",
    "VOID": "Voided",
    "ACCEPTED": "Accepted",
    "PENDING": "Waiting for an answer",
    "DECLINED": "Declined",
    "COUNTERED": "Countered",
    "EXPIRED": "Expired",
    "WITHDRAWN": "Withdrawn",
    "SUCCEEDED": "Done",
    "FAILED": "Failed",
}

OUTCOME_WORDS = {
    "RELEASE": "the payment goes to the seller",
    "REFUND": "the buyer is refunded in full",
    "SPLIT": "the payment is split",
}

EVENT_WORDS = {
    "opened": "Escrow opened",
    "funded": "Buyer's payment received and held",
    "delivered": "Seller marked the asset delivered",
    "dispute_opened": "Dispute opened",
    "chargeback": "The card issuer opened a chargeback",
    "released": "Payment released to the seller",
    "milestone_released": "A milestone's payment released to the seller",
    "refunded": "Buyer refunded",
    "split_refunded": "Buyer's share refunded (split decision)",
    "cancelled": "Trade cancelled",
    "set_aside": "Set aside for a day (a step could not go ahead)",
    "deposit_received": "USDC deposit received",
    "late_payment_returned": "A late payment was returned",
    "transfer_reversed": "The seller's payout was reversed",
    "paid_after_refund": "A payment arrived after the refund",
}

CALL_WORDS = {
    "CHARGE": "Card payment",
    "PAYMENT_INTENT": "Card payment",
    "CREATE_PAYMENT": "Card payment",
    "TRANSFER": "Payout to the seller",
    "REFUND": "Refund to the buyer",
}


def names_in(packet: Mapping[str, Any]) -> set[int]:
    """Every user id the report names (moderators, signers, authors, actors)."""
    case = packet["case"]
    ids = {case["dispute"].get("opened_by"), case["dispute"].get("moderator")}
    ids |= {s.get("user_id") for s in case["contract"]["signatures"]}
    ids |= {o.get("made_by") for o in case["offers"]}
    ids |= {d.get("delivered_by") for d in case["deliveries"]}
    ids |= {e.get("by") for e in case["dispute"]["evidence"] if isinstance(e, dict)}
    ids |= {e.get("actor_id") for e in packet["escrow_events"]}
    ids |= {r.get("actor_id") for r in packet["audit"]}
    return {int(i) for i in ids if isinstance(i, int)}


def _status(value: Any) -> str:
    if value is None:
        return "-"
    return STATUS_WORDS.get(str(value), words(value))


def _when(value: Any) -> str:
    if value in (None, ""):
        return "-"
    return readable_time(value if isinstance(value, dt.datetime | str) else str(value))


def _money(value: Any) -> str:
    return format_amount(int(value)) if isinstance(value, int) else "-"


def _size(value: Any) -> str:
    if not isinstance(value, int):
        return "size unknown"
    return f"{value / 1024:,.0f} KB" if value >= 1024 else f"{value} bytes"


class _Writer:
    def __init__(self, pdf: FooterPdf) -> None:
        self.pdf = pdf
        self.width = pdf.w - pdf.l_margin - pdf.r_margin

    def title(self, text: str) -> None:
        self.pdf.set_font("Helvetica", style="B", size=17)
        self.pdf.multi_cell(self.width, 9, pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(self, text: str) -> None:
        self.pdf.ln(3)
        self.pdf.set_font("Helvetica", style="B", size=12)
        self.pdf.multi_cell(self.width, 7, pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def line(self, label: str, value: Any) -> None:
        self.pdf.set_font("Helvetica", style="B", size=9.5)
        self.pdf.cell(48, 5.2, pdf_text(label))
        self.pdf.set_font("Helvetica", size=9.5)
        self.pdf.multi_cell(
            self.width - 48, 5.2, pdf_text(value), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def text(self, value: Any, size: float = 9.5, *, mono: bool = False) -> None:
        self.pdf.set_font("Courier" if mono else "Helvetica", size=size)
        self.pdf.multi_cell(self.width, size * 0.5, pdf_text(value), align="L", new_x=XPos.LMARGIN)
        self.pdf.ln(0.8)

    def image(self, path: Path, caption: str) -> bool:
        """Embed a stored image scaled to fit; False (and nothing drawn) if it can't be."""
        try:
            if self.pdf.will_page_break(70):
                self.pdf.add_page()
            self.pdf.image(str(path), w=min(self.width, 120), keep_aspect_ratio=True, h=90)
        except Exception:  # a damaged or unsupported file: listed instead
            return False
        self.text(caption, 8)
        return True


def render_report(packet: Mapping[str, Any], names: Mapping[int, str] | None = None) -> bytes:
    """The packet as a PDF report (see the module's docstring)."""
    case = packet["case"]
    dispute, escrow, contract = case["dispute"], case["escrow"], case["contract"]
    people = dict(names or {})
    roles: dict[int, str] = {}
    for party in case["parties"]:
        people.setdefault(party["user_id"], party["username"])
        roles[party["user_id"]] = party["role"]

    def who(user_id: Any, fallback: str = "Bloxtr8") -> str:
        if not isinstance(user_id, int):
            return fallback
        name = people.get(user_id, "a Bloxtr8 user")
        return f"{name} ({roles[user_id]})" if user_id in roles else name

    pdf = FooterPdf(f"Bloxtr8 evidence packet, dispute #{dispute['id']}")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_margins(16, 16, 16)
    pdf.set_title(pdf_text(f"Bloxtr8 evidence packet - dispute #{dispute['id']}"))
    pdf.set_author("Bloxtr8")
    pdf.add_page()
    w = _Writer(pdf)
    listing = case.get("listing") or {}
    w.title(f"Evidence packet: dispute #{dispute['id']}")
    w.text(
        f"Prepared {_when(packet['generated_at'])} by Bloxtr8 for the arbiter and for "
        "reviewers of the payment. Times are in UTC; amounts in US dollars. The attached "
        "JSON file holds every recorded value.",
        8.5,
    )

    w.heading("1. The trade")
    w.line("Asset", f"{listing.get('title', '-')} (listing #{listing.get('id', '-')})")
    w.line("Price", _money(escrow["amount"]))
    fee = escrow["amount"] * escrow["fee_bps"] // 10_000
    w.line("Bloxtr8 fee", f"{_money(fee)} ({escrow['fee_bps'] / 100:g}% of the price)")
    w.line("Seller would receive", _money(escrow["amount"] - fee))
    w.line("Paid by", "Card (Stripe)" if escrow["rail"] == "STRIPE" else "USDC on Base")
    w.line("Escrow", f"#{escrow['id']}: {_status(escrow['status'])}")
    for party in case["parties"]:
        roblox = party["roblox_username"] or "not linked"
        w.line(
            party["role"].title(),
            f"{party['username']} (Discord id {party['discord_id']}, Roblox {roblox})",
        )

    w.heading("2. The dispute")
    w.line("Status", _status(dispute["status"]))
    w.line("Opened", f"{_when(dispute['created_at'])} by {who(dispute.get('opened_by'))}")
    w.line("Why", dispute["reason"] or "-")
    if dispute.get("moderator") is not None:
        w.line("Handled by", who(dispute["moderator"]))
    if dispute.get("outcome"):
        decided = OUTCOME_WORDS.get(str(dispute["outcome"]), words(dispute["outcome"]))
        if dispute.get("buyer_percent") is not None:
            decided += f": {dispute['buyer_percent']}% back to the buyer, the rest to the seller"
        w.line("Decision", decided)
        w.line("Decided", _when(dispute.get("resolved_at")))
        w.line("Written reason", dispute.get("resolution") or "-")
    else:
        w.line("Decision", "not decided yet")

    w.heading("3. What happened, in order")
    for event in packet["escrow_events"]:
        kind = str(event["kind"])
        what = EVENT_WORDS.get(kind, kind.replace("_", " ").capitalize())
        by = f" - by {who(event['actor_id'])}" if isinstance(event.get("actor_id"), int) else ""
        amount = (event.get("data") or {}).get("amount")
        money = f" ({_money(amount)})" if isinstance(amount, int) else ""
        w.text(f"{_when(event['created_at'])}: {what}{money}{by}")

    w.heading("4. Payment")
    stripe_row = case["payments"]["stripe"]
    if stripe_row:
        w.line("Received from the buyer", _money(stripe_row.get("amount_received")))
        w.line("Refunded to the buyer", _money(stripe_row.get("amount_refunded")))
    for call in case["payments"]["provider_calls"]:
        kind = CALL_WORDS.get(str(call["kind"]), words(call["kind"]))
        w.text(
            f"{kind}: {_money(call['amount'])}, {_status(call['status']).lower()} "
            f"({_when(call.get('completed_at') or call.get('created_at'))})"
        )

    w.heading("5. Delivery")
    if not case["deliveries"]:
        w.text("The seller did not mark the asset delivered.")
    for d in case["deliveries"]:
        evidence = d.get("evidence") or {}
        w.text(
            f"{_when(d['delivered_at'])}: {who(d.get('delivered_by'))} marked it delivered"
            + (f"; confirmed {_when(d['confirmed_at'])}" if d.get("confirmed_at") else "")
            + "."
        )
        if evidence.get("text"):
            w.text(f'The seller\'s note: "{evidence["text"]}"')
        if isinstance(evidence.get("attachment"), dict):
            _file(w, evidence["attachment"], "Delivery evidence from the seller")

    w.heading("6. Evidence from the parties")
    items = [e for e in dispute["evidence"] if isinstance(e, dict)]
    if not items:
        w.text("None was added.")
    for item in items:
        step = item.get("kind")
        party = str(item.get("party") or "")
        if step == "request":
            w.text(
                f"{_when(item.get('at'))}: {who(item.get('by'))} asked the {party} for "
                f'evidence by {_when(item.get("due"))}: "{item.get("text", "")}"'
            )
        elif step == "statement":
            w.text(f'{_when(item.get("at"))}: the {party} wrote: "{item.get("text", "")}"')
            for f in item.get("attachments") or []:
                _file(w, f, f"Attached by the {party}")
        elif step == "attachment":
            _file(w, item, f"Attached by the {party} when opening the dispute")
        else:
            w.text(str(item.get("text") or words(step or "evidence")))

    w.heading("7. Roblox: when listed and now")
    _roblox(w, "When listed", case["roblox"]["at_listing"])
    _roblox(w, "Now", case["roblox"]["now"])

    w.heading("8. Offers")
    for o in case["offers"]:
        w.text(
            f"{_when(o['created_at'])}: offer #{o['id']} of {_money(o['amount'])} by "
            f"{who(o.get('made_by'))} - {_status(o['status']).lower()}"
        )

    w.heading("9. The parties' records")
    for party in case["parties"]:
        stats = party.get("trade_record") or {}
        record = party.get("disputes") or {}
        w.line(
            f"{party['username']} ({party['role']})",
            f"{stats.get('completed_trades', 0)} completed trades worth "
            f"{_money(stats.get('volume_cents', 0))}; disputes: {_dispute_record(record)}",
        )

    pdf.add_page()
    w.heading("Appendix A. The contract")
    w.line("Contract", f"#{contract['id']}: {_status(contract['status'])}")
    w.line("Signed by both", _when(contract.get("executed_at")))
    for sig in contract["signatures"]:
        w.line("Signature", f"{who(sig.get('user_id'))}, {_when(sig.get('signed_at'))}")
    w.line("SHA-256 of the PDF", "")
    w.text(contract.get("sha256") or "-", 8.5, mono=True)

    w.heading("Appendix B. Payment provider references")
    if stripe_row:
        for key, label in (
            ("payment_intent_id", "Payment"),
            ("charge_id", "Charge"),
            ("transfer_id", "Payout"),
            ("refund_id", "Refund"),
        ):
            if stripe_row.get(key):
                w.line(label, stripe_row[key])
    for call in case["payments"]["provider_calls"]:
        if call.get("provider_id"):
            kind = CALL_WORDS.get(str(call["kind"]), words(call["kind"]))
            w.line(kind, call["provider_id"])

    w.heading("Appendix C. The audit chain")
    w.text(
        "Every change is an audit entry. Each sealed entry's hash is SHA-256 over its "
        "content, its position in the chain and the previous entry's hash, so removing or "
        "editing one breaks every hash after it; `bloxtr8 audit verify` recomputes them.",
        8.5,
    )
    for r in packet["audit"]:
        actor = who(r["actor_id"]) if isinstance(r.get("actor_id"), int) else "Bloxtr8"
        position = f"#{r['chain_seq']}" if r.get("chain_seq") is not None else "not sealed"
        w.text(f"{position}  {_when(r['created_at'])}  {_action(r['action'])} ({actor})", 8.5)
        w.text(f"hash {r['hash'] or '-'}", 7, mono=True)
        w.text(f"prev {r['prev_hash'] or '-'}", 7, mono=True)
    return bytes(pdf.output())


def _action(action: str) -> str:
    """ "dispute.evidence_requested" -> "Dispute: evidence requested"."""
    thing, _, step = action.partition(".")
    return f"{thing.capitalize()}: {step.replace('_', ' ')}" if step else action


def _dispute_record(record: Mapping[str, Any]) -> str:
    resolved, open_ = record.get("resolved", 0), record.get("open", 0)
    if not resolved and not open_:
        return "none"
    parts = [f"{resolved} decided ({record.get('won', 0)} won, {record.get('lost', 0)} lost, "]
    parts[0] += f"{record.get('split', 0)} split)"
    if open_:
        parts.append(f"{open_} open")
    return ", ".join(parts)


def _roblox(w: _Writer, label: str, facts: Mapping[str, Any] | None) -> None:
    if not facts:
        w.line(label, "not recorded")
        return
    shown = []
    for key, name in (
        ("name", "name"),
        ("asset_type", "type"),
        ("owner_type", "owner is a"),
        ("owner_id", "owner id"),
        ("creator_name", "creator"),
        ("creator_id", "creator id"),
        ("visits", "visits"),
        ("captured_at", "recorded"),
    ):
        value = facts.get(key)
        if value in (None, ""):
            continue
        if key in ("asset_type", "owner_type"):
            value = words(value).lower()
        elif key == "captured_at":
            value = _when(value)
        elif isinstance(value, int) and key == "visits":
            value = f"{value:,}"
        shown.append(f"{name} {value}")
    extra = facts.get("data")
    for key, value in extra.items() if isinstance(extra, dict) else ():
        if key in facts or isinstance(value, bool) or not isinstance(value, int | str):
            continue
        shown.append(
            f"{key.replace('_', ' ')} {value:,}" if isinstance(value, int) else f"{key} {value}"
        )
    w.line(label, "; ".join(shown) or "not recorded")


def _is_image(path: Path) -> bool:
    """A PNG, JPEG or GIF (by its first bytes: stored copies are named by their hash)."""
    try:
        if not path.is_file() or path.stat().st_size > IMAGE_MAX_BYTES:
            return False
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        return False
    return head.startswith(IMAGE_MAGIC)


def _file(w: _Writer, f: Mapping[str, Any], caption: str) -> None:
    """An attached file: the image itself from the stored copy, else what it is."""
    name = str(f.get("filename") or "file")
    described = f"{caption}: {name}, {_size(f.get('size'))}"
    stored = f.get("stored")
    path = Path(str(stored)) if stored else None
    if path is not None and _is_image(path) and w.image(path, described):
        return
    missing = "" if path is None or path.is_file() else " (the stored copy is missing)"
    w.text(f"{described}{missing}. SHA-256 {f.get('sha256') or '-'}", 8.5)
