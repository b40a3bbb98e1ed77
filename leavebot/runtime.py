"""The runtime one process shares with its actors: settings, database, channels.

Actors get a ``Runtime`` from the process that starts them and take what they
need from it; they never share mutable state with each other through it.
"""

from __future__ import annotations

from dataclasses import dataclass

from leavebot.admin.app import check_token
from leavebot.channels import Channels
from leavebot.db import Database
from leavebot.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    db: Database
    channels: Channels
    process: str
    demo: bool = False
    admin_port: int | None = None

    def admin_token(self) -> str:
        token = self.settings.admin_token
        return check_token(token.get_secret_value() if token else None, demo=self.demo)
