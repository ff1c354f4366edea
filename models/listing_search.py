"""Listing search and the search box's autocomplete, over the `listing_search` table.

`listing_search` holds one row per word of every ACTIVE listing's title (see its migration;
triggers on `listings` keep it in step). Each search is a few SQL statements; each is built
here as an `Sql` (text with `$1, $2 …` placeholders and the values bound to them), so no
value is ever written into the SQL text.

Bound values and plans: the driver prepares each statement once and reuses it, and after a
few runs PostgreSQL may switch a prepared statement to its generic plan, which cannot tell a
category and price range that holds half the listings from one that holds a handful. So the
statements run in a transaction with ``plan_cache_mode = force_custom_plan``: every run is
planned for its own values, as a statement with literals would be.

`Listing.search` and `Listing.suggest_titles` are the entry points; they call `search` and
`suggest_titles` here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, NamedTuple

from tortoise.transactions import in_transaction

from models.enums import ListingCategory

if TYPE_CHECKING:
    from models.listing import Listing

SEARCH_TEXT_MAX = 100
SEARCH_WINDOW = 1_000  # newest active listings a search without words looks at first
SUGGEST_SCAN = 3_000  # index entries each step of the search text's autocomplete reads
SEARCH_COUNTED = 4  # words of a search text counted to find the rarest (the longest ones)
SEARCH_WALK = 3_000  # newest listings with a word a search walks before sorting sparse matches

CUSTOM_PLANS = "SET LOCAL plan_cache_mode = force_custom_plan"


class Sql(NamedTuple):
    """One statement: its text with `$n` placeholders, and the values bound to them
    (`await conn.execute_query_dict(*sql)`)."""

    text: str
    values: list[Any]


Execute = Callable[[str, list[Any]], Awaitable[list[dict[str, Any]]]]


class _Params:
    """Collects the values of one statement; calling it with a value gives its placeholder."""

    def __init__(self) -> None:
        self.values: list[Any] = []

    def __call__(self, value: Any) -> str:
        if isinstance(value, str):
            value = value.replace("\x00", "")  # PostgreSQL text cannot hold NUL
        self.values.append(value)
        return f"${len(self.values)}"

    def sql(self, text: str) -> Sql:
        return Sql(text, self.values)


def search_sql(
    category: ListingCategory | None = None,
    min_price: int | None = None,
    max_price: int | None = None,
    guild_id: int | None = None,
    limit: int = 10,
    offset: int = 0,
    *,
    plan: str = "window",
) -> Sql:
    """One step of a search without words (separate so that the benchmark can EXPLAIN it;
    searches with words are `word_search_sql`).

    `plan`: "window", only the newest `SEARCH_WINDOW` active listings (a walk down the
    newest-first index that stops as soon as the page is full); "planner", the plain
    query, PostgreSQL's choice (it reads the category and price statistics well).
    """
    p = _Params()
    filters = " AND ".join(_filters_sql(p, guild_id, category, min_price, max_price))
    page = _page_sql(p, limit, offset)
    if plan == "window":
        return p.sql(
            "SELECT * FROM (SELECT * FROM listings WHERE status = 'ACTIVE' "  # noqa: S608
            f"ORDER BY created_at DESC, id DESC LIMIT {int(SEARCH_WINDOW)}) "
            f"AS newest WHERE {filters} ORDER BY created_at DESC, id DESC {page}"
        )
    return p.sql(
        f"SELECT * FROM listings WHERE status = 'ACTIVE' AND {filters} "  # noqa: S608
        f"ORDER BY created_at DESC, id DESC {page}"
    )


def search_words_sql(text: str) -> Sql:
    """The words of a search text as the index knows them (`listing_search_terms`:
    lower-cased, stemmed, stop words dropped), each with how many active listings have
    it, counted up to `SEARCH_WALK` (enough to pick the rarest and to know whether the
    newest-first walk covers all of them). Only the `SEARCH_COUNTED` longest words are
    counted (NULL for the others), so that a long text costs no more than a short one;
    the words not counted still filter."""
    p = _Params()
    words = f"unnest(listing_search_terms({p(text[:SEARCH_TEXT_MAX])}::text))"
    return p.sql(
        "SELECT t.term, CASE WHEN t.rank <= "  # noqa: S608
        f"{int(SEARCH_COUNTED)} THEN (SELECT count(*) FROM (SELECT 1 FROM listing_search s "
        f"WHERE s.term = t.term LIMIT {int(SEARCH_WALK)}) AS c) END AS n FROM ("
        "SELECT w.term, row_number() OVER (ORDER BY length(w.term) DESC, w.term) AS rank "
        f"FROM {words} AS w(term)) AS t"
    )


def word_search_sql(
    term: str,
    also: Sequence[str] = (),
    category: ListingCategory | None = None,
    min_price: int | None = None,
    max_price: int | None = None,
    guild_id: int | None = None,
    limit: int = 10,
    offset: int = 0,
    *,
    plan: str = "all",
) -> Sql:
    """Active listings whose title has the word `term` and every word of `also`, newest
    first, from the `listing_search` table (see its migration). Everything but the final
    fetch of the page's listings is an index-only scan.

    `plan`:
    - "all": every listing with `term`, filtered, then sorted (when it has fewer than
      `SEARCH_WALK` of them);
    - "walk": the newest `SEARCH_WALK` listings with `term`, walked newest first down
      `idx_listing_search_newest` and filtered: exact whenever it fills the page;
    - "sorted": the matches are sparse, so the ordering is written as an expression
      that no index provides: PostgreSQL starts from the narrowest index condition
      (`idx_listing_search_price` for a category and/or a price range) and sorts what
      it finds, instead of walking every listing with the word.
    """
    p = _Params()
    word = f"term = {p(term)}"
    where = _filters_sql(p, guild_id, category, min_price, max_price)
    where += [f"strpos(words, {p(' ' + w + ' ')}) > 0" for w in also]
    filters = " AND ".join(where)
    order = "created_at DESC, listing_id DESC"
    if plan == "walk":
        source = (
            f"(SELECT * FROM listing_search WHERE {word} "  # noqa: S608
            f"ORDER BY {order} LIMIT {int(SEARCH_WALK)}) AS newest"
        )
        matches = f"SELECT listing_id, created_at FROM {source} "  # noqa: S608
        matches += f"WHERE {filters} ORDER BY {order}"
    elif plan == "sorted":
        matches = (
            "SELECT listing_id, created_at FROM listing_search "  # noqa: S608
            f"WHERE {word} AND {filters} "
            "ORDER BY created_at + interval '0 seconds' DESC, listing_id + 0 DESC"
        )
    else:
        matches = (
            "SELECT listing_id, created_at FROM listing_search "  # noqa: S608
            f"WHERE {word} AND {filters} ORDER BY {order}"
        )
    return p.sql(
        f"SELECT l.* FROM ({matches} {_page_sql(p, limit, offset)}) AS m "  # noqa: S608
        "JOIN listings l ON l.id = m.listing_id AND l.status = 'ACTIVE' "
        "ORDER BY m.created_at DESC, m.listing_id DESC"
    )


@asynccontextmanager
async def _runner(execute: Execute | None) -> AsyncIterator[Execute]:
    """Where the statements of one search run: `execute` when given (the benchmark times or
    explains each step), else one connection in a transaction planning every run afresh."""
    if execute is not None:
        yield execute
        return
    async with in_transaction() as conn:
        await conn.execute_query(CUSTOM_PLANS)
        yield conn.execute_query_dict


async def search(
    text: str | None = None,
    category: ListingCategory | None = None,
    min_price: int | None = None,
    max_price: int | None = None,
    guild_id: int | None = None,
    limit: int = 10,
    offset: int = 0,
    *,
    execute: Execute | None = None,
) -> list[Listing]:
    """ACTIVE listings, newest first: PUBLIC ones from anywhere plus the PRIVATE ones of
    `guild_id` (our guild row id). With `text`, only listings whose title has every word
    of it (case-insensitive, English word forms: "swords" finds "Sword"; words like
    "the" are ignored, and a text of nothing but such words matches nothing). Prices
    are in cents, both bounds inclusive. (`execute(sql, values)` runs each SQL step; the
    benchmark passes one that also times it.)

    Without words: the newest `SEARCH_WINDOW` active listings first (most searches end
    there), then PostgreSQL's own plan. With words: their counts (`search_words_sql`);
    the rarest one drives (`word_search_sql`): all its listings when there are fewer
    than `SEARCH_WALK`, else the newest `SEARCH_WALK` of them, and only when those don't
    fill the page, a sorted search of the sparse matches.
    """
    from models.listing import Listing

    text = (text or "").strip()[:SEARCH_TEXT_MAX]
    async with _runner(execute) as run:
        if not text:
            args = (category, min_price, max_price, guild_id, limit, offset)
            rows = await run(*search_sql(*args, plan="window"))
            if len(rows) < limit:
                rows = await run(*search_sql(*args, plan="planner"))
            return [Listing._init_from_db(**row) for row in rows]  # as Tortoise's raw queries
        counts = _word_counts(await run(*search_words_sql(text)))
        if not counts or min(counts.values()) == 0:
            return []
        term = min(counts, key=lambda word: (counts[word], word))
        also = sorted(word for word in counts if word != term)

        def sql(plan: str) -> Sql:
            return word_search_sql(
                term, also, category, min_price, max_price, guild_id, limit, offset, plan=plan
            )

        if counts[term] < SEARCH_WALK:
            rows = await run(*sql("all"))
        else:
            rows = await run(*sql("walk"))
            if len(rows) < limit:
                rows = await run(*sql("sorted"))
        return [Listing._init_from_db(**row) for row in rows]


async def suggest_titles(
    typed: str,
    guild_id: int | None,
    limit: int = 10,
    *,
    execute: Execute | None = None,
) -> list[str]:
    """Titles for the search box's autocomplete while `typed` is being typed: the words
    before the last one as in `search`; the last one, possibly unfinished, as the start
    of a title word or a word form that it starts with ("simulato" finds "Simulator",
    indexed as "simul"). Suggestions must come quickly, not completely: each step reads
    at most `SUGGEST_SCAN` index entries, first those of the last word, then (if that
    found too few titles) those of the rarest earlier word."""
    typed = typed[:SEARCH_TEXT_MAX]
    head, last = _split_last_word(typed)
    if not last.isalnum():  # nothing being typed, or punctuation: whole words only
        found = await search(typed, guild_id=guild_id, limit=limit, execute=execute)
        return list(dict.fromkeys(x.title[:100] for x in found))
    async with _runner(execute) as run:
        counts: dict[str, int] = {}
        if head.strip():
            counts = _word_counts(await run(*search_words_sql(head)))
            if counts and min(counts.values()) == 0:  # ("the ", with no words, is no filter)
                return []
        forms = [last[:n] for n in range(3, len(last))]
        p = _Params()
        prefix = f"term >= {p(last)} AND term < {p(_next_prefix(last))}"
        sources = [prefix] + [f"term IN ({', '.join(map(p, forms))})"] * bool(forms)
        has = [f"strpos(words, {p(' ' + term + ' ')}) > 0" for term in sorted(counts)]
        rows = await run(*_suggest_sql(p, sources, [_visible_sql(p, guild_id), *has], limit))
        titles = list(dict.fromkeys(row["title"][:100] for row in rows))
        if len(titles) < limit and counts:
            rarest = min(counts, key=lambda term: (counts[term], term))
            p = _Params()
            source = f"term = {p(rarest)}"
            has = [f"strpos(words, {p(' ' + term + ' ')}) > 0" for term in sorted(counts)]
            starts = " OR ".join(
                [f"strpos(words, {p(' ' + last)}) > 0"]
                + [f"strpos(words, {p(' ' + form + ' ')}) > 0" for form in forms]
            )
            filters = [_visible_sql(p, guild_id), *has, f"({starts})"]
            more = await run(*_suggest_sql(p, [source], filters, limit))
            titles = list(dict.fromkeys(titles + [row["title"][:100] for row in more]))
        return titles[:limit]


def _suggest_sql(p: _Params, sources: list[str], filters: list[str], limit: int) -> Sql:
    """Titles of listings found in the first `SUGGEST_SCAN` index entries of each source
    that pass the filters, newest first (a few per wanted title: titles repeat)."""
    scans = " UNION ALL ".join(
        "(SELECT listing_id, words, visibility, guild_id FROM listing_search "  # noqa: S608
        f"WHERE {source} LIMIT {int(SUGGEST_SCAN)})"
        for source in sources
    )
    return p.sql(
        f"SELECT l.title FROM (SELECT listing_id FROM ({scans}) AS s "  # noqa: S608
        f"WHERE {' AND '.join(filters)} LIMIT {p(4 * max(1, min(int(limit), 25)))}) AS m "
        "JOIN listings l ON l.id = m.listing_id AND l.status = 'ACTIVE' "
        "ORDER BY l.created_at DESC, l.id DESC"
    )


def _word_counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Word → listings with it (up to `SEARCH_WALK`); a word that wasn't counted is taken
    as common, so it never drives a search but still filters it."""
    return {row["term"]: SEARCH_WALK if row["n"] is None else int(row["n"]) for row in rows}


def _filters_sql(
    p: _Params,
    guild_id: int | None,
    category: ListingCategory | None,
    min_price: int | None,
    max_price: int | None,
) -> list[str]:
    """The conditions every search has, on columns that `listings` and `listing_search`
    share: visibility here, category, price range (cents, inclusive)."""
    where = [_visible_sql(p, guild_id)]
    if category is not None:
        where.append(f"category = {p(ListingCategory(category).value)}")
    if min_price is not None:
        where.append(f"price >= {p(int(min_price))}")
    if max_price is not None:
        where.append(f"price <= {p(int(max_price))}")
    return where


def _visible_sql(p: _Params, guild_id: int | None) -> str:
    """PUBLIC listings, and the PRIVATE ones of our guild row `guild_id`."""
    if guild_id is None:
        return "visibility = 'PUBLIC'"
    return f"(visibility = 'PUBLIC' OR guild_id = {p(int(guild_id))})"


def _page_sql(p: _Params, limit: int, offset: int) -> str:
    return f"LIMIT {p(max(1, min(int(limit), 100)))} OFFSET {p(max(0, int(offset)))}"


def _split_last_word(typed: str) -> tuple[str, str]:
    """What comes before the word being typed, and that word lower-cased: ("Frozen ", "z")
    from "Frozen Z"; ("Frozen ", "") after a space, when no word is being typed."""
    stripped = typed.rstrip()
    if stripped != typed or not stripped:
        return typed, ""
    last = stripped.split()[-1]
    return stripped[: len(stripped) - len(last)], last.lower()


def _next_prefix(prefix: str) -> str:
    """The smallest string after every string that starts with `prefix` (byte order, as in
    the "C" collation of `listing_search.term`)."""
    code = ord(prefix[-1]) + 1
    if 0xD800 <= code <= 0xDFFF:  # surrogates don't exist in UTF-8 text
        code = 0xE000
    return prefix[:-1] + chr(code)
