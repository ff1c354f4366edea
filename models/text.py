"""Text that people type and the bot stores or shows again: titles, summaries, conditions,
reasons, statements.

Two steps, one helper each:

- `clean` when the text is stored: bidirectional overrides and zero-width characters
  (which make a title read differently from what it is, or hide words from moderators)
  and control characters are removed, single-line fields lose their line breaks, and the
  length is capped with a plain refusal.
- `shown` when the text is rendered where Discord reads markdown (embeds, message
  content): markdown, masked links, headings, quotes and mentions are neutralised, so a
  title can't become a link, ping someone, or pass for the bot's own words.

Messages that echo such text are also sent with no allowed mentions (the cogs' job).
"""

from __future__ import annotations

import re
import unicodedata

from models.errors import DomainError

# Bidirectional embeddings, overrides and isolates, and the marks that steer them.
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# Zero-width and invisible joiners/separators (a hidden word, an unreadable duplicate).
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u00ad")
_INVISIBLE = BIDI | ZERO_WIDTH
_MARKDOWN = re.compile(r"([\\*_~`|>#\-\[\]()<:!])")
_MASS_MENTION = re.compile(r"@(everyone|here)", re.IGNORECASE)


def strip_invisible(text: str) -> str:
    """`text` without bidi controls, zero-width characters and control characters (line
    breaks and tabs are kept)."""
    return "".join(
        ch
        for ch in text
        if ch not in _INVISIBLE
        and (ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Co", "Cs"))
    )


def clean(
    text: str | None,
    *,
    limit: int,
    what: str,
    single_line: bool = False,
    required: bool = True,
) -> str:
    """The text to store: invisible characters removed, trimmed, line breaks folded to
    spaces when `single_line`; refused (DomainError naming `what`) when empty but
    `required`, or longer than `limit` characters."""
    value = strip_invisible(unicodedata.normalize("NFC", text or ""))
    if single_line:
        value = " ".join(value.split())
    value = value.strip()
    if required and not value:
        raise DomainError(f"Please write {what}.")
    if len(value) > limit:
        raise DomainError(
            f"{what[0].upper()}{what[1:]} is {len(value):,} characters long; the limit is "
            f"{limit:,}."
        )
    return value


def shown(text: str | None, *, limit: int | None = None) -> str:
    """`text` ready to render where Discord reads markdown: every markdown character
    escaped (no bold, links, masked links, headings, quotes, code or emoji syntax), mass
    mentions broken, invisible characters dropped; at most `limit` characters in all (cut
    with an ellipsis, never between a backslash and what it escapes)."""
    value = _MARKDOWN.sub(r"\\\1", strip_invisible(text or ""))
    value = _MASS_MENTION.sub("@\u200b\\1", value)
    if limit is not None and len(value) > limit:
        cut = value[: max(0, limit - 1)]
        if (len(cut) - len(cut.rstrip("\\"))) % 2:  # a lone escaping backslash at the end
            cut = cut[:-1]
        value = cut + "…"
    return value


def shown_line(text: str | None, *, limit: int | None = None) -> str:
    """`shown`, on one line (for titles and field names)."""
    return shown(" ".join((text or "").split()), limit=limit)
