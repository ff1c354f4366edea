from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "chain_cursors" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(128) NOT NULL UNIQUE,
    "next_block" BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_chain_curso_created_3a1389" ON "chain_cursors" ("created_at");
COMMENT ON TABLE "chain_cursors" IS 'The next block a watcher reads from, per watcher name (e.g. chain id and token).';
        CREATE TABLE IF NOT EXISTS "chain_nonces" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "chain_id" BIGINT NOT NULL,
    "address" VARCHAR(42) NOT NULL,
    "next_nonce" BIGINT NOT NULL,
    CONSTRAINT "uid_chain_nonce_chain_i_1ec1a0" UNIQUE ("chain_id", "address")
);
COMMENT ON TABLE "chain_nonces" IS 'The operator key''s next nonce per chain, allocated under a row lock.';
        CREATE TABLE IF NOT EXISTS "chain_deposits" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "chain_id" BIGINT NOT NULL,
    "tx_hash" VARCHAR(66) NOT NULL,
    "log_index" INT NOT NULL,
    "block_number" BIGINT NOT NULL,
    "block_hash" VARCHAR(66) NOT NULL,
    "sender" VARCHAR(42) NOT NULL,
    "amount_base_units" DECIMAL(78,0) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "counted_at" TIMESTAMPTZ,
    "escrow_id" BIGINT NOT NULL REFERENCES "escrows" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_chain_depos_chain_i_f0f07a" UNIQUE ("chain_id", "tx_hash", "log_index")
);
CREATE INDEX IF NOT EXISTS "idx_chain_depos_created_99207f" ON "chain_deposits" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_chain_depos_status_175f69" ON "chain_deposits" ("status");
CREATE INDEX IF NOT EXISTS "idx_chain_depos_escrow__560717" ON "chain_deposits" ("escrow_id");
COMMENT ON COLUMN "chain_deposits"."status" IS 'SEEN: SEEN\nCOUNTED: COUNTED\nVANISHED: VANISHED';
COMMENT ON TABLE "chain_deposits" IS 'One USDC `Transfer` log into an escrow''s deposit address.';
        CREATE TABLE IF NOT EXISTS "chain_returns" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "to_address" VARCHAR(42) NOT NULL,
    "amount_base_units" DECIMAL(78,0) NOT NULL,
    "reason" VARCHAR(32) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "escrow_id" BIGINT NOT NULL REFERENCES "escrows" ("id") ON DELETE RESTRICT,
    "deposit_id" BIGINT NOT NULL UNIQUE REFERENCES "chain_deposits" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_chain_retur_created_f2da92" ON "chain_returns" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_chain_retur_status_7bc2b8" ON "chain_returns" ("status");
CREATE INDEX IF NOT EXISTS "idx_chain_retur_escrow__084914" ON "chain_returns" ("escrow_id");
COMMENT ON COLUMN "chain_returns"."status" IS 'OWED: OWED\nRETURNED: RETURNED';
COMMENT ON TABLE "chain_returns" IS 'Money that arrived but isn''t the escrow''s to keep: the excess of an over-payment,';
        CREATE TABLE IF NOT EXISTS "chain_transactions" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "chain_id" BIGINT NOT NULL,
    "sender" VARCHAR(42) NOT NULL,
    "nonce" BIGINT NOT NULL,
    "tx_hash" VARCHAR(66) NOT NULL UNIQUE,
    "raw_tx" BYTEA NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "broadcasts" INT NOT NULL,
    "block_number" BIGINT,
    "call_id" BIGINT NOT NULL UNIQUE REFERENCES "provider_calls" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_chain_trans_chain_i_fd4dde" UNIQUE ("chain_id", "sender", "nonce")
);
CREATE INDEX IF NOT EXISTS "idx_chain_trans_created_cbde7d" ON "chain_transactions" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_chain_trans_status_eb099f" ON "chain_transactions" ("status");
COMMENT ON COLUMN "chain_transactions"."status" IS 'SIGNED: SIGNED\nMINED: MINED\nREVERTED: REVERTED';
COMMENT ON TABLE "chain_transactions" IS 'A transaction signed by the operator key, stored before it is broadcast: every';
        CREATE TABLE IF NOT EXISTS "wallets" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "address" VARCHAR(42) NOT NULL UNIQUE,
    "message" TEXT NOT NULL,
    "signature" VARCHAR(140) NOT NULL,
    "user_id" BIGINT NOT NULL UNIQUE REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_wallets_created_a424e9" ON "wallets" ("created_at");
COMMENT ON TABLE "wallets" IS 'A proved wallet. `User.wallet_address` mirrors `address` for the rest of the code.';
        CREATE TABLE IF NOT EXISTS "wallet_challenges" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "address" VARCHAR(42) NOT NULL,
    "nonce" VARCHAR(64) NOT NULL UNIQUE,
    "message" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "used_at" TIMESTAMPTZ,
    "user_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_wallet_chal_created_75b138" ON "wallet_challenges" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_wallet_chal_user_id_153e47" ON "wallet_challenges" ("user_id");
COMMENT ON TABLE "wallet_challenges" IS 'A one-time message for `user` to sign with `address`.';
        CREATE TABLE IF NOT EXISTS "wallet_screenings" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "address" VARCHAR(42) NOT NULL,
    "source" VARCHAR(80) NOT NULL,
    "outcome" VARCHAR(16) NOT NULL,
    "detail" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "user_id" BIGINT REFERENCES "users" ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "idx_wallet_scre_address_2fada8" ON "wallet_screenings" ("address");
CREATE INDEX IF NOT EXISTS "idx_wallet_scre_created_6eccf8" ON "wallet_screenings" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_wallet_scre_user_id_dae25c" ON "wallet_screenings" ("user_id");
COMMENT ON COLUMN "wallet_screenings"."outcome" IS 'CLEAR: CLEAR\nHIT: HIT\nUNAVAILABLE: UNAVAILABLE';
COMMENT ON TABLE "wallet_screenings" IS 'One screener''s answer about one address, kept as history.';
        ALTER TABLE "stablecoin_escrows" ALTER COLUMN "chain_id" TYPE BIGINT USING "chain_id"::BIGINT;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "stablecoin_escrows" ALTER COLUMN "chain_id" TYPE INT USING "chain_id"::INT;
        DROP TABLE IF EXISTS "chain_transactions";
        DROP TABLE IF EXISTS "chain_nonces";
        DROP TABLE IF EXISTS "chain_cursors";
        DROP TABLE IF EXISTS "chain_returns";
        DROP TABLE IF EXISTS "chain_deposits";
        DROP TABLE IF EXISTS "wallet_challenges";
        DROP TABLE IF EXISTS "wallet_screenings";
        DROP TABLE IF EXISTS "wallets";"""


MODELS_STATE = (
    "eJztXW1z4ji2/isqvkxPFZvqTmfSudytrSLgzjBDIAWke3aHKbcxIvjGyKxtkk7t9n+/kt"
    "9fQTIGZKMvYGwfAc+Rj867/tNYGXOoWxdty4L2F2hqC01VbM1AjRb4TwMpK4gP8m9qgoay"
    "Xoe3kBO2MtMdKoXcLr9E7neuKzPLNhXVxrcsFN2C+NQcWqqprb3vRRtdJycNFd+ooafw1A"
    "Zp/95A2TaeoL2EJr7w51/4tIbm8Du0yMc/GxsLX2j6326/rWH4SZs3/iIE62d5oUF9HvuT"
    "+CK+5Jx3yfC5W+2ph+zPzr3kJ81k1dA3KxTev36zlwYKCDRkk7NPEEFTsSH5BtvckP9I/o"
    "KHjP+33b8T3uL+jwjNHC6UjW5HMJnJ4bmGLA+GE3ksTWS5wYCiihmBOYB/quUA8ER+wt/+"
    "5/Ly48dPl+8/Xt/8cvXp0y8372/wvc7vTV/69MP9MSFa7lAOZr273mBCfpCB2exOBXLih0"
    "Oj2IpL5bArRF81IcFLVuw0F7r4iq2tYDYf4pQJfsw90gv/IMkdnxfb2OOfOBF/8P+bD5H+"
    "5n3vFugnvXtpPGnfP5CvW1nWv3UHvvZEIlcunbNvibPvrn+O8yoYBHztTX4F5CP413AgOe"
    "galv1kOt8Y3jf5V4P8JmVjGzIyXmVlHoHIP+vDiO8Mmb5ZzwsyPU55HKaH0kpwPY/rPkYR"
    "tnu/PuR6XDLHud5ZKqaENiuH6z2MiIJUmOJ+fIQE9zGK/PC7cde+l1qAvE7R3Wj4+IA/kL"
    "cp6k2k+xYgrw26GbFSvss6RE/2En/8cL1lRnxpjzq/tkfvPiS5PPCuXDqXfmSwhXUVjFLt"
    "Xgur8OAdcTkMwXe1JJgFvmHoUEHZ6EfJEujPMF0F4d+G5HDYj4m4214C18Hj/a2Ep70z6/"
    "FNmp0D9wrrj0YG2ET8ZCMdUvAsbuhneUyYfLykECYfL3OFCbkUBxh+X2t4xSiwsscp66fO"
    "VXchT+tvFlLW1tJgXzUShIUWDo9pnLD1NMsGMXaZwY8QiRWbCXriO1g8Z9qvvtshzobPhg"
    "m1J/Q7fEsptAnoPRfLozdMxVjww59j/tnw6TOV18DZEp16+L/jfwzdFbrTHnfaXamRKV1K"
    "gHVkzHTj+zgyYKWECy28CbEagxj/BjB47PcbziyeKerzq2LO5dh0JleMSyNxJrg3fWl1uU"
    "qeUZDy5ABE/gr54b7zcDPX7L7x1MhyLPrXmlv9ieQuWTeejuFGNGb/B9XQxvQ+CgeicCBW"
    "TuOsqCuJxoGIn3/DlDHuUGcx5hJkhSy63SvECQ266ysKg+76KtegI5d+JJH2Aj4MIHsUh7"
    "KYj/oQHRjfxHpDC3KCTPgmKHwT4VrODnTmml0HmMuf0TO4wGp6GuPfxsNBNsYhRXIR1lQb"
    "/BfomlWO7s6LR5NAEVtpfTzf3bf/SELd6Q9vk0soGeA2KakXdpYpmg97QCBQL466usRfLV"
    "vw32w2QIysFDfY2ZgCIfZrE77IS8Vasgj0GJHQAHfLc1aABbb02FpQ0QvZrjHCEkxXznCv"
    "iKlKFSxxjU7m+HqESoRJCi4QTxsNU7JCH6US0JcTJnGm8/HiJHxxgNaNH33mYz78ERZCo1"
    "5n0kjP7hIwvfPHqSWo0ac5B9TTBEY6xATobEzLMBsZsZHo5ea28IhrSqjOnXQRksZkCQGC"
    "320w0w31GSjgVbHVJTQB8RhbYGEaqyZY48/+efLbwDt48XQBnK8D2hwoaA5s4xminy8aCY"
    "4d5At2R29EhEZEaKrlXK5vhEakeNeN6zQp3s57it/5vgL//nIc66eVtfE07csbmjzty5v8"
    "RG1yLW7OkBVVdlZUtuUsTidyv/Yzak6oLXYhfl41O1dd9K9T6Itz91ZKhXGIIHgcdzvg28"
    "RUkLWA5jegG08As8PAehogdxuvP1nAGxZgkYGlipXWDPcaKUMF/NP7P67KZn8PXLt4UNmZ"
    "nG7mjlATeXiYhJp4RgqDUBPPkes0amJUZLPGTEUC+55O8cgaSaumR0jqmAJDU1J5nV9SeZ"
    "0qqQx1jxTIubM7RlOn6X354erT1c3H66tgVgdntk3m9MR1LBgZbVazrDyXbZIjSVkneI8s"
    "PVwoWQVInErIEAoZYkH8vzLmeT7IIUUNAb6iSQe9yk8HvUqlgyorY4NseaZYUMb/2TWFEx"
    "ooVLWVoudE6LPok3qoO8CFN1AFubAF9a7U6d23++8+3TTfJyqvA4a8T01rW7E3GVDTNYAI"
    "qY+WW94YS9KgwYauQ9MC5HWKOsPHwUTqtoB3MEVf2oPe+Fdyyj9KukmoXIyld4JQyYQuZo"
    "HHKEU+Ej+2V9rkdj1szNZXjOxQClQ9vV5b8mJcVNOcYE7ikIKBqsUF2jSO2PQ7bB5H0k9h"
    "QntjZpRA3XrkQwQnBn4ZQT3ojpfNJMdJPwqGq6QMTHHqR5FIxsAgszkvjuFebe6OYiByI0"
    "PSi7EmgBsmeIZvP1luioozhpOM4ozZBIqOrRXCFrAhCjVQAJ55gFgw2YkuZQy6M7LhhUFE"
    "MIMfsd7cFswQHs5jMyNi2XnPSqaRkWPMhSTCeKYwnp2UAuSLacZUhIBOzPHKpiJ4WkzeCh"
    "4qObuWcFe7olzD7w0E34C9VGygmKb2gpfT2cYGmoV+svFpGKYP2AZejuG65Z79jrUECxgL"
    "kmFgvEDzb2vlbQWR3Uwt6KV/wxQZZLX3PgKn6DIyEFB1w4LzCzCCqmHO8ddpyLlsk/QIt5"
    "be/TmejU0uTpGXHdEkv2IGgUWGJtwlnwm1J8+AhulIai3JuBVZtLw/4Fs1CpEeUa9AuUiP"
    "OEeu06RH4CsFVNg4ldBiRQiI0xAQfnAttpZCIUUNp3X5jW6qF2MbfvViYAwxNkLTAuR1ik"
    "bS5HE0IJ/9Iz4iaiLWcko/kGckMcMfpysH/zOxYESoi79QV+qBSPPAD2FRciBZbFKph4GW"
    "DXEpQMOH/b1qk9Dp08hzrUXvae72r0X8SJROtnbM92ThZ5M4wd4cv1I01tUEFj4i15z+bc"
    "TXpFlgZhrKXFUsuwXgCzTfUh62coefIhPa5hvxgM0tMoYFgUU8XrM3G1rgnXNMEg9/xuMZ"
    "rj+MuPLWCv7GV02FdOG3MLfOdV6LMBw3S05TOM3Ox30inGbnyHVRU8Sl3BXJ6seLtxcItY"
    "soey1q5TjqalF+lQuxuOyMMrlbDSnmW443OKBJbn1HVP4Kzu1t09RrQxwswBjL296gPfpn"
    "0LQ4WIX7w8HdbUbb4tt/TqR25V3E497dgN1J7FK1gPs+Rfc956PzRtzGX6TRxHUbu0d8uI"
    "0DIzeDQ/lFjjGi4wn994eV+HUpH+Usm/s066mq6Dq7jh4SCV/8sdIF4zzb22P8YBovGlb4"
    "O95glWIZrcc4MlEP7y42kO/GTbuJ/WvNre5h767D76omnKPCOSqco8I5yrkZVlGu0zhH3U"
    "Q1NmEb0ggHUnHHaOXs7Adp0O0N7mRiMbcnjyOJ1eRODdACqVNTJP0hdR4d09s/mqIvwx7p"
    "iYBfi5jhlzS7s1zm785ymdqdxYartY7hlV+gaTHugphFW0NPd/m+j/V8Ia8Vm21PpwhN/b"
    "Yd+uX9ewqQ8V25KDvXEoJpqVz+cs0UsQko6gfxAfZNtSxoy/lbmW/Zli9Fudf+fIXkR+Pv"
    "iw1yE3RmG023NWRdkK/9B+NiUIYL/CDb9tnQXGUsy/lcCQgEM0pnBv7n6qaYUZIgFZ2H+D"
    "FC0rbni6HNC3E5Rih4zDOPZ5s3yL7bXZRK1DsUNTbJIoR/FTP6cTqBf/EsKF0vMPljZAL9"
    "ougbi0UB8KNUIrpYTqWPJ0/SjGAu9emHI1XrEaANGcZFL8Wmj85KWQKylBtpVhTWqD5BAa"
    "orgQWqO1CNLVTMhWkRuDGmir0xYYYF7jdV/Pz77naKY3+cCrpR8zD/sS0Vw1ms0pgx5mIM"
    "/VEqtbLRTtLogs6ehbG7XJW96yd1vSqfZuneDT+7UNecSsCMVJXgWnNbqsrcvUujbPUpcl"
    "UqqVE2gchVOZusBZGrco5cp8lVqWzKBGM4xicL0iOmqDeQH0bDO6ypjFsg8mGKulK/90Ua"
    "kXyJ4JBsLTH43Bvdu5tLeIekquE3qeNVNbhHDbo5dehmOCQDOLOMLT/sFqURkbfSI2+eYl"
    "VIxiZpRVyGH6GaXkvxX1to5qrg7i5xWsFpnjkdPpeztwKtr1LEIiJRNCIhur+dEv2VpkPL"
    "NhBkZkCS8kD1fvVkgegAd5wOcJlTvQRs7/2xSnRb8ohx8iGngDm6OIpg0c72eSlN4rDbdr"
    "F6pTVrvXF+Stop7V1qbvVJuzcd3iP9Z8SnEXFm4ruiV+ZQmesans3kknBiCyd2pYRKRd2Z"
    "wol9jlyncWLn9bifwO85orZmPe638VL6Y7LdkxlraeTfnnRv1tG5TL6vNs5l3gM5GSwZPr"
    "Dv9U1oWoC8OgGckfSlJ311wjfuIQnIjIf9L25Axj2aIgzi2InbOO98BGiMja0aq4xHiI5j"
    "EXKOKwSx4dGX2mOJMMM5IPz5/DhwuEPep2j80O9NWsB544Mzbj7jGpoqzCrj31FXEaGrUe"
    "uq0hqDYRGGAfNzuOjX6ygVxxOe2yXbXhL9j9k7GyOr0Xw++uYoocOA0TBJkIpwID+GSNr+"
    "xAgoekELNEkrOM0zp50V6aUQoxOkgs8881mElU+5bj5hW51daYlSiXBy0Yi+MXe3B2KP6C"
    "coBQuKFtmuMUaFMouSlIIFIqmC66QKR2SXgOudP06l5jYtqtGFLQYq/gFg8NjvN7LlRwnA"
    "UuZPVBPXpLikyQLyFzmB7Y7Un4Q2wFVeiieGM9JSQgGdn5XiCrnjJqXA72sNmzcZSSmOGW"
    "NiaMkG6SIxRSSmVE65qGiKgkhMOUeuUyWmKFrGbh50AV6f9miVlQWiu2TxfpBawH2fosdx"
    "tyPfOvHe4JCPmK7oyX6qTYg2pgmRmmGC0D0GUfoj5qbg6dtgfBgwiTPt3cfAfQKKTP4bir"
    "l/kzv1b5IzfwGhPFuz7G0WoRAbm1Vtj4GMudz+2u5NZJJtM2ad0xHSFoh8mCLnTf5V6uNJ"
    "Hx7n1c53e+MHdwMC/4gkAjkZQd0gN6jrJwdJQXqQk7zVHnSkft/J3/IP+VhUcncqyH208v"
    "cnEI9W1LRl1JHjlCKgyo9KnLaEkm4KRlZnkAt+88zvxQYV60MeIxQ85pnHorPJuXDak7zF"
    "0p5ipILPfPO5sNxOkAo+88xnlZipul4sHJGgFZzmmdNir5CGSGM8P+jFNiEn9f57254z45"
    "8gFJuFlJO/KDa0oElZEhtaHAJVmg0tREroAVJC81PrIoJ6ib8DU2OtU7P33CmkQ8bqukMd"
    "KqZxAuTjC5uDlwntjYnKgGvkjFRXtOJbShSHKrqBRS1xirQ52wOlsKNaHUGCLxDtK6Lc7F"
    "7pBVYyk4cKpqDl4p5QsbeorCRca9MgDYpMWVV0fU/IHryxOnioOuGVzsRPW3pp5Bg3zOpE"
    "BqqUgUersSVM2322zbKcUgTV0DJyUNi3zhoHo9VuE614BhceOaPvUhHAyEi1A6tQDY27lu"
    "YW0gRL7a5qGjlc3sutqfkzUrzpp2H9lSi0ERUzXFbMVCTP7vB8KC3V7hn/jzScJIc1G0//"
    "/lp0y4ynhV7R5Ftf5SdcX6Uzrk1jJe+XJ5wYguOGZyJFeGuKsG3sORNiA4h5UNV5QNa29B"
    "TI75br389Hp9xabcMm6m9rVolJU3+LzYgCnYyiVCIDo4Ybc51CiRcdjPj0ezT3bGHkCIvj"
    "ZQHwJVpoQY1KVOZw9SE7wbhZAhn+qyB9IN9z5cTgD98GRninuPROCX3yDPVJ0c+lblzPSK"
    "LPys9QDZM9kztOJ5JZC1oSznsK+HyvtX9/Db3WH96/p3FRvX+f76Mi134kNVjtJSsyahg6"
    "VFCujewRJWCeYaoDrVn+ieN6o26Hw35MUN32khtvPN7fShh2B3R8k2bnzOT/MzRUaPWIEY"
    "qCK37WirSKoMOFXYDDETLBX974m3Ks0ORWK5u5ZssQ2fsnwLbJUH3jqbKc5yv/tYoYRZrO"
    "7pv/WlOEVnA1g+aeCDlun3tnpAoqi1Q4kSgiHmRPoPruKDUHSSarRzlIPRiHC96eGi11qS"
    "AE982fvlfMZ2ivdUWFHXfAOuHF5MWOVhnaO55W+sRVR7iNIwPWZBUo4vP3ZHye5z9cAnb4"
    "/+XIslN25mpQCrkhsSGRtcqRd0rEBc7GQyziAufIdZq4gGnohTfy9mmP1ue9cS8RL2WDjc"
    "0eVQu471N0P+xKo/ZkSE75h1PU7t73Bi3gvE3R8OuAkDhvDbpJcuA8zBN14uHuWTxJ/IZo"
    "L8zYR4hEH56SksCO3VqDt+m/d3ONTnvcaXelRmp6lwBqvbvARB7nbERPmP4VWMR5xmDUZN"
    "5lDkbtdZEWVk8R2xTm3/kYAsL8O0eu05h/4RaXxJjbY7/sCPmByk3OwMpQMT5Phsm+aXaC"
    "UHCgKAd040n2IkHMTEjTCj4U5YOfTlGYGTkDCI4U5chKw7Bp2ALCi4lfxFvEaZg1zhF3FJ"
    "v0pJH8gdWD6FC9bwH3fYrcUbzPH7zPl97nSz78hd6fk180S5tpumYX3sgwe6QjMu3h8bbf"
    "67AyzaVqAfd9ih5GvS9Y5cIn3AM+2KQhaw2donV5rryxbHaYQXk8D++nwwq30trFGIsFlj"
    "XOLmtv8tLYZCVX5SKcTXxEkC8rgvJaV+yFYa5k9i07s0iPh/Av76uyxSARQ27Bgpyf/ZZv"
    "qGVTHw/oD1XB2VMc8Q9V5rqGIKtUzqUXsjklNUxNhbKpoKesvOn8DjNJupN2mvGc7I7n/M"
    "LXlKK/sDbdZ3gJQJ+Jh56hYCMdXtoZMGVsbVs4XFqJvra7g6Xlhev8pPOMQF0kHz0/RBdd"
    "vncG5xptBBTLgjbAKhawFB1egImpPT1B0wIaAvYSAhIGmikWBM8Qrp0zr4Y5Bw7HwDc/id"
    "yCiqkuv4F3BoJJw+kw3zJFpvEK1tB07zQWDpWt2TokHyDppg/anUnviwQ8+p/Jt1k2/oJX"
    "zV56t7yamo3pDEyuWVPkANkEr0tNXZIbgIoxBivlGeLfav8v+Ob/BgXN8YcN/heWLTtfa3"
    "0DJBKAb7toNGnim39Gd00nS0ID3xDJifWuOifDrVhiZwP6SGjtLxE3FXFTETcVcVMRNz0E"
    "12nips56kO1PzWZ2QCA6OtB1dLA2q5ViZvisJ/B73s6HIUktUN72vEh/TLYbeMHj0h8O7v"
    "zbk1Zfhj3OpkAEJCK3uHjUf2OaEKmFwzNR+iMGZR7HXdaIDCZpAfwyRfil4xx2ikRhaPqe"
    "57c9T3U997MnCjMgQn+0Wgj2x6Bx176XWoC8TtHdaPj4gD+QtynqTaT7FiCvUzSWRl96HX"
    "yjdzBFw8mvTi0EeeMjaLZfY/I9u5IXe1xcS5X1iXGpWp6dixk18M/4R5hhQ9KenLzy3EZ8"
    "/zD0ccLP6aKjOkefHbeNC2JBrsRH4LnNP43444krzC2/I1Qiz6mwNlYw4UzkmZWDv70kXg"
    "Nm+GNkouF90SQ/aFnKU4E88BidmPxF8eclxHqW4Md2eadHP0Ym4C8OP1LW1tJg13sShEL4"
    "l1NpHQYkuakK5rLSOvb8U2y2ISrY90zKyIbVlwIlIDsyZrrxfRwZsFLSg3rixuUm854m6R"
    "2092yet8/+2ZxO6nh8RTRipEDJSbrfE6YhGaNOAB2ygUR0TuVnpflTbmdmWthvdHd62tcl"
    "NCFQ/PwtoFkAS6RX1AKabQHXpncSsTwDk+R3GQgCZ20A71zfKjljAQUPtNJMEwv7+c8XST"
    "/eYb8ps/OhHuku6yzVovkhN2ovoRFZXGeSzyOyuM6R6zRZXCf09XPH5fN29p/Nuid8/bzg"
    "z6+vv/5z3zdVmFu8xOiE4C/L1xyxlfb03dVvT49mwm0Xn4O7e3ty6G/m0RvKWAN4tPaeGT"
    "uKZDhpsvcdyffVrML75ejOJwdt9xmpfHvGp0Udm/CAVEyYVNQWFh6Qc+R61TwgZyN5Q/id"
    "ZTAFPF3itU/Lc8XJw6jXkeRRe3DnJr77H6ao2xs/PE6kcQv4R1PUH961AH5JBm9Ok4Qttu"
    "w+bIEnaQRZoOIwRia8T4W9f5i/RdCPkgn06+f7qyn4W3xPHPpHuPQ7cesg0XRo2QaC3s7Q"
    "Wd6RxC3Nra4R/2Y5sl912dtiwuCHYIVec8YQ6SHcSIumcI6cj5ksnCPnyHUa50ggmlM8z+"
    "+HEiGpk4pWWs9X0Tjp0Ha1sjI2KENObS0dD2jqNGmPXcDGeVOSjM4W0qDbG9w12Njgk7WA"
    "dzBFXanf+yKNSNuR4HCKRlJfao/JSf+InPv8OOi659wjPrx9+KuQtcgp/9wineJkHLe/KC"
    "iiLn/5hQJqfFcu1s615NYkuvYCzUIKVZK2BJWKMwZUV4NKK84m1KFiFWJ0glTwmWc+u/4M"
    "Zo9mjEyoHmW5NEPv0p4+zdBfVjE20Do1YxMwp8qYpgLWW5W0rI0sWAoXu+44b5WVZjsqYE"
    "3jRZtjdUlVdH1PqB68sTp4qBrBdUhXuVsWm+EgD+pl893iYVnugXMEQ0PI2XgLWk7Le9IM"
    "P5IlHO2RP9u8ZTTOT7XTF/504U8X/nThT+dcc6ko12n86cIzKTqMn2mHcQPNnbhQhs6bv5"
    "9BnKoOvsVtwuwQOxpENEjGdSZOWcN1prrrSlqd4D3ykiHbSgu9tDsd6WFCAir+0RR1ho+D"
    "iRuOCQ5JkKbT7w3cGI17NEXSHw895z7vYIoIt7qj9tdBCwSHfIRo5lDF9n6xmEGUUniSeX"
    "6WHWue2ZEcpRKKoqiLryoDVsocyrM39qYcMTrRGKIo/msFGzrsLYhjZKIBsWjAXRX4RU+O"
    "Q/fkyO5WHMQs9oS25r21o2odTQ9o0bKcClbWluWedsEVsDz2kIlrYRTAunpDCbjSNjzmS8"
    "2gxTWmXu3Vp3yD7KM1l+bTSbBnxkG66Xs+mEMEJwZ+KbXze5VQZUjNiGWzZGRoJLNd8hM1"
    "0jk2R0vYiETkRbqFSLeo1iJf0cC7SLc4R67TpFvgP6kXjYn5tDwX3TWIRv1ANqp23t2Qv3"
    "zbHktu3N855CN0xXOfp1JY0RlJeMbLD+1/3kuDSQvEP/v7Ukeuxz5P0WTUHow/k13G/SO/"
    "VMwvFOODkVixWq0NmyTDyM8wJ6EmT49JkZbD0tNqNXHAL2kSZ/Bd+ZBfppJnRNqYKGilZE"
    "F5aRXjx05HkpxC1eBwij63e31yyn3nQySZEONjZTwfv42Hg7zSuoAkqdJpqg3+6+ySdDAe"
    "/X2xQSpBHsw2mm5ryLogX/sPRqaVkR1BIIppc6mks2R+WUJNIwMkk84CA5ytlDhBVod0vy"
    "OUEkOyD1ca5vykyoCgDgAfO59SsW2sxGRtYpi/EkdIjrcWvz/sQlxaOxTVWK2JL7uQQyZB"
    "K/La+DHG0z4Yniuk6+oGjTab9Zv6MWdWJShFdk+Na9R5DH7SlKhnTvUSsM1onFmpmU4duE"
    "885MydAIrGUJf4R8n291JiqGSsCelHpKj+nZVc7veOpSb2b8+IpqZ3eM+Pp5rOvbK/W/ox"
    "IqqKZUHb5S/5MueTJvbLOa0ykR9TjbOriK8sPgLXnv679r3UAuR1iu5Gw8cH/IG8TVFvIt"
    "23AHnlwzEWPDdMj0aUSviOCyvcYveM0O9F1eXzckuXz8t0l0/jFSOyl8yJj8Az7o3HMYkM"
    "kte4zOFDzrhAssqZKJWQM4XlDFmUWUIf/v0i7lF63ENV1vamWFPPBKlILuPEs5mXXJby69"
    "BkX5P+eAtNVXL6YLCkYLeJkvYlMl6NjN2Metw90aKvv6oKRodskjfWnpBCpFEjw3EQXmxu"
    "8xlY/m0H2Twmmnm/IQU1YusYjnSTfD/BCvPQKJwHGFIfMZ+m2xt3hqOuPGhPel8kRk0lQe"
    "1s9ZgcjdWWuqIxpa7yLamrVEYfqQhyPabMOnyaVmyJVzjZDIvMQrpjjFBkqPOuOibaojkL"
    "Gfv2w3FCYT8XfuyI/sAMf4RIpCSUFA/PL6dkjtoyVFPy9hDQBmwTAoAiLL6xOOsMwGMcPP"
    "JgHzYEzmqTOZaVamgof5PP1D3NrRZacPfhtvkUVhkvcre5xSoTFbFnqHmKiti6cZ2mItZN"
    "t2I2NiJUwtIobGnYxjNEhFmYnzlFZdn4pwh5jlUXzBG4uqTwa11d5vq1yKVkt1xnL9oigG"
    "eQ1q5StXzA3ZJTeaZYUMb/OKtIpgtVbaXo20pWE/TJ9cUd4MIbqILTfgvqXanTu2/33326"
    "abqpMHjl0Fz7I2BIKg/GhCrUXvB6XBj3nBFOg/yh6pbKht0XEfZ3ealYyyLSJUJaSikeR8"
    "LlmibH6Do/x+g6o8jX2QyzCN4ZpHUofTw84osNmhcDPEkp8N6NNz/1cWfiE2HI4Um79nbX"
    "cfmFKwev4jopu8os4irTXYr/CtzmKo1cb253k5I7hYu0/uKgKVyk5+MsEy7Sc+Q6jYt0rb"
    "ytnF7LyM7bCGNLC5ss4roZdwdpY6NiTJ+ymxPkwx0jEjBTwOz52HyXD5tOkUFcm4Y2R44F"
    "BFASS7kwH0JiwYeCMRnSLmDB3KosQVY/98ZBhI/nF2KDOkYkgKbrCSdcSccVKcKVVFtXkp"
    "PvmOFC8vMg811HJJdQeIxq/NQ3hcfofHwHwmN0jlyn8RjNNUs1zGy9dpvAjdMJfWuPAh7W"
    "ZjtRmhom032garjzYUvDnQ/phjvPb6psa1k1JJTbeEToD4V5arbj51saye8bbLB7VC3gvk"
    "+R8/7B+/zB+3zpfXYk0um78BB83Q4Tmf4kw9ChgrIfhyRpgj0zTHuoZyI4c9ycr9vhsB9b"
    "Xm57ye7fj/e3EmZBIiMsw4UEzZUlK6oK18XW/swBRC9rflb8tKLntcQsVDuapi2lZv4MV/"
    "4IkqwKQAZp/XyL1zS9Iq7ze0Vcp3pFeLAVN24zBxCyrgKyTtfQ8z4sj9ELjvPMccIqzMA5"
    "k0SNEdVPln6kKZf5mF8u8zFVLuMAto8ikTOA6MBTVJ8IprAMv681/EAVkHZ5YwiJx7PEe1"
    "V0HRYqFUxT1i0PqfxCQQ8zU7OeizqTEkMcsSHc4+D3wfDrgNWj5JG1gHcwRf3h1xbAL1N0"
    "L3V7j/ct4L5P0a+9u19bgLxO0bg96Ex6eNqTfRiDYz48Th4T8P+EsFjrsuwRhKzkWVZ6FR"
    "GKqjpZaGzZPJnEdZOY5dvdHmxr5c3Y2JYMEQGB1cubP4jw9+7w9zLk9yS33zhx02feAlV5"
    "ST7x7NjNXLPxBMVDwX0xI0P1jTr1fs5qIInNDEuebd6ywnMscNWwc14+XhbE2ocAbCtg+E"
    "9qRITt+xx23XHeaouTZq03Njb3yf91/9x+eLnj1VRsBWgZa6L3C6jyofIqj0uS72XuFco1"
    "VmXI9nMAS4YvEGW1DGIHSiIj1fQpXMHVDJrWUlvvCdXdRtPn985odZ1Yx96zpZIgGYsFnk"
    "/ySsmKsrHgNCQD1RwlZYP/ubmvnnAOSG0p7BVIhftshFsTFQcpthNSHYHynPPqkryjp33x"
    "+uoM1/FHqzlqbkhj/2XQRW3sj1Yj9SpdCLmlaC+Jbz6o9PvFfw1GqhGiDJWN3v/PqG0Mkc"
    "mvbnT5QFff2GiDtWngZQm4VBfgGymfvIgHz7+BlWaahmmBb8GZhWECewkB/mQDY+Eck+yK"
    "i2QE9EBfIeovuc7dEfWXZ1OJJ+ovz5HrGRkJ6Wghe9aWaOzOkq+1wlApTxl+ign8nrOYRU"
    "hqUV+57XGR/pjEnpTUVuLB09IfDu7825P7i6c3gwyMS+rkmihRLWBPZLBdUZW1Xm0pa003"
    "cudj/78z0dhK6pOTvZUdY5ecohvZVaJHTt4+dp32uNPuSmU2yEn6dXLtyZjrZ5dhmXA70Z"
    "iYBoJ/I9oZ8BYfx7L7RpD4BmwDEOkIXjV7Gdp+WVZkwVGEocix2GkKQ/F8TAZhKJ4j16ti"
    "KJ6auwc2FZHh6Vy0AAcEtbPDy68CEHb40e3w4oWgpZd/VokVfC8MGfqAVUwZsETNWlX4y4"
    "GT58Tq/Om8PLs8N58NE2K7+nf4dmDfzWk5cBjnzQ6vWdmOnjAVJdfRE8tW2enoiWfK7Hb0"
    "DBEEXsGw+ZMFFGS9QhMoM2NjE+cN8FT2JniGaxsoFlhqlm2Yb2lnz14jCYcPxxKoucXhw6"
    "cVWKd4oWVsTDYrMKSohZUSB/iGJmp1kx+0uknFrLCAUo28hne7m2dEyHmGu9HpS+1RCzhv"
    "pCvGhDTFmEzR46D9pd3rt2/7EumnEXxICniqmGLpXTHm0FY0ncVIDymO2MekcQKz4RAWuv"
    "Df18yTS+W/P4U9t9s+r6cyxY05xxcD9rXm8PeDwWO/fzJzDs6WhvHsVm1m2XLR682thpx7"
    "Z6SUtNwdb/5skNRube5OEudbCKB/CXuLFxHR3GJvRXlXRFuN0nOtrpK9px6wRuq+TxHWbH"
    "oDrL6SNz5U0+DRyWRFThzjZc+dbPk2zg6y/54DEAPG/v31cy4cZCeStfKmG0rGLP5tPBxk"
    "IxwhSSr6mmqD/wJStF7BybwFXALGdmsraVgl9HQyQNLa8uuLi/QBj5MKe6tC9hZeg1VoWc"
    "wtB2N0B+symGJy8AhWqslgJuAFHrQkrQhN8xyahqQelcVbGBDUocn+MbyFexUdlGdvt6Gp"
    "qctGhqXtXWlus7GV8B5udpM9FwP68sPVp6ubj9dXgd0cnNlmLu82jV+gaXktCmhNhQiJsM"
    "borDHyUDEg7N1eQ3QPYoyRjqqeh5DWGIuQCGOM0Rg76WL24/8Bqijtew=="
)
