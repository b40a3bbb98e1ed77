"""The runtime one process shares with its actors: settings, database, channels.

Actors get a ``Runtime`` from the process that starts them and take what they
need from it (the Slack client, the runtime config, the LLM settings); they
never share mutable state with each other through it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from leavebot.admin.app import check_token
from leavebot.channels import Channels
from leavebot.clock import Clock
from leavebot.config import ConfigCache
from leavebot.db import Database
from leavebot.settings import Settings

if TYPE_CHECKING:
    from leavebot.parsing.llm import LLMConfig
    from leavebot.slack import SlackClient


@dataclass
class Runtime:
    settings: Settings
    db: Database
    channels: Channels
    process: str
    demo: bool = False
    admin_port: int | None = None
    config: ConfigCache = field(init=False)
    clock: Clock = field(init=False)
    _slack: SlackClient | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.config = ConfigCache(self.db)
        self.clock = Clock(self.settings.clock_offset_s)

    def admin_token(self) -> str:
        token = self.settings.admin_token
        return check_token(token.get_secret_value() if token else None, demo=self.demo)

    def channel_id(self) -> str:
        return self.settings.require("slack_channel_id", "the Slack listener (the leave channel)")

    def slack(self) -> SlackClient:
        """The process's one Slack Web API client (created on first use)."""
        if self._slack is None:
            from leavebot.slack import SlackClient

            token = self.settings.require("slack_bot_token", "posting to Slack")
            self._slack = SlackClient(
                token,
                self.settings.slack_api_url,
                rate_per_s=self.settings.slack_rate_per_s,
                burst=self.settings.slack_burst,
            )
        return self._slack

    def llm(self) -> LLMConfig | None:
        from leavebot.parsing.llm import LLMConfig

        return LLMConfig.from_env()

    async def close(self) -> None:
        if self._slack is not None:
            await self._slack.close()
            self._slack = None
