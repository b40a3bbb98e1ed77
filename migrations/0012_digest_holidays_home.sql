-- Beyond the peers (issue 18): the morning who's-out post, public holidays by region and
-- the Home tab.
--
-- * config: the company's holiday region and the digest's settings (defaults of
--   leavebot/config.py's RuntimeConfig).
-- * users.holiday_region: a person's own region (null: the company's). Changing it changes
--   how their next requests read; nothing already booked changes.
-- (The holidays a request's dates skipped are among its leave_requests.dropped, 0011.)
-- * digest_runs: the durable claim of each date's digest (one row per date, so one post
--   per date whatever processes run or crash; see actors/digest.py).
-- * home_views: who has opened the bot's Home tab. A change of their leave (a request
--   made or changing status, a day booked or changing status) queues a refresh_home
--   message for the home actor in the same statement, so a view is never left stale and
--   people who never open Home cost nothing.
-- depends: 0011_conversation

INSERT INTO config (key, value) VALUES
    ('holiday_region', 'null'::jsonb),
    ('digest_enabled', 'true'::jsonb),
    ('digest_time', '"09:30"'::jsonb),
    ('digest_channel', 'null'::jsonb),
    ('digest_show_category', 'false'::jsonb),
    ('digest_when_empty', '"post"'::jsonb)
ON CONFLICT (key) DO NOTHING;

ALTER TABLE users ADD COLUMN holiday_region text;

CREATE TABLE digest_runs (
    day           date PRIMARY KEY,
    status        text NOT NULL CHECK (status IN ('claimed', 'posted', 'empty', 'skipped')),
    claimed_by    text,
    claimed_until timestamptz,
    attempts      integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    posting_since timestamptz,
    channel_id    text,
    message_ts    text,
    people_today  integer,
    people_later  integer,
    reason        text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE home_views (
    user_id      bigint PRIMARY KEY REFERENCES users (id),
    opened_at    timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    view_hash    text
);

CREATE FUNCTION leavebot_home_refresh_new() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Only when one of the people has opened Home: no write to the mailbox (nor its
    -- lock) otherwise, so a change of leave costs nothing for everyone else.
    IF EXISTS (SELECT 1 FROM new_rows n JOIN home_views h ON h.user_id = n.user_id) THEN
        INSERT INTO mailbox (recipient, kind, payload)
        SELECT 'home', 'refresh_home', jsonb_build_object(
                   'kind', 'refresh_home', 'user_id', u.id, 'slack_user_id', u.slack_user_id)
        FROM (SELECT DISTINCT n.user_id FROM new_rows n) c
        JOIN home_views h ON h.user_id = c.user_id
        JOIN users u ON u.id = c.user_id;
        PERFORM pg_notify('leavebot_mailbox', 'home');
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION leavebot_home_refresh_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN home_views h ON h.user_id = n.user_id
        WHERE o.status IS DISTINCT FROM n.status
    ) THEN
        INSERT INTO mailbox (recipient, kind, payload)
        SELECT 'home', 'refresh_home', jsonb_build_object(
                   'kind', 'refresh_home', 'user_id', u.id, 'slack_user_id', u.slack_user_id)
        FROM (SELECT DISTINCT n.user_id FROM new_rows n JOIN old_rows o ON o.id = n.id
              WHERE o.status IS DISTINCT FROM n.status) c
        JOIN home_views h ON h.user_id = c.user_id
        JOIN users u ON u.id = c.user_id;
        PERFORM pg_notify('leavebot_mailbox', 'home');
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER leave_requests_home_new
    AFTER INSERT ON leave_requests REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION leavebot_home_refresh_new();
CREATE TRIGGER leave_requests_home_changed
    AFTER UPDATE ON leave_requests REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION leavebot_home_refresh_changed();
CREATE TRIGGER leave_days_home_new
    AFTER INSERT ON leave_days REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION leavebot_home_refresh_new();
CREATE TRIGGER leave_days_home_changed
    AFTER UPDATE ON leave_days REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION leavebot_home_refresh_changed();
