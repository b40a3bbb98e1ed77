"""Our Slack Web API client: what it costs per call beyond the call itself."""

from __future__ import annotations

import logging

from leavebot.slack import SlackClient


def test_slack_sdk_logger_skips_debug_formatting_unless_debug_is_on() -> None:
    """The SDK builds a debug line of every request when its logger's level is unset."""
    root = logging.getLogger()
    before = root.level
    try:
        root.setLevel(logging.WARNING)
        client = SlackClient("xoxb-test", "http://127.0.0.1:9/api/")
        assert client.web.logger.level > logging.DEBUG
        root.setLevel(logging.DEBUG)
        client = SlackClient("xoxb-test", "http://127.0.0.1:9/api/")
        assert client.web.logger.level == logging.DEBUG
    finally:
        root.setLevel(before)
