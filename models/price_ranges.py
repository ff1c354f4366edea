"""Price ranges of a guild's marketplace channels, and the names of its channels.

A guild sorts listings into one channel per price range. Ranges are written by admins in
dollars (``0-5000, 5000-20000, 20000-100000, 100000+``), stored in cents as
``{name, min, max}`` (``max`` exclusive, ``None`` for the open-ended last range), and
named for their channel (``under-5k``, ``5k-20k``, ``100k-plus``).
"""

from __future__ import annotations

import re
from typing import Any, cast

from models.errors import DomainError, InvalidAmount
from models.money import format_amount, parse_amount

# Default price ranges in cents: (name, min inclusive, max exclusive or None).
DEFAULT_PRICE_RANGES: list[dict[str, object]] = [
    {"name": "under-5k", "min": 0, "max": 500_000},
    {"name": "5k-20k", "min": 500_000, "max": 2_000_000},
    {"name": "20k-100k", "min": 2_000_000, "max": 10_000_000},
    {"name": "100k-plus", "min": 10_000_000, "max": None},
]


def default_price_ranges() -> list[dict[str, object]]:
    return [dict(r) for r in DEFAULT_PRICE_RANGES]


CATEGORY_NAME = "Bloxtr8"
DISPUTES_CHANNEL_NAME = "disputes"
LOG_CHANNEL_NAME = "bloxtr8-log"
MIN_PRICE_RANGES = 2
MAX_PRICE_RANGES = 10
PRICE_RANGE_EXAMPLE = "0-5000, 5000-20000, 20000-100000, 100000+"


class InvalidSetting(DomainError):
    """A guild setting value that cannot be used (out of range, malformed)."""


def price_range_label(cents: int) -> str:
    """A short channel-name label for a bound: 500000 -> "5k", 100000000 -> "1m"."""
    dollars, rest = divmod(cents, 100)
    if rest:
        return f"{dollars}_{rest:02d}"
    if dollars and dollars % 1_000_000 == 0:
        return f"{dollars // 1_000_000}m"
    if dollars and dollars % 1_000 == 0:
        return f"{dollars // 1_000}k"
    return str(dollars)


def price_range_name(min_cents: int, max_cents: int | None) -> str:
    """The channel name of a range: "under-5k", "5k-20k", "100k-plus"."""
    if max_cents is None:
        return f"{price_range_label(min_cents)}-plus"
    if min_cents == 0:
        return f"under-{price_range_label(max_cents)}"
    return f"{price_range_label(min_cents)}-{price_range_label(max_cents)}"


def describe_price_range(entry: dict[str, Any]) -> str:
    """A range for people: "$5,000.00 to $20,000.00" or "$100,000.00 and up"."""
    if entry.get("max") is None:
        return f"{format_amount(entry['min'])} and up"
    return f"{format_amount(entry['min'])} to under {format_amount(entry['max'])}"


_ZERO = re.compile(r"^\$?0+(?:\.0{0,2})?$")
# Ranges are separated by ";", new lines, or commas, except a comma between digits
# that starts a group of exactly three (a thousands separator, as in "$1,000").
_SEPARATOR = re.compile(r"\s*[;\n]\s*|,\s+|,(?![0-9]{3}(?:[^0-9]|$))")
_RANGE = re.compile(r"^(?P<low>.+?)\s*[-\u2013\u2014]\s*(?P<high>.+)$")


def _parse_bound(text: str, piece: str) -> int:
    cleaned = text.strip().replace(" ", "")
    if _ZERO.match(cleaned):
        return 0
    try:
        return parse_amount(cleaned)
    except InvalidAmount as exc:
        raise InvalidSetting(f"In the range `{quoted(piece)}`: {exc.message}") from exc


def quoted(text: str) -> str:
    text = text.replace("`", "'")
    return text if len(text) <= 40 else text[:37] + "..."


def parse_price_ranges(text: str) -> list[dict[str, Any]]:
    """Parse ``0-5000, 5000-20000, 20000-100000, 100000+`` (dollars) into validated ranges.

    Each range gets its channel name (``under-5k``, ``5k-20k``, ``100k-plus``).
    """
    raw = (text or "").strip()
    if not raw:
        raise InvalidSetting(f"Give the price ranges in dollars, like `{PRICE_RANGE_EXAMPLE}`.")
    pieces = [p.strip() for p in _SEPARATOR.split(raw)]
    ranges: list[dict[str, Any]] = []
    for piece in pieces:
        if not piece:
            raise InvalidSetting(
                f"There is an empty range in that list. Write them like `{PRICE_RANGE_EXAMPLE}`."
            )
        if piece.endswith("+"):
            low = _parse_bound(piece[:-1], piece)
            ranges.append({"min": low, "max": None})
            continue
        match = _RANGE.match(piece)
        if match is None:
            raise InvalidSetting(
                f"`{quoted(piece)}` isn't a range I can read. Write each range as `min-max` "
                f"in dollars and the last one as `min+`, like `{PRICE_RANGE_EXAMPLE}`."
            )
        low = _parse_bound(match["low"], piece)
        high = _parse_bound(match["high"], piece)
        ranges.append({"min": low, "max": high})
    for entry in ranges:
        entry["name"] = price_range_name(entry["min"], entry["max"])
    return validate_price_ranges(
        [{"name": r["name"], "min": r["min"], "max": r["max"]} for r in ranges]
    )


def validate_price_ranges(ranges: Any) -> list[dict[str, Any]]:
    """Check a list of ``{name, min, max}`` (cents): starts at 0, contiguous, strictly
    increasing, only the last open-ended, 2-10 ranges, distinct names. Returns a clean copy."""
    if not isinstance(ranges, list):
        raise InvalidSetting("Price ranges must be a list.")
    if len(ranges) > MAX_PRICE_RANGES:
        raise _count_error(len(ranges))
    clean: list[dict[str, Any]] = []
    names: set[str] = set()
    for i, entry in enumerate(ranges):
        if not isinstance(entry, dict):
            raise InvalidSetting("Each price range needs a name, a minimum and a maximum.")
        name, raw_low, raw_high = entry.get("name"), entry.get("min"), entry.get("max")
        if not isinstance(name, str) or not name.strip() or len(name) > 100:
            raise InvalidSetting("Each price range needs a name of 1 to 100 characters.")
        if not _is_int(raw_low) or (raw_high is not None and not _is_int(raw_high)):
            raise InvalidSetting(f"The range `{quoted(name)}` needs whole-cent bounds.")
        low = cast(int, raw_low)
        high = cast(int | None, raw_high)
        last = i == len(ranges) - 1
        shown = _shown_range(low, high)
        if high is not None and high <= low:
            raise InvalidSetting(
                f"In the range `{shown}` the upper bound must be above the lower bound."
            )
        if i == 0 and low != 0:
            raise InvalidSetting(
                f"The first range must start at $0 so that every price has a channel "
                f"(it starts at {format_amount(low)})."
            )
        if high is None and not last:
            raise InvalidSetting(
                f"Only the last range can be open-ended; `{shown}` is followed by other ranges."
            )
        if high is not None and last:
            raise InvalidSetting(
                f"The last range must be open-ended (written like `{_shown_range(low, None)}`) "
                "so that every price has a channel."
            )
        if clean:
            previous = clean[-1]
            if low != previous["max"]:
                what = "a gap" if low > previous["max"] else "an overlap"
                raise InvalidSetting(
                    f"The ranges must follow on without gaps or overlaps: "
                    f"`{_shown_range(previous['min'], previous['max'])}` ends at "
                    f"{format_amount(previous['max'])} but the next one starts at "
                    f"{format_amount(low)} ({what})."
                )
        key = name.strip().lower()
        if key in names:
            raise InvalidSetting(f"Two price ranges are both named `{quoted(name)}`.")
        names.add(key)
        clean.append({"name": name.strip(), "min": low, "max": high})
    if len(clean) < MIN_PRICE_RANGES:
        raise _count_error(len(clean))
    return clean


def _count_error(count: int) -> InvalidSetting:
    return InvalidSetting(
        f"Give between {MIN_PRICE_RANGES} and {MAX_PRICE_RANGES} price ranges (you gave {count})."
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _shown_range(low: int, high: int | None) -> str:
    def dollars(cents: int) -> str:
        whole, rest = divmod(cents, 100)
        return f"{whole}.{rest:02d}" if rest else str(whole)

    return f"{dollars(low)}+" if high is None else f"{dollars(low)}-{dollars(high)}"
