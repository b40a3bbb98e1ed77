"""A sandbox Slack: Web API, Socket Mode server and a chat page, in one aiohttp app.

The real ``slack_sdk`` / ``slack_bolt`` clients talk to it over real sockets and
cannot tell it from Slack for what leavebot uses. Tests and ``leave-bot demo``
run the production client code unchanged; only the base URL and the tokens
differ.

One workspace (team ``T0SANDBOX``), the leave channel (``#leave``,
``C0LEAVE01``) and another public channel (``#general``, ``C0GENERAL1``, where
a digest may be posted), a list of people (:class:`SandboxUser`), the app's bot user
(``U0LEAVEBOT`` / bot ``B0LEAVEBOT`` / app ``A0LEAVEBOT``) and Slackbot
(``USLACKBOT``, which Slack lists as a member with ``is_bot`` false). All state
lives in one :class:`SlackSandbox` object, in memory, on one event loop.

One concept per module:

* :mod:`~leavebot.sandbox.slack.model` -- ids, people, messages, deliveries,
  errors, Slack's text and ``ts`` conventions;
* :mod:`~leavebot.sandbox.slack.state` -- the workspace state and how Slack
  renders it (messages, events, users);
* :mod:`~leavebot.sandbox.slack.blocks` -- Block Kit validation;
* :mod:`~leavebot.sandbox.slack.web_api` -- ``/api/{method}``;
* :mod:`~leavebot.sandbox.slack.socket_mode` -- ``/socket``, deliveries, acks
  and retries;
* :mod:`~leavebot.sandbox.slack.interactivity` -- button clicks and their
  ``response_url``;
* :mod:`~leavebot.sandbox.slack.home` -- the app's Home tab: ``views.publish``,
  ``app_home_opened`` and clicks in a Home view;
* :mod:`~leavebot.sandbox.slack.control` -- the ``/sandbox/slack/...`` control
  API and the chat page (``/``, ``/archives/{channel}/p{ts}`` permalinks);
* :mod:`~leavebot.sandbox.slack.sandbox` -- :class:`SlackSandbox`, which puts
  them together on the :class:`~leavebot.sandbox.common.HttpSandbox`
  lifecycle, and its Python control API.

Events, as Slack sends them to an app subscribed to ``message.channels``
(a public channel) or ``message.groups`` (a private one):
a person's message (``user``, ``client_msg_id``, ``blocks`` with
``rich_text``); what a person writes with a subtype -- a reply sent with
"Also send to channel" (``subtype: thread_broadcast``, with ``thread_ts``
and ``root``) and a message with files (``subtype: file_share``, with
``files`` and ``upload: false``), both carrying ``user`` and ``text``; the
app's own messages (``bot_id``, ``app_id``, ``user`` = the bot user,
``bot_profile``, no subtype -- a modern app's messages carry no
``bot_message`` subtype); ``message_changed`` for every edit (the bot's
``chat.update`` too), ``message_deleted`` for deletions, ``channel_join``,
``channel_topic``, and a legacy integration's message (``subtype:
bot_message``, ``bot_id: B0OTHERBOT``). Ephemeral messages are never events.

What it copies from Slack, and where Slack says so:

* message subtypes: https://docs.slack.dev/reference/events/message (the
  ``thread_broadcast``, ``file_share``, ``bot_message``, ``channel_join``,
  ``channel_topic`` pages); ``conversations.history`` lists a
  ``thread_broadcast`` among the channel's messages, ``conversations.replies``
  in its thread;
* a private channel: its events come from the ``message.groups``
  subscription with ``channel_type: "group"``, and need ``groups:history``
  (https://docs.slack.dev/reference/events/message.groups); reading it
  (``conversations.history`` / ``.replies``) needs ``groups:history`` too,
  else ``{"ok": false, "error": "missing_scope", "needed", "provided"}``
  (the methods' reference pages; the Web API's error shape). A channel made
  private keeps its id. The app's grants are ``scopes`` and ``bot_events``:
  an event the app is not subscribed to, or lacks the scope for, is not sent;
* delivery, retries and giving up: https://docs.slack.dev/apis/events-api/
  (see :mod:`~leavebot.sandbox.slack.socket_mode`);
* rate limits: https://docs.slack.dev/apis/web-api/rate-limits (an injected
  429 carries ``Retry-After``).

Edits and deletions, as Slack documents and delivers them
(https://docs.slack.dev/reference/events/message/message_changed/,
https://docs.slack.dev/reference/events/message/message_deleted/, and the
payloads of slack-bolt's own tests, ``tests/scenario_tests/test_message_changed.py``
and ``test_message_deleted.py`` in slackapi/bolt-python):

* an edit, a person's or the app's own ``chat.update``, is ``message_changed``
  with ``hidden: true``, the event's own ``ts`` / ``event_ts`` (the edit's
  time), ``message`` (the message as it is now, with its original ``ts``, its
  ``thread_ts`` in a thread, and ``edited: {user, ts}``, that ts in whole
  seconds) and ``previous_message`` (as it was); an edit of the app's message
  carries its ``bot_id``, ``app_id`` and ``bot_profile`` inside ``message``,
  never at the event's top level;
* a deletion is ``message_deleted`` with ``hidden: true``, ``deleted_ts`` and
  ``previous_message``; except that a thread's first message that has replies
  becomes a tombstone, for which Slack sends ``message_changed`` whose
  ``message`` has ``subtype: tombstone``, ``user: USLACKBOT``, ``text: "This
  message was deleted."`` and the thread's reply fields (as reported by apps
  that met it: matterbridge issue 600, openclaw pull request 22035).

Lifecycle: standalone, ``await sandbox.start()`` binds its own app on
``127.0.0.1`` and a free port (returning the Web API URL), ``await
sandbox.stop()`` closes it (or ``async with SlackSandbox() as sandbox``). A
composite sandbox calls ``sandbox.attach(app)`` (routes + startup/shutdown
hooks) and, once bound, ``sandbox.set_base_url("http://host:port")``;
``info()`` describes the sandbox for a ``GET /sandbox`` page.
``python -m leavebot.sandbox.slack [--port N]`` serves one until interrupted.
"""

from leavebot.sandbox.slack.control import STATIC_DIR
from leavebot.sandbox.slack.model import (
    APP_ID,
    BOT_ID,
    BOT_NAME,
    BOT_USER_ID,
    CHANNEL_ID,
    CHANNEL_NAME,
    DEFAULT_APP_TOKEN,
    DEFAULT_BOT_TOKEN,
    DEFAULT_USERS,
    JSON,
    MAX_BLOCKS,
    OTHER_BOT_ID,
    OTHER_BOT_NAME,
    OTHER_CHANNELS,
    SCOPES,
    SLACKBOT_ID,
    TEAM_DOMAIN,
    TEAM_ID,
    VERIFICATION_TOKEN,
    Ack,
    ApiCall,
    ControlError,
    Delivery,
    SandboxMessage,
    SandboxUser,
    SlackApiFailure,
    slack_escape,
)
from leavebot.sandbox.slack.sandbox import SlackSandbox, serve_slack

__all__ = [
    "APP_ID",
    "BOT_ID",
    "BOT_NAME",
    "BOT_USER_ID",
    "CHANNEL_ID",
    "CHANNEL_NAME",
    "DEFAULT_APP_TOKEN",
    "DEFAULT_BOT_TOKEN",
    "DEFAULT_USERS",
    "JSON",
    "MAX_BLOCKS",
    "OTHER_BOT_ID",
    "OTHER_BOT_NAME",
    "OTHER_CHANNELS",
    "SCOPES",
    "SLACKBOT_ID",
    "STATIC_DIR",
    "TEAM_DOMAIN",
    "TEAM_ID",
    "VERIFICATION_TOKEN",
    "Ack",
    "ApiCall",
    "ControlError",
    "Delivery",
    "SandboxMessage",
    "SandboxUser",
    "SlackApiFailure",
    "SlackSandbox",
    "serve_slack",
    "slack_escape",
]
