"""Listing search by words: `listing_search`, one row per (active listing, title word).

The trigram index on titles served `ILIKE '%word%'`, which for a common word hands back
tens of thousands of rows whose heap rows must all be read to check category, price and
visibility and to sort them. This table keeps, for every ACTIVE listing and every word of
its title (PostgreSQL's English text-search lexemes: lower-cased, stemmed, stop words
dropped), what a search filters and sorts on, so that both indexes answer searches with
index-only scans:

- `idx_listing_search_newest` (term, created_at, listing_id): the newest listings with a
  word, walked newest first;
- `idx_listing_search_price` (term, category, price): a word within a category and a
  price range, when matches are too sparse for the walk.

`words` holds all the listing's lexemes (" a b c ") so that the other words of a
multi-word search are checked in the index too. Triggers on `listings` keep the table in
step with every INSERT, UPDATE and DELETE, row by row or in bulk (statement triggers with
transition tables, so a COPY of a million listings is indexed set-wise, once per
statement). There is no model for it: nothing writes it but the triggers, and only
`Listing.search` and `Listing.suggest_titles` read it.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
CREATE TABLE IF NOT EXISTS "listing_search" (
    "term" TEXT COLLATE "C" NOT NULL,
    "category" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "listing_id" BIGINT NOT NULL,
    "price" BIGINT NOT NULL,
    "visibility" VARCHAR(16) NOT NULL,
    "guild_id" BIGINT NOT NULL,
    "words" TEXT NOT NULL
);
-- The words of a title, as search uses them (also called on the search text).
CREATE OR REPLACE FUNCTION "listing_search_terms"(title TEXT) RETURNS TEXT[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT tsvector_to_array(to_tsvector('english'::regconfig, title)) $$;
-- The rows of a set of listings (their active ones).
CREATE OR REPLACE FUNCTION "listing_search_add_new"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "listing_search"
    SELECT t.term, n.category, n.created_at, n.id, n.price, n.visibility, n.guild_id,
           ' ' || array_to_string(w.terms, ' ') || ' '
    FROM new_rows n
    CROSS JOIN LATERAL (SELECT "listing_search_terms"(n.title) AS terms) w
    CROSS JOIN LATERAL unnest(w.terms) AS t(term)
    WHERE n.status = 'ACTIVE';
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION "listing_search_drop_old"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM "listing_search" s
    USING old_rows o CROSS JOIN LATERAL unnest("listing_search_terms"(o.title)) AS t(term)
    WHERE o.status = 'ACTIVE'
      AND s.term = t.term AND s.created_at = o.created_at AND s.listing_id = o.id;
    RETURN NULL;
END $$;
-- An UPDATE re-indexes only the listings whose searched columns changed.
CREATE OR REPLACE FUNCTION "listing_search_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH changed AS (
        SELECT o.* FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.title, o.category, o.price, o.status, o.visibility, o.guild_id, o.created_at)
              IS DISTINCT FROM
              (n.title, n.category, n.price, n.status, n.visibility, n.guild_id, n.created_at)
    )
    DELETE FROM "listing_search" s
    USING changed o CROSS JOIN LATERAL unnest("listing_search_terms"(o.title)) AS t(term)
    WHERE o.status = 'ACTIVE'
      AND s.term = t.term AND s.created_at = o.created_at AND s.listing_id = o.id;
    INSERT INTO "listing_search"
    SELECT t.term, n.category, n.created_at, n.id, n.price, n.visibility, n.guild_id,
           ' ' || array_to_string(w.terms, ' ') || ' '
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    CROSS JOIN LATERAL (SELECT "listing_search_terms"(n.title) AS terms) w
    CROSS JOIN LATERAL unnest(w.terms) AS t(term)
    WHERE n.status = 'ACTIVE'
      AND (o.title, o.category, o.price, o.status, o.visibility, o.guild_id, o.created_at)
          IS DISTINCT FROM
          (n.title, n.category, n.price, n.status, n.visibility, n.guild_id, n.created_at);
    RETURN NULL;
END $$;
CREATE TRIGGER "listings_search_insert" AFTER INSERT ON "listings"
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION "listing_search_add_new"();
CREATE TRIGGER "listings_search_update" AFTER UPDATE ON "listings"
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION "listing_search_update"();
CREATE TRIGGER "listings_search_delete" AFTER DELETE ON "listings"
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION "listing_search_drop_old"();
-- What is there already.
INSERT INTO "listing_search"
SELECT t.term, l.category, l.created_at, l.id, l.price, l.visibility, l.guild_id,
       ' ' || array_to_string(w.terms, ' ') || ' '
FROM "listings" l
CROSS JOIN LATERAL (SELECT "listing_search_terms"(l.title) AS terms) w
CROSS JOIN LATERAL unnest(w.terms) AS t(term)
WHERE l.status = 'ACTIVE';
CREATE INDEX "idx_listing_search_newest" ON "listing_search" ("term", "created_at", "listing_id")
    INCLUDE ("category", "price", "visibility", "guild_id", "words");
CREATE INDEX "idx_listing_search_price" ON "listing_search" ("term", "category", "price")
    INCLUDE ("created_at", "listing_id", "visibility", "guild_id", "words");
-- The trigram index served the old substring search only.
DROP INDEX IF EXISTS "idx_listings_title_trgm";"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
DROP TRIGGER IF EXISTS "listings_search_insert" ON "listings";
DROP TRIGGER IF EXISTS "listings_search_update" ON "listings";
DROP TRIGGER IF EXISTS "listings_search_delete" ON "listings";
DROP FUNCTION IF EXISTS "listing_search_update"();
DROP FUNCTION IF EXISTS "listing_search_drop_old"();
DROP FUNCTION IF EXISTS "listing_search_add_new"();
DROP TABLE IF EXISTS "listing_search";
DROP FUNCTION IF EXISTS "listing_search_terms"(TEXT);
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS "idx_listings_title_trgm" ON "listings" USING gin ("title" gin_trgm_ops);"""


MODELS_STATE = (
    "eJztXe1z2jq6/1c8fDo7k9tJaJr2Mjs7Q8BNOctLBkjau4czHgMi8dbIHNukzez2f7+SX2"
    "VbBksYIht9AWP7EfB75Ed63v/TWFtLYDrv2o4D3EdgGytjobuGBRst5T8NqK8BOsi/6UJp"
    "6JtNfAs+4epz06PS8e3aC3G/d12fO66tL1x0y0o3HYBOLYGzsI1N8L1wa5r4pLVANxrwKT"
    "61hcZfW6C51hNwn4GNLvzxJzptwCX4CRz88Y/G1kEXLsJvd183IP5kLBt/YoLNd21lAHOZ"
    "+JPoIrrknffJ0Llb46kH3c/evfgnzbWFZW7XML5/8+o+WzAiMKCLzz4BCGzdBfgbXHuL/y"
    "P+CwEy4d/2/058i/8/CJolWOlb0yUwmWvxuYamDUdTbaJONa3BgOICMQJxAP1UxwPgCf+E"
    "//nfZvP9+4/Ny/c3nz5cf/z44dPlJ3Sv93uzlz7+8n9MjJY/lIdZ7643nOIfZCE2+1MBn/"
    "jl0eiu7lN57IrRX9gA46XpbpYLXXTFNdaAzockZYofy4D0XXiQ5k7Ii13sCU+8EX/Q/1uO"
    "oPkafO8O6Ke9gTqZtgf3+OvWjvOX6cHXnqr4StM7+5o6+9vN35K8igZRvvamXxT8UfnXaK"
    "h66FqO+2R73xjfN/1XA/8mfetaGrR+aPqSgCg8G8KI7oyZvt0sOZmepDwN02NpJbmex/UQ"
    "I4Ltwa+PuZ6UzEmud551W4Xbtcf1HkJEhwuQ4X5yhBT3EYri8Ltx1x6oLQW/zuDdePRwjz"
    "7gtxnsTdVBS8GvjWIzYq3/1EwAn9xn9PHqZseMeGyPO1/a49+u0lweBlea3qVfFLawroIk"
    "1f61sAoP3gmXwxh8f5cEaOBblgl0SEefJEuhP0d0FYR/F5KjUT8h4m57KVyHD4NbFU17b9"
    "ajmww3B+412j9aFLCx+KEjHVOILG6Kz/KEMHnfLCBM3jdzhQm+lAQY/NwYaMXgWNmTlPXb"
    "zlV3Ic/u3xyob5xni33VSBFyLRwB0wRh69ssG1jZZQafIJIrNhP02Haw+k7VX0OzQ5INny"
    "0bGE/wn+A1s6FNQR+YWB6CYSrGgl/hHAvPxk+frf+IjC3k1EP/Hf1j4K/Qnfak0+6qDap0"
    "KQHWsTU3rZ8TYsBKCZei8KbEagJi9BuU4UO/3/Bm8VxffP+h20stMZ3xFatppc5E92YvrZ"
    "vr9Bkd6k8eQPiv4B8eGg+3S8PtW08NmmExvHax056I79JM6+kUZkRr/m+wiHXM4KM0IEoD"
    "YuV2nBU1JRUxIKLn37I1hDswWZS5FBmXRrd/hXhDhe7muoBCd3Odq9DhS7/SSAcOHwaQA4"
    "pjacwnfYiOjG9qvSkKcopM2iYK2CbitZwdaOqaXQeYy5/Rc7BC2/Qsxr9PRkM6xjFFehE2"
    "Fq7yX8U0nHL27qJYNDEUiZU2xPO3QftbGupOf3SbXkLxALdpSb1yaapoPuwRgUSdH/XFM/"
    "pqzQF/sekACbJSzGBnowrE2G9s8KI9684zi0BPEMkd4H55zgqwxLY4tg7QTS7dNUFYguoq"
    "GO4VUVULOUt8pZPZv05QSTcJ5wLxtDUQJSv0JJWEvhw3iTedT+cnEYsDRc345DOfsOGPkR"
    "Aa9zrTRnZ2l4DpXThOLUEln+YcUN/GMdKxYOjIyDhGomsXuxwji+Cu4/tFpO9D+j6qZbat"
    "r+9DBk/XjeuFgqfX1hZSOL5Th4hoZLwPtw6Bdk/u1qEbQPZHrMfUJ3OGNe7VYbc3vNMmvb"
    "the/owVhtsDMkO0FIyp2ZQ/aZ2HqZqt6WERzP4OOqhz/i1UYylCftKs4h9pZlvX2lm7Csu"
    "WG9MBC/ORnMY/Zg02ho6gMpPKNgsV9pGd9mssgRN/QyHHy4vC4CM7spF2buWEkzPevPDDQ"
    "vIMUX9ID5C5IOX4ZIfjLjDsZahPMjDxiU/Gn9fbaEXiaHMkQbsGtB5h7/2H4yLgbCONxfY"
    "a8qynM+ViEAyo3RmoH++2PIpJSlS6csQRwnJ6p4vlrHk4nKCUPJYZB7Pt68cySUk1bG0zb"
    "oa+GLs8SKEfhUz+kk6iT+3sg9Mk2PyJ8gk+rzoW6sVB/gkVTnYn4lnYYe7NpAnJTgX+/FI"
    "1XoEivoXk6K3gNvWWylLQLa8lEERYSX3EwVA9SWwRHVfoiC5UDF7wwm4Eaa6u8W7zqysDm"
    "g//3MMzKhcGB3tSThOBc2oeZj/ygYNpJa4LGYjCKYWeik4SUfhKJVa2YpOUnJBLzJH87DG"
    "vxLpOLkTNAR9/zRVo5EqqZbSpyhDqEoXmMYLsF8blFCV6NrFrlCVpX+XAWSsSo13lBeKjF"
    "U5m6gFGatyjlwvEqtS2ZAJRndMSBaFR8xgb6jdj0d3aKcyaSnEhxnsqv3eozrG8RLR4Qx2"
    "RsPPvfEAn40OZ3Cs/q52vNCK8KhRbE4d2bMPXowlCHhW1O1G0kjPW+met2BjxSVj07TSLy"
    "OOUM2upeivrQx7zbeFStFKTovM6fi5nL8ym8MpxNIjweuR8E0IzDxIkEn0edFfGyZwXAsC"
    "ZgakKWUaXzl+oTyTGrOZvbBFTbAHoagNMyEBCvgvoglbAraDcKwSzZYiYpx+yAvATC6O0l"
    "m0B1/KTkKoBMqu4Wy23k/JGqWDSxc7bdL+TaeoKhnbNAhjJrqLvLIE+tI00GzGl6QRWxqx"
    "KyVUKmrOlEbsc+R6ESM2+mcOLWFsCn7miNqYohZpYrt4qX6b7rZkRqzsj4Z34e1p82Ydjc"
    "v4+2pjXBbdkUNhyeheHbK6cTBNS8GvngNnrD721K+e+8Y/xA6Zyaj/6Dtk/KMZRCBOPL+N"
    "9y6Gg8baugtrzd1fiyAXOEMQKR59tT1RMTO8A8yfzw9Djzv4fQYn9/3etKV4b2Jwxo9n3A"
    "B7AWhp/HvyKgi6I5myTrtt8Dfzzavrj9ef3t9cR3v46MyurXvWUIhEGAKMXqh613pNUgk8"
    "4YVdst1nvP9jts4myGo0n09sHicNBoyKSYpUugPFUUSy+idCQDc5NdA0reS0yJz2VqQXLk"
    "anSCWfReazdCvLqrBnCT32wiCIOOohpyklC3iTbDcII67IojSlZIEMqhA6qEIWSC6Cam6B"
    "5LhzJFV+lABsrat5p8VlkSigcJGT2O4J/UntBoSKSwnEMCUsJRbQ+VEpvpA7bVAK0Xs9FZ"
    "TiqTE2glZ3ZGDKm+/iZGDK2YQoyMCUc+R6ocAU3chpervfwRvSCtyZtYEX73u1pfjvM/gw"
    "6Xa0W8/fGx2K4dOVNdnfyIax2No2gAuKClLsMSDpTxibgqZvg/FhQCTetPcfA/8J4Jn8nw"
    "rM/U+5U/9TeuavANDmG0pkUO68JyhON/EvjzvrS4tfqGCcVftruzfVcLTNhHVOE6Qthfgw"
    "g96b9kXto0kfH+flznd7k3u/AUF4hAOBvIigbhQb1A2Dg9QoPMgL3moPO2q/78VvhYdiLC"
    "q5nQpyH638/gTy0SJVW8Y9cpJSOlTF2RJnNaG0mYKR1RRyyW+R+b3aQr465AlCyWOReSwr"
    "m5wLpwPJyxf2lCCVfBabz9xyO0Uq+SwynxdYTTX5GtunaSWnRea07BXSkGGM5we9bBPypt"
    "b/oO05M/4pQtkspJz4RdnQokjIkmxocQxUizS0kCGhRwgJzQ+ty1hwjEO7hJAtBirmH89D"
    "PGnpIgpRHYBSXPOqjiCBF4BvPwgiP/5SfQGVjLUoBFNUFO9AqNiLCFYSro1t4RIytrbQTf"
    "NAyO6DsTpoqDrhlY2Vzu7Fs8gxtjTqEANVagtedE1NKR+HNDZyvGDxhWVQogTYmxtNotFq"
    "1+YoGWODRqZUxuEBDI9UO7C4shz8tTQ31SFaavflO2jx8l5u1sMfRHpdGCjzZyoVQuY0CJ"
    "nTUJFIqOPzobRgqO/of2ThxFGGdDzD+2tRzzAZuHddJCL2Oj8k9jobE2tba+2wSM7UEAKX"
    "pJJBnDuDOF3rwJmQGEDOg6rOA7y2ZadAfj3T8H4xapnWqlGWzJCsWa5ckQxJpEZw1Johqa"
    "SPvIatk2qaIle1GjNC2D0uDiwy4wmL0/lpxRItRUElJSqzQ/GYtTp8Py7FfhU5ePMtV56X"
    "VPYzr/V6JituyP2krLhRY65Twpxp8RkLy2aPtU3SyXBDTk3Ce88An2+1Du+vodX66vKyiI"
    "nq8jLfRoWv/UrvYI0XmmfUskygw1wdOSBKwTxHVEdas8ITp7VG3Y5G/YSguu2lWyM8DG5V"
    "BLsHOrrJcHNm8r8tA3KtHglCmRIjzlqR3SKYYOVycJggk/wVjb8Zw0qR6Fd9uzRcDUD38A"
    "DYNh6qbz1VlvNixb9WESOiLOih8a81RWgN1nNgH4iQZ/YZeCNVcLNYCCfsRUSDHAhU3x+l"
    "5iBpePUoB6l763jO27dGa/GsQwgOjZ8e6PZ34G5MfQE6/oB1wovJik3mgbl7ntbigauecJ"
    "sQA9ZkFeCx+QcyPs/yHy8Be+z/GrHslB25GiWrbbFvSEatCmSdkn6Bs7EQS7/AOXK9iF/A"
    "tkzuVssh7ckqcTcGKrZSNtjYHFC1FP99BgejrjpuT0f4VHg4g+3uoDdsKd7bDI6+DjGJ99"
    "YoNkmOHIf5RrVShHsW38R/g3cvzNgTRLJSSklBYKcufiDa9D+4/EGnPem0u2ojM71LALXe"
    "dTqIx5mO6BuGf0UacZ4ySKrM+9RBUl+XYWH1FLEXUv07H0VAqn/nyPUi6l/chBArcwd0NC"
    "bIj5RucgZaxgLh82TZ7G2NU4SSA7wcMK0nLfAEMTMhSyv5wMuHMJyCmxk5A0iO8HJkbSDY"
    "DKQBocUkTOLlMRrSxjlhz6dpTx1rV6wWRI/qsqX47zPojxJ8vgo+N4PPTTHshcGf014Mx5"
    "gbpuFyt5qjj3RCpt0/3PZ7HVam+VQtxX+fwftx7xFtudAJ/0AMNhnQ2QAvaV1b6q8s7ego"
    "lKez8H48rnArrVyMtVohWeP1wXrVnq0tLbgqF2E68QlBblYE5Y2puyvLXmvsTRVppKdD+M"
    "NlVZrAYTHkJyxo+dFv+Yoanfp0QF9VBedg44h+qL40DQhYpXIuvZTNGalhGwug2Tp8osVN"
    "51eYSdO9aaWZwMjuWc7fhTsl8hfWpvqMKA7oM7HQMyRsZN1Lex2mjKVtud2llahru99ZWp"
    "67Lgw6pzjqiHj0fBcduXwf1Tn3B9mUGcuzBrqBCOgMrnon404PibMRPeEX+lM6/aTTTzr9"
    "pNNPOv2OwfUiTj/XcPOCPunMjghkOYJi5Qic7Xqt2xSD6xT8zGusFpPUAuVdz4v6bbpbO4"
    "kel/5oeBfenlZZKMok2wYiIpGBsfwu661tA7jg9i2Q9Cf0KDxMuqzuBETSUtDLDKKXjnfY"
    "4XEhFCnanV+zO1OyO3T9czOAoD9ZID/7Y9C4aw/UloJfZ/BuPHq4Rx/w2wz2puqgpeDXGZ"
    "yo48deB90YHMzgaPrFC+THb2J4fA6rqn1gSW2+x6XdmfYeVdYnxqdqKf47YtQwPBMeIYaN"
    "cG1t/CpyDezDfain8Z1mM2bq7DrVHQe4PoicXEmOIHKN+iLiTySuMNerJqhkkA73bowzWk"
    "oGSZWDv/uMrQbM8CfIZLV23gg14Dj6E0cQc4JOTn5e/EXxD54l+Ikm0sXRT5BJ+Pnhh/rG"
    "ebbY9z0pQin8y0kTFrD1vJBpwqL3nq8qrrkRBXRYQylQArJja25aPyfEgJWSHoUnblJuMj"
    "fkyLZ/PrDy2yHNnwWd1En/iqwiWAAlL2L8QJhGeIw6AXTM6gfknMoPqQqn3N6wqrhY5t7Y"
    "qsbXZ2ADRVcCUsVwFCSRfsCWYriO4uv0ig6XSqBgKgZULAgUb21QfvNtq/iMo+hooLVh20"
    "jYL//2Lm3HO+43Ucv2mURpVG+plpX7hNn2YhoZxXUm8TwyiuscuV4kiusNbf3Ccfm8jf1n"
    "s+5JW78o+Itr66//3A9VFeb6JAk6KfjLsjUTutKBtrv6NaS4SJntknNwf2FKAe3NIlpDGR"
    "PYTlabktIOg2KkoTfNyLfVrOP7NbJtx5HT4aK5+B2dlnls0gJSMWFSUV1YWkDOketVs4Cc"
    "jeSN4feWwQzwxQKvQ1qRM07ux72Oqo3bwzs/8D38MIPd3uT+YapOWkp4NIP90V1LQS9p58"
    "3bBGHLftPHTfDEVQw5Mg4TZNL6xG39Q/zlQZ8kk+jXz/ZXU/B32J4EtI8IaXcS1kBimMBx"
    "LQiCtsY060jqloudppHwZo1otlx2T0cQ/RC0oTe8MWR4iDDS4kIaR85HTZbGkXPkehHjSC"
    "SaMzzPr4dCkNRpi1ZawVJZOOnYerW+traQIqd2po5HNHWatKdOYBO8KAmlsoU67PaGdw02"
    "NoRkLSU4mMGu2u89qmNcdiQ6nMGx2lfbE3wyPMLnPj8Mu/45/0gMax/6KuisctI/d0inJJ"
    "nA5S84RVTzw4cCUKO7crH2rqX7apjGC7C5NlRp2hK2VIIxoLo7qOzG2QYm0B0uRqdIJZ9F"
    "5rNvz2C2aCbI5NajLJNmbF060KYZ28sqxoaiRs3EBMzJMi6SARusSgatCwNL4mLXH+e1st"
    "JsTwasbb0YS7RdWuimeSBU98FYHTRUjeA6pqncT4ulGMijfNl8s3iclnuykvle1yjgeCXv"
    "cTF8IkqYrJE/375SCudnyulLe7q0p0t7urSnC75zqSjXi9jTpWVSVhg/0wrjFlx6fiHKnj"
    "e/n0GSqg62xV3C7BgdDYgdJOM6k6Ss4TpT3XUlu50Q3fNCkW2luV7anY56P8UOlfBoBjuj"
    "h+HUd8dEh9hJ0+n3hr6Pxj+aQfXbfc+7LziYQcyt7rj9ddhSokMxXDRLsED6Pp/PgKSUlm"
    "SRn2VPm2c2JJNUcqMo8+KryoC1vgTa/JW9KEeCThaG4MV/oyNFh70EcYJMFiCWBbirAr+s"
    "yXHsmhz0asWRz+JAaGteW5vc1hWpAS1LlheClbVkebC7EApYEWvIJHdhBYD19w0l4Fq04L"
    "FY24yiuCa2VwfVKd9C92TFpcU0EhwYcZAt+p4P5giCqYVeSq38XiVUGUIzEtEslAiNdLRL"
    "fqBGNsbmZAEbhEdehlvIcItqLfIVdbzLcItz5HqRcAv0J01en1hIK3LSXQPvqO9xo2rv3X"
    "f5a7ftier7/b1DMVxXItd5KoUVnbGKZrx23/6/gTqctpTk57AvNXE98XkGp+P2cPIZdxkP"
    "j8JUsTBRTAxGoo3VemO5OBhG+w5yAmry9jEZ0nJY+ra7miTgzSKBM+iufMibmeAZGTYmE1"
    "oLsqC8sIrJQ6ejql6ianQ4g5/bvT4+5b+LIZJsgPBxKM/H75PRMC+1LiJJb+mMhav81+uS"
    "dDQe/X21hQuMvDLfGqZrQOcd/tp/MDKtjOgIDFFiN5cJOkvHl6W2aXiAdNBZpICzpRKnyO"
    "oQ7neCVGKA+3BlYc4PqowI6gDwqeMpdddFmxhaE8P8lZggOd1afHnchbi0cigLa73Btmwu"
    "g0yKVsa1iaOMZ20wImdI19UMShabDYv6MUdWpShldE+Nc9RFdH4WSVGnTvUSsKUUzqzUTC"
    "/suE895MyVAI6ZtZ1qR05xDmYblue7B23vXi1s/n0KB6HuOMD1pxb+Mu+TIdu/vO3amO8i"
    "TLKLx/STHEFow/Vde6C2FPw6g3fj0cM9+oDfZrA3VQctBb+KYeeJnhumR4OkkqZQ7v2jbA"
    "YRm3EKFa1s7iha2cwWrbR+IEQOkjnJEUTGvfEwwY4u/JqUOWLIGR9IVjlDUkk5wy1n8KLM"
    "YskP75dm/NLN+At94275alSmSGWslCCGurxYqYyZokgwMS73tjIWek5ZB5aI4jbepD0S41"
    "XWVLu7/FuQJnMgWsXTiaqC0TGtBxPjCepYGjUohoP44sUum4ET3naUXihkIPkW54fITigC"
    "7U3y7QRrxEOLO6wtpj5heEi3N+mMxl1t2J72HlXGnUqK2utcmB6NVZe6LqJKXedrUteZAD"
    "Wc4KJ7+zLmPXyWVnZ4446dQiKTa++YIJQB16JvHVNVvryFjL2bbpJQ6s/cjx3ePzDDTxBJ"
    "D3tJ7t387EBmJyRDcqBoD0FR/2NKABTw8m4dwRLdRXTrEg+2UB7diadZLSwD5veszNxzsV"
    "NDi+4+XtdKqZWJIncvdmhlMsHzDHeeMsGzblwvkuC5eEb/krrbzdc0CJI6qRnl9ae0vgOI"
    "eYDYlJP6REc2QyiyC5rT9X/dLGCuum7mmqvwpXRNV69jKg/gFNLa5VOWD7ifGKnNdQdo6B"
    "/TUjm6YGGsdXNXYmWKPr1s+AO8Cwaq4LTfgXpX7fQG7f5vHz9d+BEuaEEwfLUiYkgmvMUG"
    "C2C8oGWWG/ecEd4G+WNl15QNeygi3J/as+4880gXgrSUhDGBhMtNkdChm/zQoRtKKqrXsp"
    "EHbwppHRL0jo/4aguXfICnKSXe+/EWJ4vrTEwdDKE5WYvd/myjsETd0XON3pRdZaYalWkF"
    "RX8F7LKAEtcvdls/8Z3S8ll/cXAhLZ/nYwOTls9z5HoRy+dGf117FYGhm9euYUehFRpx3Z"
    "S7oxRbWSBMn+gp9PlwJ4gkzAVgDmxsocmHbU9BIa5N2ZUTBxNFUGJNmZsPMbHkAx8f0A+A"
    "zoq5oFaKrH7mjaMIn8AuxAZ1gkgCXaxymTQlnVakSFNSbU1JXhgjxYQUhjfmm45wiKC0GN"
    "X4qb+QFqPzsR1Ii9E5cr2IxWhpOAvLpu9rdwncJJ3cbx2Ql8NaQ4ekqWEw3VWhOjpXO+ro"
    "XGXr6Hx/XWiuQUsNKdhsgqA/FuaZ2Y6eb3WsXTbYYA+oWor/PoPe+1Xw+Sr43Aw+exLp7Y"
    "vrYHz9whFUe5JlmUCH9MchTZpizxzRHuuZiM6cNubrdjTqJ5aX2166RvXD4FZFLEhFhFFM"
    "SMBeO5q+WIAN39pPHUBWXBZnxc9u9IJKl1wpoVnaUlLhz3DlJ5Bk3QBQSOtnW7wpUgLiJr"
    "8ExE2mBEQAG79ySx1AyroKyDrTgN8PYXmCXnJcZI5jViEGLpkkaoKofrL0fZF0mff56TLv"
    "M+kyHmCHbCRyBpCFdXj3E9EU1sDPjYEeKA5plzeGlHgiS7wfumkCrlTBLGXd4pDKTxQMML"
    "MN5zuvMSk1xAnrvD0M/zkcfR2yWpQCspYSHMxgf/S1paCXGRyo3d7DoKX47zP4pXf3paXg"
    "1xmctIedaQ9Ne9wtMDoWw+IUMAH9TwD4KpLRR5CyUmRZGWRE6IuFF4XGFs1DJa6bxCxf7w"
    "5g2+iv1tZ1NAAxCKxW3vxBpL13j72XIb4n3VXjjWs5i+aoygvySUbHbpeGiyYoGgocihke"
    "qm/VqaQzrS4kUjMcbb59pbnnWOCqYUG8fLwcgHYfErCdgKE/aWARduhz2PXHea0tToaz2b"
    "pI3cf/1/9zh+Hlj1dTsRWhZW3wvl9ClQ9VkHlcknwvs6Ol0FiVIdvPASwNvABIKxnEDpSK"
    "R6rpU7gG6zmwnWdjcyBUd1vDXA680eo6sU7diqWSIFmrFZpP2lqnedlYcBrhgWqOkr5F/9"
    "w+dJ9wDkjtSOyVSMXtM+KOQ/wgJRoc1QWobHZaeZlUX8H82bK++9sESkZV4vrFrsyqH/6d"
    "xN6l7MZRG9t6MZb+Q+B9S9RVWqZeieG2z0+9InnH41sk6UVODmjgZMd7taX47zPY+dLuDV"
    "uK9yaGhzB6dKisyMlCfjmwdIpowvYECd8eQAwYh/efLA/jZPAeJfVlo7+alk6ZxfndcwmS"
    "0zfQfRtP9lFa5UbFiTkCT5OkMpNWkCiDIpm0aA1eAMdh9nEn6I7m1s4wuZpebSrgHA9aml"
    "bG74gcvwNs26LsjafgZ15ZmJCgDlHduzipfpvuXr8iRvZHw7vw9vSidmA1mPL07TawjcVz"
    "g6JpB1cudunYenyPMOVLzkWBPrDlTL5q/AJsJzBqFVUVCBKpjRUssogeKgaEg9triO5RlD"
    "EcwhNYCIsqYwSJVMYYlbE3Xcx+/T/CD4wG"
)
