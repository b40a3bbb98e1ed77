-- The whole schema of DESIGN.md: people, Slack events taken, leave requests and
-- days, sync attempts, the actor mailbox, heartbeats and runtime config.
-- depends:

CREATE TABLE users (
    id              bigserial PRIMARY KEY,
    slack_user_id   text NOT NULL UNIQUE,
    display_name    text NOT NULL,
    email           text,
    harvest_user_id bigint,
    timezone        text NOT NULL DEFAULT 'Asia/Kolkata',
    active          boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_email_idx ON users (lower(email));
CREATE INDEX users_name_idx ON users (lower(display_name));

CREATE TABLE slack_events (
    event_id    text PRIMARY KEY,
    kind        text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX slack_events_received_idx ON slack_events (received_at);

CREATE TABLE leave_requests (
    id            bigserial PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users (id),
    intent        text NOT NULL CHECK (intent IN ('leave', 'cancel')),
    category      text CHECK (category IN ('vacation', 'sick')),
    days          jsonb NOT NULL DEFAULT '[]'::jsonb,
    source_text   text NOT NULL DEFAULT '',
    parser        text CHECK (parser IN ('rules', 'llm')),
    channel_id    text NOT NULL,
    thread_ts     text NOT NULL,
    message_ts    text NOT NULL,
    prompt_ts     text,
    status        text NOT NULL DEFAULT 'pending' CHECK (status IN (
                      'pending', 'confirmed', 'processing', 'completed',
                      'cancelled', 'expired', 'superseded')),
    outcome       jsonb,
    superseded_by bigint REFERENCES leave_requests (id),
    expires_at    timestamptz NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    confirmed_at  timestamptz,
    completed_at  timestamptz,
    CONSTRAINT leave_requests_category_intent CHECK (
        (intent = 'leave' AND category IS NOT NULL) OR (intent = 'cancel' AND category IS NULL))
);
-- One request per Slack message: a redelivered event cannot make a second one.
CREATE UNIQUE INDEX leave_requests_message_uq ON leave_requests (channel_id, message_ts);
CREATE INDEX leave_requests_thread_idx ON leave_requests (channel_id, thread_ts);
CREATE INDEX leave_requests_prompt_idx ON leave_requests (channel_id, prompt_ts);
CREATE INDEX leave_requests_user_idx ON leave_requests (user_id, created_at DESC);
CREATE INDEX leave_requests_status_idx ON leave_requests (status, created_at DESC);
CREATE INDEX leave_requests_expiry_idx ON leave_requests (expires_at) WHERE status = 'pending';

CREATE TABLE leave_days (
    id                bigserial PRIMARY KEY,
    request_id        bigint NOT NULL REFERENCES leave_requests (id),
    user_id           bigint NOT NULL REFERENCES users (id),
    day               date NOT NULL,
    portion           text NOT NULL CHECK (portion IN ('full', 'am', 'pm')),
    category          text NOT NULL CHECK (category IN ('vacation', 'sick')),
    status            text NOT NULL DEFAULT 'confirmed' CHECK (status IN (
                          'confirmed', 'completed', 'failed', 'cancelled')),
    generation        integer NOT NULL DEFAULT 0 CHECK (generation >= 0),
    calendar_status   text NOT NULL DEFAULT 'pending' CHECK (calendar_status IN (
                          'pending', 'done', 'failed', 'skipped', 'deleted')),
    harvest_status    text NOT NULL DEFAULT 'pending' CHECK (harvest_status IN (
                          'pending', 'done', 'failed', 'skipped', 'deleted')),
    calendar_event_id text,
    harvest_entry_id  bigint,
    last_error        text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    cancelled_at      timestamptz
);
-- A person holds one live booking per day and portion.
CREATE UNIQUE INDEX leave_days_live_uq ON leave_days (user_id, day, portion)
    WHERE status <> 'cancelled';
CREATE INDEX leave_days_request_idx ON leave_days (request_id);
CREATE INDEX leave_days_day_idx ON leave_days (day) WHERE status <> 'cancelled';
CREATE INDEX leave_days_user_day_idx ON leave_days (user_id, day);
CREATE INDEX leave_days_failed_idx ON leave_days (updated_at DESC) WHERE status = 'failed';
CREATE INDEX leave_days_event_idx ON leave_days (calendar_event_id)
    WHERE calendar_event_id IS NOT NULL;

CREATE TABLE sync_attempts (
    id          bigserial PRIMARY KEY,
    request_id  bigint REFERENCES leave_requests (id),
    day_id      bigint REFERENCES leave_days (id),
    target      text NOT NULL CHECK (target IN ('calendar', 'harvest', 'slack')),
    operation   text NOT NULL CHECK (operation IN ('create', 'delete', 'lookup', 'update')),
    outcome     text NOT NULL CHECK (outcome IN ('ok', 'error', 'skipped')),
    external_id text,
    error       text,
    started_at  timestamptz NOT NULL DEFAULT now(),
    duration_ms double precision NOT NULL DEFAULT 0 CHECK (duration_ms >= 0)
);
CREATE INDEX sync_attempts_day_idx ON sync_attempts (day_id, started_at);
CREATE INDEX sync_attempts_request_idx ON sync_attempts (request_id, started_at);
CREATE INDEX sync_attempts_errors_idx ON sync_attempts (started_at DESC) WHERE outcome = 'error';

CREATE TABLE mailbox (
    id            bigserial PRIMARY KEY,
    recipient     text NOT NULL,
    kind          text NOT NULL,
    payload       jsonb NOT NULL,
    status        text NOT NULL DEFAULT 'ready' CHECK (status IN ('ready', 'claimed', 'done', 'dead')),
    attempts      integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    dedupe_key    text,
    claimed_by    text,
    claimed_until timestamptz,
    last_error    text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    done_at       timestamptz
);
-- The claim scans only live rows of one recipient, in send order.
CREATE INDEX mailbox_live_idx ON mailbox (recipient, id) WHERE status IN ('ready', 'claimed');
CREATE UNIQUE INDEX mailbox_dedupe_uq ON mailbox (recipient, dedupe_key)
    WHERE dedupe_key IS NOT NULL;
CREATE INDEX mailbox_done_idx ON mailbox (done_at) WHERE status = 'done';

CREATE TABLE actor_heartbeats (
    process    text NOT NULL,
    actor      text NOT NULL,
    pid        integer NOT NULL,
    hostname   text NOT NULL,
    state      text NOT NULL CHECK (state IN (
                   'starting', 'running', 'restarting', 'stopping', 'stopped', 'failed')),
    restarts   integer NOT NULL DEFAULT 0 CHECK (restarts >= 0),
    last_error text,
    started_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (process, actor)
);

CREATE TABLE config (
    key        text PRIMARY KEY,
    value      jsonb NOT NULL,
    updated_by text NOT NULL DEFAULT 'migration',
    updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO config (key, value) VALUES
    ('trigger_keywords', '["leave", "off", "out", "ooo", "pto", "vacation", "holiday", "sick", "unwell", "fever", "doctor", "half day", "half-day", "hd", "absent", "away", "cancel", "revoke"]'::jsonb),
    ('expiry_minutes', '60'::jsonb),
    ('half_day_am', '{"start": "11:00", "end": "15:00"}'::jsonb),
    ('half_day_pm', '{"start": "15:00", "end": "19:00"}'::jsonb),
    ('hours_full_day', '8'::jsonb),
    ('hours_half_day', '4'::jsonb),
    ('working_days', '["mon", "tue", "wed", "thu", "fri"]'::jsonb),
    ('holidays', '[]'::jsonb),
    ('date_order', '"DMY"'::jsonb),
    ('timezone', '"Asia/Kolkata"'::jsonb);
