"""Who decides disputes: `arbiter_guilds` (guilds platform staff approved as arbiters) and,
on `disputes`, the deciding authority (STAFF or GUILD with its guild, and why), the
proposed decision of the two-person rule and its approver. Existing disputes keep a NULL
authority, which means platform staff decide them."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "arbiter_guilds" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "approved_at" TIMESTAMPTZ NOT NULL,
    "revoked_at" TIMESTAMPTZ,
    "approved_by_id" BIGINT REFERENCES "users" ("id") ON DELETE RESTRICT,
    "revoked_by_id" BIGINT REFERENCES "users" ("id") ON DELETE RESTRICT,
    "guild_id" BIGINT NOT NULL UNIQUE REFERENCES "guilds" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_arbiter_gui_created_81b8ee" ON "arbiter_guilds" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_arbiter_gui_approve_a71ed8" ON "arbiter_guilds" ("approved_by_id");
CREATE INDEX IF NOT EXISTS "idx_arbiter_gui_revoked_06ce93" ON "arbiter_guilds" ("revoked_by_id");
COMMENT ON TABLE "arbiter_guilds" IS 'A guild that platform staff approved to decide disputes of trades made inside it.';
        ALTER TABLE "disputes" ADD "authority_reason" VARCHAR(200);
        ALTER TABLE "disputes" ADD "arbiter_guild_id" BIGINT;
        ALTER TABLE "disputes" ADD "authority" VARCHAR(8);
        ALTER TABLE "disputes" ADD "proposal" JSONB;
        ALTER TABLE "disputes" ADD "approver_id" BIGINT;
        COMMENT ON COLUMN disputes."authority" IS 'STAFF: STAFF\nGUILD: GUILD';
        ALTER TABLE "disputes" ADD CONSTRAINT "fk_disputes_guilds_6431695d" FOREIGN KEY ("arbiter_guild_id") REFERENCES "guilds" ("id") ON DELETE SET NULL;
        ALTER TABLE "disputes" ADD CONSTRAINT "fk_disputes_users_a8b47af7" FOREIGN KEY ("approver_id") REFERENCES "users" ("id") ON DELETE RESTRICT;
        CREATE INDEX IF NOT EXISTS "idx_disputes_arbiter_117b0a" ON "disputes" ("arbiter_guild_id");
        CREATE INDEX IF NOT EXISTS "idx_disputes_approve_aeafda" ON "disputes" ("approver_id");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_disputes_approve_aeafda";
        DROP INDEX IF EXISTS "idx_disputes_arbiter_117b0a";
        ALTER TABLE "disputes" DROP CONSTRAINT IF EXISTS "fk_disputes_users_a8b47af7";
        ALTER TABLE "disputes" DROP CONSTRAINT IF EXISTS "fk_disputes_guilds_6431695d";
        ALTER TABLE "disputes" DROP COLUMN "authority_reason";
        ALTER TABLE "disputes" DROP COLUMN "arbiter_guild_id";
        ALTER TABLE "disputes" DROP COLUMN "authority";
        ALTER TABLE "disputes" DROP COLUMN "proposal";
        ALTER TABLE "disputes" DROP COLUMN "approver_id";
        DROP TABLE IF EXISTS "arbiter_guilds";"""


MODELS_STATE = (
    "eJztXetz4ji2/1dcfOqpyu3q0OnHZbe2ioA7zQ6BFJDuuTtMeYwRwRsjM7ZJOrXb//uV5A"
    "d+yCAZQ2SjL2BsHwG/Ix/pvP/TWNlzYLlv287M9IBzszGteaOl/KcB9RVAB9TrF0pDX6+3"
    "V/EJT59ZhED379Qe8K3kkj5zPUc3PHR1oVsuQKfmwDUcc+2ZNsQ0bYXcrXhL3VPWlu4tbG"
    "eluJ6+WCjomxz7CaCLtjIHhjkHytx01xsPuIq9UNDIaDBlhV4VE7r4sum9xV87tw30vSZ8"
    "OMo3TOEUDiFQHPtZWQPHH/5vyp8OeLIfwVzTvT8VF3jKCujQRV8Lgq/RLeVZd5Vn01vOHf"
    "0ZKm/88+h3KvqDbqJhDQvojou+5Je3ivoEnBfFWOrwAX2tq+hQ0Tdz01MA9JwX8j830Pxr"
    "AzTPfgDoaxz0b3//A5024Rz8AG74cf2oLUyQYq5JeEnOa97Lmpy7Nh960PtC7sUozjTDtj"
    "YruL1//eItbRgRmNDDZx8ABI7uAfwNnrPBXIYbywqmRch4/8dub/F/ZYxmDhb6xsJzBVP7"
    "P2B7rqFpg+FEG6sTTWtk5lFIEWN8cMqwIZ6D6Ke6BIAH/BP+53+bzffvPzXfvf/4+cPVp0"
    "8fPr/7jO4lvzd76dNP/8ds0fKHIpj1bnqDCf5BNpro/nOAT/wkNLqn+1SEGVv0DQdgvNBU"
    "yXKhi6545grQ+ZCkTPFjHpC+DQ/S3Al5sYs94YlX4g/6f/MhtF6C790B/aR3q44n7ds7/H"
    "Ur1/3LIvC1Jyq+0iRnX1Jn33z8JcmraBDle2/yVcEflX8NBypB13a9B4d84/a+yb8a+Dfp"
    "G8/WoP2s6fMYROHZEEZ055bpm/W8INOTlKdh+lZeS67ncT3EKMb24NdvuR4uMQXYniKtId"
    "+ry+fs471d/nn5nKQsgc2BNJJcLp/L0TM5e9F491BZ2v37qULcreuGKvuwFeBChlQyoSAT"
    "iOLDjX+cqhD056pQYF1u8UjVJ2KSJcuML7YDzAf4K3ghDOmhn69DA1DwDzT+exfpklV7BH"
    "6G8yw8u/1+pGxHGjBFCCMA0N8GHoFghFaIUa8zaeSIGwnvbngz0jUHXTyZZ7rx+Kw7cy0x"
    "q/EVu2lT5/lDaIRKsmAIwcRGL4wMiExZlRI0rByIy9cE+J32uNPuqinsk1DjS6vmKn1Gh/"
    "oD+cP4p+EfEtoGXRd434BjLkxDD/5Q1oCYuelipxUR3649xe5nMyXmA7nfTPZ7YxM8lP63"
    "kwkTfUJY/iENadKQJg1p0pAmuEGlolxnMqQlJHOS652l7qhws8psAJL6d2KEFPcRiuLwu3"
    "HTvlVbCn6dwpvR8P4OfcBvU9ibqLctBb+mPV05M2Kl/9AsAB+8Jfp4+XHHjPjWHnW+tkdv"
    "LtNcHgRXmuTSTwpbuE0hMapylMDXfvBeRQP3d0mABr5tW0CHdPTjZCn0Z4iugvDvQnI47C"
    "dE3HUvhevg/vZaRdOezHp0k+nlwL1C+0ebAjYWP3SktxQiixv2WZ4QJu+bDMLkfTNXmOBL"
    "SYDBj7WJVowCK3uSsn7bueou5Nn9mwv1tbu0+VeNFKE03BZcNrCyyw1+jEiu2GUZbkOzw2"
    "lMiqKxgNWkFZt6dIsWTbqUAOvInln2j3FswEoJF1Z4U2I1ATH6Dcrgvt/ns9iWaGHEIW99"
    "+6FBMyyG1y522hPxXZplP5zCjGjP/g2MrY4ZfJQGRGlArNyOs6KmJBYDInr+bUdDuAOLR5"
    "lLkRXS6AQLzUkqdB+vGBS6j1e5Ch2+9DONdODw4QA5oDiWxnzSh+jI+KbWG1aQU2TSNsFg"
    "m9iu5fxAU9fsOsBc/oyegQXapmcx/ud4OKBjvKVIL8Km4Sn/VSzTLWfvLopFE0ORWGlDPN"
    "/ctn9LQ93pD6/TSyge4DotqRceTRXNhz0ikKgXR91Yoq/WXPAXnw6QICvFDHY2qsAW+7UD"
    "nrSl7i55BHqCSO4A98tzXoAltuzYukC3CumuCUKZcCCys8RXOrn96zEq6SapVnz7uUK/K7"
    "4dT+fT+UnE4gBzZHvsmWeIac+JpebGlDWaupqg5kZTFwtlL88x0lkC49HeeGPgujmB1+lb"
    "Lna5SYzgZqRVkLuP4C35vYFp0TqHR/Y8sFp7vl9EFiwQQf5eSDeJdJPIOOs6c50pzjqQzB"
    "mW5ysbW4o6RQY1L68+XX1+//EqkrTRmV0CNqtHmHMEj+0BaLxoj4CSQphvDaGQluNFeN01"
    "LRmT3vzMEpTe/JwflY6vpU0jZBfD6a5JUpVighII6OaHDwxAo7tygSbXUlZU/WUFoKehry"
    "RvXHhTiY9k+asZ7huHErswAT/yojed2sQs7Fpr1d8mu3000VLbHw5uwtvTjpuUKPF0b+PS"
    "p/X+pKMt9encv43OSG1PeoObBh8LIrqWEh5N4fBOHbQU/DqFneHtXV+dqOh6cDSF6m93vZ"
    "HabSnBQaPIElB+WtLK3kDKJman0TSiqdM25sRG02qlcAgjuMRWErK6oW/J4TaOJ8jkU1aW"
    "fXxrVzvQmKtGA1WMDaz23MQEFMuga8PQ1pq15IbXLnaacIO7jh/oLq200korrbTSSiv4ol"
    "BRrjNZaaV+8zr6jejWgIxUbSDNvYs0eW3cuxm0J/cjldcqkBmgpWROYTuA2rmf+IYA/2gK"
    "vw176DN+LWIVaLIEzDXzA+aamYA57KewELy4vFjoEme1VdJoaxjRX74pZj1faGvd4wuzjd"
    "HUwWaZxPjDu3cMIKO7clEm11KCaak3P3zk8nZEFPWD+AipbKRkUX52+Y5MiQzlQSkTxUzC"
    "f19sIEmtU2Yb0/JM6L7FX/sPzsVA2EwKDzgryrKcz5WIQDKjdGagf25siiklKVIZnC6OEp"
    "LVPZ9sc16IywlCyWOReTzbvBSoFhSnOpa2WVcD3xZ7vAihX8WNfpJO4l9Y2QeWVWDyJ8gk"
    "+kXRtxeLAuDHqWR/iXL8i4E8KcHB2N+OVK1HgNXBmBS9DHk4ZKUsAdnyasCJCGt8P8EAqi"
    "+BJar7Kr/FFypub3gMboSp7m3wrjMrqwPaL7+OgBX1f6CjPQ7HqaAZNQ/zn9mggdQSl8WM"
    "s6HJMBylUisb6ySNL+gsczQP67wgmXCChqDvn6bMUTJiqqX0KcoRqtIFlom7EzcooSrRtY"
    "tdoSpz/y4TyFiVGu8oLxQZq3I2UQsyVuUcuc4Sq1LZkAlOd0xIFoVHTGFvoN2NhjdopzJu"
    "KbEPU9hV+71vKkmciA5xgsXgS290i89Gh1M4Uv+pdkhoRXjUYJtTR/bsgydzDgKesbrd4j"
    "TS81a65y3YWBWSsWla6ZcRR6hm11L01xamsyq2hUrRSk6LzOntc1mg3TWFWHokCie3CZz1"
    "VH/0V6YFXM+GgJsBaUpZl63GeWci2jBZ0s6oU70EbG/DsUo0W4qIcfohZ4A5vjhKZ9EefC"
    "k7CaESKLumu96Qn5I1SgeXLnbapP2bTtEmaGvTiBkz0V3xK3Ogzy0TzWbdk92DpBG7YkKl"
    "ouZMacQ+R66zGLHRP3NpCWP5JZe2FLVIEzt12aV6GJfx99XGuCy6I4fCEly3iteNE6941R"
    "toI/VbT/1O3Df+IXbIjIf9b75Dxj+aQgTimPhtyLsYDhp74xn2Kqc12H6OxcgFzhBEikdf"
    "bY9VzAxygPnz5X5AuIPfp3B81+9NWgp5E4MzfjzjGjgGoKXx78mriNEdyZR12m1DyQVXkQ"
    "hDgNE7D+5ar+NUAk94YZdsb4n3f9zW2QRZjebzic3jcYMBp2KSIpXuQHEUkaz+iRDQrYIa"
    "aJpWclpkTpMV6akQo1Okks8i8xldXNqO6eWUht+/UU8MIPDOpYGQ+vIFbcTx2xTe3Pf6aJ"
    "dO3opsy1nqxudXjc/UjI9Q1PKMPTvaVlNoBWYE+1YmWZGJqXBNc0fhmma2cM3asdEDpVPK"
    "mecbeuI0sv/sAV1/1wjJpwJZtilCGVBRcNOuOzPTQzAW6zVIo5askMFdFURfNtt8vbg6e4"
    "4hKtBmNk0pWVC01MUaYVQovjdNKVkgQxuFDm2UfWdZUM3tO4t+gDK47/cbdPlRArC1bpKc"
    "FpcssbjhIiex3ROAm9oNMGCbUGCkUNjX4Zui7jEIh1BXl/N3D7xJm4ZQwc3BLoIS27zdX+"
    "SHNvtr9Gkjm2PtvFKRzcQW7iBodVdGN7+6EiKjm88mzlVGN58j15mim3WT4n9hcz6GtCcr"
    "z1HI7zjq3anY8Yjfp/B+3O1o1yRoMDos4oGUjUsrvvrFVruN4+A+60Ufgzj9CQOc0fRtcD"
    "4MiIRMe/8x8J+AIpO/ZPf7AgBttqaEl+fO+xjF6Sb+u+PO+tKCYCsYrN/+3u5NNByyPead"
    "0zHSlhL7MIXkTfuq4kiT7XFeAaZub3znd7EKj3A0OQkr70YB5t0wwlyNYsxJBkB70FH7fZ"
    "IEEB6KsajktrvKfbTym1zJR0ukHtfViV8RfEtMjcpLmCk4WU0hl/wWmd+LDSzWzCZBKHks"
    "Mo9lebxz4XQgeYvFzidIJZ/F5nNhuZ0ilXwWmc8GVlMtq5g7IkUrOS0yp2XDuYaMwj0/6G"
    "WvuVe1/tuQhEVw458ilB3nygm/lV3RWCKWZFe0Y6DK0hVNRjQfIaI5P7QuJqiXwHi0N57m"
    "Ahd7KA7sONcJhhv7ox3Ls/EK+NPsXuahDfri3b1qiVOsBuwBKG3LzdYRJPAE8O0HQeRHra"
    "pPoJIRKkwwRfWoD4SKv353JeHCsdfmHK27hm5ZB0J2F4zVQUPVCa9shHlWg8kix9lNtBMb"
    "qFKKC+tOJKWyHdJT1CUh9oZtUmIr+PuKjqPRatdhNBmZhEamFKUsAhgeqXZgFcoN8dfS3A"
    "SRaKndlyWibZf3cnNFfo/l1IbhRX+kEkhkJoiQmSAViR87Ph9KCyF7RP8jC2d+fanw/lqU"
    "Ek+GO16xxBFf5QcSX2UjiR17pR0W/5oaQuBSXjL0dWfoq2cfOBMSA8h5UNV5gNe27BTIrz"
    "AX3i9GG4Fa9aiVeaU1yzBkyStFakSBAlNxKhlZUMPCdq+xiZeFpcS0e1wcWFmKCIvTebfF"
    "Ei3MRU6MnAI9LG7YY1Y48b3fFPtV5BbPt1wR3/Lxy5tI65SQ1im5nzzD/aSsU1I3rlOCw2"
    "nxGYbt8EcoJ+lkkGZBTYK8Z4DPt1qH99fQan3J1ArhckcrhMtsKwS0cTGfaJ5R27aADnN1"
    "5IAoBfMMUR1pzQpPnNYadT0c9hOC6rqX7kp2f3utItgJ6Ogm08uZyf+2TVho9UgQykQicd"
    "aK7BbBAguvAIdjZJK/ovE3Y1hhiRnWN3PT0wD0Dg+AbeOh+vZDZTm/OzSHVJgl/0k7dShs"
    "FeGSGDFEC29rzx4aLlxThFZgNQPOgQgRK9ktGamCe2smnLDTFQ1yIFB9f5Sag6ThxbYcpO"
    "7s4/m6XxstY6lDCA4NN7/VnUfgrS3dAB1/wDrhxWX0z5T2z0eWPcy37Q9VXn6cGMAmUzO9"
    "PbKNHS6C0zg2YE3wKuJQClbEPLfSdsHc41zSYot02WHRUf7oBjseZUi0QKZP6XQ6G/eDdD"
    "qdI9dZnE6ObeV4PRiK4we0JyuO37hVsQm8wcfmgKql+O9TeDvsqqP2ZIhPhYdT2O7e9gYt"
    "hbxN4fD7AJOQtwbbJDlykO8rlS8S7ll8Fecg3r1wYx8jksWLSoowPHU9EtGm/8EVSTrtca"
    "fdVRuZ6V0CqPUunRN7nOmIvmJsYaQR5ymDcZV5nzoY19dlzGE9ReyFVP/ORxGQ6t85cp1F"
    "/du2tcXKHPcOl0p+pFymM9AyDITPg+288BfqTBJKDhTlgGU/aIHfjJsJWVrJh6J8CINPCj"
    "MjZwDJkaIcWZkINhNpQGgxCTPEixgNaeOcsA3bpKeOtEteCyKhetdS/Pcp9EcJPl8Gn5vB"
    "56YY9sLgz2lPpmvOTMv0Cnd/pI90Qqbd3V/3ex1epvlULcV/n8K7Ue8b2nKhE/6BGGwyob"
    "sGpCKCNtdfeDpEUihPZ+H9dFzhVlotInuxQLKGtKZ70Zb2hhaKloswnfiEIDcrgvLa0r2F"
    "7aw0/j6nNNLTIfzhXVX6MmIx5GfDaPmxgvmKGp36dEBfVgXnYOOIfqg+t0wIeKVyLr2UzR"
    "mp4ZgG0BwdPtCizPPLF6XpXrWMUWBkj/+mt+GGKX6yNhWORPFDn4mhniMpKOtl2us35Syf"
    "XNhrWonayft9puV57cJIfYq/LhbEn++pi6/ie310jTZUdNcFnoJ2WoqrW+CtMnHMhwfguI"
    "oJFW8JFOwNmukuUB4BWJMzz7YzVwjHlD/DyHsX6I6x/FN5Y0OQ1p+O8y1T6NjPyho4/p32"
    "glB5pmcB/AHgjg1KuzPpfVOVgP4X/G2uh77g2fSWwS3PjukhOhuRm+4UEiAvlOelaSzxDY"
    "qBMFZW+iNAv9X7m/Jn+Bt0OEcfNuhfuJ5Gvtb9U8EOAXTb28YFi5vz93jHebwkNNANsdDY"
    "4Co5uW1jkzgb0cc8bH9I96l0n0r3qXSfSvfpMbjO4j4l6wHdrEpndkQgq4awVQ1xN6uV7l"
    "BM1xPwI69r5JakFijvel7U3ya7FbzocekPBzfh7Wmtj6KW820gIhIZYlzc+b9xHACNwl6a"
    "OP0JfTP34y6vYwaRtBT0MoXopUMOO0WcMSy19fNL62cq64dBFIUZEKM/WUoE/2PQuGnfqi"
    "0Fv07hzWh4f4c+4Lcp7E3U25aCX6dwrI6+9TroxuBgCoeTryQlAr+J4Ts7rPj9gZXviz0u"
    "vqbK+8T4VK1Az0WMGoRnwiPEsCEugY9fRS5Vf7g3+jRe6GzuUZ2d0MRs44NYkCvJEURuJc"
    "Ei/kTiCndZ+RiVDHcqvBsrGHcmw83Kwd9bYqsBN/wJMtlUoWisH3Bd/aFAOHiCTk7+oviL"
    "4mI9S/B9Dww3+gkyCX9x+KG+dpc2/74nRSiFfzkJ11uHpDDJwUImXCeef4aGLjKR/cCgDD"
    "qsoRQoAdmRPbPsH+PYgJWSHswTNyk3ufvmZLu0H1hx8JAe7YJO6qR/RVavZECJxN4fCNMQ"
    "j1EngI5ZRyI+p/Kj0sIptzcybVukdX942vclcICih/FbiukqSCI9w5Zieq7i6/QkECtQMH"
    "F8lw2BQtYG5Y1vW8VnXEVHA61Mx0HCfv7L27Qd77jfRC2AaMVK8pKlWtZAFGbbi2lkFNeZ"
    "xPPIKK5z5DpLFNcr2vqF4/J5G/vPZt2Ttn5R8BfX1l//uR+qKtyVXhJ0UvCXZWuO6UoH2u"
    "7q1wjlImW2S87B/SU+BbQ3i2gN5cwBPFmVT0obFoqRht6sJd9Ws9rer8XbxRy16mcs8+0R"
    "nZZ5bNICUjFhUlFdWFpAzpHrVbOAnI3k3cJPlsEM8GyB1yGtyBknd6NeR9VG7cGNH/gefp"
    "jCbm98dz9Rxy0lPJrC/vCmpaCXtPPmdYKwZVv44yZ44nqQBTIOE2TS+lTY+of4WwT9OJlE"
    "v362v5qCv8P2JKB9REi7k7AGEtMCrmdDELTTpllHUrdc7DSNhDdrsSbfZXfHBNEPQRt6k4"
    "whw0OEkRYX0jhyPmqyNI6cI9dZjCORaM7wPL8eSoykTlu00kq/ysJJx9ar9ZW9gRQ5tTN1"
    "PKKp06Q9dQKb4EVJKJUt1EG3N7hp8LEhJGspwcEUdtV+75s6wmVHosMpHKl9tT3GJ8MjfO"
    "7L/aDrn/OPxLD2oa+C7iIn/XOHdEqSCVz+oqCIan74wAA1uisXa3It3aHEMp+AU2hDlaYt"
    "YUslGAOqu4PKbpwdYAHdLcToFKnks8h89u0Z3BbNBJncepRl0txalw60aW7tZRVjA6tRMz"
    "EBc7KMWTJgg1XJpPWz4Elc7PrjvFRWmu3JgHXsJ3OOtkuGblkHQnUXjNVBQ9UIrmOayv20"
    "WIqBPMqXzTeLb9NyjxwjuFWESP8t4JKS97gYfixKOF4jf7Z5oRTOz5TTl/Z0aU+X9nRpTx"
    "d851JRrrPY06VlUlYYP9MK4zacE78QZc+b388gSVUH2+IuYXaMjgaxHSTnOpOkrOE6U911"
    "JbudEN3zQpFtpble2p2OejfBDpXwaAo7w/vBxHfHRIfYSdPp9wa+j8Y/mkL1t7seuS84mE"
    "LMre6o/X3QUqJDMVw0c2Agfb+YzyBOKS3JIj/LRJvnNiTHqeRGUebFV5UBK30OtNkLf1GO"
    "BJ0sDFEU/7WOFB3+EsQJMlmAWBbgrgr8sibHsWty0KsVRz6LA6GteW3t+LaOpQa0LFnOBC"
    "tvyfJgdyEUsCLWkEnuwhiA9fcNJeDKWvBYrG0GK66J7dVBdco30DtZcWkxjQQHRhxki77n"
    "gzmEYGKjl1Irv1cJVY7QjEQ0CyVCIx3tkh+okY2xOVnARswjL8MtZLhFtRb5ijreZbjFOX"
    "KdJdwC/UmrqE8spBU56a6Bd9R3uFE1efdd/tp1e6z6fn9yKIbrSuQ6T6WwojNS0YzX7tr/"
    "d6sOJi0l+TnsSx27nvg8hZNRezD+gruMh0dhqliYKCYGI9HGarW2PRwMoz2CnICavH1Mhr"
    "Qclr7uriYJeJMlcAbdlQ95MxM8I8PGZEIrIwvKC6sY33c6qkoSVaPDKfzS7vXxKf9dDJHk"
    "AISPS3k+/jkeDvJS6yKS9JbONDzlv6RL0tF49PfFBhoYeWW2MS3PhO5b/LX/4GRaGdERGK"
    "LEbi4TdJaOL0tt0/AA6aCzSAHnSyVOkdUh3O8EqcQA9+HKwpwfVBkR1AHgU8dT6p6HNjG0"
    "Job5K3GM5HRr8bvjLsSllUMx7NUa27ILGWRStDKuTRxlPGuDETlDuq5m0Hix2bCoH3dkVY"
    "pSRvfUOEddROcnS4o6daqXgC2lcGalZjqz4z71kHNXAjhm1naqHTnFOZhtWJ7vHnTIvVrY"
    "/PsUDkLddYHnTy38ZeSTKdu/vO7amO8iTLKriOknOYLQhuub9q3aUvDrFN6Mhvd36AN+m8"
    "LeRL1tKfhVDDtP9NxwPRpxKmkKLbx/lM0gtmYcpqKVzR1FK5vZopX2M0LkIJmTHEFk3Bv3"
    "Y+zowq9JmSOGnPGB5JUzcSopZwrLGbwo81jyw/ulGb90M76hr71NsRqVKVIZKyWIoS4vVi"
    "pjpmAJJsbl3hamoeeUdeCJKG7jTdq32HiVNdXuLv8WpMkciBZ7OlFVMDqm9WBsPkAdS6MG"
    "xXCwvXixy2bghrcdpRdKPJB8g/NDZCcUgfYm+XaCFeKhXTisbUt9wvCQbm/cGY662qA96X"
    "1TOXcqKWrSuTA9Gq8udcWiSl3la1JXmQA1nOCik30Z9x4+Sys7vBWOnUIis9DeMUEoA65F"
    "3zqmqnyRhYy/m26SUOrPhR87vH/ghj9GJD3sJbl387MDuZ2QHMmBoj0ErP7HlABg8PJuXM"
    "ES3UV068YebKE8umOiWRm2CfN7VmbuudipoUV3H69rpdTKRJG7Fzu0MpngeYY7T5ngWTeu"
    "syR4Gkv0L6m73XxNI0ZSJzWjvP6U9iOAmAeITTmpT3RkM4Qiu6ALuv6vmgzmqqtmrrkKX0"
    "rXdCUdU4sATiGtXT5l+YD7iZHaTHeBhv4xLZWjCwxzpVu7EitT9Ollwx/gbTBQBaf9DtS7"
    "aqd32+6/+fT5wo9wQQuC6asVEUMy4S0OMID5hJbZwrjnjPA6yB8ru6Zs2EMR4f3Qlrq7LC"
    "JdYqSlJIwJJFw+soQOfcwPHfpISUUlLRuL4E0hrUOC3vERX2zgvBjgaUqJ9368xcniOhNT"
    "B0doTtZitz/bKCxRd/Rco1dlV5mpRmVaQdFfAbssoLHrF7utn/hOafmsvzi4kJbP87GBSc"
    "vnOXKdxfK51l9WpCIw9PLaNewotEIjrptyd5RiKwbC9IGeQp8Pd4JIwswAc2BjC00+fHsK"
    "CnFtyq6cOJgoghJryoX5sCWWfCjGB/QDoLvgLqiVIqufeeMowiewC/FBnSCSQLNVLpOmpN"
    "OKFGlKqq0piYQxUkxIYXhjvukIhwhKi1GNn/oLaTE6H9uBtBidI9dZLEZz0zVsh76v3SVw"
    "k3Ryv3VAXg5vDZ04TQ2D6S6Z6uhc7qijc5mto/P4YmieSUsNYWw2EaM/FuaZ2Y6eb3WkvW"
    "vwwR5QtRT/fQrJ+2Xw+TL43Aw+E4n0+sV1ML5+4QiqPcm2LaBD+uOQJk2xZ4Zoj/VMRGdO"
    "G/N1PRz2E8vLdS9do/r+9lpFLEhFhFFMSMBZuZpuGGBdbO2nDiArLouz4mc3ekGly0IpoV"
    "naUlLhz3DljyHJuwGgkNbPtviRpQTEx/wSEB8zJSAC2Iort9QBpKyrgKyzTPh4CMsT9JLj"
    "InMcswoxcM4lURNE9ZOl71nSZd7np8u8z6TLEMAO2UjkDCAL6xTdT0RTWAM/1iZ6oApIu7"
    "wxpMQTWeI965YFCqUKZinrFodUfqJggJljuo9FjUmpIU5Y5+1+8Otg+H3Aa1EKyFpKcDCF"
    "/eH3loJepvBW7fbub1uK/z6FX3s3X1sKfp3CcXvQmfTQtMfdAqNjMSxOARPQ/wSgWEUy+g"
    "hSVoosK4OMCN0wSBQaXzQPlbhuErN8vTuAba2/2BvP1QDEIPBaefMHkfbePfZejvieWIyn"
    "M0ODOJq+xv03devQSs7+cDcb0+dtJSXg7iLOIWIOeLLLqX59BpiRLiyvXDFcNHcoG3Kbue"
    "khMYiGAodihofq23UqHE6rPoqUWVebbV5oTmAeuGpYdjEfLxegPa4EbCdg6E+aWIQd+hx2"
    "/XFeaouT6a43HjYqkT0FdQvIA5c/XE2lVgQW/rf+f5No7UfLXmNVXEKVD1VQDKCkxbDMJr"
    "NCY1XGQngOYGngCUBaFS9+oFQ8Uk2fwhVYzYDjLs31gVAR7fCWjFbXiXXq7kiVBMleLNB8"
    "0lY6zfHNg9MQD1RzlPQN+ufOofuEc0BqR669RGrb0WbbBKw4SImeY3UBKpswWl5y43cwW9"
    "r2o79NoCQ5Jq5f7Ep2fPbvjO1dyu7lhhVec+4/BORbokbvMhtSjEia/GzIOO+KuPvj9CLn"
    "6zRw/vGd2lL89ynsfG33Bi2FvInhtI8eHSorcgoDPB1YzUg0YXuCGgwEIA6Mw/tPlhp1Mn"
    "iPko221l8sW6fM4vyG1jGS0/e0fp3gkqN0r47qhReIBU+SyuR2QQJ/WJLb0RpsANflDjtJ"
    "0B0t0iTD5GoGmlABL/CgpWllSJ3IIXXAcWzK3ngCfuRVagoJ6pBosYuT6m+T3etXxMj+cH"
    "AT3p5e1A4s0FSevt0GjmksGxRNO7hysUvH1rf3CFNR6FwU6AO7QOWrxk/AcQOjFquqECOR"
    "2hhj3VP0UHEgHNxeQ3SPoozheKfAQsiqjMVIpDLGqYy96mL28/8B3GMoKA=="
)
