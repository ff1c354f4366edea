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
    "qY+WW94YS9KgwYauQ9MC5HWKOsPHwUTqtoB3MEVf2oPe+Fdyyj+aotv+sPM7OeUdJB0nVE"
    "7H0ntDqGSKF7PJY5QiQ4kfayxthLs+N2Z7LEZ2KJWqnn6wLZkyLqppTjCndUjBQNXiAm1i"
    "R2z6HTazI+m5MKG9MTOKom498iGCEwO/jKAe9MvLZpLjth8Fw1VSBqY49aNIbGNgkNmcF9"
    "lwrzZ3xzUQuZEhDcZYE8ANEzzDt58sN2nFGcNJT3HGbAJFx/YLYQvYEBUbKADPPEBsmuzU"
    "lzIG3Rnr8AIjIrzBj1hvbgtvCJ/nsZkRsfW8ZyXT7Mgx70ISYU5TmNNOkgHyxTRjckJAJ+"
    "Z4ZZMTPC0mbwUPlZxdS7irXVGu4fcGgm/AXio2UExTe8HL6WxjA81CP9n4NAwTCmwDL8dw"
    "3XLPfsdaggWMBck5MF6g+be18raCyG6mFvTSv2GKDLLaex+BU4YZGQioumHB+QUYQdUw5/"
    "jrNORctknChFtd7/4cz8YmF6fIy5dokl8xg8AiQxPuks+E2pNnQMN0JNmW5OCKvFreH/Ct"
    "GoVImKhX6FwkTJwj12kSJvCVAipsnEposSIoxGlQCD+4FluToZCihtO6/NY31Yu6Db96MT"
    "CGqBuhaQHyOkUjafI4GpDP/hEfETURazmlH0hVdJ3dBxcSiU4txXD3jFNm6ON05cz7M4Ff"
    "hBj5CzGmHog0D/zQISUHkmU/lXoYaNkQlwIUnRGIxN4b2gfTeNHm0Ox4g1VJytMiG1naaK"
    "b3/k7iSejDbOR5iqP3NHe7iyNuUUqfcTvmSrWwyCM+3TfHTRoN3TaBhY/INadBIXGdahaY"
    "mYYyVxXLbgH4As23lMO43OGnyIS2+UYcunOLjGFBYBEH7uzNhhZ45xyTzNqf8XiG694lnu"
    "m1gr/xVVMhXTQ5TB51YzEiqszNSt4UPuDz8QYKH/A5cl0UzXEpd0U1xvHSRwpkjoikkVoU"
    "g3LUtqX8Mi5ibtkZdaC3GlLMt5zgRkCT3NuRqPwVnNvbpqnXZztYgDGWt71Be/TPoCt3sA"
    "r3h4O724y+3Lf/nEjtykc8xr27AXvMw6VqAfd9iu57zkfnjURBvkijiRsFcY/4iIIERm4G"
    "h/KreGNExxP67w8r8etSH81ZccIZBZg4W1Grkf16Wm8xXyzj0l1sIN+Nm3YT+9eaW93D3l"
    "2H3zZQOEeFc1Q4R4VzlHMzrKJcp3GOunmXbMI2pBEOpOKO0crZ2Q/SoNsb3MnEYm5PHkcS"
    "q8mdGqAFUqemSPpD6jw6prd/NEVfhj3S9AO/FjHDL2m2H7rM337oMrX9kA1Xax3DK79A02"
    "Lc5jOLtoae7vJ9H+v5Ql4rNtumZRGa+u2r9cv79xQg47tyUXauJQTTUrn85ZopYhNQ1A/i"
    "A2wMbFnQlv2d59M4b9l3MkW51waUheRH4++LDXITdGYbTbc1ZF2Qr/0H42JQhgv8IPtS2t"
    "BcZSzL+VwJCAQzSmcG/ufqpphRkiAVjbT4MULStueLoc0LcTlGKHjMM49nmzfIvp1jlEqU"
    "7xQ1NskihH8VM/pxOoF/8SwoXS8w+WNkAv2i6BuLRQHwo1QiulhOAZUnT9KMYK6g6ocjVe"
    "sRoA0ZxkUvRe2Os1KWgCzlTrEVhTWqT1CA6kpggeoOVGMLFXO9XwRujKlib0yYYYH7PUI/"
    "/767O+jYH6eCbtQ8zH9sS8VwFqs0Zoy5GEN/lEqtbLSTNLqgs2dh7K4CZm9iS10GzKdZun"
    "f/2i7UNacSMCNVJbjW3JaqMnfv0ig714pclUpqlE0gclXOJmtB5KqcI9dpclUqmzLBGI7x"
    "yYL0iCnqDeSH0fAOayrjFoh8mKKu1O99kUYkXyI4JHunDD73Rvfu7ineIalq+E3qeFUN7l"
    "GDbk4durcTyQDOLGPLD7tFaUTkrfTIm6dYFZKxSVoRl+FHqKbXUvzXFpq5KrhZUZxWcJpn"
    "TofP5eytQEexFLGISBSNSIhmhqdEf6Xp0LINBJkZkKQ8UL1fPVkgGusdp7Fe5lQvAdt7f6"
    "wS3ZY8Ypx8yClgji6OIli0sythSpM47C50rF5pzVpvnJ+Sdkp7l5pbfdLuTYf3SP8Z8WlE"
    "nJn4ruiVOVTmuoZnM7kknNjCiV0poVJRd6ZwYp8j12mc2HlbNkzg9xxRW7MtG7bxUvpjst"
    "2TGWtp5N+edG/W0blMvq82zmXeAzkZLBk+sG9mT2hagLw6AZyR9KUnfXXCN+4hCciMh/0v"
    "bkDGPZoiDOLYids473wEaIyNrRqrjEeIjmMRco4rBLHh0ZfaY4kwwzkg/Pn8OHC4Q96naP"
    "zQ701awHnjgzNuPuMamirMKuPfUVcRoatR66rSGoNhEYYB83O46NfrKBXHE57bJdteEv2P"
    "2TsbI6vRfD76njOhw4DRMEmQinAgP4ZI2v7ECCh6QQs0SSs4zTOnnRXppRCjE6SCzzzzWY"
    "SVT7luPmFbnV1piVKJcHLRiL4xd7cHYo/oJygFC4oW2a4xRoUyi5KUggUiqYLrpApHZJeA"
    "650/TqXmNi2q0YUtBir+AWDw2O83suVHCcBS5k9UE9ekuKTJAvIXOYHtjtSfhDbAVV6KJ4"
    "Yz0lJCAZ2fleIKueMmpcDvaw2bNxlJKY4ZY2JoFUskppxcixOJKWeToiASU86R61SJKYqW"
    "sZsHXYDXpz1aZWWB6C5ZvB+kFnDfp+hx3O3It068NzjkI6YrerKfahOijWlCpGaYIHSPQZ"
    "T+iLkpePo2GB8GTOJMe/cxcJ+AIpP/hmLu3+RO/ZvkzF9AKM/WLHubRSjExmZV22MgYy63"
    "v7Z7E5lk24xZ53SEtAUiH6bIeZN/lfp40ofHebXz3d74wd2AwD8iiUBORlA3yA3q+slBUp"
    "Ae5CRvtQcdqd938rf8Qz4WldydCnIfrfz9CcSjFTVtGXXkOKUIqPKjEqctoaSbgpHVGeSC"
    "3zzze7FBxfqQxwgFj3nmsehsci6c9iRvsbSnGKngM998Liy3E6SCzzzzWSVmqq4XC0ckaA"
    "Wneea02CukIdIYzw96sU3ISb3/3rbnzPgnCMVmIeXkL4oNLWhSlsSGFodAlWZDC5ESeoCU"
    "0PzUuoigXuLvwNRY69TsPXcK6ZCxuu5Qh4ppnAD5+MLm4GVCe2OiMuAaOSPVFa34lhLFoY"
    "puYFFLnCJtzvZAKeyoVkeQ4AtE+4ooN7tXeoGVzOShgiloubgnVOwtKisJ19o0SIMiU1YV"
    "Xd8TsgdvrA4eqk54pTPx05ZeGjnGDbM6kYEqZeDRamwJ03afbbMspxRBNbSMHBT2rbPGwW"
    "i120QrnsGFR87ou1QEMDJS7cAqVEPjrqW5hTTBUrurmkYOl/dya2r+jBRv+mlYfyUKbUTF"
    "DJcVMxXJszs8H0pLtXvG/yMNJ8lhzcbTv78W3TLjaaFXNPnWV/kJ11fpjGvTWMn75Qknhu"
    "C44ZlIEd6aImwbe86E2ABiHlR1HpC1LT0F8rvl+vfz0Sm3VtuwifrbmlVi0tTfYjOiQCej"
    "KJXIwKjhxlynUOJFByM+/R7NPVsYOcLieFkAfIkWWlCjEpU5XH3ITjBulkCG/ypIH8j3XD"
    "kx+MO3gRHeKS69U0KfPEN9UvRzqRvXM5Los/IzVMNkz+SO04lk1oKWhPOeAj7fa+3fX0Ov"
    "9Yf372lcVO/f5/uoyLUfSQ1We8mKjBqGDhWUayN7RAmYZ5jqQGuWf+K43qjb4bAfE1S3ve"
    "TGG4/3txKG3QEd36TZOTP5/wwNFVo9YoSi4IqftSKtIuhwYRfgcIRM8Jc3/qYcKzS51cpm"
    "rtkyRPb+CbBtMlTfeKos5/nKf60iRpGms/vmv9YUoRVczaC5J0KO2+feGamCyiIVTiSKiA"
    "fZE6i+O0rNQZLJ6lEOUg/G4YK3p0ZLXSoIwX3zp+8V8xnaa11RYccdsE54MXmxo1WG9o6n"
    "lT5x1RFu48iANVkFivj8PRmf5/kPl4Ad/n85suyUnbkalEJuSGxIZK1y5J0ScYGz8RCLuM"
    "A5cp0mLmAaeuGNvH3ao/V5b9xLxEvZYGOzR9UC7vsU3Q+70qg9GZJT/uEUtbv3vUELOG9T"
    "NPw6ICTOW4Nukhw4D/NEnXi4exZPEr8h2gsz9hEi0YenpCSwY7fW4G36791co9Med9pdqZ"
    "Ga3iWAWu8uMJHHORvRE6Z/BRZxnjEYNZl3mYNRe12khdVTxDaF+Xc+hoAw/86R6zTmX7jF"
    "JTHm9tgvO0J+oHKTM7AyVIzPk2Gyb5qdIBQcKMoB3XiSvUgQMxPStIIPRfngp1MUZkbOAI"
    "IjRTmy0jBsGraA8GLiF/EWcRpmjXPEHcUmPWkkf2D1IDpU71vAfZ8idxTv8wfv86X3+ZIP"
    "f6H35+QXzdJmmq7ZhTcyzB7piEx7eLzt9zqsTHOpWsB9n6KHUe8LVrnwCfeADzZpyFpDp2"
    "hdnitvLJsdZlAez8P76bDCrbR2McZigWWNs8vam7w0NlnJVbkIZxMfEeTLiqC81hV7YZgr"
    "mX3LzizS4yH8y/uqbDFIxJBbsCDnZ7/lG2rZ1McD+kNVcPYUR/xDlbmuIcgqlXPphWxOSQ"
    "1TU6FsKugpK286v8NMku6knWY8J7vjOb/wNaXoL6xN9xleAtBn4qFnKNhIh5d2BkwZW9sW"
    "DpdWoq/t7mBpeeE6P+k8I1AXyUfPD9FFl++dwblGGwHFsqANsIoFLEWHF2Biak9P0LSAho"
    "C9hICEgWaKBcEzhGvnzKthzoHDMfDNTyK3oGKqy2/gnYFg0nA6zLdMkWm8gjU03TuNhUNl"
    "a7YOyQdIuumDdmfS+yIBj/5n8m2Wjb/gVbOX3i2vpmZjOgOTa9YUOUA2wetSU5fkBqBijM"
    "FKeYb4t9r/C775v0FBc/xhg/+FZcvO11rfAIkE4NsuGk2a+Oaf0V3TyZLQwDdEcmK9q87J"
    "cCuW2NmAPhJa+0vETUXcVMRNRdxUxE0PwXWauKmzHmT7U7OZHRCIjg50HR2szWqlmBk+6w"
    "n8nrfzYUhSC5S3PS/SH5PtBl7wuPSHgzv/9qTVl2GPsykQAYnILS4e9d+YJkRq4fBMlP6I"
    "QZnHcZc1IoNJWgC/TBF+6TiHnSJRGJq+5/ltz1Ndz/3sicIMiNAfrRaC/TFo3LXvpRYgr1"
    "N0Nxo+PuAP5G2KehPpvgXI6xSNpdGXXgff6B1M0XDyq1MLQd74CJrt15h8z67kxR4X11Jl"
    "fWJcqpZn52JGDfwz/hFm2JC0JyevPLcR3z8MfZzwc7roqM7RZ8dt44JYkCvxEXhu808j/n"
    "jiCnPL7wiVyHMqrI0VTDgTeWbl4G8videAGf4YmWh4XzTJD1qW8lQgDzxGJyZ/Ufx5CbGe"
    "JfixXd7p0Y+RCfiLw4+UtbU02PWeBKEQ/uVUWocBSW6qgrmstI49/xSbbYgK9j2TMrJh9a"
    "VACciOjJlufB9HBqyU9KCeuHG5ybynSXoH7T2b5+2zfzankzoeXxGNGClQcpLu94RpSMao"
    "E0CHbCARnVP5WWn+lNuZmRb2G92dnvZ1CU0IFD9/C2gWwBLpFbWAZlvAtemdRCzPwCT5XQ"
    "aCwFkbwDvXt0rOWEDBA60008TCfv7zRdKPd9hvyux8qEe6yzpLtWh+yI3aS2hEFteZ5POI"
    "LK5z5DpNFtcJff3ccfm8nf1ns+4JXz8v+PPr66//3PdNFeYWLzE6IfjL8jVHbKU9fXf129"
    "OjmXDbxefg7t6eHPqbefSGMtYAHq29Z8aOIhlOmux9R/J9Navwfjm688lB231GKt+e8WlR"
    "xyY8IBUTJhW1hYUH5By5XjUPyNlI3hB+ZxlMAU+XeO3T8lxx8jDqdSR51B7cuYnv/ocp6v"
    "bGD48TadwC/tEU9Yd3LYBfksGb0yRhiy27D1vgSRpBFqg4jJEJ71Nh7x/mbxH0o2QC/fr5"
    "/moK/hbfE4f+ES79Ttw6SDQdWraBoLczdJZ3JHFLc6trxL9ZjuxXXfa2mDD4IVih15wxRH"
    "oIN9KiKZwj52MmC+fIOXKdxjkSiOYUz/P7oURI6qSildbzVTROOrRdrayMDcqQU1tLxwOa"
    "Ok3aYxewcd6UJKOzhTTo9gZ3DTY2+GQt4B1MUVfq975II9J2JDicopHUl9pjctI/Iuc+Pw"
    "667jn3iA9vH/4qZC1yyj+3SKc4GcftLwqKqMtffqGAGt+Vi7VzLbk1ia69QLOQQpWkLUGl"
    "4owB1dWg0oqzCXWoWIUYnSAVfOaZz64/g9mjGSMTqkdZLs3Qu7SnTzP0l1WMDbROzdgEzK"
    "kypqmA9VYlLWsjC5bCxa47zltlpdmOCljTeNHmWF1SFV3fE6oHb6wOHqpGcB3SVe6WxWY4"
    "yIN62Xy3eFiWe+AcwdAQcjbegpbT8p40w49kCUd75M82bxmN81Pt9IU/XfjThT9d+NM511"
    "wqynUaf7rwTIoO42faYdxAcyculKHz5u9nEKeqg29xmzA7xI4GEQ2ScZ2JU9ZwnanuupJW"
    "J3iPvGTIttJCL+1OR3qYkICKfzRFneHjYOKGY4JDEqTp9HsDN0bjHk2R9MdDz7nPO5giwq"
    "3uqP110ALBIR8hmjlUsb1fLGYQpRSeZJ6fZceaZ3YkR6mEoijq4qvKgJUyh/Lsjb0pR4xO"
    "NIYoiv9awYYOewviGJloQCwacFcFftGT49A9ObK7FQcxiz2hrXlv7ahaR9MDWrQsp4KVtW"
    "W5p11wBSyPPWTiWhgFsK7eUAKutA2P+VIzaHGNqVd79SnfIPtozaX5dBLsmXGQbvqeD+YQ"
    "wYmBX0rt/F4lVBlSM2LZLBkZGslsl/xEjXSOzdESNiIReZFuIdItqrXIVzTwLtItzpHrNO"
    "kW+E/qRWNiPi3PRXcNolE/kI2qnXc35C/ftseSG/d3DvkIXfHc56kUVnRGEp7x8kP7n/fS"
    "YNIC8c/+vtSR67HPUzQZtQfjz2SXcf/ILxXzC8X4YCRWrFZrwybJMPIzzEmoydNjUqTlsP"
    "S0Wk0c8EuaxBl8Vz7kl6nkGZE2JgpaKVlQXlrF+LHTkSSnUDU4nKLP7V6fnHLf+RBJJsT4"
    "WBnPx2/j4SCvtC4gSap0mmqD/zq7JB2MR39fbJBKkAezjabbGrIuyNf+g5FpZWRHEIhi2l"
    "wq6SyZX5ZQ08gAyaSzwABnKyVOkNUh3e8IpcSQ7MOVhjk/qTIgqAPAx86nVGwbKzFZmxjm"
    "r8QRkuOtxe8PuxCX1g5FNVZr4ssu5JBJ0Iq8Nn6M8bQPhucK6bq6QaPNZv2mfsyZVQlKkd"
    "1T4xp1HoOfNCXqmVO9BGwzGmdWaqZTB+4TDzlzJ4CiMdQl/lGyCe2NmdFlrkAclYw3Coar"
    "5Gq/vYOAi5j9vTS0JqSDk6L6d9YEMsboc2LH+4z4c+KO5rYItOncK/v7yx8jBq1YFrRd/p"
    "Ivcz5pYoeh06pf+VHoOLuKeBfjI3AdG7lr30stQF6n6G40fHzAH8jbFPUm0n0LkFc+XInB"
    "c8P0aESphLe9sIki9hsJPYVUfVEvt/RFvUz3RTVeMSJ7yZz4CDzj3ngck1gqeY3LHD7kjA"
    "skq5yJUgk5U1jOkEWZJVjk3y8iRaVHilRljU21Ys7fOKlIx+PEF5yXjpfyhNHkq5OOggtN"
    "VXI6h7AkrbeJkvYlMl6NjN2MCuY90aKvWKsKRkwOKkbvwVh7QgqRRo0Mx0F4sbnNZ2D5tx"
    "1ku51orcKGlCCJzXY40k3y/QQrzEOjcOZkSH3EDKRub9wZjrryoD3pfZEYNZUEtbM5ZnI0"
    "VlvqisaUusq3pK5SOZCkhsr1mDLr8GlasYlg4fQ8LDIL6Y4xQpHTz7vqmGgk5yxk7Bs2xw"
    "mF/Vz4sSP6AzP8ESKRxFFSBkF+ASpznJuh/pS3h4A2xJ0QABSJBBuLs14KPGYORB7swyYN"
    "sNpkjmWlGhrK3xY1dU9zq4UW3H24jVGFVcaL3G1uscpEDfEZap6ihrhuXKepIXbTrZiNjQ"
    "iVsDQKWxq28QwRYRbmZ04ZXjb+KUKeY9UFcwSuLin8WleXuX4tcinZX9jZvbcI4Bmktavt"
    "LR9wt0hXnikWlPE/zior6kJVWyn6tiLfBH1yfXEHuPAGquC034J6V+r07tv9d59umm4qDF"
    "45NNf+CBiSyoMxoQq1F7weF8Y9Z4TTIH+oSq+yYfdFhP1dXirWsoh0iZCWUrzIkXC5pskx"
    "us7PMbrOKIt2tg8tgncGaR2KRQ+P+GKD5sUAT1IKvHfjzU9F4Zn4RBhyeNKuvd2Vb37hys"
    "Hr3k7KrjLL3sp0l+K/Are5SiPXm9vdpORO4SKtvzhoChfp+TjLhIv0HLlO4yJdK28rpzs1"
    "svO2DtnS9CeLuG7G3UEa/6gY06fsdg75cMeIBMwUMHs+Nt/lw6ZTZBDXpgXQkWMBAZTEUi"
    "7Mh5BY8KFgTIa0C1gwN3dLkNXPvXEQ4eP5hdigjhEJoOm66AlX0nFFinAl1daV5OQ7ZriQ"
    "/DzIfNcRySUUHqMaP/VN4TE6H9+B8BidI9dpPEZzzVINM1uv3SZw43RC39qjgIe12U6Upo"
    "bJdB+oGu582NJw50O64c7zmyrbWlYNCeXGJxH6Q2Gemu34+ZZG8vsGG+weVQu471PkvH/w"
    "Pn/wPl96nx2JdPouPARft8NEpj/JMHSooOzHIUmaYM8M0x7qmQjOHDfn63Y47MeWl9tesl"
    "/64/2thFmQyAjLcCFBc2XJiqrCdbG1P3MA0f2bnxU/reh5LTEL1Y6maUupmT/DlT+CJKsC"
    "kEFaP9/iNU2viOv8XhHXqV4RHmzFjdvMAYSsq4Cs0zX0vA/LY/SC4zxznLAKM3DOJFFjRP"
    "WTpR9pymU+5pfLfEyVyziA7aNI5AwgOvAU1SeCKSzD72sNP1AFpF3eGELi8SzxXhVdh4VK"
    "BdOUdctDKr9Q0MPM1Kznos6kxBBHbAj3OPh9MPw6YPUoeWQt4B1MUX/4tQXwyxTdS93e43"
    "0LuO9T9Gvv7tcWIK9TNG4POpMenvZk58rgmA+Pk8cE/D8hLNa6LHsEISt5lpVeRYSiqk4W"
    "Gls2TyZx3SRm+Xa3B9taeTM2tiVDREBg9fLmDyL8vTv8vQz5PcntN07c9Jm3QFVekk88O3"
    "Yz12w8QfFQcF/MyFB9o069n7MaSGIzw5Jnm7es8BwLXDXsnJePlwWx9iEA2woY/pMaEWH7"
    "Poddd5y32uKkWeuNjc198n/dP7cfXu54NRVbAVrGmuj9Aqp8qLzK45Lke5m7q3KNVRmy/R"
    "zAkuELRFktg9iBkshINX0KV3A1g6a11NZ7QnW30fT5vTNaXSfWsfdsqSRIxmKB55O8UrKi"
    "bCw4DclANUdJ2eB/bu6rJ5wDUlsKewVS4T4b4dZExUGK7YRUR6A857y6JO/oaV+8vjrDdf"
    "zRao6aG9LYfxl0URv7o9VIvUoXQm4p2kvimw8q/X7xX4ORaoQoQ2Wj9/8zahtDZPKrG10+"
    "0NU3NtpgbRp4WQIu1QX4RsonL+LB829gpZmmYVrgW3BmYZjAXkKAP9nAWDjHJLviIhkBPd"
    "BXiPpLrnN3RP3l2VTiifrLc+R6RkZCOlrInrUlGruz5GutMFTKU4afYgK/5yxmEZJa1Fdu"
    "e1ykPyaxJyW1lXjwtPSHgzv/9uT+4unNIAPjkjq5JkpUC9gTGWxXVGWtV1vKWtON3PnY/+"
    "9MNLaS+uRkb2XH2CWn6EZ2leiRk7ePXac97rS7UpkNcpJ+nVx7Mub62WVYJtxONCamgeDf"
    "iHYGvMXHsey+ESS+AdsARDqCV81ehrZflhVZcBRhKHIsdprCUDwfk0EYiufI9aoYiqfm7o"
    "FNRWR4OhctwAFB7ezw8qsAhB1+dDu8eCFo6eWfVWIF3wtDhj5gFVMGLFGzVhX+cuDkObE6"
    "fzovzy7PzWfDhNiu/h2+Hdh3c1oOHMZ5s8NrVrajJ0xFyXX0xLJVdjp64pkyux09QwSBVz"
    "Bs/mQBBVmv0ATKzNjYxHkDPJW9CZ7h2gaKBZaaZRvmW9rZs9dIwuHDsQRqbnH48GkF1ile"
    "aBkbk80KDClqYaXEAb6hiVrd5AetblIxKyygVCOv4d3u5hkRcp7hbnT6UnvUAs4b6YoxIU"
    "0xJlP0OGh/aff67du+RPppBB+SAp4qplh6V4w5tBVNZzHSQ4oj9jFpnMBsOISFLvz3NfPk"
    "UvnvT2HP7bbP66lMcWPO8cWAfa05/P1g8Njvn8ycg7OlYTy7VZtZtlz0enOrIefeGSklLX"
    "fHmz8bJLVbm7uTxPkWAuhfwt7iRUQ0t9hbUd4V0Vaj9Fyrq2TvqQeskbrvU4Q1m94Aq6/k"
    "jQ/VNHh0MlmRE8d42XMnW76Ns4Psv+cAxICxf3/9nAsH2YlkrbzphpIxi38bDwfZCEdIko"
    "q+ptrgv4AUrVdwMm8Bl4Cx3dpKGlYJPZ0MkLS2/PriIn3A46TC3qqQvYXXYBVaFnPLwRjd"
    "wboMppgcPIKVajKYCXiBBy1JK0LTPIemIalHZfEWBgR1aLJ/DG/hXkUH5dnbbWhq6rKRYW"
    "l7V5rbbGwlvIeb3WTPxYC+/HD16erm4/VVYDcHZ7aZy7tN4xdoWl6LAlpTIUIirDE6a4w8"
    "VAwIe7fXEN2DGGOko6rnIaQ1xiIkwhhjNMZOupj9+H+Fbz6Z"
)
