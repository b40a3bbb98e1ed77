"""The ``leave-bot`` command line: one subcommand per process or tool.

Imports are lazy so that ``leave-bot parse`` starts fast and needs neither a
database nor a secret.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="leave-bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("migrate", help="apply database migrations (idempotent)")
    for name, help_text in (
        ("all", "run the whole actor tree"),
        ("bot", "run the Slack listener, parser and tracker"),
        ("worker", "run the calendar and Harvest syncers and the expirer"),
        ("web", "run the admin server"),
    ):
        sub.add_parser(name, help=help_text)

    health = sub.add_parser("health", help="exit 0 when a process's actors are running")
    health.add_argument("--process", required=True, help="all, bot, worker or web")
    health.add_argument(
        "--check",
        action="store_true",
        help="check the process's outside services now (one LLM call, Harvest reads);"
        " exit 1 on an error",
    )

    demo = sub.add_parser("demo", help="run everything against the sandbox services")
    demo.add_argument("--port", type=int, default=8000, help="port of the chat page and sandboxes")
    demo.add_argument("--admin-port", type=int, default=None, help="admin API port (port + 1)")

    parse = sub.add_parser("parse", help="parse leave messages and print JSON lines")
    from leavebot.parsing.command import add_arguments

    add_arguments(parse)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "parse":
        from leavebot.parsing.command import run as run_parse

        return run_parse(args)
    if args.command == "demo":
        from leavebot import logs
        from leavebot.demo import main as run_demo

        logs.configure("auto")
        return run_demo(args.port, args.admin_port)
    from leavebot.processes import run_health, run_process

    if args.command == "health":
        return run_health(args.process, check=args.check)

    return run_process(args.command, args)


if __name__ == "__main__":
    sys.exit(main())
