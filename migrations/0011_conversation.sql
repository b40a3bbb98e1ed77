-- The conversation as people have it (issue 15): each person's own time zone, edits of a
-- message, replies that refine a request, and the days a message named that were left out.
--
-- People: the zone Slack gives for a person (users.info tz) is kept apart from the one an
-- admin sets, so neither overwrites the other; an admin's zone is optional now (null: the
-- company zone, whatever it is when a message arrives). leavebot.calendars.author_zone
-- picks: Slack's, else the admin's, else the company's.
--
-- Requests: an edit of a message is read again, so one message may have several requests,
-- one per reading: `revision` is the edit's ts ('' for the message as posted) and the
-- one-request-per-message index becomes one per message and revision. A `change` request
-- asks to confirm the difference an edit or a reply makes to booked leave (its days are
-- {"op": "add"|"remove", "date", "portion", "day_id"?} items). `message_days` is what the
-- message itself named when last read (the next edit's reading starts from it), `dropped`
-- the named days left out as non-working, with why, and `close_reason` says why a request
-- was replaced or cancelled without a click (an edit, a deletion, an edit that is no
-- longer a leave, a reply).
-- depends: 0009_missed_events_and_harvest_references

ALTER TABLE users ADD COLUMN slack_timezone text;
ALTER TABLE users ADD COLUMN slack_timezone_at timestamptz;
ALTER TABLE users ALTER COLUMN timezone DROP NOT NULL;
ALTER TABLE users ALTER COLUMN timezone DROP DEFAULT;

ALTER TABLE leave_requests ADD COLUMN revision text NOT NULL DEFAULT '';
ALTER TABLE leave_requests ADD COLUMN message_days jsonb NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE leave_requests ADD COLUMN dropped jsonb NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE leave_requests ADD COLUMN close_reason text
    CHECK (close_reason IN ('edited', 'deleted', 'not_leave', 'reply'));
UPDATE leave_requests SET message_days = days WHERE intent = 'leave';

ALTER TABLE leave_requests DROP CONSTRAINT leave_requests_intent_check;
ALTER TABLE leave_requests ADD CONSTRAINT leave_requests_intent_check
    CHECK (intent IN ('leave', 'cancel', 'change'));
ALTER TABLE leave_requests DROP CONSTRAINT leave_requests_category_intent;
ALTER TABLE leave_requests ADD CONSTRAINT leave_requests_category_intent CHECK (
    (intent IN ('leave', 'change') AND category IS NOT NULL)
    OR (intent = 'cancel' AND category IS NULL));

DROP INDEX leave_requests_message_uq;
CREATE UNIQUE INDEX leave_requests_message_uq
    ON leave_requests (channel_id, message_ts, revision);
-- A person's pending request in a thread, and what they booked there (this index serves
-- the thread lookups 0001's leave_requests_thread_idx served).
CREATE INDEX leave_requests_thread_user_idx ON leave_requests (channel_id, thread_ts, user_id);
DROP INDEX leave_requests_thread_idx;

-- The admin list shows each person's zone, which the company zone decides for people
-- with neither a Slack nor an admin zone: a config change empties the page cache too.
CREATE TRIGGER config_admin_data
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON config
    FOR EACH STATEMENT EXECUTE FUNCTION leavebot_admin_data_changed();
