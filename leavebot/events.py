"""Every event name leavebot logs, with the fields each one carries.

This is the reference of the JSON log stream (``docs/operations.md`` points
here). Besides its own fields, every line carries ``event``, ``level`` and
``timestamp``, and whatever context was bound where it was logged:
``actor``, ``message_id`` and ``message_kind`` (a handled channel message),
``request_id``, ``supervisor``. A test reads the code and fails when it logs
a name that is not listed here, or a field an event does not declare.
"""

from __future__ import annotations

from typing import NamedTuple


class Event(NamedTuple):
    """What a log event means, and the fields it may carry."""

    meaning: str
    fields: tuple[str, ...] = ()


CONTEXT_FIELDS: tuple[str, ...] = (
    "actor",
    "message_id",
    "message_kind",
    "request_id",
    "supervisor",
)
"""Bound context that any event may carry."""

EVENTS: dict[str, Event] = {
    "admin.leave_cancel_queued": Event(
        "an admin cancelled a leave; deletes were queued", ("by", "days", "request_id")
    ),
    "admin.leave_retried": Event(
        "an admin retried a leave's failed days (skipped: failed days another request's "
        "live day shares a half-day with, left alone)",
        ("by", "days", "request_id", "skipped", "targets"),
    ),
    "admin.bad_http_request": Event(
        "a request the HTTP parser refused (answered 400 in JSON)", ("error", "status")
    ),
    "admin.listening": Event("the admin server is listening", ("host", "port")),
    "admin.unhandled_error": Event(
        "an admin request failed unexpectedly (answered 500)", ("method", "path")
    ),
    "admin.user_created": Event("an admin registered a person", ("by", "user_id")),
    "admin.user_deactivated": Event(
        "an admin deactivated a person; their pending requests (expired) expired",
        ("by", "expired", "user_id"),
    ),
    "admin.user_updated": Event("an admin changed a person", ("by", "fields", "user_id")),
    "admin.users_imported": Event("people were imported from Slack and Harvest", ("by",)),
    "calendar.call_failed": Event("a Calendar API call failed", ("error", "status")),
    "calendar.call_retry": Event(
        "a Calendar call is retried after a rate limit or a dropped connection", ("error", "wait_s")
    ),
    "calendar.days_already_synced": Event(
        "a redelivered message found its days already synced", ("count",)
    ),
    "calendar.days_recorded_elsewhere": Event("days already point at another event", ("event_id",)),
    "calendar.delete_failed": Event(
        "deleting an event failed; the days keep their state", ("error",)
    ),
    "calendar.event_already_gone": Event("an event to delete was already deleted (counts as done)"),
    "calendar.event_created": Event("an event was created"),
    "calendar.event_deleted": Event("an event was deleted"),
    "calendar.event_exists": Event("an insert answered 409 and the event is ours (taken as done)"),
    "calendar.event_id_taken": Event(
        "an event id is taken by an event that is not ours or was deleted"
    ),
    "calendar.event_patched": Event("our existing event was brought up to date"),
    "calendar.event_split": Event(
        "a multi-day event was split after part of it was cancelled",
        ("days", "new_event_id", "old_event_id"),
    ),
    "calendar.insert_resent": Event(
        "an insert got no answer and the event was not there: it is sent once more",
        ("error", "event_id"),
    ),
    "calendar.nothing_to_delete": Event("a cancel found no event for its days", ("days",)),
    "calendar.orphan_removed": Event(
        "an event made for days cancelled meanwhile was removed", ("event_id", "ok")
    ),
    "calendar.results_changed_meanwhile": Event(
        "a day stopped being pending while its event was made (a cancel ran): the message"
        " is finished from what the database says"
    ),
    "calendar.rest_of_deleted_event": Event(
        "days of an event someone deleted by hand are marked failed", ("days", "event_id")
    ),
    "calendar.sync_done": Event("the calendar syncer finished a message", ("failures", "ok")),
    "calendar.sync_failed": Event("a day could not be synced to Calendar", ("error",)),
    "calendar.unexpected_message": Event(
        "the calendar syncer got a message it does not handle", ("actor", "kind")
    ),
    "channel.claim_lost": Event(
        "an ack found its claim taken over (the message is redelivered)", ("actor", "message_id")
    ),
    "channel.claims_recovered": Event(
        "claims of a dead process were handed back", ("actor", "count")
    ),
    "channel.database_unavailable": Event(
        "the database did not answer; the actor waits and tries again", ("error", "retry_in_s")
    ),
    "channel.handler_failed": Event(
        "a handler raised; the message comes back", ("attempts", "error")
    ),
    "channel.message_dead": Event(
        "a message failed too often and was set aside", ("attempts", "error")
    ),
    "channel.message_unreadable": Event(
        "a mailbox row holds no known message; it was set aside", ("kind", "message_id")
    ),
    "config.changed": Event("an admin changed a runtime setting", ("by", "key")),
    "db.after_commit_failed": Event("an after-commit callback raised"),
    "db.embedded_started": Event("the embedded Postgres is running", ("data_dir",)),
    "db.listen_failed": Event(
        "a LISTEN connection could not be made; it is tried again (the mailbox's: inboxes"
        " poll meanwhile; the admin page cache's: the list is served uncached)",
        ("channel", "error"),
    ),
    "db.listen_lost": Event("a LISTEN connection dropped; it reconnects", ("channel",)),
    "db.waiting": Event(
        "a process starting found Postgres not answering yet; it tries again",
        ("error", "retry_in_s", "step"),
    ),
    "db.migration_lock_cleared": Event(
        "a migration lock left by a process killed while migrating was cleared"
    ),
    "db.listening": Event(
        "a LISTEN connection is up (leavebot_mailbox: sends from other processes wake"
        " inboxes; leavebot_admin_data: the admin page cache is in use)",
        ("channel",),
    ),
    "db.migrated": Event("migrations were applied", ("applied",)),
    "demo.stopped": Event("the demo stopped"),
    "demo.clock_moved": Event("the demo's clock was moved", ("now", "to")),
    "digest.database_unavailable": Event(
        "the database did not answer the digest; it looks again shortly", ("error",)
    ),
    "digest.empty": Event(
        "nobody is out today or later this week; admins chose no post", ("day", "posted")
    ),
    "digest.found_posted": Event(
        "a digest post made by an earlier holder of the date was found; no second post",
        ("channel", "day", "ts"),
    ),
    "digest.post_failed": Event(
        "the digest could not be posted; it is tried again until the morning is over",
        ("error",),
    ),
    "digest.posted": Event(
        "the morning who's-out post was made",
        ("channel", "day", "later", "today", "ts", "zone"),
    ),
    "digest.skipped": Event(
        "a date's digest was not posted: the morning was over before it could be",
        ("day", "reason"),
    ),
    "expirer.database_unavailable": Event(
        "the database did not answer an expiry check; it runs again next tick", ("error",)
    ),
    "expirer.pruned": Event(
        "old handled messages and Slack event ids were forgotten", ("event_ids", "messages")
    ),
    "harvest.company_read": Event(
        "the Harvest account's settings were read (once per start): how entries are made",
        ("clock", "timestamp_timers"),
    ),
    "harvest.explain_failed": Event(
        "a refused request could not be explained (the assignments could not be read)",
        ("error",),
    ),
    "harvest.timer_left_running": Event(
        "an entry came back as a running timer and could not be stopped", ("entry_id", "error")
    ),
    "harvest.timer_stopped": Event(
        "an entry came back as a running timer and was stopped at once", ("entry_id",)
    ),
    "harvest.connection_dropped": Event(
        "a Harvest connection dropped before any answer", ("method", "retrying")
    ),
    "harvest.create_resent": Event(
        "a create whose answer was lost is sent again after a lookup found nothing", ("reason",)
    ),
    "harvest.entries_duplicated": Event(
        "a lookup found more than one entry for a day", ("entry_ids",)
    ),
    "harvest.entry_created": Event(
        "a Harvest time entry was created", ("entry_id", "hours", "task_id")
    ),
    "harvest.entry_deleted": Event(
        "a Harvest time entry was deleted (or was already gone)", ("already_gone", "entry_id")
    ),
    "harvest.entry_exists": Event("a lookup found the day's entry (taken as done)", ("entry_id",)),
    "harvest.rate_limited": Event(
        "Harvest answered 429; waiting as told", ("method", "retry", "retry_after_s")
    ),
    "harvest.sync_done": Event(
        "the Harvest syncer finished a message",
        ("config_problem", "days", "failed", "ok", "operation", "skipped"),
    ),
    "harvest.sync_failed": Event("a day could not be synced to Harvest", ("error", "operation")),
    "harvest.sync_skipped": Event(
        "Harvest was skipped for a person (no Harvest user)", ("reason",)
    ),
    "harvest.unexpected_message": Event(
        "the Harvest syncer got a message it does not handle", ("actor", "kind")
    ),
    "heartbeat.write_failed": Event("a heartbeat could not be stored", ("error",)),
    "leave.booking_collided": Event(
        "a Confirm's booking of these dates collided with one committed meanwhile; they are "
        "looked at again (migration 0008's slot indexes decide)",
        ("dates", "request_id"),
    ),
    "home.published": Event(
        "a person's Home tab was published", ("blocks", "ms", "registered", "user")
    ),
    "home.unexpected_message": Event("the home actor got a message it does not handle", ("kind",)),
    "leave.cancel_incomplete": Event(
        "a confirmed cancel did not reach both targets; its days are failed", ("days",)
    ),
    "leave.booking_kept_after_deletion": Event(
        "the message behind booked leave was deleted; the leave stays and the thread says how "
        "to cancel it",
        ("days",),
    ),
    "leave.cancelled_by_author": Event("the author pressed Cancel on a prompt"),
    "leave.cancelled_by_deletion": Event(
        "a pending request ended because its message was deleted", ("request_id",)
    ),
    "leave.change_removed": Event(
        "a confirmed change's removals are done; its additions are booked next", ("state",)
    ),
    "leave.click_by_stranger": Event("someone else pressed a request's button", ("author",)),
    "leave.click_by_inactive": Event(
        "a deactivated person pressed their request's button: refused, the request expired"
        " if it still waited",
        ("expired",),
    ),
    "leave.click_not_pending": Event(
        "a button was pressed on a request no longer pending", ("request_id", "status")
    ),
    "leave.click_unknown_request": Event("a button names no request of that message"),
    "leave.completed": Event(
        "both syncs reported; the request is completed", ("request_id", "state")
    ),
    "leave.confirmed": Event("the author pressed Confirm", ("intent",)),
    "leave.expired": Event("a pending request expired; its buttons were removed", ("request_id",)),
    "leave.overlaps_pending": Event(
        "a new prompt shares half-days with the author's other pending requests; their "
        "prompts are shown again to name it",
        ("requests",),
    ),
    "leave.home_cancel_refused": Event(
        "a Cancel pressed in the Home tab named no booked leave of that person to cancel",
        ("request_id", "user"),
    ),
    "leave.processing": Event("a syncer started on a confirmed request"),
    "leave.prompted": Event(
        "the bot posted a request's prompt", ("conflicts", "days", "intent", "prompt_ts")
    ),
    "leave.requests_expired": Event("the expirer expired pending requests", ("actor", "count")),
    "leave.slots_taken": Event(
        "a Confirm found half-days already booked and skipped them (the prompt says which)",
        ("booked", "held_by", "request_id", "slots"),
    ),
    "leave.superseded": Event(
        "a newer message in a thread, or an edit, replaced a pending request",
        ("old_request_id",),
    ),
    "leave.unchanged": Event(
        "an edit or a reply asks for what the pending request already holds (kept as it is)",
        ("reason",),
    ),
    "leave.withdrawn": Event(
        "an edit or a reply left nothing to ask for; the pending request was cancelled",
        ("reason", "requests"),
    ),
    "parse.asked_for_change": Event(
        "a reply spoke of changing the author's leave but could not be read; the bot asked"
    ),
    "parse.asked_for_dates": Event("the bot asked for dates in the thread"),
    "parse.asked_which_day": Event(
        "a part of a day was asked for a request of several days: the bot asked which",
        ("portion",),
    ),
    "parse.cancel_without_dates": Event("a cancel without dates got the person's upcoming leave"),
    "parse.edit": Event(
        "an edited message is read again (kind: message or reply)", ("action", "kind", "ts")
    ),
    "parse.non_working_days": Event(
        "a request named only non-working days (each listed with why)", ("dropped",)
    ),
    "parse.not_leave": Event("a message is not a leave request (the bot stays silent)"),
    "parse.unsure_ignored": Event(
        "no parser could read a message that is not clearly the author's own leave "
        "(the bot stays silent)"
    ),
    "parse.beyond_limits": Event(
        "a request broke a hard limit; the bot said which (too_many_days, too_far_ahead, "
        "too_far_back)",
        ("limit",),
    ),
    "parse.refinement": Event(
        "a reply was read as a change to its author's leave in the thread", ("days", "how")
    ),
    "parse.reply_by_someone_else": Event(
        "a reply would change the thread author's leave but came from someone else; they "
        "were told privately",
        ("event_id",),
    ),
    "parse.request": Event("a message was read as a request and sent to the tracker", ("days",)),
    "parser.unexpected_message": Event("the parser got a message it does not handle", ("kind",)),
    "process.failed": Event("a process stopped on an error", ("error", "role")),
    "process.ready": Event("every actor of a process is ready", ("role",)),
    "process.stopped": Event("a process stopped cleanly", ("role",)),
    "process.stopping": Event("a process got SIGTERM or SIGINT", ("role", "signal")),
    "service_check.done": Event(
        "a start-up check of an outside service finished (status ok, warning or error)",
        ("findings", "service", "status"),
    ),
    "service_check.error": Event(
        "a start-up check found what will fail (e.g. the model refuses a parameter)",
        ("code", "detail", "service"),
    ),
    "service_check.failed": Event("a start-up check could not run", ("error", "service")),
    "service_check.warning": Event(
        "a start-up check found what may fail (e.g. the Harvest token cannot log time for"
        " others, the leave project is missing)",
        ("code", "detail", "service"),
    ),
    "slack.action_malformed": Event("a button payload could not be read", ("user",)),
    "slack.author_not_registered": Event(
        "a message came from someone not registered", ("event_id", "user")
    ),
    "slack.catchup_done": Event(
        "a catch-up read the leave channel for messages never delivered (after a (re)connect"
        " or an event not stored) and fed them to the listener",
        (
            "calls",
            "channel",
            "duration_ms",
            "ignored",
            "read",
            "reason",
            "seen",
            "since",
            "stored",
            "threads",
        ),
    ),
    "slack.catchup_failed": Event(
        "a catch-up could not finish; it is tried again",
        ("channel", "error", "reason", "retry_in_s"),
    ),
    "slack.catchup_skipped": Event(
        "no catch-up: the listener starts listening to the channel now (nothing before is read)",
        ("channel", "reason"),
    ),
    "slack.click_stored": Event(
        "a button press was stored and acknowledged", ("action", "request_id", "user")
    ),
    "slack.connected": Event("Socket Mode is connected", ("actor", "channel")),
    "slack.disconnected": Event("Socket Mode was closed", ("actor",)),
    "slack.deletion_stored": Event(
        "a person deleted a message that made a request; stored and acknowledged",
        ("event_id", "ts"),
    ),
    "slack.edit_stored": Event(
        "a person's edit of a message was stored and acknowledged", ("event_id", "ts", "user")
    ),
    "slack.event_duplicate": Event(
        "a message taken before (same channel and ts, or event id) was dropped", ("event_id",)
    ),
    "slack.home_opened_stored": Event(
        "a person opened the app's Home tab; stored for the home actor", ("event_id", "user")
    ),
    "slack.message_stored": Event(
        "a leave-channel message was stored and acknowledged (caught_up: read back by a"
        " catch-up, not delivered)",
        ("caught_up", "event_id", "subtype", "user"),
    ),
    "slack.not_registered_noted": Event("the not-registered note was sent", ("user",)),
    "slack.note_failed": Event("a private note could not be sent", ("error",)),
    "slack.prompt_gone": Event(
        "a prompt could not be edited: it was deleted in Slack (the request is unchanged)",
        ("request_id",),
    ),
    "slack.store_failed": Event(
        "an event could not be stored (database unavailable); Slack delivers it again",
        ("error",),
    ),
    "slack.listener_failed": Event(
        "a Slack handler raised; the envelope is not acknowledged", ("error",)
    ),
    "slack.timezone_lookup_failed": Event(
        "a person's Slack time zone could not be read", ("error", "user")
    ),
    "supervisor.child_crashed": Event(
        "an actor raised; it is restarted by its policy", ("during_start", "error", "restart")
    ),
    "supervisor.child_exited": Event("an actor returned", ("restart",)),
    "supervisor.child_kill_timeout": Event(
        "an actor did not stop within its shutdown timeout", ("shutdown_timeout_s",)
    ),
    "supervisor.child_restarting": Event(
        "an actor is restarted after a backoff", ("attempt", "backoff_s")
    ),
    "supervisor.child_started": Event("an actor reported ready", ("restarts",)),
    "supervisor.child_stop_error": Event("an actor raised while stopping", ("error",)),
    "supervisor.child_stopped": Event("an actor stopped", ("after_timeout",)),
    "supervisor.report_failed": Event("the health report callback raised", ("error", "supervisor")),
    "supervisor.restart_limit": Event(
        "an actor crashed too often; the supervisor gives up",
        ("max_restarts", "restarts", "within_s"),
    ),
    "supervisor.start_failed": Event("an actor failed before reporting ready", ("error",)),
    "tracker.author_inactive": Event(
        "a message of a person deactivated after it was taken in: not made a request", ("user",)
    ),
    "tracker.author_unknown": Event("the tracker got a request from an unknown person", ("user",)),
    "tracker.unexpected_message": Event("the tracker got a message it does not handle", ("kind",)),
}
