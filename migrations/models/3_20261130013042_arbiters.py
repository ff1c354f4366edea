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
    "d+yCALQ2SjL2BsHwG/I0vnff7TWNlzYLlv287M9IBzszGteaOl/KcB9RVAB9TrF0pDX6+3"
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
    "G8/WoP2s6fMYROHZEEZ055bpm/Wck+lJytMwfbteS67ncT3EKMb24NdvuR5uMRxsT5HWkO"
    "/V5XP28d5u/0X5nKQsgc3BaiS5XD6Xo2dy9qIVlaGytPvlKS7u1lWgyj5sHFzIkEomcDKB"
    "KD6F8Y9TcUF/rgoF1uUWj1R9IrayZJnxxXaA+QB/BS+EIT3083VoAAr+gcZ/7yJdsmqPwM"
    "9wnoVnt9+PlO1IA6YswggA9LeBRyAYoR1i1OtMGjnLjYR3N7yZ1TUHXTyZZ7rx+Kw7cy0x"
    "q/EVu2lT5/lDaIRKsmAIwcRGL4wMiExZlVpoWDkQX18T4Hfa4067q6awT0KNL62aq/QZHe"
    "oP5A/jn4Z/SGgbdF3gfQOOuTANPfhDWQNi5qaLnVZEfLv2FLufzZSYD+R+M9nvjU3wUPrf"
    "TiZM9Alh+Yc0pElDmjSkSUOa4AaVinKdyZCWWJmTXO8sdUeFm1VGAEjq34kRUtxHKIrD78"
    "ZN+1ZtKfh1Cm9Gw/s79AG/TWFvot62FPya9nTlzIiV/kOzAHzwlujj5ccdM+Jbe9T52h69"
    "uUxzeRBcaZJLPylsKWwKiVGVowS+9oP3Khq4LyUBGvi2bQEd0tGPk6XQnyG6CsK/C8nhsJ"
    "9Y4q57KVwH97fXKpr2ZNajm0wvB+4Vkh9tCth4+aEjvaUQeblhn+WJxeR9k2Exed/MXUzw"
    "pSTA4MfaRDsGx86epKyfOFfdjTwrv7lQX7tLu/iukSKUhlvObQMru4XBjxHJHbssw21odj"
    "iNSVE0FrCatGJTj27Roq0uJcA6smeW/WMcG7BSiwsrvKllNQEx+g3K4L7fL2axLdHCiEPe"
    "+vZDg2ZYDK9d7LQn4rs0y344hRnRnv0bGFsdM/goDYjSgFg5ibOipiQWAyJ6/m1HQ7gDq4"
    "gylyLj0ugEC81JKnQfrxgUuo9XuQodvvQzjXTg8CkAckBxLI35pA/RkfFN7TesIKfIpG2C"
    "wTax3cuLA03ds+sAc/kzegYWSEzPYvzP8XBAx3hLkd6ETcNT/qtYpluO7C6KRRNDkdhpQz"
    "zf3LZ/S0Pd6Q+v01soHuA6vVIvPJoqmg97RCBR50fdWKKv1lzwVzEdIEFWihnsbFSBLfZr"
    "BzxpS91dFlnQE0RSAty/nhcFWGLLjq0LdItLd00QyoQDkZ0lvtJZ2L8eo5JukmrFt58r9L"
    "vi2/F0Pp2fRCwOMEe2x555hpj2nFjqwpiyRlNXE9TcaGq+UPbyHCMdG4aOjIxjJLp2scsx"
    "YgR3Hd8vIn0f0vdRLbNtfX0fMni6blxnCp5e2RtI4fhOHSKikfE+3DoEkp68jUs3gOyPWN"
    "9Sn8wZ1rhTB93e4EYb924G7cn9SG0UY0h2gJaSOTWF6m9q536idltKeDSF34Y99Bm/NthY"
    "mrCvNFnsK818+0ozY1/xwAoXjAI4G80t6Mek0dbQAVR+QsF6vtDWulfMKhujqZ/h8MO7dw"
    "wgo7tyUSbXUgvTUm9++FgE5C1F/SA+QuQDyXDJD0bc4VjLUB7kYeNaPxp/X2wgicRQZkgD"
    "9kzovsVf+4+Cm4GwjjcPOCvKtpzPlYhAMqN0ZqB/bmz4lJIUqfRliKOEZHXPJ9ucc3E5QS"
    "h5LDKPZ5sXjuSSONWxtM26Gvi22ONNCP2qwugn6ST+3Mo+sCyOyZ8gk+jzom8vFhzgx6lk"
    "ObJy3LXBelKCc7G/HalajwCrfzG59DK4bclOWQKy5aUMighrXJ5gANVfgSWq+xIF4xtVYW"
    "94DG6Eqe5tsNSZXasD2i+/joAVlQujoz0Ox6mgGTUP85+76t+RzSqLWcH6d8NwlErtbKyT"
    "NL6hs8zRPKzxr0Q6Tu4EDUHfP03VaKRKqqX0KVogVKULLBM3s2hQQlWiaxe7QlXm/l0mkL"
    "EqNZYoLxQZq3I2UQsyVuUcuc4Sq1LZkImC7piQLAqPmMLeQLsbDW+QpDJuKbEPU9hV+71v"
    "6gjHS0SHU9gZDr70Rrf4bHQ4hSP1n2qHhFaERw22OXVkzz54Mucg4Bmr2y1OIz1vpXveAs"
    "GKa41N00q/jDiLanYvRX9tYTorPhEqRSs5LTKnt88lR3cUCrH0SPB6JHwTQmEeJMgk+rzo"
    "r0wLuJ4NQWEGpCllGl85fqE8k1phMzuzRU2wB4HVhplYARj8F9GELQHb23CsEs2WImKcfs"
    "gZYI5vjtJZtAdfiiQhVAJl12/03KAZpYNLFztt0kGj6KNbpH+P2TRixkx0V/zKHOhzy0Sz"
    "GV+SRmxpxK7UolJRc6Y0Yp8j11mM2OifubSEsQn4kduXNKSoRZrYLl6qv012WzIjVvaHg5"
    "vw9rR5s47GZfx9tTEui+7IobBkeKcOirpxME1Lwa/EgTNSv/XU78R94x9ih8x42P/mO2T8"
    "oylEII6J34a8i+GgsTeeYa+4+2vFyAXOEESKR19tj1XMDHKA+fPlfkC4g9+ncHzX701aCn"
    "kTgzN+POMaOAagpfHvyauI0R3JlHVascEX5puXV5+uPr//eBXJ8NGZXaI7rZm4iwCjF6re"
    "tV/HqQSe8MJu2d4Sy3+FrbMJshrN5xObx+MGg4KKSYpUugPFUUSy+idCQLc4NdA0reS0yJ"
    "wmO9ITF6NTpJLPIvMZXVzajulRfBCMjXDjAwgsuTQQUl++IEEcv03hzX2vj6R08sYjln9m"
    "kMo/5wrlnzMVPkIUtTxjz44uJxRagRnBLsokKzIxFa5p7ihc08wWrlk7NnqgdErnnnxDT5"
    "xGtis4oEnEGiH5xJFlmyKUARWcQrvuzEwPwchXmppGLVkhg7sqiL6szf56cXX2HEPE0ZUg"
    "TSlZwFvqYo0w4orvTVNKFsjQRqFDG2WbAhZUc9sUbPs3U9ePEoCtdU+N9HLJEosbbnIS2z"
    "0BuClpgAHbhAIjF4V9DWEo6h7D4hDq6nL+7oE3adMQKrg5kCIosc1b+SI/tNnfo08b2Qx+"
    "rE0HuJTIZmILdxC0uiujm19dCZHRzWcT5yqjm8+R60zRzbpJ8b+wOR9D2pOV5+DyO456dy"
    "p2POL3KbwfdzvaNQkajA55PJDlBwbKxj6vZIIzNo4DoMHtg4/TnzDAGU3fRsGHAZGQae8/"
    "Bv4TwDP5S3a/LwDQZmtKeHnuvI9RnG7ivzvurC8tCLaCwfrt7+3eRMMh2+OiczpG2lJiH6"
    "aQvGlfVRxpsj3OK8DU7Y3v/C5W4RGOJidh5d0owLwbRpirUYw5yQBoDzpqv0+SAMJDMTaV"
    "3HZXuY9WfpMr+WjFVduCMnKSUkbliSMSU6PyEmaKgqymkEt+i8zvxQbyNbNJEEoei8xjWR"
    "7vXDgdrLx8sfMJUslnsfnMvW6nSCWfReazgdVUy+JzR6RoJadF5rRsONeQUbjnB73sNfeq"
    "1n8bkrCIwvinCGXHuXLCb2VXNJaIJdkV7RiosnRFkxHNR4hozg+ty1hwzENbzcX7VFXMP5"
    "6HeNLSFatmegBK28KpdQQJPAF8+0EQ+fGX6hOoZKwFE0xRZeUDoSpeibqScOEoYnOOdhBD"
    "t6wDIbsLxuqgoeqEVzZWOiuLZ5Er2BezExuoUiI4656aUj4O6Y7pkmBxwzYpUQLFO2SOo9"
    "Fq1yszGWODRqaUV+QBDI9UO7C4shz8vTQ31SHaavflO2jb7b3crIffY9mhYaDMH6lUCJnT"
    "IGROQ0UioY7Ph9KCoR7R/8jCmV8pKby/FkWxk4F7VywRsVf5IbFX2ZhYx15ph0VypoYQuC"
    "iVDOLcGcTp2QfOhMQAch5UdR7gvS07BfJrpYX3i1EQv1bdVmWGZM1y5VgyJJEawVEqKU4l"
    "feQ1LNFW0xS5qpVIEsLucXFgjSSyWJzOTyvW0sJcrsPIKTXD4lA8Zq0O349LsV9FDt58yx"
    "Xxkh6/UIe0TglpnZLy5BnKk7LiRt24TglzpsVnGLZTPNY2SSfDDTk1CfKeAT7fah3eX0Or"
    "9SVTUf/LHUX9L7NF/ZHgYj7RPKO2bQEd5urIAVEK5hmiOtKeFZ44rTXqejjsJxaq6166v9"
    "b97bWKYCego5tML2cm/9s2IdfukSCUKTHi7BVZEcECC4+DwzEyyV/R+JsxrLBEv+qbuelp"
    "AHqHB8C28VB9+6GynN8dmkNqpZL/pJ06FLaKcEmMGKKFt1VUDw0XrilCK7CaAedAhIiV7J"
    "aMVEHZmgkn7HRFgxwIVN8fpeYgaXizLQepO/t4vu7XRstY6hCCQ8PNb3XnEXhrSzdAxx+w"
    "TngVMvpnitTnI8se5tv2hyov00sMYJNJht6etY0dLoLTODZgTfDicSgFO2KeW2m7Ye5xLm"
    "mxTbrssOgoE3KDHY8yJFog06d0Op2N+0E6nc6R6yxOJ8e2crweDGXeA9qTlXlv3KrYBN4o"
    "xuaAqqX471N4O+yqo/ZkiE+Fh1PY7t72Bi2FvE3h8PsAk5C3BtskOXKQ7ysV4hHuWXwV5y"
    "CWXgpjHyOSZXhKijA8dWUN0ab/wbU1Ou1xp91VG5npXQKo9S4CE3uc6Yi+YmxhpBHnKYNx"
    "lXmfOhjX12XMYT2X2Aup/p2PIiDVv3PkOov6t23QipW5A7q9x8iPlMt0BlqGgfB5sJ3iLd"
    "9ThJIDvByw7Act8JsVZkKWVvKBlw9h8Ak3M3IGkBzh5cjKRLCZSANCm0mYIc5jNKSNc8KG"
    "YpOeOtIui1oQCdW7luK/T6E/SvD5MvjcDD43xbAXBn9OezJdc2Zapsfdx5A+0gmZdnd/3e"
    "91ijLNp2op/vsU3o1635DIhU74B2KwyYTuGpCKCNpcfynS65BCeToL76fjLm6l1SKyFwu0"
    "1pAmay/a0t7QQtFyEaYTnxDkZkVQXlu6t7CdlVa8YyeN9HQIf3hXlQ6DeBnys2G0/FjBfE"
    "WNTn06oC+rgnMgOKIfqs8tE4Kiq3IuvVybM6uGYxpAc3T4QIsyzy9flKZ71TJGgZGdWM7f"
    "hpJS/BfWprSRKA7oM7HQF8gGyrqX9jpMC9ZN5naXVqJo8n5naXnuujBEn+Koi0Xv57vo4t"
    "v3Xudcow0V3XWBpyARS3F1C7xVJo758AAcVzGh4i2Bgt1AM90FyiMAa3Lm2XbmCuGY8mcY"
    "cu8C3TGWfypvbAjSitNxvmUKHftZWQPHv9NeECrP9CyAPwDcqkFpdya9b6oS0P+Cv8310B"
    "c8m94yuOXZMT1EZyNy051CAuSF8rw0jSW+QTEQxspKfwTot3p/U/4Mf4MO5+jDBv0L19PI"
    "17p/KtgTgG5727hg8W/+Hm+ajreEBrohFhMbXCUnt51YEmcj+phr7Q/pN5V+U+k3lX5T6T"
    "c9BtdZ/KZkP6DbU+nMjghkuRC2ciHuZrXSHYrNegJ+5DU+3JLUAuVdz4v622S3ghc9Lv3h"
    "4Ca8Pa31UfTxYgJERCJji/m9/hvHAdDgds/E6U/olLkfd4t6ZBBJS0EvU4heOuSww+OFYS"
    "mqn19TP1NSP4ye4GZAjP5kuRDFH4PGTftWbSn4dQpvRsP7O/QBv01hb6LethT8OoVjdfSt"
    "10E3BgdTOJx8JbkQ+E0Mp9lhVe8PLHnP97j4mmrRJ8anagV6LmLUIDwTHiGGDXHte/wqco"
    "36w93Qp3E/Z5OO6ux9JmYbH0ROriRHELmHBMvyJxJXCteTj1HJOCduaYwz4EzGmZWDv7fE"
    "VoPC8CfIZDcF3iA/4Lr6A0cceIJOTn5e/EVxsZ4l+Ikm7+zoJ8gk/PzwQ33tLu3ick+KUC"
    "7+5WRabx2SwmQFC5lpnXj+GTq5yAz2A4My6LCGq0AJyI7smWX/GMcGrNTqwTxxk+tm4YY5"
    "2fbsB5YaPKQ5u6CTOulfkWUrGVAiQfcHwjTEY9QJoGMWkIjPqfyotHDK7Y1M21Zn3R+e9n"
    "0JHKDoYfyWYroKWpGeYUsxPVfxdXoSiBUomDi+y4ZAIXuD8sa3reIzrqKjgVam46DFfv7L"
    "27Qd77jfRK18aMVq8ZKtWhY/FEbsxTQyiutM4nlkFNc5cp0liusVbf3Ccfm8jf1ns+9JW7"
    "8o+Itr66//3A9VlcIlXhJ0cuEvy9Yc05UOtN3VrwPKRcpsl5yD+2t7CmhvFtEaWjAH8GTl"
    "PSn9VyhGGnqXlnxbzWp7vxbvE3PUcp+xzLdHdFrmsUkLSMUWk4rqwtICco5cr5oF5GxW3i"
    "38ZBvMAM8WeB3SipxxcjfqdVRt1B7c+IHv4Ycp7PbGd/cTddxSwqMp7A9vWgp6STtvXicI"
    "W/aDP26CJy4EyZFxmCCT1idu6x/iLw/6cTKJfv1sfzUFf4ftSUD7iJB2J2ENJKYFXM+GIO"
    "ijTbOOpG652GkaCW/WYt29y26LCaIfggR6k4whw0OEWS0upHHkfNRkaRw5R66zGEeipTnD"
    "8/x6KDGSOolopdV8lYWTjq1X6yt7Aynr1M7U8YimTpP21AlsghcloVS2UAfd3uCmUYwNIV"
    "lLCQ6msKv2e9/UES47Eh1O4Ujtq+0xPhke4XNf7gdd/5x/JIa1D30VdBc56Z87VqckmcDl"
    "LziXqOaHDwxQo7tysSbX0q1JLPMJOFwCVZq2BJFKMAZUV4LKCs4OsIDucjE6RSr5LDKffX"
    "tGYYtmgkyKHmWZNLfWpQNtmlt7WcXYwGrUTEzAnCxjlgzYYFcyaY0siiQudv1xXiq7mu3J"
    "gHXsJ3OOxCVDt6wDoboLxuqgoWoE1zFN5X5aLMVAHuXL5pvFt2m5R44R3CpCpPEWcEnJe1"
    "wMPxYlHK+RP9u8UArnZ8rpS3u6tKdLe7q0pwsuuVSU6yz2dGmZlBXGz7TCuA3nxC9EkXnz"
    "+xkkqepgW9y1mB2jo0FMgiy4zyQpa7jPVHdfyYoTonteKGtbaa6Xdqej3k2wQyU8msLO8H"
    "4w8d0x0SF20nT6vYHvo/GPplD97a5H7gsOphBzqztqfx+0lOhQDBfNHBhI3+fzGcQppSVZ"
    "5GeZaPOFDclxKikoyrz4qjJgpc+BNnspXpQjQScLQ/Div9aRolO8BHGCTBYglgW4qwK/rM"
    "lx7Joc9GrFkc/iQGhrXls7Ltax1ICWJcuZYC1asjyQLoQCVsQaMkkpjAFYX24oAVfWgsdi"
    "iRmsuCbEq4PqlG+gd7Li0mIaCQ6MOMgWfc8HcwjBxEYvpVZ+rxKqBUIzEtEslAiNdLRLfq"
    "BGNsbmZAEbMY+8DLeQ4RbV2uQr6niX4RbnyHWWcAv0Jy1en1hIK3LSXQNL1He4UTV5913+"
    "2nV7rPp+f3IohutK5DpPpbCiM1LRjNfu2v93qw4mLSX5OexLHbue+DyFk1F7MP6Cu4yHR2"
    "GqWJgoJgYjkWC1WtseDobRHkFOQE2eHJMhLYelryvVJAFvsgTOoLvyIW9mgmdk2JhMaGVk"
    "QXlhFeP7TkdVSaJqdDiFX9q9Pj7lv4uxJDkA4eNSno9/joeDvNS6iCQt0pmGp/yXdEk6Go"
    "/+vthAAyOvzDam5ZnQfYu/9h8FmVZGdASGKCHNZYLO0vFlKTEND5AOOosU8GKpxCmyOoT7"
    "nSCVGOA+XFmY84MqI4I6AHzqeErd85AQQ2timL8Tx0hOtxe/O+5GXFo5FMNerbEtm8sgk6"
    "KVcW3iKONZG4zIGdJ1NYPGi82GRf0KR1alKGV0T41z1EV0frKkqFOnegnYUgpnVmqmMzvu"
    "Uw954UoAx8zaTrUjpzgHsw3L892DDrlXC5t/n8JBqLsu8Pyphb+MfDJl+5fX3RvzXYRJdv"
    "GYfpIjCG24vmnfqi0Fv07hzWh4f4c+4Lcp7E3U25aCX8Ww80TPTaFHI04lTaHc8qNsBrE1"
    "4zAVrWzuKFrZzBattJ8RIgetOckRRMa9cT/Gji78mlxzxFhnfCCLrjNxKrnOcK8zeFMuYs"
    "kP75dm/NLN+Ia+9jZ8NSpTpDJWShBDXV6sVMZMwRJMjMu9LUxDzynrUCSiuI2FtG+x8Spr"
    "qt1d/i1IkzkQLfZ0oqpgdEzrwdh8gDpejRoUw8H24sUum4Eb3naUXijxQPINzg+RnVAEkk"
    "3y7QQrxEObO6xtS33C8JBub9wZjrraoD3pfVMLSiopatK5MD1aUV3qikWVusrXpK4yAWo4"
    "wUUncllhGT5LKzu8ccdOoSWTS3ZMEMqAa9FFx1SVL7KRFe+mmySU+jP3Y4flh8Lwx4ikh7"
    "0k925+dmBhJ2SB5EDRHgJW/2NqAWDw8m5cwRLdRXTrxh5soTy6Y6JZGbYJ83tWZu652Kmh"
    "RXcfr2ul1MpEWXcvdmhlMsHzDCVPmeBZN66zJHgaS/QvqdJuvqYRI6mTmlFef0r7EUDMA8"
    "SmnNQnOrIZQpFd0Jyu/6smg7nqqplrrsKX0jVdScdUHsAppLXLpywfcD8xUpvpLtDQP6al"
    "cnSBYa50a1diZYo+vW34A7wNBqrgtN+Belft9G7b/TefPl/4ES5oQzB9tSJiSCa8xQEGMJ"
    "/QNsuNe84Ir4P8sbJryoY9XCK8H9pSd5c8q0uMtJSEMYEWl48soUMf80OHPlJSUUnLRh68"
    "KaR1SNA7PuKLDZzzAZ6mlHjvx1ucLK4zMXUUCM3JWuz2ZxuFJeqOnmv0quwqM9WoTCso+i"
    "tglwU0dv1it/UT3yktn/VfDi6k5fN8bGDS8nmOXGexfK71lxWpCAy9vHYNOwqt0Ijrptwd"
    "pdiKgTB9oKfQ58OdIJIwM8Ac2NhCk08xmYJCXJuyKycOJoqgxJoyNx+2xJIPfHxAPwC6i8"
    "IFtVJk9TNvHGXxCexCxaBOEEmg2SqXSVPSaZcUaUqqrSmJhDFSTEhheGO+6QiHCEqLUY2f"
    "+gtpMTof24G0GJ0j11ksRnPTNWyHLtfuWnCTdFLeOiAvp2gNnThNDYPpLpnq6FzuqKNzma"
    "2j8/hiaJ5JSw1hbDYRoz8W5pnZjp5vdaS9axSDPaBqKf77FJL3y+DzZfC5GXwmK9LrF9fB"
    "+PqFI6j2JNu2gA7pj0OaNMWeGaI91jMRnTltzNf1cNhPbC/XvXSN6vvbaxWxIBURRjEhAW"
    "flarphgDXf3k8dQFZcFmfHzwp6QaVLrpTQLG0pqfBnuPPHkCwqAFBI62db/MhSAuJjfgmI"
    "j5kSEAFs/MotdQC51lVgrbNM+HgIyxP0kuMicxyzCjFwXmhFTRDVby19z5Iu8z4/XeZ9Jl"
    "2GAHaIIJEzgCyswytPRFNYAz/WJnqgOFa7vDHkiifyivesWxbgShXMUtYtDqn8RMEAM8d0"
    "H3mNSakhTljn7X7w62D4fVDUohSQtZTgYAr7w+8tBb1M4a3a7d3fthT/fQq/9m6+thT8Oo"
    "Xj9qAz6aFpj7sFRsdiWJwCJqD/CQBfRTL6CHKtFHmtDDIidMMgUWjFonmoxHVbMcvXuwPY"
    "1vqLvfFcDUAMQlErb/4g0t67x95bIL4nFuPpzNAgjqavcf9N3Tq0krM/3M3G9HlbyRVwdx"
    "HnEDEHPNnlVL8+A8xIF5ZXrhgumjuUDbnN3PTQMoiGAodihofq23UqHE6rPoqUWVebbV5o"
    "TuAicNWw7GI+Xi5AMq4EbCdg6E+aeAk79Dns+uO81BYn011vPGxUIjIFVQQsApc/XE1XrQ"
    "gs/G/9/ybR2o+WvcaquIQqH6qgGEBJm2GZTWaFxqqMjfAcwNLAE4C0Kl7FgVLxSDV9Cldg"
    "NQOOuzTXB0JFtMNbMlpdJ9apuyNVEiR7sUDzSVvpNMd3EZyGeKCao6Rv0D93DpUTzgGpHb"
    "n2EqltR5ttEzB+kBI9x+oCVDZhtLzkxu9gtrTtR19MoCQ5Jq5f7Ep2fPbvjMkuZfdywwqv"
    "OfcfAvItUaN3mQ0pRiRNfjZknHc87v44vcj5Og2cf3ynthT/fQo7X9u9QUshb2I47aNHh8"
    "qKnMIATwdWMxJtsT1BDQYCUAGMw/tPlhp1MniPko221l8sW6fM4vyG1jGS0/e0fp3gkqN0"
    "r47qhXPEgidJZXK7IIE/LMntaA82gOsWDjtJ0B0t0iTD5GoGmlAB53jQ0rQypE7kkDrgOD"
    "ZFNp6AH3mVmkKCOiRa7OKk+ttk9/4VMbI/HNyEt6c3tQMLNJWnb7eBYxrLBkXTDq5c7NKx"
    "9e09wlQUOhcF+sAuUPmq8RNw3MCoxaoqxEikNsZY9xQ9VAUQDm6vIbpHUcZwvFNgIWRVxm"
    "IkUhkrqIy96mb28/8BaVPOQg=="
)
