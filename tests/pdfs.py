"""Reading the PDFs people get as people read them: the text (pypdf's extraction), what
must never appear in it, and a page rendered to PNG (poppler's pdftoppm, when installed)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader

# Internals a reader must not meet: enum codes of our states, ISO timestamps (with or
# without microseconds), raw JSON objects, integer cents, "user 4" instead of a name.
NOT_FOR_READERS = {
    "enum name": re.compile(
        r"\b(?:AWAIT_FUNDS|FUNDS_HELD|PENDING_SIGNATURE|EXECUTED|IN_REVIEW|RELEASED|REFUNDED|"
        r"DISPUTED|DELIVERED|CANCELLED|OPEN|CLOSED|RESOLVED|RELEASE|REFUND|SPLIT|STRIPE|"
        r"USDC_BASE|GAME|GROUP|USER|TIER_[0-9]|SUCCEEDED|PENDING|TRANSFER)\b"
    ),
    "ISO timestamp": re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}"),
    "raw JSON": re.compile(r"[{\[]\s*\"[a-z_]+\"\s*:"),
    "user id for a name": re.compile(r"\buser \d+\b"),
    "basis points": re.compile(r"\b\d+ bps\b"),
    "day(s)": re.compile(r"day\(s\)"),
}


def pdf_text(data: bytes) -> str:
    """All pages' text, whitespace runs folded to single spaces."""
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def pdf_images(data: bytes) -> int:
    """How many images the PDF's pages draw."""
    reader = PdfReader(io.BytesIO(data))
    return sum(len(page.images) for page in reader.pages)


def not_for_readers(text: str, *, allowed: str = "") -> list[tuple[str, str]]:
    """What in `text` a reader should not meet; `allowed` is a section (an appendix for
    reviewers) left out of the scan."""
    if allowed and allowed in text:
        text = text[: text.index(allowed)]
    found = []
    for what, pattern in NOT_FOR_READERS.items():
        found += [(what, m.group(0)) for m in pattern.finditer(text)]
    return found


def render_page(data: bytes, out: Path, page: int = 1) -> Path | None:
    """Page `page` as a PNG next to `out` (None when poppler isn't installed)."""
    binary = shutil.which("pdftoppm")
    if binary is None:
        return None
    source = out.with_suffix(".pdf")
    source.write_bytes(data)
    subprocess.run(
        [
            binary,
            "-png",
            "-r",
            "70",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(source),
            str(out.with_suffix("")),
        ],
        check=True,
        capture_output=True,
    )
    return out.with_suffix(".png")
