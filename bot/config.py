"""Settings, read once in the entry point from the environment and `.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from models.storage import S3Config

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def default_data_dir() -> Path:
    """The per-user data directory (`~/.local/share/bloxtr8` on Linux, honouring XDG).

    One place per user rather than one per working directory, so that running a command
    from another folder uses the same database instead of quietly making an empty one.
    """
    return platformdirs.user_data_path("bloxtr8")


class SetupError(Exception):
    """A mistake in the set-up that the person running the command can fix.

    The command line prints `message` and `hint` as one or two plain lines and exits
    with `exit_code` (see `bloxtr8 --help` for the codes); no traceback unless `--debug`.
    """

    def __init__(self, message: str, hint: str = "", *, exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.exit_code = exit_code


class Settings(BaseSettings):
    """Every knob of a Bloxtr8 deployment. Secrets are `SecretStr` and never logged."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        # `KEY=` (as in .env.example) means "unset": the default applies.
        env_ignore_empty=True,
    )

    # Discord
    discord_token: SecretStr | None = None
    discord_application_id: int | None = None
    shard_count: int | None = Field(default=None, ge=1)

    # Database: unset means an embedded PostgreSQL under `data_dir / "pg"`.
    database_url: SecretStr | None = None
    data_dir: Path = Field(default_factory=default_data_dir)
    db_pool_min: int = Field(default=1, ge=1)
    db_pool_max: int = Field(default=10, ge=1)

    # Stripe
    stripe_secret_key: SecretStr | None = None
    stripe_publishable_key: str | None = None
    stripe_webhook_secret: SecretStr | None = None
    stripe_api_base: str | None = None

    # Payment links (/pay/<escrow>?t=…): their own signing key. During a rotation the
    # previous key is still accepted. Unset: a key derived from STRIPE_SECRET_KEY.
    pay_link_secret: SecretStr | None = None
    pay_link_previous_secret: SecretStr | None = None

    # Web server (webhooks, payment page, health)
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=8080, ge=0, le=65535)
    # Send notifications committed by any process as soon as PostgreSQL announces them
    # (LISTEN on one pooled connection); off, they wait for the outbox job (10 s).
    outbox_listen: bool = True
    # Off: this process only writes notifications (a web process); others send them.
    outbox_send: bool = True
    # Process roles (bot/app.py): which background jobs this process runs ("all", "none",
    # or job names separated by commas, e.g. "outbox,escrow-deadlines"); whether it serves
    # the web server; which gateway shards it runs (`bloxtr8 run --shards 0-3`).
    jobs: str = "all"
    web_enabled: bool = True
    shard_ids: list[int] | None = None
    # Discord's REST API elsewhere (a stand-in on loopback); unset: discord.com.
    discord_api_base: str | None = None
    public_url: str = "http://localhost:8080"

    # Roblox web APIs
    roblox_users_api: str = "https://users.roblox.com"
    roblox_games_api: str = "https://games.roblox.com"
    roblox_apis_api: str = "https://apis.roblox.com"
    roblox_groups_api: str = "https://groups.roblox.com"
    roblox_thumbnails_api: str = "https://thumbnails.roblox.com"

    # Chain (USDC on Base)
    chain_rpc_url: str | None = None
    chain_id: int = 8453  # Base mainnet; Base Sepolia is 84532
    chain_confirmations: int = Field(default=12, ge=0)  # blocks on top before a deposit counts
    chain_start_block: int = Field(default=0, ge=0)  # where the deposit watcher first reads
    usdc_token_address: str | None = None
    usdc_vault_address: str | None = None
    usdc_forwarder_address: str | None = None
    usdc_operator_key: SecretStr | None = None  # the only key that releases or refunds
    sanctions_oracle_address: str | None = None  # isSanctioned(address) oracle
    ofac_sdn_path: Path | None = None  # OFAC SDN digital-currency addresses, one per line
    ofac_sdn_max_age_hours: int = Field(default=48, gt=0)  # older list = screening unavailable
    # The operator key pays gas for releases and refunds: below this (wei), /healthz is
    # degraded and staff are told. Default 0.002 ETH: a few hundred payouts on Base.
    usdc_min_gas_wei: int = Field(default=2 * 10**15, ge=0)

    # Money
    rail_threshold_cents: int = Field(default=1_000_000, gt=0)
    max_amount_cents: int = Field(default=100_000_000_00, gt=0)
    # Fees (basis points, 100 = 1 %): the platform's own, and the most a server may add.
    platform_fee_bps: int = Field(default=0, ge=0, le=10_000)
    guild_fee_cap_bps: int = Field(default=500, ge=0, le=10_000)

    # People
    staff_user_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)

    # Trust: who decides disputes, and the audit trail's witnesses outside the database
    dispute_approval_threshold_cents: int = Field(default=250_000, gt=0)
    migration_database_url: SecretStr | None = None  # the owner; DATABASE_URL is the bot's
    audit_hmac_key: SecretStr | None = None  # unset: a key file in data_dir
    audit_head_file: Path | None = None  # unset: data_dir / "audit-heads.log"
    platform_log_channel_id: int | None = None

    log_level: str = "INFO"
    log_format: Literal["text", "json"] = "text"  # json: one object a line, for collectors

    # Documents (contract PDFs, evidence, evidence packets): an S3-compatible bucket when
    # DOCUMENTS_BUCKET is set, else files under data_dir.
    documents_bucket: str | None = None
    documents_endpoint_url: str | None = None  # unset: AWS's own for the region
    documents_region: str | None = None
    documents_access_key_id: str | None = None
    documents_secret_access_key: SecretStr | None = None
    documents_prefix: str = ""  # a folder in the bucket, e.g. "prod/"

    @field_validator("staff_user_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        """Accept `1,2,3` from the environment as well as a JSON list."""
        if isinstance(value, int):
            return [value]
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return value
            parts = [part for part in text.replace(" ", "").split(",") if part]
            bad = [part for part in parts if not part.isdigit()]
            if bad:
                raise ValueError(
                    f"{bad[0]!r} is not a Discord user id (ids are whole numbers, comma separated)"
                )
            return [int(part) for part in parts]
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _known_level(cls, value: object) -> object:
        if isinstance(value, str):
            level = value.strip().upper()
            if level not in LOG_LEVELS:
                raise ValueError(
                    f"{value!r} is not a log level (use one of {', '.join(LOG_LEVELS)})"
                )
            return level
        return value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_format(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("data_dir", mode="after")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        """A relative `DATA_DIR` is taken from the current directory, once, here."""
        return value.expanduser().absolute()

    @property
    def pg_dir(self) -> Path:
        return self.data_dir / "pg"

    @property
    def contracts_dir(self) -> Path:
        return self.data_dir / "contracts"

    @property
    def documents_s3(self) -> S3Config | None:
        """The bucket documents go to, or None for folders under `data_dir`."""
        if not self.documents_bucket:
            return None
        secret = self.documents_secret_access_key
        return S3Config(
            bucket=self.documents_bucket,
            endpoint_url=self.documents_endpoint_url,
            region=self.documents_region,
            access_key_id=self.documents_access_key_id,
            secret_access_key=secret.get_secret_value() if secret is not None else None,
            prefix=self.documents_prefix,
        )


def load_settings() -> Settings:
    """Read the settings, turning a bad value into a `SetupError` that names the key."""
    try:
        return Settings()
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            key = str(error["loc"][0]).upper() if error["loc"] else "a setting"
            value = error.get("input")
            shown = "" if key.endswith(("TOKEN", "KEY", "SECRET", "URL")) else f"={value!r}"
            message = str(error["msg"]).removeprefix("Value error, ")
            lines.append(f"{key}{shown}: {message}")
        env_file = Path(".env").absolute()
        where = f"the environment or {env_file}" if env_file.exists() else "the environment"
        raise SetupError(
            "invalid setting: " + "; ".join(lines),
            f"Fix it in {where} (.env.example describes every key).",
        ) from exc
