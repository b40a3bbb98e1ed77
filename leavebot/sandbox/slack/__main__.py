"""``python -m leavebot.sandbox.slack [--port N]``: serve the sandbox Slack until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from collections.abc import Sequence

from leavebot.sandbox.slack.sandbox import SlackSandbox


def main(argv: Sequence[str] | None = None) -> None:
    """Serve the sandbox Slack on ``--host``/``--port`` until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)

    async def serve() -> None:
        sandbox = SlackSandbox()
        await sandbox.start(args.host, args.port)
        print(f"chat page   {sandbox.page_url}")
        print(f"Web API     {sandbox.api_url}")
        print(f"bot token   {sandbox.bot_token}")
        print(f"app token   {sandbox.app_token}", flush=True)
        try:
            await asyncio.Event().wait()
        finally:
            await sandbox.stop()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())


if __name__ == "__main__":
    main()
