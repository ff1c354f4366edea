"""The contract PDF: plain, readable, and built only from the facts passed in.

`render_contract(doc)` turns a `ContractDocument` (plain values, no database) into PDF
bytes with fpdf2's core Helvetica font. Core fonts only know latin-1, so every piece of
text goes through `pdf_text`, which maps common typography to ASCII and replaces what
the font can't draw (emoji in Discord names, for example) with "?". The creation date
in the PDF's metadata is the contract's, so the same facts give the same file; the
stored hash is still taken over the written bytes, never over a re-render.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from models.money import format_amount

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u2022": "*",
        "\t": " ",
    }
)


def pdf_text(text: object) -> str:
    """`text` made safe for a latin-1 core font: typography to ASCII, the rest to "?"."""
    raw = unicodedata.normalize("NFC", str(text)).translate(_TYPOGRAPHY)
    cleaned = "".join(ch if ch == "\n" or unicodedata.category(ch)[0] != "C" else " " for ch in raw)
    return cleaned.encode("latin-1", errors="replace").decode("latin-1")


@dataclass(frozen=True)
class Party:
    role: str  # "Buyer" / "Seller"
    discord_name: str
    discord_id: int
    roblox_username: str | None
    roblox_user_id: int | None


@dataclass(frozen=True)
class ContractDocument:
    contract_id: int
    template_version: str
    created_at: dt.datetime
    buyer: Party
    seller: Party
    listing_id: int
    listing_title: str
    listing_summary: str
    category: str
    amount: int  # cents
    rail: str
    inspection_days: int
    platform_fee_bps: int
    offer_id: int
    offer_conditions: str | None = None
    asset: dict[str, object] | None = None  # RobloxSnapshot facts, or None
    milestones: list[tuple[str, int]] = field(default_factory=list)
    revision: int = 1
    guild_name: str = ""
    delivery: list[str] | None = None  # None: the template's clauses
    disputes: list[str] | None = None


RAIL_WORDS = {
    "STRIPE": "Card payment through Stripe (USD)",
    "USDC_BASE": "USDC stablecoin on the Base network",
}

_FACT_LABELS = (
    ("asset_type", "Asset type"),
    ("asset_id", "Asset id"),
    ("name", "Name"),
    ("owner_type", "Owner type"),
    ("owner_id", "Owner id"),
    ("creator_name", "Creator"),
    ("universe_id", "Universe id"),
    ("root_place_id", "Root place id"),
    ("group_id", "Group id"),
    ("member_count", "Members"),
    ("visits", "Visits"),
    ("playing", "Playing now"),
    ("created", "Created on Roblox"),
    ("url", "Link"),
    ("captured_at", "Snapshot taken"),
)


def delivery_terms(inspection_days: int) -> list[str]:
    """The delivery clauses of template 1 (stored with the contract's terms)."""
    return [
        "1. The buyer pays the price into Bloxtr8 escrow. The seller is not paid until "
        "the steps below are complete.",
        "2. Once the payment is held, the seller transfers the asset on Roblox to the "
        "buyer's Roblox account named above and marks the delivery as done in Bloxtr8.",
        f"3. The buyer then has an inspection period of {days(inspection_days)} to "
        "check the asset and either confirm the delivery or open a dispute.",
        "4. If the buyer neither confirms nor disputes within the inspection period, the "
        "payment is released to the seller automatically.",
    ]


def days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def readable_time(moment: dt.datetime | str) -> str:
    """A moment as people write it, in UTC to the minute: "30 November 2026, 04:38 UTC"."""
    if isinstance(moment, str):
        try:
            parsed = dt.datetime.fromisoformat(moment)
        except ValueError:
            return moment
    else:
        parsed = moment
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC).strftime("%-d %B %Y, %H:%M UTC")


def words(value: object) -> str:
    """A stored code ("GAME", "USER", "GAME_PASS") in words; other text unchanged."""
    text = str(value)
    if re.fullmatch(r"[A-Z][A-Z0-9_]*", text):
        return text.replace("_", " ").capitalize()
    return text


def _plain_units(text: str) -> str:
    """Terms stored by older versions say "7 day(s)"; the document says "7 days"."""
    return re.sub(r"\b(\d+) day\(s\)", lambda m: days(int(m.group(1))), text)


def fingerprint(doc: ContractDocument) -> str:
    """SHA-256 over the document's facts (every field, in a fixed order): printed on the
    document, so a copy's terms can be matched to Bloxtr8's record without the file."""
    facts = json.dumps(dataclasses.asdict(doc), sort_keys=True, default=str)
    return hashlib.sha256(facts.encode()).hexdigest()


def dispute_terms() -> list[str]:
    """The dispute clauses of template 1 (stored with the contract's terms)."""
    return [
        "1. Either party may open a dispute while the escrow holds the payment, up to the "
        "end of the inspection period.",
        "2. A moderator of the server where the asset was listed, who is not a party to "
        "this trade, reviews the evidence from both sides.",
        "3. The moderator decides to release the payment to the seller, refund it to the "
        "buyer, or split it between them. Bloxtr8 carries out that decision.",
    ]


class FooterPdf(FPDF):
    """An A4 document with a grey footer line and the page number on every page."""

    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self.footer_text = footer_text

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 6, pdf_text(f"{self.footer_text} - page {self.page_no()}"), align="C")
        self.set_text_color(0, 0, 0)


def render_contract(doc: ContractDocument) -> bytes:
    """The contract as PDF bytes."""
    pdf = FooterPdf(f"Bloxtr8 Trade Contract #{doc.contract_id}, template v{doc.template_version}")
    pdf.set_creation_date(doc.created_at.astimezone(dt.UTC))
    pdf.set_title(pdf_text(f"Bloxtr8 Trade Contract #{doc.contract_id}"))
    pdf.set_author("Bloxtr8")
    pdf.set_creator("Bloxtr8")
    pdf.set_producer("Bloxtr8")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_margins(18, 18, 18)
    pdf.add_page()

    def heading(text: str) -> None:
        pdf.ln(3)
        pdf.set_font("Helvetica", style="B", size=12)
        pdf.cell(0, 7, pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", size=10)

    def line(label: str, value: object) -> None:
        pdf.set_font("Helvetica", style="B", size=10)
        pdf.cell(48, 5.5, pdf_text(label))
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(0, 5.5, pdf_text(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def paragraph(text: str) -> None:
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(0, 5.5, pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    pdf.set_font("Helvetica", style="B", size=18)
    pdf.cell(
        0,
        10,
        pdf_text(f"Bloxtr8 Trade Contract #{doc.contract_id}"),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_font("Helvetica", size=10)
    line("Created", readable_time(doc.created_at))
    line("Template version", doc.template_version)
    if doc.revision > 1:
        line("Terms revision", doc.revision)
    line("Based on", f"offer #{doc.offer_id} on listing #{doc.listing_id}")
    if doc.guild_name:
        line("Server", doc.guild_name)

    heading("1. Parties")
    for party in (doc.seller, doc.buyer):
        roblox = (
            f"{party.roblox_username} (Roblox id {party.roblox_user_id})"
            if party.roblox_user_id is not None
            else "not linked"
        )
        line(f"{party.role} (Discord)", f"{party.discord_name} (Discord id {party.discord_id})")
        line(f"{party.role} (Roblox)", roblox)

    heading("2. Asset")
    line("Listing", f"#{doc.listing_id} {doc.listing_title}")
    line("Category", words(doc.category))
    line("Description", doc.listing_summary)
    if doc.asset:
        pdf.ln(1)
        paragraph("Facts recorded from Roblox when the seller's ownership was verified:")
        for key, label in _FACT_LABELS:
            value = doc.asset.get(key)
            if value is None or value == "":
                continue
            if (
                isinstance(value, int)
                and not isinstance(value, bool)
                and key
                in (
                    "visits",
                    "playing",
                    "member_count",
                )
            ):
                value = f"{value:,}"
            elif key in ("created", "captured_at"):
                value = readable_time(value) if isinstance(value, (str, dt.datetime)) else value
            elif key in ("asset_type", "owner_type"):
                value = words(value)
            line(label, value)
    else:
        paragraph("No Roblox asset snapshot is attached to this listing.")

    heading("3. Price and payment")
    line("Price", format_amount(doc.amount))
    line("Payment rail", RAIL_WORDS.get(doc.rail, words(doc.rail)))
    line(
        "Fees",
        f"{doc.platform_fee_bps / 100:g}% of the price, deducted from the seller's payout",
    )
    net = doc.amount - doc.amount * doc.platform_fee_bps // 10_000
    line("Bloxtr8 fee", format_amount(doc.amount - net))
    line("Seller receives", f"{format_amount(net)} after fees")
    line("Inspection period", days(doc.inspection_days))
    if doc.offer_conditions:
        line("Offer conditions", doc.offer_conditions)

    heading("4. Milestones")
    if doc.milestones:
        pdf.set_font("Helvetica", size=10)
        with pdf.table(col_widths=(12, 118, 40), text_align=("LEFT", "LEFT", "RIGHT")) as table:
            header = table.row()
            for text in ("#", "Milestone", "Amount"):
                header.cell(text)
            for position, (title, amount) in enumerate(doc.milestones, start=1):
                row = table.row()
                row.cell(str(position))
                row.cell(pdf_text(title))
                row.cell(format_amount(amount))
            total = table.row()
            total.cell("")
            total.cell("Total")
            total.cell(format_amount(sum(a for _, a in doc.milestones)))
    else:
        paragraph("None: the whole price is paid and released in one step.")

    heading("5. Delivery")
    for text in doc.delivery or delivery_terms(doc.inspection_days):
        paragraph(_plain_units(text))

    heading("6. Disputes")
    for text in doc.disputes or dispute_terms():
        paragraph(_plain_units(text))

    heading("7. Signatures")
    paragraph(
        "Each party signs inside Discord by typing I AGREE. Bloxtr8 records who signed, "
        "when, and the Discord interaction id. The contract is executed when both parties "
        "have signed; until then either party may void it. The SHA-256 hash of this file "
        "is stored by Bloxtr8, so any change to the file can be detected with "
        "/contract verify."
    )
    pdf.ln(2)
    for party in (doc.seller, doc.buyer):
        _signature_box(pdf, party)
    pdf.ln(2)
    line("Terms fingerprint", "SHA-256 of the facts in this document:")
    pdf.set_font("Courier", size=9)
    pdf.multi_cell(0, 5, fingerprint(doc), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", size=8)
    pdf.multi_cell(
        0,
        4.5,
        "The SHA-256 of this PDF file itself is recorded by Bloxtr8 when the file is made "
        "and shown to both parties with the request to sign.",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    return bytes(pdf.output())


def _signature_box(pdf: FPDF, party: Party) -> None:
    """One party's signature block: who they are, and the lines Bloxtr8's record fills."""
    if pdf.will_page_break(30):
        pdf.add_page()
    x, y = pdf.get_x(), pdf.get_y()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_draw_color(150, 150, 150)
    pdf.rect(x, y, width, 26)
    pdf.set_xy(x + 3, y + 2)
    pdf.set_font("Helvetica", style="B", size=10)
    pdf.cell(0, 5.5, pdf_text(f"{party.role}: {party.discord_name}"), new_x=XPos.LMARGIN)
    pdf.set_xy(x + 3, y + 8)
    pdf.set_font("Helvetica", size=9)
    roblox = party.roblox_username or "Roblox account not linked"
    pdf.cell(0, 5, pdf_text(f"Discord id {party.discord_id} - Roblox: {roblox}"))
    pdf.set_xy(x + 3, y + 15)
    pdf.cell(0, 5, "Signature: typed I AGREE in Discord     Signed on (UTC): ____________________")
    pdf.set_xy(x + 3, y + 20)
    pdf.set_font("Helvetica", size=8)
    pdf.set_text_color(110, 110, 110)
    pdf.cell(0, 4.5, "Bloxtr8 records the time of signing and the Discord interaction id.")
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(x, y + 28)
