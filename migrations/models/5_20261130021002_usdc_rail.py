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
COMMENT ON COLUMN "chain_deposits"."status" IS 'SEEN: SEEN\nCOUNTED: COUNTED\nVANISHED: VANISHED\nBLOCKED: BLOCKED';
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
    "call_id" BIGINT UNIQUE REFERENCES "provider_calls" ("id") ON DELETE RESTRICT,
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
    "eJztXW1z4ji2/isqvmxPFZvqTmfSfblbW0WIO8MMgRSQ7tk7TLmNUYJvjMzaJmnq7vz3K8"
    "kv+BUkY0A2+gLG9hHwHFnSec6L/q+xsGbQdC7a9tRwoX23MsxZowX+r4G0BcQHmdeboKEt"
    "l5ur5ISrTU0qoHl3qs/kVnpJmzqurekuvvqkmQ7Ep2bQ0W1j6RoWIjJtQO8G7lxzwdLU3C"
    "fLXgDH1Z6eAP4m23qF+KIFZlA3ZhDMDGe5cqEDrCeAW8aNgQV+BQZyyGXDvSBfO7N0/L0G"
    "ej7IN0zQBA0QBLb1BpbQ9pr/b/Ddhq/WC5ypmvsdONAFC6ghB38t9L9GM8Gb5oA3w53PbO"
    "0NgXfeefw7gfasGbhZ3YSa7eAv+ekCKK/QXgN9rqFn/LUO0BDQVjPDBRC59pr+zxUy/r2C"
    "qms9Q/w1Nv63f/yJTxtoBn9AJ/i4fFGfDJhQrkF1Sc+r7npJz90Yz13kfqH3EhSnqm6Zqw"
    "Xa3L9cu3MLhQIGcsnZZ4igrbmQfINrr4iW0co0/W4RKN77sZtbvF8ZkZnBJ21lkr5CpL0f"
    "sDnXUNX+YKyOlLGqNlL9KJCIKN4/pVuI9EH8Ux0KwDP5CX//r8vLjx8/Xb7/eP3556tPn3"
    "7+/P4zvpf+3vSlT395P2aDltcUxax71+2PyQ+ycEf3ngNy4i8qo7maJ0WVsUFftyHBC3eV"
    "tBZu8RXXWMBsPcQlE/qY+aIXwUFSO4EutqknOHEi/eD/Nxsgc+1/7xbox917ZTRu3z+Qr1"
    "s4zr9NCl97rJArl/TsOnH23fVPcV2FjYBv3fEvgHwE/zPoKxRdy3GfbfqNm/vG/9Mgv0lb"
    "uZaKrDdVm0UgCs4GMOI7N0pfLWcFlR6XPI7SN+O11Hqe1gOMImr3f/1G68EUU0DtCdEa6r"
    "26ek4/3pvpn1fPcckS1OyPRlLL5Ws5fCana5V3DZWW3b2eKqTdui6o0g9bAS2kRKUSCiqB"
    "Gj7c+EelCkF/rgYFseWeXjLticjIklbGF8uGxjP6Da6pQrr452tIhxn4+xb/o4Ntyao9An"
    "8F/Sw4u/l+bGyHFnDGIIwBwH8buhSCIZ4hht3OuJEz3Eh4t8ObGl1z0CWdearpL2+aPVNj"
    "vZpcsS6tzH7+HJBQcRUMEBxb+IVRASGVVamBhlUD0fE1Bn6nPeq0b5UE9nGoyaXF5SJ5Rk"
    "PaM/3D5KeRHxJwg44D3a/QNp4MXfP/UJpATN3U3MoiktvV18j9bFRiPpC7abI/Giv/ofS+"
    "nXaY8BPG8k9JpEkiTRJpkkgTnFCpqNaZiLTYyBzXemeu2QpaLVILgLj9HWshoX2Mojj6bt"
    "y175UWIK8TdDccPD7gD+Rtgrpj5b4FyGvS05XTIxbaD9WE6Nmd448frrf0iK/tYeeX9vDd"
    "h6SW+/6VS3rprwy1cFMhEalyjMBTP3gnscC9VRLMAt+yTKihbPSjYgn0p1iugvBvQ3Iw6M"
    "WGuJtuAtf+4/2Ngrs97fX4JsPNgXuB149WBthk+MlGeiMh8nDD3stjg8nHS4bB5ONl7mBC"
    "LsUBhj+WBp4xCszsccn6LeeqO5Gn128O0pbO3OKfNRKCkrgtOG0QY5cb/IiQnLHLIm4D2u"
    "E4lKJoKmCltCJdL5vRyhpdSoB1aE1N68co0mClBhdWeBPDagxi/BtA/7HX42NsS2QYSchb"
    "z3puZBGLwbXmVj6R3KWa1vMxaERr+r9Q39iY/kdJIEoCsXIrzopSSSwEIn7+LVvFuEOTx5"
    "hLiBWy6AQLzYkbdNdXDAbd9VWuQUcu/ZVE2nf4cIDsSxzKYj7qQ3RgfBPzDSvICTHJTTBw"
    "E5u5nB/ozDm7DjCX36On8Akv09MY/zoa9LMx3kgkJ2FDd8F/gGk45azdRWE0CRSxmTbA89"
    "19+/ck1J3e4CY5hZIGbpIj9ZObZYrmwx4KSNSLo67P8VerDvw3nw0QEyuFBjsbU2CD/dKG"
    "r+pcc+Y8A3pMSK4Ad4/nvABLbNmxdaBmFrJdY4Iy4UBkZ4lndHL71yNS0k1Srfj2c4V+W3"
    "w76c7H85OIpQHmyPbIM88Q054TS82NKWs0dTVBzY2mLhbKXp5jpENMgM7Kdiy7keEbiV5u"
    "bnOPeKaETu9krNkwnkOA4A8XTE1LfwEaeNNcfQ5tQBhjBzzZ1qJJKyME58lvA+/gxfMFoF"
    "8HjBnQEKm68ALRT+mSDYf4AlkrQeChvyk9NNJDI0O866x1lhBv+p7Sdz5XENxfDrF+2rE2"
    "HqZ9+ZklTvvyc36gNrkWN2fIjKrSGZVvOovLydiv/YyaE64WbyF+Xg03d7kYXGdYL868Wx"
    "kXjKRa1uPotgO+j20NOU/Q/g5M6xlgdVikrhW523r7mwP8ZgEeMvCo4qRXhnu1lLEE/MP/"
    "P96Szf0RUru4UZV2Ti9yRy4TRXiY5DLxjBYMcpl4jlpnWSZGh2xen6kMYN+TFI/MkazL9I"
    "hIHUNgWFIqr/NTKq9TKZWbtUcK5NzeHZOpU/e+/HD16erzx+ursFeHZ7Z15nTHpRaMilaL"
    "aVacy7aRIylZJ3iPPHp4UPIOIHEpOYYwjCEOxP8ro5/ng7yRqCHAVyzhoFf54aBXqXBQbW"
    "GtkKtONQeq+D97pnBiBQp1Y6GZOR76LPnkOtRr4MJvqIJa2IL6rdLp3rd77z59br5PZF6H"
    "Cnmf6tau5q4yoGYrALGRPlpseWOkKP0GH7pUpgXI6wR1Bo/9sXLbAv7BBH1t97ujX8ip4G"
    "iCbnqDzm/klH+QJE6YSMfSa0PopIsXs8ljkjJCSRxrLG2Ee5wbtz0WEzvUkqqePNiWSBkP"
    "1bQmuMM6lLChammBNbAj1v0OG9mRZC5s6K7sjKSoG188KGc4hGZYLy9bSZS2H4bNVXIMTG"
    "nqryK+jb5FenOeZ8O72tzt10DkRo4wGGtJALds8ALXf3O8oBXaBg1PoW02gWZi+4WoBazI"
    "EhtodOsQYtNkh76U0ehOX4fvGJHuDXGG9eY294bkPI+tjIit5z8rmWZHjnm3EZHmNIM5TY"
    "MMUDBMcwYnhHKyj1c2OMFfxeTN4JtFzq4p3FtdMc7h9xaCa29rMM22DbIV2HTlAsNBf3Pp"
    "1l1hQIFr4ekYLlve2R94lUC3CNMQsF6h/feltl5A5DZTE3rp3zBBFpnt/Y+ApmFGGgK6aT"
    "lwdgGGULfsGf46A9HLLgmY8LLrvZ/j29jk4gT58RJN8iumEDikaaJd8pluYeaNZ8DAciTY"
    "lsTgyrha0R/wrSsKGTBRL9e5DJg4R62zBEzgKwWWsHEpuYqVTiFBnUL4wXX4igxtJGrYrc"
    "svfVM9r9vgm+8D4/C6EZkWIK8TNFTGj8M++RwcieFRk76WU/JAvpHEDX9cTm56VhB+XTNN"
    "fgp0IyQL5UgXY5VdjKmBKK0Dzp3Qkmk/lRqEWNUQH30ZKiOQIWNvaB9s69WYQbvjN1alYY"
    "YV2cjYytK99yeJxxsOs5HHFEfvae6miyO0KCNn3I5RqQ4e8ginu6Y0adR12wQOPiLXaIFC"
    "Qp0aDpjaljbTNcdtAfgK7XWKMC63+QmyoWuvCaE7c0gbDgQOIXCnaxc64B09JpG1P+H2LI"
    "/eJcz0UsPf+GbokM2bvAke9Xwx0qsszEzelBzw+bCBkgM+R63LpDkhx12ZjXG88JECkSMy"
    "aKQWyaAClW0pP42LmFtuRh7ojYE0e53j3Ahlkns7kiV/Bfv2tm7q19kOJ2CM5U233x7+K6"
    "zKHc7CvUH/7iajLvfNv8ZKu/Iej1H3rs/v8/CkWsB7n6D7Lv1I34gX5KsyHHteEO9IDC9I"
    "aORmaCg/izcmdLxB//1hR/y65EcLlpxwRh4OwWbUakS/npYtFktlYtLFUH+xVu4IOk4uWx"
    "y/pbmdLPZuVh3v7gNsJvhHxLOmuS5cLF3Jo4ozXDQlj3o+jJrkUc9R6yw8ajAysxseEYk6"
    "UU2lGR543bNYWi5E+lp9gWseMilDtHak0kFqAfurGM7dDONSpezQJBDQlz//zAA0visXaH"
    "otscmYl6al4q+kb1x4ZwofaGOsmuG+sjOMsjH8kTNG+7fXYdOxbXOt8vs4Ns2mtjCMkaXB"
    "7cl9DatFlabBb3SGSnvc7d/xsqWBXAsERxM0eCC1msgrqdV0/9BTxgop1uQdTZDy+0N3SC"
    "hU/0AMBtVLNOEzGTcydVrGHJnhgz+WBl6MFjAa4pI1NBqqaySkbUOR8zRq+pRVLWL9FM+W"
    "SFWxeAldCwVca5rJDa41t1K4/l0HoG4lSyvKKNCULO358HWSpT1HrTOxtNK+OVGkq+BsQD"
    "pwClvut9iSV0kIVHv8OFR4WYFUAy2QOkV4AKXzOPaIAO9ogr4OuqSKM34twgpcsuwnf5m/"
    "n/xlaj954qcwMbzqK7QDlzhzXGeGbA1Dl8unYpazJ3WpuVxBtFGZOnCWcYx/fv+eAWR8Vy"
    "7K9FpiYJprlz9fc3k7Qon6QXzNMnZc548d16mxQ3Mc6KoO0pbO3MqYeX8dDfo5825KMrnW"
    "MnQX/AeYhnOwebjxj6cV8jIupyvDdA3kXJCv/SfnZFAG2UWQ2s7SJwn5xPqJNJBk6V1oLz"
    "Km5XythAJSGaUrA/9zfVXMKEmIyp0RxDFC0rbnq2XMCmk5Jih1LLKOp6s1tLmJ/qiUrMdU"
    "1NgkkxD+Vdzox+Uk/sXTWk2zQOePiUn0i6JvPT0VAD8qJdNFyvEv+uNJCQ7G3qalaj0CrA"
    "7G+NDLUIyJzpQlIPvowENRiALAGl1PMIDqjcAS1R2oxiYqbm94BG6MqeaubJhhgQebPn35"
    "bfd2T6OgnQrSqHmY/7Utt45OVmnMOJPrBkErlZrZWDtpdELnT6vbHSTDvysZc5SMmGbp3h"
    "uS3ULToKXdMkJVwmvNbaEqM+8ug3ErMhmrUskVZRPIWJWziVqQsSrnqHWWWJXKhkxwumMC"
    "sTA8YoK6ffVhOLjDK5VRC0Q+TNCt0ut+VWjiRHhIEiz6X7rDe287bP+QlKn5Ven4ZWq8ow"
    "Zbnzp0sX5S0iGzLlm+2y0qIz1vpXve/IVVoTE2KSv9MuIMqum5FP+1J8NeFNx9Pi4rNS2y"
    "pjfP5XRdYGuOlLD0SBRObhM466n+6C8MEzquhSC3ApKSByrgVk8VVC3vTEQOkyXtLLOrl4"
    "DtfdBWibSliBgnH3IGmKOTo3QW7dxmJrWSECqB8tZwliv6U9KktH+puZWT9m46PCP9R4TT"
    "iJCZ+K7olRnUZqaBe7PmV8mTJLYksSszqFSUzpQk9jlqnYXEztuDN7/kUs324D122aV6kM"
    "vk+2pDLovuyMlQCalbxevGiVa86vbVofK1q3yj7hvvkDhkRoPeV88h4x1NEAZxRP029F0M"
    "B421cnVrkfEIsWksIi5whiA2PHpKe6QQZdADop8vj32qHfI+QaOHXnfcAvRNDM148YxLaO"
    "swK41/R15FRK5GexGUVnAVD2EYsCCGi32+jkoJ3OGFnbLdOVn/cbOzMbEa9eejb96+IQw4"
    "DZOEqHQHimOIpO1PjIBmFrRAk7JS0yJrms5Ir4UUnRCVehZZz/ji3LINN6c0/O6FeqwBgV"
    "cuDYzUly94IU7eJujusdvDq3T6VmRZzlI3Pr9qfKpmfIiimkf25NdSyZIVWBHsS5l4RSam"
    "wjWXWwrXXKYL1yxtCz9QWkY583yiJyqzF9EjGNzHZnS0JUbytUCWbUJQBlQUXLRr9tRwMY"
    "zPK8Pkt5yypKUqZHBXBdEv9gDIjl9GXJ01IxBZ/LNAUlKqoGipiyXGqFB8b1JSqkCGNgod"
    "2kiH7BJwvQvaqVTfZkU1OrHFQMU/APQfe71G9vhRArCMUYzVxDU5XLLE4gaTnMR2RwBuYj"
    "XAgG3MgJGDwg6As8w9hsEhsNVl/90Bb5zTECq42V9FZMQ2b9YX+aHN3hx93MjmyHZeichm"
    "yoXbGFrNkdHNJzdCZHTz2cS5yujmc9Q6U3SzZmT4X9icj4Hs0cpzFPI7DrsPCnE8kvcJeh"
    "zddtQbGjQYHhbxQMqNSys++0Vmu5Vtk33Wiz4GUfkjBjjj7tvgfBiwCO323mPgPQFFOn/J"
    "7vcnCNXpMiO8PLffRySO1/HfH7bXlxYEW8Fg/fa3dneskpDtEW+fjoi2QOTDBNE39ReFRJ"
    "psjvMKMN12Rw/eLlbBEYkmp2Hlt2GA+W0QYa6EMeY0A6Dd7yi9Hk0CCA7FmFRyt7vKfbTy"
    "N7mSj5ZIe1xXJ35F8CVxZlRejKbgVHWGuNS3yPp+WqFim9nEBKWORdaxLI93Lpr2R95isf"
    "MxUalnsfVceNxOiEo9i6xnnZipplnMHZGQlZoWWdNyw7mGjMI9P+jlXnMnZf8tRMMiuPFP"
    "CMod58oJv5W7orFELMld0Q6BKsuuaDKi+QARzfmhdZGBeo6/A0vjVafh7rndXIe0des1dS"
    "ifxgmQj09sFC8buisblQHXkLZUX7Sg/mKtXNWBDvF/7Y2Y19zIa62uqMV3cysOV3TvuFri"
    "FKkwvAdKm2LGdQQJvkK078DuxUQrr7CS8U9MMIXVzveEir86fCXhIpH9xgyv6nTNNPeE7M"
    "Fvq4ObqhNe6fyFtH2cRo5zr9pOpKFKmcWs69wEIbDPjrUOTeDQLSMjcod/19pR2Frt9q+N"
    "x73hljNKnhYBjLRUO7AKZR55c2lu+lE41e7KQVI303u5mUh/RDK2g+C1PxPpSTLPSMg8o4"
    "pEJx5eD6UFKL7g/5GGM796WXB/LQrVx4Npr1ii1K/yw9Sv0nHqtrVQ94uuTjQhcKE4GVi9"
    "NbDatfbsCbEGZD+oaj8gc1u6C+TXLwzuF2OTilrtgCyzlmuWv8qStYzNiALly6JSMm6lhm"
    "UTT7GIl2XLxOQ9mnvWLaODxfFiJ8QaWphL6Og55Z9YnPyHrJ/jxVZk8Fdh0EU+c0UjFw5f"
    "PEeyU0KyU3I9eYbrSVkFp25az0g9yIrP0C2bP/49LidDgAtaEvQ9BXw+ax3cX0PW+gPTRh"
    "sftmy08SG90QZeuBivWZ5RyzKhhnJtZF8oAfMUSx1ozgpOHJeNuhkMerGB6qab3PPu8f5G"
    "wbBT0PFNhpvTk//XMlCh2SMmKNPUxJkr0ksEEz65BTQcEZP6FU2/KWKFJSJdW80MV4XI3T"
    "8Atk2a6lnPldX89tAcWr+Y/if12KGwVYRLYsQQLbypbLxvuHBNEVrAxRTaeyJEWbJ72lIF"
    "19ZMOBGnK25kT6B6Xis1B0klk205SD1Yh/N1nxotfa4hBPcNN7/X7BfoLk1Nhx2vwTrhxU"
    "X6pzaOyEeWPcy37TVVXvalGMDGE3/dHWMbO1wUp1GkwZrgVcSh5M+IeW6lzYS5w7mkRibp"
    "ssOiw+zkFXE8ypBogahP6XQ6G/eDdDqdo9ZZnE62ZeZ4PRi2XvBlj7b1QuNeIRR4g0/Nvl"
    "QLeO8TdD+4VYbt8YCcCg4nqH173+23AH2boMG3PhGhbw22TnLgIN8TFccS7lk8iXOQrF64"
    "sY8IydJYJUUYHrvajWjdf+96N532qNO+VRqp7l0CqPUuzBR5nLMRPWFsYWgR5xmDUZN5lz"
    "kYtddlzGE9h9imNP/OxxCQ5t85ap3F/NtsmkyMOe4Vbqb4gXKZzsDK0DE+z5a95i8DGxeU"
    "GiiqAdN6Vn2/GbcS0rJSD0X1EASfFFZGTgNSI0U1sjAwbAa2gPBkEmSIFyENs9o54iZ/46"
    "4yVD/wMohU6n0LeO8T5LXif/7gf770P1+KwRf6f059NRxjapiGW3hv0eyWjqi0h8ebXrfD"
    "qzRPqgW89wl6GHa/4iUXPuEdiKEmAzlLSCsiqDNtzbP/aIbk8RjeT4cd3EqrRWQ9PeGxhm"
    "58uFbn1iorFC0X4WzhI4J8WRGUl6bmPln2QuXfRTdL9HgI//y+Krt+kmHIy4ZR82MF8w21"
    "bOnjAf2hKjj7C0f8Q7WZaSDIOyrnysuxOTVq2IYOVVtDz1lR5vnli5JyJy1j5JPs0d90ES"
    "yYoidrU+FIFD/0mRD1HElBaS/TTr8pZ/nkwl7TStRO3u0zLc9rF0TqZ/jrIkH8+Z666Cy+"
    "00fXaCOgOQ50AV5pAUcz4QUY28bzM7QdYCDgziEg3qCp5kDwAuGSnnmz7BmgGgPfg8h7B2"
    "q2Pv8O3lkIJu2nw3zLBNnWG1hC27vTeqJSruGakHyAZMcG0O6Mu18V4Mv/RL7NcfEXvBnu"
    "3L/lzTZcLGdhccOZIApkE7zNDX1ObgA6xhgstBeIf6v73+B78Bs0NMMfVvhfOK5Kv9b5Do"
    "hDAN920WiyuDn/aESKLJIpoYFviITG+lfpyc0mSbGzoXzEw/andJ9K96l0n0r3qXSfHkLr"
    "LO5TOh9k06rZyg4FZNUQtqohzmqx0OwM6noMf+TtSboRqQXK254X5ffxdgMvfFx6g/5dcH"
    "vS6sswy/kWEKGIDDEu7vxf2TZEemEvTVT+iL6Zx9Etr2MGi7QAfpkg/NKhh50izhiW2vr5"
    "pfVTlfWDIIrCCojIHy0lgv8xaNy175UWIK8TdDccPD7gD+Rtgrpj5b4FyOsEjZTh124H3+"
    "gfTNBg/AtNiSBvYvjO9it+v2fl+2KPi2ep8j4xnlTLt3OxovrBmeAIK2xASuCTV5FL1e/v"
    "jT6OFzqde1RnJzSlbTwQC2ol3oLIW0mwDH8iaYW7rHxESoY7FV6NFYw7k+Fm5eDvzglrwA"
    "1/TExuqlA01g86jvZcIBw8Jic7f1H8RXGxniX4ngeGG/2YmIS/OPxIWzpzi3/dkxCUg385"
    "Cdcbh6QwycFCJlzHnn+GDV1kIvueQRnZsAajQAnIDq2paf0YRRqs1OjB3HHj4yb3vjnpXd"
    "r3rDi4zx7tgnbquH9FVq9kQInG3u8J04C0USeADllHItqn8qPSgi63MzJtU6R1d3jatzm0"
    "IdCC+C1gOACPSG+oBQzXAZ5NTwOxfAOTxHdZCAI6N4B3HrdKzjhAww0tDNvGg/3sp4skj3"
    "fYb8osgGhGSvLSqVrWQBRm2UtkZBTXmcTzyCiuc9Q6SxTXCbl+4bR83mT/2cx7kusXBX9x"
    "uf769/3AVOGu9BKTkwN/WVxzxFbak7ur30YozQRtF++Du0t8Csg3i8iGcuYAHq3KZ8Y2LB"
    "kkTfZmLflczWJzvxrdLuagVT8jmW8v+LTMY5MMSMUGk4rawpIBOUetV40BOZuRdwM/nQZT"
    "wLMFXgeyImecPAy7HUUdtvt3XuB78GGCbrujh8exMmqB4GiCeoO7FsAvSefNaYKw5bbwh0"
    "3wJPUgC2QcxsQk+1SY/cP6LYJ+VEyiXz/ur6bgb+GeBORHhOSdhCVIDBM6roWgv512FjuS"
    "uKW5lRoJblYjm3yXvTsmDH8IXtAbtA0ZHiLMaNGU5Mj5mMmSHDlHrbOQI+HQnNJ5fj2UiE"
    "idlmillX6VhZMObVdrC2uFMsapranjoUydOu2xE9gEL0qSUdlC6d92+3cNPjUEYi3gH0zQ"
    "rdLrflWGpOxIeDhBQ6WntEfkZHBEzn157N9657wjMdg+/FXIecpJ/9wyOsXFBC5/UXCIuv"
    "z5Zwao8V25WNNryR1KTOMV2oUWVEnZEpZUgimguiuo9MLZhibUnEKKTohKPYusZ4/P4GY0"
    "Y2Jy6VEWpblhl/bkNDd8WcXUwEpqxjpgTpYxSwasPysZWftZ8CQu3nrtrCs7mu3IgLWtV2"
    "OGl0u6Zpp7QvXgt9XBTdUIrkNS5V5abAZBHubL5tPim7TcA8cIbgwhuv8WdGjJe1IMPxIl"
    "HK2RP12tMwrnp8rpSz5d8umST5d8uuArl4pqnYVPl8ykrDB+phXGLTSjfqGMNW/+fgZxqT"
    "pwi9sGs0PsaBBZQXLOM3HJGs4z1Z1X0ssJ0T0vGWNbaa6XdqejPIyJQyU4mqDO4LE/9twx"
    "4SFx0nR63b7no/GOJkj5/aFL7/MPJoho63bY/tZvgfBQDBfNDOrY3i/mM4hKSiZZ5GeZWv"
    "PcRHJUSi4UZV58VRWw0GZQna75i3LE5GRhiKL4LzVs6PCXII6JyQLEsgB3VeCXNTkOXZMj"
    "u1px6LPYE9qa19aOLutYakDLkuVMsPKWLPdXF0IBK2INmfgqjAFYb91QAq6sBY/FWmaw4h"
    "pbXu1Vp3yF3KMVlxaTJNgz4iBd9D0fzAGCYwu/lFr5vUqocoRmxKJZMiI0ktEu+YEa6Rib"
    "owVsRDzyMtxChltUa5KvqONdhluco9ZZwi3wnzSL+sQCWZGT7hpkRf1ANqqm757LX71pjx"
    "TP708PxXBdiVznqRRVdIYK7vHqQ/tf90p/3ALxz8G+1JHrsc8TNB62+6MvZJfx4ChIFQsS"
    "xcRQJF5YLZaWS4Jh1BeYE1CTt45JiZaj0tOuauKAX7IEzuC78iG/TAXPyLAxmdDKqILywi"
    "pGj52OotBE1fBwgr60uz1yynsXY0iyIcbHyXg+fh0N+nmpdaFIckln6C74D90l6WA6+sfT"
    "CukEeTBdGaZrIOeCfO0/OZVWRnQEgSi2mksFnSXjyxLLNNJAMugsNMD5UokTYnUI9ztCKj"
    "Ek+3ClYc4PqgwF6gDwseMpNdfFi5isTQzzZ+KIyPHm4veHnYhLK4eiW4sl4bILETIJWRnX"
    "Jo4xnuZgRM6QrisNGi02GxT1446sSkjK6J4a56iL6PxkSVHP7OolYJtROLNSPZ3ZcZ94yL"
    "krART1oc7xj1Jt6K7sjCpzBfyopL1h2FwlZ/vtFQQ8xNwfpaE1JhWcND24syaQcXqfEzve"
    "Z/ifE3c0t3mgbXqvGuwvfwwftOY40PX0S76MfjLkDkOnXX7le6Hj6irCLsZbENo3cte+V1"
    "qAvE7Q3XDw+IA/kLcJ6o6V+xYgr2JQieFzw/VoRKUk217YRJH7jWyYQqa6qJdb6qJepuui"
    "Wm8Ykb3GnHgLIuPeeBwRXyp5jY85YowzHpC840xUSo4zhccZMinzOIuC+6WnqHRPka4tsa"
    "lWjPyNi8pwPEG44LxwvBQTxhKvTioKPhm6llM5hCdovU0WaV8j7dXI2M3IYN4TLfaMtapg"
    "xEVQcbIHI+MZaWQ0amQQB5uLzW2cgRPcdpDtdqK5CiuSgiQ32xFobZLPEyywDq3CkZMb6S"
    "NGIN12R53B8Fbtt8fdrwrnSiUhTTfHTLbGa0tdsZhSV/mW1FUqBpLkUHmMKfcaPi0rNxEs"
    "HJ6Hh8xCa8eYoIzpF33pmCgkRycy/g2b44LSfi782JH1Azf8ESEZxFFSBEF+Aiq3n5sj/1"
    "S0h4DVxZ0YABgCCVaOYLUURIwciDzYhw0a4LXJqGWlWwbK3xY1dU9zq4UW3n24jVGlVSbK"
    "uNvcYpXJHOIzXHnKHOK6aZ0lh9gLt+I2NiJS0tIobGm41gtERFlYnzlpeNn4pwRF9lUXjB"
    "G4umTgta4uc3ktcilZX5ju3lsE8AzR2uX2lg+4l6SrTjUHqvgfZ6UV3ULdWGjmtiTfhHxy"
    "fvEauPAbqmC334L6rdLp3rd77z59bnqhMHjmMDz7I1RIKg7Ghjo0XvF8XBj3nBZOg/yhMr"
    "3Khj0YItwf6lxz5kVGl4hoKcmLAg0u1ywxRtf5MUbXGWnRdPvQInhniNYhWfTwiD+t0KwY"
    "4ElJifduvMXJKDwTToQjhidN7e3OfAsSVw6e93ZSdZWZ9lYmXYr/CtxGlUauN7fTpOROSZ"
    "HWfzhoSor0fMgySZGeo9ZZKNKltl7Q6tTIzds6ZEvRnyzhuhl3Byn8o2NMn7PLOeTDHROS"
    "MDPA7HNsAeXDt6bIEK5NCaAj+wJCKImlXFgPG2Gph4I+GVIu4Im7uFtCrH70xkEGH58X4o"
    "M6JiSBZquiJ6mk4w4pkkqqLZVE4x0zKKQgDjKfOiKxhJIxqvFT35SM0flwB5IxOketszBG"
    "M8PRLTt7XbttwI3LyfXWHgk8vMV2ojI1DKb7wFRw58OWgjsf0gV3Xta66hpZOSSMG59E5A"
    "+Feaq34+dbGarvG3yw+1It4L1PEH3/4H/+4H++9D/TEen0VXgIvl6FiUw+ybJMqKHsxyEp"
    "mlDPFMse6pkIzxw35utmMOjFppebbrJe+uP9jYJVkIgIy6CQoL1wVE3X4bLY3J/ZgKz+Lc"
    "6Mn17o+SUxC+WOpmVLyZk/w5k/giTvAiBDtH7c4jVLrYjr/FoR16laET5sxY3bzAbkWFeB"
    "sc400Ms+Ko/JS42LrHGiKqzAGdeIGhOq31j6kSVd5mN+uszHVLoMBWyfhUROA7ICT9H1RN"
    "iFVfhjaeAHqsBol9eGHPFEHvHeNNOEhVIF05J1i0MqP1HQx8w2nJeiZFKiiSMWhHvs/9Yf"
    "fOvzMkq+WAv4BxPUG3xrAfwyQffKbffxvgW89wn6pXv3SwuQ1wkatfudcRd3e7JzZXgsBu"
    "PkKwH/TwiLlS7LbkGOlSKPlX5GhKbrNAqNL5onU7huI2b5drcP21JbWyvXUSEiIPCyvPmN"
    "SL53B9/LEd8TifG0p7gRW9WWZC9Yzdy35LPX3N3K8HRbyRFwe7XnADEbvlrllMk+A8zodi"
    "0nLi0umjuUDbnVzHDxMIibgvtiRprqWXWqMJ5VphQbs446Xa2znMA8cNWwPmM+Xg7Ea1wJ"
    "2FbA8J80yBC273N467Wzri1OhrNcuYRUomuKzCUgD1xeczUdtUKwyL/1/ptEazda1pKY4h"
    "KqfKj8YgAlTYZlbngsNFZlTITnAJYKXyHKquLFD5RCWqrpU7iAiym0nbmx3BMqah3e09bq"
    "2rGOvY1SJUGynp5wf1IXWpbjmwenAWmo5ihpK/zP7X3XCeeA1JZce4nUZuubzW5hxUGKbU"
    "5WR6B8f5k+J+/oeV+8vtHmOkFrNUfN8zLuPw16qI2C1mq0vErnJm/Jo03imw9qkL7MCm3N"
    "EOVINvb/f0a68QaZ/IRjTw9sKceNNvAYJOBJXYDvJKP5Ih7P8h0sDNu2bAd8D888WTZw5x"
    "DgTy6wnugxCXi6SAYlHOgrZEq00OF0MiX6bJJjZUr0OWo9I0go7VrlD6SUey3whFAuMFTa"
    "cwZPMYY/ciaziEgtUp63PS7K7+PYkxJA+e6+/ftPsaelN+jfBbdHoO/0BjcZ+7OGxiVzvF"
    "tUqBawJ4JKr5gyza+2ZJqn91YQY0vOM1mxlVS6Knt3Sc7CVUX3lqxE2aq8rSU77VGnfauU"
    "WbMqyevk2pMx6meXYZmgnVhMTAvBv5PVGfAnH2rZfSdIfAeuBcjoCN4Md76x/bKsyIKtSE"
    "NR4GGnKQ3F8zEZpKF4jlqviqF4au0e2FRElr/mYgU4FKidHV5+Yo60w49uhxfPzS49I7tK"
    "qhB7YshYDzjFFgOOTCOtin4FIHlOvJw/Hcuzi7n5YtkQ29W/wfWBuZvTauAw5M0O1qxsom"
    "cTipJL9MSiVXYSPfFImd1EzwBB4Ofw239zgIacN2gDbWqtXELeAH/J3gQvcOkCzQFzw3Et"
    "e50me/ZqSRI+Ao9AzS2Ej5hWYJ38hY61svmswI1ELayUOMCfWbxWn/OdVp9TPis8QOlWXg"
    "3K3fVsIuIiw93o9JT2sAXoGylUMyZ1asYT9Nhvf213e+2bnkJK3IQfkgM8k0+x9EI1M+hq"
    "hsljpG8kjlhaqHECs+EQFrrk72vG5DLx96ew53bb5/VcTAljzomlgH2tOfz9oP/Y653MnI"
    "PTuWW9eFmbWbZc9HpzqyHn3RlJJS13E6o/GiS025h5nYR+CwH0T2lviTJENLfYW1HdFVmt"
    "RuWFXq6S7eAe8IrUe58gvLLp9vHylbyJsTQNH51MVeT4MV733FxabOPsIFtiUoA4MA7urx"
    "+5cJDNgZba2rS0jF7862jQz0Y4IpJc6Bu6C/4DSNJ6BTvzFnAJGNutraRhlVinkwaS1laQ"
    "X1ykNH9cVNpbFbK38BysQ8fhrgIakztY4c+UksNHsFJ1PzMBL/CgJWWla1pk1zQk+ag8bG"
    "EoUId9L47BFu6VdFCevd2GtqHPGxmWtn+luc3G1jb3CLPB87kY0Jcfrj5dff54fRXazeGZ"
    "bebybtP4FdqOX6KA1VSIiEhrjM0aIw8VB8L+7TVE9yDGGCk/6zOErMZYREQaY5zG2Ekns7"
    "/+H1mGZxE="
)
