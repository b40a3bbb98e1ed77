"""Block Kit as the sandbox Slack checks it: validation, ids Slack fills in, buttons.

:func:`validate_blocks` answers the errors Slack's ``invalid_blocks`` would
list for the blocks leavebot uses (header, section, context, divider,
actions, image, rich_text; buttons and the common elements), with Slack's
``[json-pointer:/blocks/...]`` suffix. :func:`fill_ids` adds the ``block_id``
/ ``action_id`` Slack generates when a block or element has none;
:func:`find_button` finds a button a person can click; :func:`rich_text_block`
is the ``rich_text`` block Slack's clients attach to what a person types.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from typing import Any

from leavebot.sandbox.slack.model import JSON, MAX_BLOCKS


def rich_text_block(text: str) -> JSON:
    return {
        "type": "rich_text",
        "block_id": secrets.token_urlsafe(4)[:5],
        "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}],
    }


def find_button(blocks: Iterable[JSON], action_id: str) -> tuple[str, JSON] | None:
    for block in blocks:
        candidates: list[Any] = []
        if block.get("type") == "actions":
            candidates = list(block.get("elements") or [])
        elif block.get("type") == "section" and isinstance(block.get("accessory"), dict):
            candidates = [block["accessory"]]
        for element in candidates:
            if (
                isinstance(element, dict)
                and element.get("type") == "button"
                and element.get("action_id") == action_id
            ):
                return str(block.get("block_id", "")), element
    return None


def fill_ids(blocks: list[JSON]) -> list[JSON]:
    """Copy the blocks, adding a ``block_id`` / ``action_id`` where Slack would."""
    filled: list[JSON] = json.loads(json.dumps(blocks))
    for block in filled:
        block.setdefault("block_id", secrets.token_urlsafe(4)[:5])
        elements: list[Any] = []
        if block.get("type") == "actions":
            elements = block.get("elements") or []
        elif isinstance(block.get("accessory"), dict):
            elements = [block["accessory"]]
        for element in elements:
            if isinstance(element, dict) and element.get("type") != "image":
                element.setdefault("action_id", secrets.token_urlsafe(4)[:5])
    return filled


_BLOCK_TYPES = {"header", "section", "context", "divider", "actions", "image", "rich_text"}
_TEXT_TYPES = {"plain_text", "mrkdwn"}


def validate_blocks(blocks: list[Any], *, max_blocks: int = MAX_BLOCKS) -> list[str]:
    """The Block Kit errors Slack would answer for ``blocks`` (what leavebot uses);
    ``max_blocks``: 50 for a message, 100 for a view."""
    errors: list[str] = []

    def err(message: str, pointer: str) -> None:
        errors.append(f"{message} [json-pointer:{pointer}]")

    def text_obj(value: Any, pointer: str, *, plain: bool, max_len: int) -> None:
        if not isinstance(value, dict):
            err("must provide an object", pointer)
            return
        kind = value.get("type")
        if kind not in _TEXT_TYPES or (plain and kind != "plain_text"):
            err("must be a valid enum value", f"{pointer}/type")
        text = value.get("text")
        if not isinstance(text, str) or not text:
            err("must be more than 0 characters", f"{pointer}/text")
        elif len(text) > max_len:
            err(f"must be less than {max_len + 1} characters", f"{pointer}/text")

    def element(value: Any, pointer: str, action_ids: set[str]) -> None:
        if not isinstance(value, dict):
            err("must provide an object", pointer)
            return
        kind = value.get("type")
        if kind == "button":
            text_obj(value.get("text"), f"{pointer}/text", plain=True, max_len=75)
            style = value.get("style")
            if style is not None and style not in ("primary", "danger"):
                err("must be a valid enum value", f"{pointer}/style")
            v = value.get("value")
            if v is not None and (not isinstance(v, str) or len(v) > 2000):
                err("must be a string of at most 2000 characters", f"{pointer}/value")
        elif kind == "image":
            if not value.get("image_url") and not value.get("slack_file"):
                err("must provide image_url", f"{pointer}/image_url")
            return
        elif kind not in ("overflow", "static_select", "datepicker", "users_select"):
            err("must be a valid enum value", f"{pointer}/type")
            return
        action_id = value.get("action_id")
        if action_id is not None:
            if not isinstance(action_id, str) or not action_id or len(action_id) > 255:
                err("must be between 1 and 255 characters", f"{pointer}/action_id")
            elif action_id in action_ids:
                err("action_id already exists", f"{pointer}/action_id")
            else:
                action_ids.add(action_id)

    if len(blocks) > max_blocks:
        err(f"must be less than {max_blocks + 1} items", "/blocks")
    block_ids: set[str] = set()
    action_ids: set[str] = set()
    for i, block in enumerate(blocks):
        p = f"/blocks/{i}"
        if not isinstance(block, dict):
            err("must provide an object", p)
            continue
        kind = block.get("type")
        if kind not in _BLOCK_TYPES:
            err("must be a valid enum value", f"{p}/type")
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or not block_id or len(block_id) > 255:
                err("must be between 1 and 255 characters", f"{p}/block_id")
            elif block_id in block_ids:
                err("block_id already exists", f"{p}/block_id")
            else:
                block_ids.add(block_id)
        if kind == "header":
            text_obj(block.get("text"), f"{p}/text", plain=True, max_len=150)
        elif kind == "section":
            if "text" not in block and "fields" not in block:
                err("must provide text or fields", p)
            if "text" in block:
                text_obj(block["text"], f"{p}/text", plain=False, max_len=3000)
            if "fields" in block:
                fields = block["fields"]
                if not isinstance(fields, list) or not 1 <= len(fields) <= 10:
                    err("must provide 1 to 10 fields", f"{p}/fields")
                else:
                    for j, f in enumerate(fields):
                        text_obj(f, f"{p}/fields/{j}", plain=False, max_len=2000)
            if "accessory" in block:
                element(block["accessory"], f"{p}/accessory", action_ids)
        elif kind == "context":
            elements = block.get("elements")
            if not isinstance(elements, list) or not 1 <= len(elements) <= 10:
                err("must provide 1 to 10 elements", f"{p}/elements")
            else:
                for j, e in enumerate(elements):
                    if isinstance(e, dict) and e.get("type") == "image":
                        element(e, f"{p}/elements/{j}", action_ids)
                    else:
                        text_obj(e, f"{p}/elements/{j}", plain=False, max_len=3000)
        elif kind == "actions":
            elements = block.get("elements")
            if not isinstance(elements, list) or not 1 <= len(elements) <= 25:
                err("must provide 1 to 25 elements", f"{p}/elements")
            else:
                for j, e in enumerate(elements):
                    element(e, f"{p}/elements/{j}", action_ids)
        elif kind == "image":
            if not block.get("image_url") and not block.get("slack_file"):
                err("must provide image_url", f"{p}/image_url")
            if not isinstance(block.get("alt_text"), str):
                err("must provide alt_text", f"{p}/alt_text")
    return errors
