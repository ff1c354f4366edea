"""Money in integer cents: parsing what people type, and formatting it back."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from models.errors import InvalidAmount

DEFAULT_CEILING_CENTS = 100_000_000_00  # $100,000,000.00

# Digits with optional thousands separators in groups of three, then up to any decimals
# (more than two are refused with their own message below).
_AMOUNT = re.compile(r"^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]*))?$")


def parse_amount(text: str, *, ceiling_cents: int = DEFAULT_CEILING_CENTS) -> int:
    """Parse a dollar amount such as ``$1,250.50`` into cents (``125050``).

    Refuses, with a message for the user: empty input, anything that is not a plain
    number (letters, exponents, several dots), negatives, zero, more than two decimals
    and amounts above ``ceiling_cents``.
    """
    raw = (text or "").strip()
    if not raw:
        raise InvalidAmount("Please enter an amount, for example `$1,250.50`.")
    cleaned = raw.replace(" ", "")
    if cleaned.upper().endswith("USD"):
        cleaned = cleaned[:-3]
    if cleaned.startswith(("-", "$-", "-$")):
        raise InvalidAmount(f"`{_shown(raw)}` is negative. Amounts must be more than $0.00.")
    if cleaned.startswith("+"):
        cleaned = cleaned[1:]
    if cleaned.startswith("$"):
        cleaned = cleaned[1:]
    match = _AMOUNT.match(cleaned)
    if match is None:
        raise InvalidAmount(
            f"`{_shown(raw)}` isn't an amount I can read. Use digits with at most two "
            "decimals, for example `25`, `1250.50` or `$1,250.50`."
        )
    decimals = match.group(1) or ""
    if len(decimals) > 2:
        raise InvalidAmount(
            f"`{_shown(raw)}` has more than two decimals. The smallest unit is one cent ($0.01)."
        )
    try:
        value = Decimal(cleaned.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex already guarantees a number
        raise InvalidAmount(f"`{_shown(raw)}` isn't an amount I can read.") from exc
    cents = int(value * 100)
    if cents <= 0:
        raise InvalidAmount("The amount must be more than $0.00.")
    if cents > ceiling_cents:
        raise InvalidAmount(
            f"{format_amount(cents)} is above the largest amount allowed "
            f"({format_amount(ceiling_cents)})."
        )
    return cents


def format_amount(cents: int) -> str:
    """Format cents as dollars: ``125050`` → ``$1,250.50``."""
    sign = "-" if cents < 0 else ""
    dollars, rest = divmod(abs(cents), 100)
    return f"{sign}${dollars:,}.{rest:02d}"


def _shown(raw: str) -> str:
    """The user's input, shortened and without backticks, to quote it back safely."""
    text = raw.replace("`", "'")
    return text if len(text) <= 40 else text[:37] + "..."
