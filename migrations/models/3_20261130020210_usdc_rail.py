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
    "deposit_id" BIGINT NOT NULL UNIQUE REFERENCES "chain_deposits" ("id") ON DELETE RESTRICT,
    "call_id" BIGINT UNIQUE REFERENCES "provider_calls" ("id") ON DELETE RESTRICT
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
        DROP TABLE IF EXISTS "chain_returns";
        DROP TABLE IF EXISTS "chain_deposits";
        DROP TABLE IF EXISTS "chain_transactions";
        DROP TABLE IF EXISTS "chain_nonces";
        DROP TABLE IF EXISTS "chain_cursors";
        DROP TABLE IF EXISTS "wallet_challenges";
        DROP TABLE IF EXISTS "wallet_screenings";
        DROP TABLE IF EXISTS "wallets";
        ALTER TABLE "stablecoin_escrows" ALTER COLUMN "chain_id" TYPE INT USING "chain_id"::INT;"""


MODELS_STATE = (
    "eJztXW1z4ji2/isqvkxPFZvqTmfSudytrSLgzjBDIAWke3aHKbcBEXxjZNY2Sad2+79fSX"
    "7BryAZA7LRFzC2j4DnyEfnXf+pLc0ZNOyLpm1D5wu09Lk+1RzdRLUG+E8NaUuID7JvqoOa"
    "tlptbiEnHG1iUCqN3K6+hO6n17WJ7Vja1MG3zDXDhvjUDNpTS19534vWhkFOmlN8o46eNq"
    "fWSP/3GqqO+QSdBbTwhT//wqd1NIPfoU0+/llb2/hC3f92520FN5/0We0vQrB6Vuc6NGaR"
    "P4kv4kv0vEuGz93qTx3kfKb3kp80UaemsV6izf2rN2dhooBARw45+wQRtDQHkm9wrDX5j+"
    "QveMj4f9v9O5tb3P8RopnBubY2nBAmE3Vzrqaqvf5IHSojVa1xoDjFjMAcwD/VpgA8kZ/w"
    "t/+5vPz48dPl+4/XN79cffr0y837G3wv/b3JS59+uD9mg5Y7FMWsc9fpjcgPMjGb3alATv"
    "ygNJqjuVSUXRv0pxYkeKmak+RCG19x9CVM50OUMsaPmUd64R/EuePzYht7/BMn4g/+f7M+"
    "Mt68790C/ahzrwxHzfsH8nVL2/63QeFrjhRy5ZKefYudfXf9c5RXwSDga2f0KyAfwb/6PY"
    "Wia9rOk0W/cXPf6F818pu0tWOqyHxVtVkIIv+sDyO+c8P09WqWk+lRyuMwfSOtJNezuO5j"
    "FGK79+s3XI9K5ijXWwvNUtB6SbnewYhoaAoT3I+OEOM+RlEcftfumvdKA5DXMbob9B8f8A"
    "fyNkadkXLfAOS1xjYjltp31YDoyVngjx+ut8yIL81B69fm4N2HOJd73pVLeulHClt4V8Ew"
    "1e61sAwP3hGXww34rpYE08A3TQNqKB39MFkM/QmmKyH825Ds97sREXfbieHae7y/VfC0p7"
    "Me36Q7GXAvsf5opoBNxE860hsKkcUN+yyPCJOPlwzC5ONlpjAhl6IAw+8rHa8YOVb2KGX1"
    "1LnyLuRJ/c1G2spemPyrRoww18LhMU0Qtp5m2SDGLjf4ISK5YnNBT3wH8+dU+9V3O0TZ8N"
    "m0oP6EfodvCYU2Br3nYnn0hikZC374c8w/u3n6LO01cLaEpx7+7/gfQ3eFbjWHrWZbqaVK"
    "lwJgHZgTw/w+DA1YKuHCCm9MrEYgxr8B9B673RqdxRNt+vyqWTM1Mp3JFfPSjJ0J7k1eWl"
    "4u42c0pD1RgMhfIT/cdx6uZ7rTNZ9qaY5F/1p9qz+R3KUa5tMx3Ijm5P/gdGNjeh+lA1E6"
    "EEuncZbUlcTiQMTPv2mpGHdo8BhzMbJcFt3uFeKEBt31FYNBd32VadCRSz/iSHsBHw6QPY"
    "pDWcxHfYgOjG9svWEFOUYmfRMMvonNWs4PdOqaXQWYi5/REzjHanoS49+G/V46xhuK+CKs"
    "Tx3wX2DodjG6uygeTQJFZKX18Xx33/wjDnWr27+NL6FkgNu4pJ47aaZoNuwBgUQ9P+rTBf"
    "5q1Yb/5rMBImSFuMHOxhTYYL+y4Iu60OwFj0CPEEkNcLc85wVYYsuOrQ01I5ftGiEswHQV"
    "DPeSmKpMwRLX6OSOr4eoZJgk5wLxtNYxJS/0YSoJfTFhEjqdjxcnEYsDrG788DMf8eEPsB"
    "AadFqjWnJ2F4DpnT9OJUENP80ZoJ4mMNIiJkBrbdmmVUuJjYQv17eFR1xTYkrvZIuQ1EYL"
    "CBD87oCJYU6fgQZeNWe6gBYgHmMbzC1zWQcr/Nk/T34beAcvni4A/Tqgz4CGZsAxnyH6+a"
    "IW49hBvmB39EZGaGSEplzO5epGaGSKd9W4zpLiTd8T/M72Ffj3F+NYP62sjaZpX96w5Glf"
    "3mQnapNrUXOGrKgqXVH5lrMoncz92s+oOaG22Ib4edWdTHXRv86gL87cWxkVxj6C4HHYbo"
    "FvI0tD9hxa34BhPgHMDhPraYDcbb7+ZANvWIBFBpYqdlIz3GukFBXwT+//uCqb8z1w7eJB"
    "VTo53cwdqSaK8DBJNfGMFAapJp4j11nUxLDI5o2ZygT2PZ3ioTWSVU0PkVQxBYalpPI6u6"
    "TyOlFSudE9EiBnzu4ITZWm9+WHq09XNx+vr4JZHZzZNpmTE5daMCpaLydpeS7bJEecskrw"
    "Hll6uFDyCpAolZQhDDLEhvh/pczzbJA3FBUE+IolHfQqOx30KpEOqi3NNXLUiWZDFf9n1x"
    "SOaaBwqi81IyNCn0Yf10PdAS68gUrIhS2ot5VW577Zfffppv4+VnkdMOR9Ylo7mrNOgZqt"
    "AcSG+mi55bWhovRqfOhSmgYgr2PU6j/2Rkq7AbyDMfrS7HWGv5JT/lHcTcLkYiy8E8SUTO"
    "h8FniEUuYjiWN7JU1u18PGbX1FyA6lQFXT67UlL8ZFNckJ7iQOJRioXFxgTeOITL/D5nHE"
    "/RQWdNZWSgnUrUfeR3Bk4pcBNILueOlMok76QTBcKWVgglM/8kQyeiaZzVlxDPdqfXcUA5"
    "EbOZJezBUB3LTAM3z7yXZTVOgYNBmFjlkHmoGtFcIWsCYKNdAAnnmAWDDpiS5FDLozsuGF"
    "QWQwQxyxXt8WzJAezmMzI2TZec9KqpGRYcxtSKTxzGA805QC5ItpzlSEgE7O8dKmInhaTN"
    "YKvlFydi3hrnbFuIbfmwi+AWehOUCzLP0FL6eTtQN0G/3k4NNwkz7gmHg5hquGe/Y71hJs"
    "YM5JhoH5Aq2/rbS3JUROPbGgF/4NY2SS1d77CGjRZWggMDVMG84uwABOTWuGv05H9LJD0i"
    "PcWnr353g2Nrk4Rl52RJ38igkENhmacJd8JtSePAM6piOptSTjVmbRiv6Ab9UoZHpEtQLl"
    "Mj3iHLnOkh6Br+RQYaNUUouVISBBQ0D4wbX5WgptKCo4rYtvdFO+GFv/qxcD44ixEZoGIK"
    "9jNFBGj4Me+ewfiRFRk7GWU/qBPCOJG/4oXTH4n40FE7JYNMPgd4FuiGRbHBliLHOIMSGI"
    "kjzwQ4eMHIgX+ZRKCLGyISp9GfogEJGxN7QPlvmiz6DV8gYrk5hhRTYkW1mm9/5O4tHGh1"
    "nL8hSH76nvdheH3KKMPuNmxJVqY5FHfLpv1E0aDt3WgY2PyDXajpC4TnUbTCxTm00122kA"
    "+AKtt4TDuNjhx8iCjvVGHLozm4xhQ2ATB+7kzYE2eEePSR7tz3g803XvEs/0SsPf+KpPIV"
    "s0eZMq6sZiZFRZmJW8Ln3A5+MNlD7gc+S6LJETUu7K2ovjpY/kyByRSSOVKP0UqElL8UVb"
    "xNxyUqo+b3WkWW8ZwY2AJr6TI1H5Szi3t01Tr6t2sABjLG87vebgn0EP7mAV7vZ7d7cpXb"
    "hv/zlSmqWPeAw7dz3+mIdL1QDu+xjdd+hH+kaiIF+UwciNgrhHYkRBAiM3hUPZNbsRouMJ"
    "/feHlfhVqYYWrDjhjCIcgq2o5ch+Pa23WCyWCekuNpHvxk26if1r9a3uYe+uw28SKJ2j0j"
    "kqnaPSOSq4GVZSrrM4R928Sz5hu6GRDqT8jtHS2dkPSq/d6d2pxGJujh4HCq/JnRigARKn"
    "xkj5Q2k9UtPbPxqjL/0OafGBX/OY4Zcsmw1dZm82dJnYbMiBy5WB4VVfoGVzbuqZRltBT3"
    "fxvo/VbK6uNIdvi7IQTfV20frl/XsGkPFdmSjTazHBtNAuf7nmitgEFNWD+ADbANs2dFR/"
    "n/kkzlt2mUxQ7rXdZC75Ufv7fI3cBJ3JWjccHdkX5Gv/wbkYFOECP8gulA60linLcjZXAg"
    "LJjMKZgf/5dJ3PKImRykZa4hghSdvzxdRnubgcIZQ8FpnHk/Ub5N+8MUwly3fyGptkEcK/"
    "ihv9KJ3EP38WlGHkmPwRMol+XvTN+TwH+GEqGV0spoDKkydJRnBXUHU3I5XrEWANGUZFL0"
    "PtDl0pC0CWcV/YksIa1icYQHUlsER1B6qRhYq73i8EN8ZUc9YWTLHA/R6hn3/f3R106I9T"
    "QjdqFuY/tqVi0MUqiRlnLkbfH6VUKxvrJA0v6PxZGLurgPmb2DKXAYtplu7dv7YNDZ1WAq"
    "akqgTX6ttSVWbuXTpj51qZq1JKjbIOZK7K2WQtyFyVc+Q6S65KaVMmOMMxPlmQHjFGnZ76"
    "MOjfYU1l2AChD2PUVrqdL8qA5EsEh2SnlN7nzuDe3SvFOyRVDb8pLa+qwT2qsc2pQ/d2Ih"
    "nAqWVs2WG3MI2MvBUeefMUq1wyNk4r4zLiCNXkWor/2ly3ljk3K4rSSk6LzOnNczl5y9HJ"
    "LUEsIxJ5IxKymeEp0V/qBrQdE0FuBsQpD1TvV00WyMZ6x2mslzrVC8D23h+rQLeliBjHH3"
    "IGmMOLowwW7exKmNAkDrsLHa9XWrdXa/pTkk5p71J9q0/avenwHuk/Qz6NkDMT3xW+MoPa"
    "zNDxbCaXpBNbOrFLJVRK6s6UTuxz5DqLEztry4YR/J4haiu2ZcM2Xip/jLZ7MiMtjfzb4+"
    "7NKjqXyfdVxrkseiAnhSX9B/6t6wlNA5BXGsAZKF86ylcavnEPSUBm2O9+cQMy7tEYYRCH"
    "NG5D38UI0JhrZ2ouUx4hNo6FyAWuEMSGR1dpDhXCDHpA+PP5sUe5Q97HaPjQ7YwagL6JwR"
    "k3n3EFrSlMK+PfUVcRoqtQ66rCGoNhEYYB83O42NfrMJXAE17YJdtZEP2P2zsbIavQfD76"
    "Xj8bhwGnYRIjleFAcQyRpP2JEdCMnBZonFZyWmRO0xXpJRejY6SSzyLzWYaVT7luPmFbnV"
    "9pCVPJcHLeiL45c7cH4o/oxyglC/IW2a4wRrkyi+KUkgUyqULopAoqsgvA9c4fp1RzmxXV"
    "8MIWARX/ANB77HZr6fKjAGAZ8yfKiWtcXLJkAfmLnMR2R+pPTBsQKi/FE8MpaSkbAZ2dle"
    "IKueMmpcDvKx2bNylJKdSMsTC0mi0TU06uxcnElLNJUZCJKefIdabEFE1P2c2DLcDr0x6t"
    "sjJHdJcs3g9KA7jvY/Q4bLfUWxrvDQ7FiOnKnuyn2oRobVkQTVNMELbHIEx/xNwUPH1rnA"
    "8DJqHT3n0M3Ccgz+S/YZj7N5lT/yY+8+cQqpMVz95mIQq5sVnZ9hhImcvNr83OSCXZNkPe"
    "OR0ibYDQhzGib+qvShdP+s1xVu18uzN8cDcg8I9IIhDNCGoHuUFtPzlICdKDaPJWs9dSul"
    "2av+UfirGoZO5UkPloZe9PIB+tsGnLqSNHKWVAVRyVOGkJxd0UnKxOIZf8Fpnf8zXK14c8"
    "Qih5LDKPZWeTc+G0J3nzpT1FSCWfxeZzbrkdI5V8FpnPU2KmGka+cESMVnJaZE7LvUJqMo"
    "3x/KCX24Sc1PvvbXvOjX+MUG4WUkz+otzQgiVlSW5ocQhUWTa0kCmhB0gJzU6tCwnqBf4O"
    "TI21Tt3Zc6eQFhmr7Q51qJjGCZCPLmwULws6awsVAdeAjlRVtKJbSuSHKryBRSVxCrU52w"
    "OlTUe1KoIEXyDaV0S52b3KCyxlJg8TTEHLxT2h4m9RWUq4VpZJGhRZ6lQzjD0he/DGauGh"
    "qoRXMhM/aeklkePcMKsVGqhUBh6rxhYzbffZNsumpQhTU0/JQeHfOmsYjFa5TbSiGVx45J"
    "S+S3kAIyNVDqxcNTTuWppZSBMstbuqadTN8l5sTc2foeJNPw3rr1ihjayYEbJipiR5dofn"
    "Q2Gpds/4fyThJDms6Xj691eiW2Y0LfSKJd/6Kjvh+iqZcW2ZS3W/POHYEAI3PJMpwltThB"
    "1zz5kQGUDOg7LOA7K2JadAdrdc/34xOuVWahs2WX9bsUpMlvpbbEbk6GQUppIZGBXcmOsU"
    "SrzsYCSm36O+ZwsjKiyOlwUglmhhBTUsUbnD1YfsBONmCaT4r4L0gWzPFY3BH74NjPROCe"
    "mdkvrkGeqTsp9L1biekkSflp8xNS3+TO4onUxmzWlJ0PcE8Nlea//+CnqtP7x/z+Kiev8+"
    "20dFrv2Ia7D6S1pk1DQNqKFMG9kjisE8wVQHWrP8E8f1Rt32+92IoLrtxDfeeLy/VTDsFH"
    "R8k+5kzOT/M3WUa/WIEMqCK3HWiqSKYMC5k4PDITLJX9H4m3CssORWa+uZ7qgQOfsnwDbJ"
    "UF3zqbScFyv/tYwYhZrO7pv/WlGElnA5gdaeCFG3zz0dqYTKIhNOJIqIB9kTqK47SsVBUs"
    "nqUQxSD+bhgrenRmu60BCC++ZP32vWM3RWhjaFLXfAKuHF5cUOVxk6O55W9sRVKtyGoQEr"
    "sgrk8fl7Mj7L879ZAnb4/9XQslN05mpQCrkmsSGZtSqQd0rGBc7GQyzjAufIdZa4gGUauT"
    "fy9mmP1ue9dq8QL2WNj80eVQO472N0328rg+aoT075h2PUbN93eg1A38ao/7VHSOhbjW2S"
    "HDgP80SdeIR7Fk8SvyHaCzf2ISLZh6egJLBjt9YQbfrv3Vyj1Ry2mm2llpjeBYBa7S4woc"
    "c5HdETpn8FFnGWMRg2mXeZg2F7XaaFVVPE1qX5dz6GgDT/zpHrLObfZotLYsztsV92iPxA"
    "5SZnYGVMMT5PpsW/aXaMUHIgLwcM80n1IkHcTEjSSj7k5YOfTpGbGRkDSI7k5chSx7Dp2A"
    "LCi4lfxJvHaZg2zhF3FBt1lIH6gdeDSKneN4D7PkbuKN7nD97nS+/zpRj+Qu/PqS+6rU90"
    "Q3dyb2SYPtIRmfbweNvttHiZ5lI1gPs+Rg+DzhescuET7oEYbNKRvYK0aF2daW88mx2mUB"
    "7Pw/vpsMKtsHYx5nyOZQ3dZe1NXZjrtOSqTITTiY8I8mVJUF4ZmjM3raXKv2VnGunxEP7l"
    "fVm2GCRiyC1YULOz37INtXTq4wH9oSw4e4oj/qHazNAR5JXKmfRSNiekhqVPoWpp6Cktbz"
    "q7w0yc7qSdZjwnO/WcX/iaUvgXVqb7jCgB6DPx0HMUbCTDSzsDppytbXOHS0vR13Z3sLS4"
    "cJ2fdJ4SqAvlo2eH6MLL987gXK2JgGbb0AFYxQK2ZsALMLL0pydo2UBHwFlAQMJAE82G4B"
    "nCFT3zalozQDkGvvlJ5DbUrOniG3hnIhg3nA7zLWNkma9gBS33TnNOqRzdMSD5AEk3fdBs"
    "jTpfFODR/0y+zXbwF7zqzsK75dXSHUxnYnLdHiMKZB28LvTpgtwAphhjsNSeIf6tzv+Cb/"
    "5v0NAMf1jjf2E7Kv1a+xsgkQB820WtzhLf/DO8azpZEmr4hlBOrHeVntxsxRI5G9CHQmt/"
    "ybipjJvKuKmMm8q46SG4zhI3petBuj81ndkBgezowNbRwV4vl5qV4rMewe9ZOx9uSCqB8r"
    "bnRfljtN3ACx6Xbr93598et/pS7HE+BSIgkbnF+aP+a8uCaJo7PBOmP2JQ5nHY5o3IYJIG"
    "wC9jhF9a9LCVJwrD0vc8u+15ouu5nz2RmwEh+qPVQvA/BrW75r3SAOR1jO4G/ccH/IG8jV"
    "FnpNw3AHkdo6Ey+NJp4Ru9gzHqj36ltRDkTYyg2X6NyffsSp7vcXEtVd4nxqVqeHYuZlTP"
    "P+MfYYb1SXty8ipyG/H9w9DHCT8ni46qHH2mbhsXxJxciY4gcpt/FvEnEle4W36HqGSeU2"
    "5tLGfCmcwzKwZ/Z0G8BtzwR8hkw/u8SX7QtrWnHHngETo5+fPiL0qI9SzBj+zyzo5+hEzC"
    "nx9+pK3shcmv98QIpfAvptJ6E5AUpipYyErryPPPsNmGrGDfMykjHVZfChSA7MCcGOb3YW"
    "jAUkkP5okblZvce5okd9Des3nePvtnCzqpo/EV2YiRASWadL8nTH0yRpUAOmQDifCcys5K"
    "86fczsy0Tb/R3elpXxfQgkDz87eAbgMskV5RA+iODVybniZieQYmye8yEQR0bQDvXN8qOW"
    "MDDQ+01C0LC/vZzxdxP95hvym186ER6i5Ll2rZ/FAYtZfQyCyuM8nnkVlc58h1liyuE/r6"
    "hePyeTv7z2bdk75+UfAX19df/bnvmyrcLV4idFLwF+VrDtlKe/ruqrenRz3mtovOwd29PQ"
    "X0N4voDeWsATxae8+UHUVSnDTp+45k+2qWm/vV8M4nB233Gap8e8anZR2b9ICUTJiU1BaW"
    "HpBz5HrZPCBnI3k38NNlMAE8W+K1TytyxcnDoNNS1EGzd+cmvvsfxqjdGT48jpRhA/hHY9"
    "Tt3zUAfokHb06ThC237D5sgSdpBJmj4jBCJr1Pub1/mL950A+TSfSr5/urKPhbfE8C+keE"
    "9DsJ6yDRDWg7JoLeztBp3pHYLfWtrhH/ZjW0X3XR22LC4IdghV6nY8j0EGGkRV06R87HTJ"
    "bOkXPkOotzJBDNCZ5n90MJkVRJRSus56tsnHRou1pbmmuUIqe2lo4HNFWatMcuYBO8KUlK"
    "Zwul1+707mp8bPDJGsA7GKO20u18UQak7UhwOEYDpas0h+Skf0TOfX7std1z7pEY3j78Vc"
    "ieZ5R/bpFOUTKB21/kFFGXv/zCADW+KxNrei2+NYmhv0Arl0IVpy1ApRKMAeXVoJKKswUN"
    "qNm5GB0jlXwWmc+uP4Pboxkhk6pHUS7NjXdpT5/mxl9WMjawOjUjEzCjypilAtZblfS0jS"
    "x4Chfb7jhvpZVmOypgLfNFn2F1aaoZxp5QPXhjtfBQFYLrkK5ytyw2xUEe1Mtmu8U3ZbkH"
    "zhHcGEJ04y1o05b3pBl+KEs43CN/sn5LaZyfaKcv/enSny796dKfLrjmUlKus/jTpWdSdh"
    "g/0w7jJprRuFCKzpu9n0GUqgq+xW3C7BA7GoQ0SM51JkpZwXWmvOtKUp0QPfKSItsKC700"
    "Wy3lYUQCKv7RGLX6j72RG44JDkmQptXt9NwYjXs0RsofDx16n3cwRoRb7UHza68BgkMxQj"
    "QzOMX2fr6YQZhSepJFfpapNc/tSA5TSUVR1sWXlQFLbQbVyRt/U44InWwMkRf/lYYNHf4W"
    "xBEy2YBYNuAuC/yyJ8ehe3KkdysOYhZ7Qlvx3tphtY6lB7RsWc4EK2/Lck+7EApYEXvIRL"
    "UwBmBdvaEAXFkbHoulZrDiGlGv9upTvkbO0ZpLi+kk2DPjINn0PRvMPoIjE78U2vm9TKhy"
    "pGZEsllSMjTi2S7ZiRrJHJujJWyEIvIy3UKmW5RrkS9p4F2mW5wj11nSLfCfNPLGxHxakY"
    "vuakSjfiAbVdN3N+Sv3jaHihv3p4dihK5E7vNUCCtaAwXPePWh+c97pTdqgOhnf1/q0PXI"
    "5zEaDZq94Weyy7h/5JeK+YViYjASK1bLlemQZBj1GWYk1GTpMQnSYlh6Wq0mCvglS+IMvi"
    "sb8stE8oxMG5MFrYwsKC6tYvjYaikKLVQNDsfoc7PTJafcdzFEkgUxPnbK8/HbsN/LKq0L"
    "SOIqnT51wH/pLkkH49Hf52s0JciDyVo3HB3ZF+Rr/8HJtCKyIwhEEW0ukXQWzy+LqWlkgH"
    "jSWWCA85USx8iqkO53hFJiSPbhSsKcnVQZEFQB4GPnU2qOg5WYtE0Ms1fiEMnx1uL3h12I"
    "C2uHMjWXK+LLzuWQidHKvDZxjPGkD0bkCumqukHDzWb9pn7cmVUxSpndU+EadRGDnywl6q"
    "lTvQBsUxpnlmqmMwfuYw85dyeAvDHUBf5RqgWdtZXSZS5HHJWMNwiGK+Vqv72DgIuY870w"
    "tEakg5M29e+sCGSc0efYjvcp8efYHfVtEWiL3qv6+8sfIwat2TZ0XP6SL6OfdLnD0GnVr+"
    "wodJRdebyL0RGEjo3cNe+VBiCvY3Q36D8+4A/kbYw6I+W+AcirGK7E4LnhejTCVNLbnttE"
    "kfuNbDyFTH1RL7f0Rb1M9kU1XzEie8mc6Agi4157HJJYKnmNyhwx5IwLJK+cCVNJOZNbzp"
    "BFmSdY5N8vI0WFR4qm2gqbavmcv1FSmY4niC84Kx0v4QljyVcnHQXn+lTL6BzCk7TeJEra"
    "l9B4FTJ2UyqY90SLvWKtLBhxOag4vQdD/QlpRBrVUhwHm4v1bT4D27/tINvthGsV1qQESW"
    "62I5Buku0nWGIemrkzJzfUR8xAaneGrf6grfaao84XhVNTiVHTzTHjo/HaUlcsptRVtiV1"
    "lciBJDVUrseUW4dP0spNBHOn52GRmUt3jBDKnH7RVcdYIzm6kPFv2BwllPZz7seO6A/c8I"
    "eIZBJHQRkE2QWo3HFujvpT0R4C1hB3TAAwJBKsbcF6KYiYORB6sA+bNMBrk1HLamrqKHtb"
    "1MQ99a0WWnD34TZGlVaZKHK3vsUqkzXEZ6h5yhriqnGdpYbYTbfiNjZCVNLSyG1pOOYzRI"
    "RZmJ8ZZXjp+CcIRY5V58wRuLpk8GtdXWb6tcileH9huntvHsBTSCtX21s84G6RrjrRbKji"
    "f5xWVtSGU32pGduKfGP08fXFHeDCG6iE034L6m2l1blvdt99uqm7qTB45dBd+yNgSCIPxo"
    "JTqL/g9Tg37hkjnAb5Q1V6FQ27LyKc7+pCsxd5pEuItJDiRYGEyzVLjtF1do7RdUpZNN0+"
    "NA/eKaRVKBY9POLzNZrlAzxOKfHejbc4FYVn4hPhyOFJuvZ2V775hSsHr3s7KbuKLHsr0l"
    "2K/wrc5ioNXa9vd5OSO6WLtPrioC5dpOfjLJMu0nPkOouLdKW9LWl3auRkbR2ypelPGnHV"
    "jLuDNP6ZYkyf0ts5ZMMdIZIwM8Ds+dh8lw+fTpFCXJkWQEeOBQRQEks5Nx82xJIPOWMypF"
    "3AnLu5W4yseu6Ngwgfzy/EB3WESALN1kVPupKOK1KkK6myriSa75jiQvLzILNdRySXUHqM"
    "KvzU16XH6Hx8B9JjdI5cZ/EYzXR7alrpeu02gRulk/rWHgU8vM12wjQVTKb7wNRw58OWhj"
    "sfkg13nt+mqqOn1ZAwbnwSoj8U5onZjp9vZaC+r/HB7lE1gPs+RvT9g/f5g/f50vtMJdLp"
    "u/AQfN0OE6n+JNM0oIbSH4c4aYw9E0x7qGciOHPcnK/bfr8bWV5uO/F+6Y/3twpmQSwjLM"
    "WFBK2lrWrTKVzlW/tTB5Ddv8VZ8ZOKntcSM1ftaJK2kJr5M1z5Q0jyKgAppNXzLV6z9Iq4"
    "zu4VcZ3oFeHBlt+4TR1AyroSyDpDR8/7sDxCLzkuMscJqzADZ1wSNUJUPVn6kaVc5mN2uc"
    "zHRLkMBWwfRSJjANmBJ68+EUxhFX5f6fiByiHtssaQEk9kifeqGQbMVSqYpKxaHlLxhYIe"
    "ZpZuP+d1JsWGOGJDuMfe773+1x6vR8kjawDvYIy6/a8NgF/G6F5pdx7vG8B9H6NfO3e/Ng"
    "B5HaNhs9cadfC0JztXBsdieJw8JuD/CWG+1mXpI0hZKbKs9CoitOmUZqHxZfOkEldNYhZv"
    "d3uwrbQ3c+3YKkQEBF4vb/Yg0t+7w9/Lkd8T337jxE2fRQtUZSX5RLNj1zPdwRMUDwX3xY"
    "wM1TWr1Ps5rYEkNjNsdbJ+SwvP8cBVwc552XjZEGsfErCtgOE/qRMRtu9z2HbHeassTrq9"
    "WjvY3Cf/1/1z++HljldRsRWgZa6I3i+hyobKqzwuSL4Xubuq0FgVIdvPASwVvkCU1jKIHy"
    "iFjFTRp3AJlxNo2Qt9tSdUd2vdmN3T0ao6sY69Z0spQTLnczyf1KWWFmXjwalPBqo4Stoa"
    "/3NrXz3hHJDaUtgrkdrss7HZmig/SJGdkKoIlOecny7IO3raF6+vdLiWP1rFUXNDGvsvgy"
    "5qQ3+0CqlXyULILUV7cXyzQWXfL/5rMFKFEOWobPT+f0pt4waZ7OpGlw9s9Y21JlhZJl6W"
    "gEt1Ab6R8smLaPD8G1jqlmVaNvgWnJmbFnAWEOBPDjDn9JhkV1zEI6AH+gpZfyl07o6svz"
    "ybSjxZf3mOXE/JSEhGC/mztmRjd558rSWGSntK8VOM4PeMxSxEUon6ym2Pi/LHKPKkJLYS"
    "D56Wbr93598e3188uRlkYFwyJ9eEiSoBeyyD7YqprPVqS1lrspG7GPv/nYnGVlCfnPSt7D"
    "i75OTdyK4UPXKy9rFrNYetZlspskFO3K+TaU9GXD+7DMuY24nFxDQR/BvRzoC3+FDL7htB"
    "4htwTECkI3jVncXG9kuzInOOIg1FgcVOXRqK52MySEPxHLleFkPx1Nw9sKmITE/nYgU4IK"
    "icHV58FYC0w49uh+cvBC28/LNMrBB7YUjRB+x8yoAta9bKwl8BnDwnVudP5+XZ5bn5bFoQ"
    "29W/w7cD+25Oy4HDOG92eM2KdvRsUlEyHT2RbJWdjp5opsxuR08fQeAVDFs/2UBD9iu0gD"
    "Yx1w5x3gBPZa+DZ7hygGaDhW47pvWWdPbsNZJ0+AgsgepbHD5iWoFVihfa5triswI3FJWw"
    "UqIA37BErW6yg1Y3iZgVFlBTM6vh3e7mGSFykeGutbpKc9AA9I10xRiRphijMXrsNb80O9"
    "3mbVch/TSCD3EBzxRTLLwrxgw6mm7wGOkbiiP2MamdwGw4hIUu/fcV8+Qy+e9PYc/tts+r"
    "qUwJY86JxYB9rTn8/aD32O2ezJyDk4VpPrtVm2m2XPh6fash594ZKiUtdsebP2sktVufuZ"
    "OEfgsB9C9pb4kiIupb7K0w7/Joq2F6odVVsvfUA9ZI3fcxwppNp4fVV/ImhmoaPDqprMiI"
    "Y7zsuZOt2MbZQfbfowBxYOzfXz3nwkF2Illpb4appczi34b9XjrCIZK4oq9PHfBfQIrWSz"
    "iZt4BLwNhubcUNq5ieTgaIW1t+fXGePuBRUmlvlcjewmvwFNo2d8vBCN3BugwmmBw8gqVq"
    "MpgKeI4HLU4rQ9Mih6YhqUfl8RYGBFVosn8Mb+FeRQfF2dtNaOnTRS3F0vau1LfZ2NrmHm"
    "F2kz0XA/ryw9Wnq5uP11eB3Ryc2WYu7zaNX6Bley0KWE2FEIm0xtisMfJQcSDs3V5BdA9i"
    "jJGOqp6HkNUYC5FIY4zTGDvpYvbj/wG9MTmN"
)
