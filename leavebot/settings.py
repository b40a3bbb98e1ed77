"""Process settings: everything the environment gives, in one pydantic-settings class.

Secrets are ``SecretStr`` and never printed. A missing secret is only an
error for the process that needs it: ``require`` names the variable. A
variable set to the empty string counts as unset (``KEY=`` in an env file,
which docker compose passes on as an empty string): the setting keeps its
default rather than becoming an empty path, URL or id.
Runtime settings that admins change while the bot runs (trigger words,
expiry, half-day times...) live in the database ``config`` table, not here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from leavebot.errors import MissingSecretError

LogFormat = Literal["auto", "json", "console"]


class Settings(BaseSettings):
    """Settings read from the environment (and an optional ``.env`` file)."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

    database_url: SecretStr | None = Field(
        default=None, description="Postgres URL; unset means an embedded Postgres 16"
    )
    data_dir: Path = Field(
        default=Path(".leavebot/pgdata"), description="data folder of the embedded Postgres"
    )
    db_pool_min: int = Field(default=1, ge=1)
    db_pool_max: int = Field(default=16, ge=2)
    actor_concurrency: int = Field(
        default=8, ge=1, description="messages an actor handles side by side (of different keys)"
    )

    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    slack_channel_id: str | None = None
    slack_rate_per_s: float = Field(default=1.0, gt=0, description="posts per second per channel")
    slack_burst: int = Field(default=20, ge=1, description="posts allowed in a burst per channel")
    slack_catchup_window_s: float = Field(
        default=86400.0, gt=0, description="how far back a catch-up after an outage reads, at most"
    )
    slack_catchup_overlap_s: float = Field(
        default=600.0, ge=0, description="a catch-up starts this long before the newest message"
    )
    slack_history_calls_per_minute: float = Field(
        default=50.0, gt=0, description="pace of conversations.history/replies (Slack's Tier 3)"
    )

    openai_api_key: SecretStr | None = None

    google_service_account_file: Path | None = None
    google_service_account_json_b64: SecretStr | None = None
    google_calendar_id: str | None = None
    google_api_url: str | None = None

    harvest_account_id: str | None = None
    harvest_token: SecretStr | None = None
    harvest_api_url: str = "https://api.harvestapp.com/v2/"
    harvest_rate_limit: int = Field(
        default=90, ge=1, description="Harvest requests allowed per 15 s (Harvest's limit is 100)"
    )

    admin_token: SecretStr | None = None
    admin_host: str = "127.0.0.1"
    admin_port: int = Field(default=8080, ge=0, le=65535)

    default_timezone: str = "Asia/Kolkata"
    log_format: LogFormat = "auto"
    log_level: str = "INFO"
    heartbeat_interval_s: float = Field(default=5.0, gt=0)
    expiry_check_s: float = Field(default=15.0, gt=0, description="seconds between expiry checks")
    digest_check_s: float = Field(
        default=30.0, gt=0, description="longest wait between two looks at the digest's time"
    )
    digest_post_grace_s: float = Field(
        default=30.0,
        gt=0,
        description="how long a digest post cut off mid-call may still land in Slack",
    )
    clock_offset_s: float = Field(
        default=0.0,
        description="tests and demos: the bot's clock runs this many seconds from the system's",
    )
    round_trips_file: Path | None = Field(
        default=None,
        description="count Postgres round trips by query name; written here on SIGUSR1 and exit",
    )

    def require(self, name: str, purpose: str) -> str:
        """The value of setting ``name``, or a ``MissingSecretError`` naming its variable."""
        value = getattr(self, name)
        text = value.get_secret_value() if isinstance(value, SecretStr) else value
        if value is None or (isinstance(text, str) and not text.strip()):
            raise MissingSecretError(name.upper(), purpose)
        if isinstance(value, SecretStr):
            return value.get_secret_value()
        return str(value)
