"""The contract PDF read as its parties read it: words, dollars, dates and units, the
seller's net, the signature block and the terms' fingerprint, and no stored codes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from models.contract_pdf import ContractDocument, Party, fingerprint, render_contract
from tests.pdfs import not_for_readers, pdf_text, render_page

DOC = ContractDocument(
    contract_id=12,
    template_version="1",
    created_at=dt.datetime(2026, 11, 30, 4, 38, 12, 345678, tzinfo=dt.UTC),
    buyer=Party("Buyer", "buyer", 222, "BuyerOnRoblox", 7002),
    seller=Party("Seller", "seller", 111, "SellerOnRoblox", 7001),
    listing_id=3,
    listing_title="Obby Tycoon",
    listing_summary="A tycoon with 1M visits",
    category="GAME",
    amount=110_000,
    rail="STRIPE",
    inspection_days=7,
    platform_fee_bps=500,
    offer_id=5,
    asset={
        "asset_type": "GAME",
        "asset_id": 4242,
        "name": "Obby Tycoon",
        "owner_type": "USER",
        "owner_id": 7001,
        "visits": 1_234_567,
        "captured_at": "2026-11-29T22:01:02.123456+00:00",
    },
    # Terms frozen by an older version still say "day(s)".
    delivery=["3. The buyer then has an inspection period of 7 day(s) to check the asset."],
)


def test_the_contract_reads_as_a_document(tmp_path: Path) -> None:
    data = render_contract(DOC)
    text = pdf_text(data)
    for expected in (
        "Bloxtr8 Trade Contract #12",
        "Created 30 November 2026, 04:38 UTC",
        "Price $1,100.00",
        "Bloxtr8 fee $55.00",
        "Seller receives $1,045.00 after fees",
        "Inspection period 7 days",
        "inspection period of 7 days to check",
        "Category Game",
        "Owner type User",
        "Snapshot taken 29 November 2026, 22:01 UTC",
        "Card payment through Stripe (USD)",
        "Seller: seller",
        "Buyer: buyer",
        "Signed on (UTC)",
        fingerprint(DOC),
    ):
        assert expected in text, expected
    assert not_for_readers(text) == []
    picture = render_page(data, tmp_path / "contract", page=2)
    assert picture is None or picture.stat().st_size > 10_000


def test_the_fingerprint_follows_the_facts() -> None:
    assert fingerprint(DOC) == fingerprint(dataclasses.replace(DOC))
    assert fingerprint(DOC) != fingerprint(dataclasses.replace(DOC, amount=110_001))
    assert render_contract(DOC) == render_contract(DOC)  # same facts, same file
