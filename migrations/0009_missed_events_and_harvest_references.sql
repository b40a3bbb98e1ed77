-- Issue 17. Slack messages are remembered by channel and ts: the live delivery of a
-- message and the catch-up read of the channel's history after an outage share that
-- key, so a message is taken once whichever path brings it; the newest ts stored per
-- channel is where the catch-up starts. Rows stored before this migration keep their
-- Slack event id and no ts.
-- Harvest entries get a namespaced external reference (leavebot:<day id>); days that
-- existed before may carry the old one (the bare day id), so their lookups try both:
-- harvest_legacy_references holds the first day id that can only have the new one.
-- service_checks keeps what the start-up checks of the outside services found (the
-- Harvest token's rights and project, the LLM model's parameters) for leave-bot health.
-- depends: 0008_one_booking_per_slot

ALTER TABLE slack_events
    ADD COLUMN channel_id text,
    ADD COLUMN message_ts text;
CREATE INDEX slack_events_channel_ts_idx ON slack_events (channel_id, (message_ts::numeric) DESC)
    WHERE message_ts IS NOT NULL;

-- When the listener first listened to a channel: a catch-up never reads before it (a new
-- install does not answer the channel's past), nor when no stored message is left.
CREATE TABLE slack_listening (
    channel_id text PRIMARY KEY,
    since_ts   text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE harvest_legacy_references (
    single     boolean PRIMARY KEY DEFAULT true CHECK (single),
    day_id_below bigint NOT NULL
);
INSERT INTO harvest_legacy_references (day_id_below)
SELECT coalesce(max(id), 0) + 1 FROM leave_days;

CREATE TABLE service_checks (
    service    text PRIMARY KEY,
    process    text NOT NULL,
    status     text NOT NULL CHECK (status IN ('ok', 'warning', 'error')),
    findings   jsonb NOT NULL DEFAULT '[]'::jsonb,
    checked_at timestamptz NOT NULL DEFAULT now()
);
