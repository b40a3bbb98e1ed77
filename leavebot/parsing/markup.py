"""Slack message markup to plain text.

Owns one job: turn the ``mrkdwn`` text Slack sends (``<@U123>``,
``<#C1|leave>``, ``<!here>``, ``<https://x|label>``, ``*bold*``, ``_it_``,
``~strike~``, code spans, ``&amp;`` escapes, ``:emoji:`` codes) into the plain
text a person reads. The rules parser and the Slack listener both use it.
It never raises, whatever the input.
"""

from __future__ import annotations

import re

# <...> entities: users, channels, special mentions, links, dates.
_ANGLE = re.compile(r"<([^<>\n]{1,500})>")
# Emphasis markers around a run of text: *bold*, _italic_, ~strike~.
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]{1,500}?)(?<=\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]{1,500}?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"(?<![\w~])~(?=\S)([^~\n]{1,500}?)(?<=\S)~(?![\w~])")
_CODE_BLOCK = re.compile(r"```(.{0,5000}?)```", re.DOTALL)
_CODE = re.compile(r"`([^`\n]{1,500})`")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def _angle(match: re.Match[str]) -> str:
    body = match.group(1)
    target, _, label = body.partition("|")
    if target.startswith("@"):
        return "@" + (label.lstrip("@") if label else "user")
    if target.startswith("#"):
        return "#" + (label if label else "channel")
    if target.startswith("!"):
        special = target[1:]
        if label:
            return label
        if special.startswith("subteam"):
            return "@team"
        if special.startswith("date"):
            return ""
        return "@" + special
    return label if label else target


def slack_to_text(text: str, *, keep_struck: bool = True) -> str:
    """The plain text of a Slack message.

    Mentions become ``@name`` (``@user`` when Slack gave no name), channels
    ``#name``, links their label (or the URL), emphasis and code markers are
    dropped, and the three HTML escapes Slack uses are undone. With
    ``keep_struck=False`` struck-through text (``~Friday~``) is removed, since
    its author has taken it back.
    """
    if not text:
        return ""
    out = text
    if "`" in out:
        out = _CODE_BLOCK.sub(lambda m: m.group(1), out)
        out = _CODE.sub(lambda m: m.group(1), out)
    if "<" in out:
        out = _ANGLE.sub(_angle, out)
    if "~" in out:
        out = _STRIKE.sub((lambda m: m.group(1)) if keep_struck else (lambda m: " "), out)
    if "*" in out:
        out = _BOLD.sub(lambda m: m.group(1), out)
    if "_" in out:
        out = _ITALIC.sub(lambda m: m.group(1), out)
    if "&" in out:
        for escaped, plain in _ENTITIES:
            out = out.replace(escaped, plain)
    return out
