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
    "chain_id" INT NOT NULL,
    "address" VARCHAR(42) NOT NULL,
    "next_nonce" BIGINT NOT NULL,
    CONSTRAINT "uid_chain_nonce_chain_i_1ec1a0" UNIQUE ("chain_id", "address")
);
COMMENT ON TABLE "chain_nonces" IS 'The operator key''s next nonce per chain, allocated under a row lock.';
        CREATE TABLE IF NOT EXISTS "chain_deposits" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "chain_id" INT NOT NULL,
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
        CREATE TABLE IF NOT EXISTS "chain_transactions" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "chain_id" INT NOT NULL,
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
COMMENT ON TABLE "wallet_screenings" IS 'One screener''s answer about one address, kept as history.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "chain_deposits";
        DROP TABLE IF EXISTS "wallet_screenings";
        DROP TABLE IF EXISTS "chain_nonces";
        DROP TABLE IF EXISTS "chain_cursors";
        DROP TABLE IF EXISTS "wallet_challenges";
        DROP TABLE IF EXISTS "chain_transactions";
        DROP TABLE IF EXISTS "wallets";"""


MODELS_STATE = (
    "eJztXW1z4ji2/isqvkxPFTeVTmfSudytrSLgzjBDIAUkPbvDlNuAErwxMmubpFO7/d+v5D"
    "f8IoNkDMhGX8DYPgKeIx+dd/2ntjBn0LDPmrYNnUdo6U/6VHN0E9Ua4D81pC0gPsi+qQ5q"
    "2nK5voWccLSJ4VJp5Hb1NXK/e12b2I6lTR18y5Nm2BCfmkF7aulL/3vRyjDISXOKb9TR8/"
    "rUCun/XkHVMZ+hM4cWvvDnX/i0jmbwO7TJxz9rKxtfqAff7rwv4fqTPqv9RQiWL+qTDo1Z"
    "7E/ii/iSe94jw+du9OcOcr6495KfNFGnprFaoPX9y3dnbqKQQEcOOfsMEbQ0B5JvcKwV+Y"
    "/kL/jIBH/b+zvrW7z/EaGZwSdtZTgRTCbq+lxNVXv9kTpURqpa40BxihmBOYB/qu0C8Ex+"
    "wv/878XFp0+fL84/XV3/cvn58y/X59f4Xvf3pi99/uH9mDVa3lAuZp3bTm9EfpCJ2exNBX"
    "Lih0ujOZpH5bJrjf7UggQvVXPSXGjjK46+gHQ+xCkT/Jj5pGfBQZI7AS82sSc4cST+4P83"
    "6yPj3f/eDdCPOnfKcNS8uydft7DtfxsufM2RQq5cuGffE2c/XP0c51U4CPjaGf0KyEfwz3"
    "5PcdE1befZcr9xfd/onzXym7SVY6rIfFO1WQSi4GwAI75zzfTVcpaT6XHKwzB9La0k17O4"
    "HmAUYbv/69dcj0vmONdbc81S0Grhcr2DEdHQFKa4Hx8hwX2Mojj8rt0275QGIK9jdDvoP9"
    "zjD+RtjDoj5a4ByGuNbUYstO+qAdGzM8cfP15tmBGPzUHr1+bgw8ckl3v+lQv30g8KW3hX"
    "wSjV9rWwDA/eAZfDNfielgRp4JumATVERz9KlkB/gulKCP8mJPv9bkzE3XQSuPYe7m4UPO"
    "3dWY9v0p0MuBdYfzQpYBPxQ0d6TSGyuGGf5TFh8umCQZh8usgUJuRSHGD4fanjFSPHyh6n"
    "rJ46V96FPK2/2Uhb2nOTf9VIEOZaOHymCcLW4ywbxNjlBj9CJFdsLuiJ7+DphWq/Bm6HOB"
    "u+mBbUn9Hv8D2l0Cag910sD/4wJWPBj2COBWfXT5+lvYXOlujUw/8d/2PordCt5rDVbCs1"
    "qnQpANaBOTHM78PIgKUSLqzwJsRqDGL8G0DvodutubN4ok1f3jRrpsamM7liXpiJM+G96U"
    "uLi0XyjIa0Zxcg8lfIDw+ch6uZ7nTN5xrNsRhcq2/0J5K7VMN8PoQb0Zz8C07XNqb/UToQ"
    "pQOxdBpnSV1JLA5E/PyblopxhwaPMZcgy2XRbV8hjmjQXV0yGHRXl5kGHbn0I4m0H/DhAN"
    "mn2JfFfNCHaM/4JtYbVpATZNI3weCbWK/l/EBT1+wqwFz8jJ7AJ6ympzH+bdjv0TFeUyQX"
    "YX3qgP8CQ7eL0d1F8WgSKGIrbYDnh7vmH0moW93+TXIJJQPcJCX1k0MzRbNhDwkk6vlRn8"
    "7xV6s2/DefDRAjK8QNdjKmwBr7pQVf1blmz3kEeoxIaoDb5TkvwBJbdmxtqBm5bNcYYQGm"
    "q2C4l8RUZQqWeEYnd3w9QiXDJDkXiOeVjil5oY9SSeiLCZO40/lwcRKxOMDqxo8+8zEf/g"
    "ALoUGnNaqlZ3cBmN4G41QS1OjTnAHqcQIjLWICtFaWbVo1Smwkerm+KTzimRJT9062CElt"
    "NIcAwe8OmBjm9AVo4E1zpnNoAeIxtsGTZS7qYIk/B+fJbwMf4NnzGXC/DugzoKEZcMwXiH"
    "4+qyU4tpcv2B69kREaGaEpl3O5uhEameJdNa6zpHi77yl+Z/sKgvuLcawfV9bG07Qvrlny"
    "tC+usxO1ybW4OUNWVNVdUfmWszidzP3azag5orbYhvh51Z1MdTG4zqAvzrxbGRXGPoLgYd"
    "hugW8jS0P2E7S+AcN8BpgdJtbTALnbfPvJBv6wAIsMLFXstGa400gUFfBP//94KpvzPXTt"
    "4kFVd3J6mTtSTRThYZJq4gkpDFJNPEWus6iJUZEd5/mWgGn1stcvPl5+vrz+dHUZytrwzC"
    "YRm/Z1R5Y+Vu07QlLFzBaWSsmr7ErJq1Sl5FqlYJ+3MRo5cSkT1zVMVLRaTGjpK5v0ryRl"
    "leA9cKTMg5JXgMSppAxhkCE2xP+LMs+zQV5TVBDgS5Ysz8vsLM/LVJantjBXyFEnmg1V/J"
    "89CzehWMKpvtCMjMA7jT6pXnoDnPkDlZALG1BvK63OXbP74fN1/TxRUB0y5Dw1rR3NWVGg"
    "ZuvrsKY+WMp4bagovRofui5NA5DXMWr1H3ojpd0A/sEYPTZ7neGv5FRwlPR+MHkOC2/wMC"
    "UTOp9hHaOUaUbimFRpS9pznHEnu8TI9qVAVdOZtSHdxUM1zQnu3AwlHKhcXGDNzohNP/HS"
    "M3om4U6Wu927Wt/ubEfkRo7cDHNJWG1a4AW+/2R7mRTuGG7OhDtmHWgG1r7JhAAroiACDW"
    "AkAdHI6fkYRQy61QHve+ulz10cMVXf5HOXjrjC/RnBI0DVhTNsjjWJtPEYbDw3oI0C6csZ"
    "CA/pqjR7TywQ7saO/ULjrNU5eg/DGu2sb2dcqZsgQgNsrNfhZXPyDpzEYlsHNj4i19w6R6"
    "A7QLfBxDK12VSznQaAr9B6T63ZxQ4/RhZ0rHdAvEk2GcOGwCZJl5N3B9rgg3tMPHk/4/FM"
    "MshUQz85YKnhb3zTp5Bt/V87q7zHTOoBwjy/G/UAGXuvVhRWxt5Pkesy9n4clV8Gdfat8O"
    "fQ9aWav3NUWIScEoGSuouPBhNfqENJJ7nRkWa90xFe0yQ7PxNNvoRze9M09btwhOsqxvKm"
    "02sO/hH27AgX126/d3tD6dpx84+R0ix/uLJz2/MDijwBS5eqAbz3MbrruB/dtzEaKI/KwI"
    "1hBkdiBCxD25XCoexkoBjR4YT+eUl0lCOnWQkW+T3OejrVDIM7QhshKmZWn4i/Yyd/ZZxn"
    "aYb1ERyZ+IUxjHtvma86Vvhb/mClYhlrLDcyUVkiubt5gU0UeGfT3t/gWn2j19e/a/9Nha"
    "XPU/o8pc9T+jwFN8NKynUWn6eX08snbNc00oGUW+Etn519r/Tand6tSizm5uhhoPCa3KkB"
    "GiB1aoyUP5TWg2t6B0dj9NjvkNxh/JrHDL9gaU54kd2c8CLVnNCBi6WB4SVbudqcTcBptB"
    "X0dBfv+1jOntSl5vC1NI3QVK/r5i/n5wwg47syUXavJQTTXLv45YorYhNSVA/iPWwb4G4P"
    "mb2Tz4au1CnKndpT55Iftb89rZCXdzNZ6YajI/uMfO3fOReDIlzge+la7UBrQVmWs7kSEk"
    "hmFM4M/M+nq3xGSYJUVuiIY4Skbc9XU5/l4nKMUPJYZB5PVu85dmaMUskarLzGJlmE8K/i"
    "Rj9OJ/HPbexDw8gx+WNkEv286JtPTznAj1LJ6GIxxZ++PEkzgrv6s7seqVyPAGvIMC56GX"
    "qeuytlAcgWt9+uiLBG9QkGUD0JLFHdtstudKHirlWOwI0x1ZyVBSkW+I1P++X3ATS0jI0U"
    "fbSHwTgldKNmYf5jUyqGu1ilMePMxegHo5RqZWOdpNEFnT8LY3sHg2CCBqBvn6bMLQzENE"
    "vpU5QjVaUNDd0t8KOkqoTX6ptSVWbeXTpjCwGZq1JKjbIOZK7KyWQtyFyVU+Q6S65KaVMm"
    "OMMxAVmYHjFGnZ56P+jfYk1l2ACRD2PUVrqdR2VA8iXCQ9KCrfelM7jzmrD5h6Sq4Tel5V"
    "c1eEc1tjm158g+JBnA1DK27LBblEZG3gqPvPmKVS4Zm6SVcRlxhGp6LcV/7Um3Fjm7IMZp"
    "JadF5vT6uZy8c7vDKcQyIpE3IiE7Uh4T/YVuQNsxEeRmQJJS7oErm4IK1xSUOtULwPYuGK"
    "tAt6WIGCcfcgaYo4ujDBZtwZeiSQjV3rat28uV+1PSTmn/Un2jT9q7af8e6T8jPo2IMxPf"
    "Fb0yg9rM0PFsJpekE1s6sUslVErqzpRO7FPkOosTG/8zm1YwNoLfM0TtmqISZWKbeKn8Md"
    "rsyYy1NApuT7o3q+hcJt9XGeey6IEcCkv69/x74hCaBiCvbgBnoDx2lK9u+MY7JAGZYb/7"
    "6AVkvKMxwiAO3biN+y5GgMZcOVMza//y7RyLkAtcIYgNj67SHCqEGe4B4c+Xh57LHfI+Rs"
    "P7bmfUAO6bGJzx8hmX0JpCWhn/lrqKCF2FWlcV1hgMizAMWJDDxb5eR6kEnvDCLtnOnOh/"
    "3N7ZGFmF5vOB3eNRhwGnYZIgleFAcQyRtP2JEdCMnBZoklZyWmROuyvSay5GJ0gln0Xmsw"
    "wrH3PdfMa2Or/SEqWS4eS8EX1z5u36wx/RT1BKFuQtsl1ijHJlFiUpJQtkUoXQSRWuyC4A"
    "19tgnFLNbVZUowtbDFT8A0Dvodut0eVHAcAy5k+UE9ekuGTJAgoWOYntltSfhDYgVF6KL4"
    "YpaSlrAZ2dleIJucMmpcDvSx2bN5SkFNeMsTC0mi0TU46uxcnElJNJUZCJKafIdabEFE2n"
    "7ObBFuANaA9WWZkjuksW73ulAbz3MXoYtlvqjRvvDQ/FiOnKnuzH2oRoZVkQTSkmCNtjEK"
    "U/YG4Knr41zocBk7jT3nsMvCcgz+S/Zpj715lT/zo5858gVCdLnr3NIhRyY7Oy7TFAmcvN"
    "r83OSCXZNkPeOR0hbYDIhzFy39RflS6e9OvjrNr5dmd4721AEByRRCA3I6gd5ga1g+QgJU"
    "wPcpO3mr2W0u26+VvBoRiLSuZOBZmPVvb+BPLRipq2nDpynFIGVMVRidOWUNJNwclqCrnk"
    "t8j8flqhfH3IY4SSxyLzWHY2ORVO+5I3X9pTjFTyWWw+55bbCVLJZ5H5PCVmqmHkC0ckaC"
    "WnRea03CukJtMYTw96uU3IUb3//rbn3PgnCOVmIcXkL8oNLVhSluSGFvtAlWVDC5kSuoeU"
    "0OzUuoignuPvwNRY69SdHXcKaZGx2t5Q+4ppHAF5msdL33VXleiWDJXEKdK4aweU1j3Cqg"
    "gSfIVo14fOy1dVXmEpc1OYYAqbCO4IFX/TxVLCtbRM0nLHUqeaYewI2b0/VgsPVSW80rnl"
    "adsljRznFlCtyEClMllYdZCEsbbLRlC2m1w/NXVKVgX/ZlDDcLTKbQsVz0nCI1M6CeUBjI"
    "xUObByVYV4a2lmaUi41G6rD1HXy3uxVSJ/RsoRg8SivxKlI7IGRMgakJJkju2fD4Ulj73g"
    "/5GGk2Rl0vEM7q9E/8d4ouMlSwbxZXYK8WU6h9gyF+puma+JIQRu4SWTXjcmvTrmjjMhNo"
    "CcB2WdB2RtS0+B7P6vwf1i9H6t1MZisqK0YrWFLBWl2IzI0ZsnSiVzCiq41dQxlHjZk0dM"
    "v0d9x6Y8rrA4XFxbLNHCCmpUonIHYPfZ28SLe1P8V2FAPNtz5UaV5f7vlV7PZIcSqU/KDi"
    "UV5jolLZyWnzE1Lf7c5DidTM/MaUm47yngs73Wwf0V9Fp/PD9ncVGdn2f7qMi1H0kNVn+l"
    "RUZN04AayrSRfaIEzBNMtac1KzhxWG/UTb/fjQmqm05yK4mHuxsFw+6Cjm/SnYyZ/C9TR7"
    "lWjxihLCESZ61IqwgGfHJycDhCJvkrGn9TjhWWbGFtNdMdFSJn9wTYJhmqaz6XlvNi5b+W"
    "EaNIG9Vd818ritACLibQ2hEh1+1z545UQmWRCScSRcSD7AhU1xul4iCpZPUoBql7c3/B22"
    "OjNZ1rCMFd86fvNOsFOktDm8KWN2CV8OLyYkfr5pwtTyt74qor3IaRASuyCuTx+fsyPsvz"
    "v14Ctvj/1ciyU3TmaljctyKxIZm1KpB3SsYFTsZDLOMCp8h1lriAZRq5t6YOaA/Wubx2px"
    "AvZY2PzT5VA3jvY3TXbyuD5qhPTgWHY9Rs33V6DeC+jVH/a4+QuG81tkmy5zzMI/WWEe5Z"
    "PEr8hmgv3NhHiGRnmYKSwA7dLEK06b9zu4hWc9hqtpVaanoXAGq1+5pEHmc6okdM/wot4i"
    "xjMGoybzMHo/a6TAurpoitS/PvdAwBaf6dItdZzL/1po3EmNthB+gI+Z7KTU7AyphifJ5N"
    "i38b6ASh5EBeDhjms+pHgriZkKaVfMjLhyCdIjczMgaQHMnLkYWOYdOxBYQXk6CIN4/TkD"
    "bOAffIGnWUgfqR14PoUp03gPc+Rt4o/ueP/ucL//OFGP5C/8+pr7qtT3RDd3JvzUcf6YBM"
    "u3+46XZavEzzqBrAex+j+0HnEatc+IR3IAabdGQvoVu0rs60d57t+yiUh/Pwft6vcCusXY"
    "z59IRljbtv2Ls6N1e05KpMhOnEBwT5oiQoLw3NeTKthcq/CSWN9HAI/3Jelk3ziBjyChbU"
    "7Oy3bEONTn04oD+WBWdfccQ/VJsZOoK8UjmTXsrmlNSw9ClULQ090/KmszvMJOmO2mnGd7"
    "K7nvOzQFOK/sLKdJ8RJQB9Ih56joKNdHhpa8CUs7Vt7nBpKfrabg+WFheuC5LOKYG6SD56"
    "doguunxvDc7Vmghotg0dgFUsYGsGPAMjS39+hpYNdAScOQQkDDTRbAheIFy6Z95MawZcjo"
    "FvQRK5DTVrOv8GPpgIJg2n/XzLGFnmG1hCy7vTfHKpHN0xIPkASTd90GyNOo8K8Ol/Jt9m"
    "O/gL3nRn7t/yZukOpjMxuW6PkQtkHbzN9emc3ACmGGOw0F4g/q3O/4FvwW/Q0Ax/WOF/YT"
    "uq+7X2N0AiAfi2s1qdJb75Z3QfcLIk1PANkZxY/6p7cr25SOxsSB8Jrf0l46YybirjpjJu"
    "KuOm++A6S9zUXQ/o/lQ6s0MC2dGBraODvVosNIvisx7B71l7+a1JKoHypudF+WO02cALH5"
    "duv3cb3J60+ij2OJ8CEZLI3OL8Uf+VZUE0zR2eidIfMCjzMGzzRmQwSQPglzHCLy33sJUn"
    "CsPS9zy77Xmq63mQPZGbARH6g9VC8D8GtdvmndIA5HWMbgf9h3v8gbyNUWek3DUAeR2joT"
    "J47LTwjf7BGPVHv7q1EORNjKDZbo3Jd+xKnu9x8SxV3ifGo2r4di5mVC84ExxhhvVJe3Ly"
    "KnIb8d3D0IcJP6eLjqocfXbdNh6IObkSH0HkNv8s4k8krnC3/I5QyTyn3NpYzoQzmWdWDP"
    "7OnHgNuOGPkcmG93mT/KBta8858sBjdHLy58VflBDrSYIf27ecHf0YmYQ/P/xIW9pzk1/v"
    "SRBK4V9MpfU6IClMVbCQldax559hsw1Zwb5jUgYd1kAKFIDswJwY5vdhZMBSSQ/miRuXm9"
    "x7mqR30N6xed4u+2cLOqnj8RXZiJEBJTfpfkeY+mSMKgG0zwYS0TmVnZUWTLmtmWnrfqPb"
    "09O+zqEFgRbkbwHdBlgivaEG0B0beDa9m4jlG5gkv8tEELhrA/jg+VbJGRtoeKCFbllY2M"
    "9+Pkv68fb7TdTOh0aku6y7VMvmh8KovYRGZnGdSD6PzOI6Ra6zZHEd0dcvHJdP29l/Muue"
    "9PWLgr+4vv7qz/3AVOFu8RKjk4K/KF9zxFba0XdXvT096gm3XXwObu/tKaC/WURvKGcN4M"
    "Hae1J2FKE4aej7jmT7ahbr+9Xozid7bfcZqXx7wadlHZv0gJRMmJTUFpYekFPketk8ICcj"
    "edfwu8tgCni2xOuAVuSKk/tBp6Wog2bv1kt8Dz6MUbszvH8YKcMGCI7GqNu/bQD8kgzeHC"
    "cJW27Zvd8CT9IIMkfFYYxMep9ye/8wf/OgHyWT6FfP91dR8Df4ngT0jwjpdxLWQaIb0HZM"
    "BP2doWnekcQt9Y2ukeBmNbJfddHbYsLwh2CFXnfHkOkhwkiLunSOnI6ZLJ0jp8h1FudIKJ"
    "pTPM/uhxIhqZKKVljPV9k4ad92tbYwV4gipzaWjoc0VZq0hy5gE7wpCaWzhdJrd3q3NT42"
    "BGQN4B+MUVvpdh6VAWk7Eh6O0UDpKs0hORkckXNfHnpt75x3JIa3D38Vsp8yyj83SKc4mc"
    "DtL3KKqItffmGAGt+VibV7Lbk1iaG/QiuXQpWkLUClEowB5dWg0oqzBQ2o2bkYnSCVfBaZ"
    "z54/g9ujGSOTqkdRLs21d2lHn+baX1YyNrA6NWMTMKPKmKUC1l+VdNpGFjyFi21vnPfSSr"
    "MtFbCW+arPsLo01QxjR6ju/bFaeKgKwbVPV7lXFktxkIf1stlu8XVZ7p5zBNeGkLvxFrTd"
    "lvekGX4kSzjaI3+yeqc0zk+105f+dOlPl/506U8XXHMpKddZ/OnSMyk7jJ9oh3ETzdy4EE"
    "Xnzd7PIE5VBd/iJmG2jx0NIhok5zoTp6zgOlPedSWtTogeeaHItsJCL81WS7kfkYBKcDRG"
    "rf5Db+SFY8JDEqRpdTs9L0bjHY2R8sd9x73PPxgjwq32oPm11wDhoRghmhmcYns/X8wgSi"
    "k9ySI/y641z+1IjlJJRVHWxZeVAQttBtXJO39TjhidbAyRF/+lhg0d/hbEMTLZgFg24C4L"
    "/LInx757ctC7FYcxix2hrXhv7ahax9IDWrYsZ4KVt2W5r10IBayIPWTiWhgDsJ7eUACurA"
    "2PxVIzWHGNqVc79SlfIedgzaXFdBLsmHGQbvqeDWYfwZGJXwrt/F4mVDlSM2LZLJQMjWS2"
    "S3aiRjrH5mAJG5GIvEy3kOkW5VrkSxp4l+kWp8h1lnQL/CeNvDGxgFbkorsa0ajvyUbV7r"
    "sX8ldvmkPFi/u7h2KErkTu81QIK1oDBc949b75jzulN2qA+OdgX+rI9djnMRoNmr3hF7LL"
    "eHAUlIoFhWJiMBIrVoul6ZBkGPUFZiTUZOkxKdJiWHpcrSYO+AVL4gy+Kxvyi1TyjEwbkw"
    "WtjCwoLq1i+NBqKYpbqBoejtGXZqdLTnnvYogkC2J8bMrz8duw38sqrQtJkiqdPnXAf91d"
    "kvbGo789rdCUIA8mK91wdGSfka/9OyfTisiOIBDFtLlU0lkyvyyhppEBkklnoQHOV0qcIK"
    "tCut8BSokh2YcrDXN2UmVIUAWAD51PqTkOVmJomxhmr8QRksOtxef7XYgLa4cyNRdL4svO"
    "5ZBJ0Mq8NnGM8bQPRuQK6aq6QaPNZoOmftyZVQlKmd1T4Rp1EYOfLCXq1KleALaUxpmlmu"
    "nMgfvEQ87dCSBvDHWOf5TqfC8khkrGGpF+RNo0uLOUy/3OsdTE/u2UaGp6h/fseKrl3qsG"
    "u6UfIqKq2TZ0PP6SL3M/6XK/nOMqE9kx1Ti78vjK4iMI7em/bd4pDUBex+h20H+4xx/I2x"
    "h1RspdA5BXMRxj4XPD9WhEqaTvOLfCLXfPWPu9mLp8Xmzo8nmR7vJpvmFEdpI58RFExr32"
    "MCSRQfIalzliyBkPSF45E6WScia3nCGLMk/oI7hfxj0Kj3tMtaWzytfUM0Eqk8sE8WxmJZ"
    "el/Dos2dekP96TPtUy+mDwpGA3iZL2GBmvQsYupR53R7TY66/KgtE+m+QN9WekEWlUozgO"
    "1hfrm3wGdnDbXjaPiWber0hBjdw6RiDdJNtPsMA8NHPnAa6pD5hP0+4MW/1BW+01R51HhV"
    "NTSVC7Wz0mR+O1pS5ZTKnLbEvqMpXRRyqCPI8ptw6fppVb4uVONsMiM5fuGCOUGeqiq46J"
    "tmjuQsa//XCcUNrPuR87oj9wwx8hkikJBcXDs8spuaO2HNWUoj0ErAHbhABgCIuvbME6A4"
    "gYB4882PsNgfPaZK5lNTV1lL3JZ+qe+kYLLbx7f9t8SqtMFLlb32CVyYrYE9Q8ZUVs1bjO"
    "UhHrpVvRxG22pREhqZKZUdyGnuYLRIQHmE0ZtWJ0ZFOEIoegc4b+Ly8Y3FWXF5nuKnIp2Q"
    "TX3WI2D+AU0soVoBYPuFdJqk40G6r4H9NqX9pwqi80Y1MlaoI+uWx4A5z5A5Vw2m9Ava20"
    "OnfN7ofP13UvwwUvCLpnVoQMSaW3WHAK9Ve8zObGPWOE4yC/r3KkomEPRITzXZ1r9jyPdI"
    "mQFlJhJ5BwuWJJHbrKTh26otTuuntc5sGbQlqFisb9I/60QrN8gCcpJd7b8Ran7O1EXB0c"
    "qTlpj9328qygHmXvxVlHZVeRtVlFekHxX4GbPKCR6/XN3k9yp/R8Vl8c1KXn83R8YNLzeY"
    "pcZ/F8LrX3hdtCGTlZ+1ts6ExDI66acbeX7jRTjOkzvedANtwxIgkzA8y+jy1w+fDpFBTi"
    "yvSpOXAyUQglsZRz82FNLPmQjw8O6QLwxN2BLEFWPffGXoSP7xfigzpGJIFma/UmXUmHFS"
    "nSlVRZV5KbxkhxIQXpjdmuI5IiKD1GFX7q69JjdDq+A+kxOkWus3iMZro9NS26XrtJ4Mbp"
    "pL61Q10Obw+dKE0Fk+k+MvXR+bihj87HdB+dl/ep6ui00hDG3Tki9PvCPDXb8fOtDNTzGh"
    "/sPlUDeO9j5L5/9D9/9D9f+J9diXT85joEX69xBNWfZJoG1BD9cUiSJtgzwbT7eibCM4fN"
    "+brp97ux5eWmk2zq/XB3o2AWJDLCKC4kaC1sVZtO4TLf2k8dQLaoFmfFTyt6fqfLXCWhad"
    "pCSuFPcOWPIMmrAFBIq+dbvGJpAXGV3QLiKtUCwoctv3FLHUDKuhLIOkNHL7uwPEYvOS4y"
    "xwmrMANnXBI1RlQ9WfqJpVzmU3a5zKdUuYwL2C6KRMYAsrFOXn0inMIq/L7U8QOVQ9pljS"
    "ElnsgS700zDJirVDBNWbU8pOILBX3MLN1+yetMSgxxwD5vD73fe/2vPV6Pkk/WAP7BGHX7"
    "XxsAv4zRndLuPNw1gPc+Rr92bn9tAPI6RsNmrzXq4GlPtlcMj8XwOPlMwP8TwnwdyegjSF"
    "kpsqz0KyK06dTNQuPL5qESV01iFm93+7AttXdz5dgqRAQEXi9v9iDS37vF38uR35PcVePI"
    "vZxFC1RlJfnEs2NXM93BExQPBXfFjAzVNavU0pnWFxKbGbY6Wb3TwnM8cFWwIV42XjbE2o"
    "cEbCNg+E/qRITt+hy2vXHeK4uTbi9XDjb3yf/1/txueHnjVVRshWiZS6L3S6iyofIrjwuS"
    "70VuASo0VkXI9lMAS4WvENFaBvEDpZCRKvoULuBiAi17ri93hOp2pRuzO3e0qk6sQ2/FUk"
    "qQzKcnPJ/UhUaLsvHg1CcDVRwlbYX/ubWrnnAKSG0o7JVIrbfPWO84lB+k2AZHVQTKd85P"
    "5+QdPe+K11d3uFYwWsVR80Iauy+DHmrDYLQKqVfpQsgNRXtJfLNBZd8G/ms4UoUQ5ahs9P"
    "8/pbZxjUx2daPHB7b6xloTLC0TL0vAozoD30j55Fk8eP4NLHTLMi0bfAvPPJkWcOYQ4E8O"
    "MJ/cY5JdcZaMgO7pK2T9pdC5O7L+8mQq8WT95SlynZKRkI4W8mdtycbuPPlaCwyV9kzxU4"
    "zg94zFLEJSifrKTY+L8sco9qSkdggPn5Zuv3cb3J7cNjy9x2NoXDIn10SJKgF7IoPtkqms"
    "9XJDWWu6kbsY2/qdiMZWUJ8c+g51nF1y8u5PV4oeOVnb07Waw1azrRTZICfp18m0J2Oun2"
    "2GZcLtxGJimgj+D9HOgL/4uJbdN4LEN+CYgEhH8KY787XtR7Mic44iDUWBxU5dGoqnYzJI"
    "Q/EUuV4WQ/HY3N2zqYhMX+diBTgkqJwdXnwVgLTDD26H5y8ELbz8s0ysEHthoOgDdj5lwJ"
    "Y1a2XhrwBOniOr88fz8mzz3HwxLYjt6t/h+559N8flwH6cN1u8ZkU7etapKJmOnli2ylZH"
    "TzxTZrujp48g8AuGrZ9soCH7DVpAm5grhzhvgK+y18ELXDpAs8Fctx3Tek87e3YaSTp8BJ"
    "ZA9Q0OHzGtwCrFC21zZfFZgWuKSlgpcYCvWaJW19lBq+tUzAoLqKmZ1fBue/OMCLnIcNda"
    "XaU5aAD3jXTFGJGmGKMxeug1H5udbvOmq5B+GuGHpIBniikW3hVjBh1NN3iM9DXFAfuY1I"
    "5gNuzDQpf++4p5cpn898ew57bb59VUpoQx58RiwK7WHP5+0Hvodo9mzsHJ3DRfvKpNmi0X"
    "vV7faMh5d0ZKSYvd8ebPGknt1mfeJHG/hQD6l7S3RBER9Q32VpR3ebTVKL3Q6irZe+oea6"
    "Te+xhhzabTw+oreRNDNQ0fHSorMuIYrzvuZCu2cbaX/fdcgDgwDu6vnnNhLzuRLLV3w9Qo"
    "s/i3Yb9HRzhCklT09akD/gtI0XoJJ/MGcAkYm62tpGGV0NPJAElrK6gvztMHPE4q7a0S2V"
    "t4DZ5C2+ZuORij21uXwRSTw0ewVE0GqYDneNCStDI0LXJoGpJ6VB5vYUhQhSb7h/AW7lR0"
    "UJy93YSWPp3XKJa2f6W+ycbW1vcIs5vsqRjQFx8vP19ef7q6DO3m8Mwmc3m7afwKLdtvUc"
    "BqKkRIpDXGZo2Rh4oDYf/2CqK7F2OMdFT1PYSsxliERBpjnMbYURezH/8PAWjBQA=="
)
