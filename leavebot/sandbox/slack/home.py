"""The app's Home tab in the sandbox Slack: ``views.publish``, ``app_home_opened``, clicks.

:class:`HomeTabs` keeps each person's published Home view and serves:

* ``views.publish`` (Web API, bot token): ``user_id`` and ``view`` (an object
  or its JSON string) are required, ``hash`` is optional. Checked as Slack
  checks a Home view (docs.slack.dev/reference/methods/views.publish and
  docs.slack.dev/reference/views/home-tab-views): ``type`` must be ``home``;
  ``blocks`` is required, at most 100 of them, each with the same limits as
  in a message (:func:`~leavebot.sandbox.slack.blocks.validate_blocks`:
  section text 3,000 characters, header 150, button text 75, unique block and
  action ids...); ``private_metadata`` at most 3,000 characters,
  ``callback_id`` at most 255; ``external_id`` unique in the team
  (``duplicate_external_id``); the whole view at most 250 kB
  (``view_too_large``). A bad view is ``invalid_arguments`` with Slack's
  ``response_metadata.messages`` (``[ERROR] ... [json-pointer:/view/...]``);
  an unknown person ``user_not_found``; a ``hash`` that is not the current
  view's ``hash_conflict``. The answer is the stored view (``id``, ``hash``,
  ``state``, the ids Slack fills in...).
* ``app_home_opened`` (:meth:`HomeTabs.open`): the event Slack sends when a
  person opens the app's Home (or Messages) tab, over Socket Mode, with the
  current ``view`` once one was published (docs.slack.dev/reference/events/
  app_home_opened).
* a click on a button of a Home view (:meth:`HomeTabs.click`): a
  ``block_actions`` payload whose ``container`` is ``{"type": "view",
  "view_id"}`` with the ``view``, and no channel or message.
"""

from __future__ import annotations

import json
import secrets
import time
from typing import Any

from aiohttp import web

from leavebot.sandbox.slack.blocks import fill_ids, find_button, validate_blocks
from leavebot.sandbox.slack.interactivity import block_actions
from leavebot.sandbox.slack.model import (
    APP_ID,
    BOT_ID,
    JSON,
    TEAM_ID,
    ControlError,
    Delivery,
    SlackApiFailure,
    ts_string,
)
from leavebot.sandbox.slack.socket_mode import SocketModeServer
from leavebot.sandbox.slack.state import Workspace
from leavebot.sandbox.slack.web_api import arg_str

MAX_VIEW_BLOCKS = 100
MAX_PRIVATE_METADATA = 3000
MAX_CALLBACK_ID = 255
MAX_VIEW_BYTES = 250_000


def _invalid(messages: list[str]) -> SlackApiFailure:
    return SlackApiFailure(
        "invalid_arguments", response_metadata={"messages": [f"[ERROR] {m}" for m in messages]}
    )


def check_home_view(view: Any) -> list[str]:
    """What Slack would refuse in a Home view (empty when it is fine)."""
    if not isinstance(view, dict):
        return ["must provide an object [json-pointer:/view]"]
    errors: list[str] = []
    if view.get("type") != "home":
        errors.append("must be a valid enum value [json-pointer:/view/type]")
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        errors.append("must provide an array [json-pointer:/view/blocks]")
    else:
        errors.extend(
            e.replace("[json-pointer:/blocks", "[json-pointer:/view/blocks")
            for e in validate_blocks(blocks, max_blocks=MAX_VIEW_BLOCKS)
        )
    for field, limit in (
        ("private_metadata", MAX_PRIVATE_METADATA),
        ("callback_id", MAX_CALLBACK_ID),
        ("external_id", MAX_CALLBACK_ID),
    ):
        value = view.get(field)
        if value is None:
            continue
        if not isinstance(value, str):
            errors.append(f"must be a string [json-pointer:/view/{field}]")
        elif len(value) > limit:
            errors.append(f"must be less than {limit + 1} characters [json-pointer:/view/{field}]")
    return errors


class HomeTabs:
    """Each person's published Home view, and what happens around it."""

    def __init__(self, workspace: Workspace, socket: SocketModeServer) -> None:
        self.workspace = workspace
        self.socket = socket
        self.views: dict[str, JSON] = {}
        self.publishes: list[tuple[str, float]] = []

    def reset(self) -> None:
        self.views.clear()
        self.publishes.clear()

    # -- Web API -------------------------------------------------------------

    def views_publish(self, args: JSON, request: web.Request) -> JSON:
        """``views.publish``: store ``view`` as the Home tab of ``user_id``."""
        user_id = arg_str(args, "user_id")
        raw = args.get("view")
        if not user_id or raw is None or raw == "":
            raise SlackApiFailure("invalid_arguments")
        person = self.workspace.user_or_none(user_id)
        if person is None or person.deleted or person.is_bot:
            raise SlackApiFailure("user_not_found")
        if isinstance(raw, str):
            if len(raw.encode()) > MAX_VIEW_BYTES:
                raise SlackApiFailure("view_too_large")
            try:
                view = json.loads(raw)
            except ValueError:
                raise _invalid(["invalid json [json-pointer:/view]"]) from None
        else:
            view = raw
            if len(json.dumps(view).encode()) > MAX_VIEW_BYTES:
                raise SlackApiFailure("view_too_large")
        errors = check_home_view(view)
        if errors:
            raise _invalid(errors)
        current = self.views.get(person.id)
        given_hash = arg_str(args, "hash")
        if given_hash and (current is None or current["hash"] != given_hash):
            raise SlackApiFailure("hash_conflict")
        external = view.get("external_id")
        if external:
            for owner, other in self.views.items():
                if owner != person.id and other.get("external_id") == external:
                    raise SlackApiFailure("duplicate_external_id")
        view_id = current["id"] if current is not None else "V" + secrets.token_hex(5).upper()
        stored: JSON = {
            "id": view_id,
            "team_id": TEAM_ID,
            "type": "home",
            "blocks": fill_ids(view["blocks"]),
            "private_metadata": view.get("private_metadata") or "",
            "callback_id": view.get("callback_id") or "",
            "state": {"values": {}},
            "hash": f"{time.time():.6f}.{secrets.token_hex(4)}",
            "clear_on_close": False,
            "notify_on_close": False,
            "close": None,
            "submit": None,
            "previous_view_id": None,
            "root_view_id": view_id,
            "app_id": APP_ID,
            "external_id": external or "",
            "app_installed_team_id": TEAM_ID,
            "bot_id": BOT_ID,
        }
        self.views[person.id] = stored
        self.publishes.append((person.id, time.time()))
        self.workspace.notify()
        return {"view": stored}

    # -- what people do --------------------------------------------------------

    def open(self, user: str, tab: str = "home") -> Delivery:
        """``user`` opens the app's Home (or Messages) tab: ``app_home_opened``."""
        if tab not in ("home", "messages"):
            raise ControlError('tab must be "home" or "messages"')
        person = self.workspace.person(user)
        event: JSON = {
            "type": "app_home_opened",
            "user": person.id,
            "channel": "D" + person.id[1:],
            "tab": tab,
            "event_ts": ts_string(time.time_ns() // 1000),
        }
        current = self.views.get(person.id)
        if tab == "home" and current is not None:
            event["view"] = current
        delivery = self.socket.deliver_event(event)
        if delivery is None:
            raise ControlError("the app is not subscribed to app_home_opened (its bot_events)")
        return delivery

    def click(self, user: str, action_id: str) -> Delivery:
        """``user`` presses a button of their Home view: a ``block_actions`` delivery."""
        person = self.workspace.person(user)
        view = self.views.get(person.id)
        if view is None:
            raise ControlError(f"{person.id} has no Home view yet")
        found = find_button(view["blocks"], action_id)
        if found is None:
            raise ControlError(f"the Home view of {person.id} has no button {action_id}")
        block_id, element = found
        container = {"type": "view", "view_id": view["id"]}
        payload = block_actions(person, block_id, element, container, view=view)
        return self.socket.enqueue("interactive", payload)

    def view(self, user: str) -> JSON | None:
        """The Home view ``user`` sees now (None before any was published)."""
        return self.views.get(self.workspace.person(user).id)
