"""Settings, read once in the entry point from the environment and `.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of a Bloxtr8 deployment. Secrets are `SecretStr` and never logged."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    # Discord
    discord_token: SecretStr | None = None
    discord_application_id: int | None = None
    shard_count: int | None = None

    # Database: unset means an embedded PostgreSQL under `data_dir / "pg"`.
    database_url: SecretStr | None = None
    data_dir: Path = Path(".bloxtr8")
    db_pool_min: int = 1
    db_pool_max: int = 10

    # Stripe
    stripe_secret_key: SecretStr | None = None
    stripe_publishable_key: str | None = None
    stripe_webhook_secret: SecretStr | None = None
    stripe_api_base: str | None = None

    # Web server (webhooks, payment page, health)
    web_host: str = "127.0.0.1"
    web_port: int = 8080
    public_url: str = "http://localhost:8080"

    # Roblox web APIs
    roblox_users_api: str = "https://users.roblox.com"
    roblox_games_api: str = "https://games.roblox.com"
    roblox_apis_api: str = "https://apis.roblox.com"
    roblox_groups_api: str = "https://groups.roblox.com"
    roblox_thumbnails_api: str = "https://thumbnails.roblox.com"

    # Chain (USDC on Base)
    chain_rpc_url: str | None = None

    # Money
    rail_threshold_cents: int = Field(default=1_000_000, gt=0)
    max_amount_cents: int = Field(default=100_000_000_00, gt=0)
    # Fees (basis points, 100 = 1 %): the platform's own, and the most a server may add.
    platform_fee_bps: int = Field(default=0, ge=0, le=10_000)
    guild_fee_cap_bps: int = Field(default=500, ge=0, le=10_000)

    # People
    staff_user_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)

    log_level: str = "INFO"

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
            return [int(part) for part in text.replace(" ", "").split(",") if part]
        return value

    @property
    def pg_dir(self) -> Path:
        return self.data_dir / "pg"

    @property
    def contracts_dir(self) -> Path:
        return self.data_dir / "contracts"
