-- Every SQL statement of leavebot, one per `-- name: <name>` header.
-- Values are always $n parameters; state changes are guarded UPDATEs.
-- All SQL lives here by rule, so this one file runs past 800 lines; it is read by
-- section (mailbox, requests and days, syncers, admin API, digest, home tab).

-- name: mailbox_send
-- Insert a message for an actor and notify its listeners on commit. Every NOTIFY of the
-- mailbox says "<recipient> <sender's application_name>": a process ignores its own sends
-- (it woke its inboxes itself after the commit). With a claimer $5 the message is handed
-- to that inbox of the sending process instead: inserted claimed by it for $6 seconds
-- (attempt 1), with no NOTIFY. The other sending queries take their hand-off the same way.
WITH ins AS (
    INSERT INTO mailbox (recipient, kind, payload, dedupe_key, status, claimed_by,
                         claimed_until, attempts)
    VALUES ($1, $2, $3::jsonb, $4, CASE WHEN $5::text IS NULL THEN 'ready' ELSE 'claimed' END,
            $5::text, now() + make_interval(secs => $6::float8),
            CASE WHEN $5::text IS NULL THEN 0 ELSE 1 END)
    ON CONFLICT (recipient, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
    RETURNING id
)
SELECT id,
       CASE WHEN $5::text IS NULL
            THEN pg_notify('leavebot_mailbox', $1 || ' ' || current_setting('application_name'))
       END AS notified
FROM ins;

-- name: mailbox_claim
-- Claim up to $3 deliverable messages of one recipient, oldest first.
UPDATE mailbox m
SET status = 'claimed',
    claimed_by = $2,
    claimed_until = now() + make_interval(secs => $4),
    attempts = m.attempts + 1
FROM (
    SELECT id FROM mailbox
    WHERE recipient = $1
      AND (status = 'ready' OR (status = 'claimed' AND claimed_until < now()))
    ORDER BY id
    LIMIT $3
    FOR UPDATE SKIP LOCKED
) picked
WHERE m.id = picked.id
RETURNING m.id, m.kind, m.payload, m.attempts;

-- name: mailbox_claim_and_ack
-- mailbox_claim ($1-$4), and in the same statement mailbox_ack_many of the handled
-- messages $5 of claimer $2 (those a receiver would otherwise ack in a statement of their
-- own). Rows: the claimed ones, then the acked ones (acked true, no payload).
WITH acked AS (
    UPDATE mailbox
    SET status = 'done', done_at = now(), claimed_until = NULL
    WHERE id = ANY($5::bigint[]) AND status = 'claimed' AND claimed_by = $2
    RETURNING id
), claimed AS (
    UPDATE mailbox m
    SET status = 'claimed',
        claimed_by = $2,
        claimed_until = now() + make_interval(secs => $4),
        attempts = m.attempts + 1
    FROM (
        SELECT id FROM mailbox
        WHERE recipient = $1
          AND (status = 'ready' OR (status = 'claimed' AND claimed_until < now()))
        ORDER BY id
        LIMIT $3
        FOR UPDATE SKIP LOCKED
    ) picked
    WHERE m.id = picked.id
    RETURNING m.id, m.kind, m.payload, m.attempts
)
SELECT id, kind, payload, attempts, false AS acked FROM claimed
UNION ALL
SELECT id, NULL, NULL, NULL, true FROM acked;

-- name: mailbox_ack
-- Mark a claimed message done; runs in the handler's own transaction.
UPDATE mailbox
SET status = 'done', done_at = now(), claimed_until = NULL
WHERE id = $1 AND status = 'claimed' AND claimed_by = $2
RETURNING id;

-- name: mailbox_send_and_ack
-- Queue message $3 (kind $2) for $1 (dedupe key $4; hand-off claimer $5 for $6 s, as in
-- mailbox_send) and ack message $7 of claimer $8: one statement, so both or neither (no
-- row back: the claim was lost and nothing was sent; sent null: the dedupe key dropped
-- the send).
WITH acked AS (
    UPDATE mailbox
    SET status = 'done', done_at = now(), claimed_until = NULL
    WHERE id = $7 AND status = 'claimed' AND claimed_by = $8
    RETURNING id
), sent AS (
    INSERT INTO mailbox (recipient, kind, payload, dedupe_key, status, claimed_by,
                         claimed_until, attempts)
    SELECT $1, $2, $3::jsonb, $4, CASE WHEN $5::text IS NULL THEN 'ready' ELSE 'claimed' END,
           $5::text, now() + make_interval(secs => $6::float8),
           CASE WHEN $5::text IS NULL THEN 0 ELSE 1 END
    FROM acked
    ON CONFLICT (recipient, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
    RETURNING id
)
SELECT acked.id AS acked, sent.id AS sent,
       CASE WHEN sent.id IS NOT NULL AND $5::text IS NULL
            THEN pg_notify('leavebot_mailbox', $1 || ' ' || current_setting('application_name'))
       END AS notified
FROM acked LEFT JOIN sent ON true;

-- name: event_store_and_send
-- Remember a Slack event ($1, its key) and queue its message (hand-off claimer $9 for
-- $10 s, as in mailbox_send), both or neither, in one statement. A message's key is
-- msg:<channel>:<ts> ($6 channel, $7 ts), the same whether it came live or from a
-- catch-up read of the channel's history. No row back means we took it already: by its
-- key; by the event id $8 it came with (keys before migration 0009 were Slack's event
-- ids); or (a message) a request was made from it.
WITH taken AS (
    INSERT INTO slack_events (event_id, kind, channel_id, message_ts)
    SELECT $1, $2, $6, $7
    WHERE NOT EXISTS (SELECT 1 FROM slack_events WHERE event_id = $8)
      AND NOT EXISTS (
          SELECT 1 FROM leave_requests WHERE channel_id = $6 AND message_ts = $7
      )
    ON CONFLICT (event_id) DO NOTHING
    RETURNING event_id
), sent AS (
    INSERT INTO mailbox (recipient, kind, payload, status, claimed_by, claimed_until, attempts)
    SELECT $3, $4, $5::jsonb, CASE WHEN $9::text IS NULL THEN 'ready' ELSE 'claimed' END,
           $9::text, now() + make_interval(secs => $10::float8),
           CASE WHEN $9::text IS NULL THEN 0 ELSE 1 END
    FROM taken
    RETURNING id
)
SELECT id,
       CASE WHEN $9::text IS NULL
            THEN pg_notify('leavebot_mailbox', $3 || ' ' || current_setting('application_name'))
       END AS notified
FROM sent;

-- name: slack_newest_message_ts
-- The newest message ts taken in channel $1: where a catch-up starts reading.
SELECT message_ts FROM slack_events
WHERE channel_id = $1 AND message_ts IS NOT NULL
ORDER BY message_ts::numeric DESC
LIMIT 1;

-- name: slack_listening_since
-- When the listener started listening to channel $1 ($2: now, as a Slack ts, the first
-- time): a catch-up never reads before it. No row when another instance's insert committed
-- after this statement began: slack_catchup.listening_since asks once more.
WITH added AS (
    INSERT INTO slack_listening (channel_id, since_ts) VALUES ($1, $2)
    ON CONFLICT (channel_id) DO NOTHING
    RETURNING since_ts
)
SELECT since_ts FROM added
UNION ALL
SELECT since_ts FROM slack_listening WHERE channel_id = $1
LIMIT 1;

-- name: slack_catchup_threads
-- The threads of channel $1 whose replies a catch-up reads (at most $3, newest first):
-- those with a pending request, and those the bot spoke in since $2 (epoch seconds: where
-- the catch-up starts), unless a request of theirs is completed (no longer read).
SELECT t.thread_ts FROM (
    SELECT thread_ts FROM leave_requests WHERE channel_id = $1 AND status = 'pending'
    UNION
    SELECT thread_ts FROM bot_threads WHERE channel_id = $1 AND created_at >= to_timestamp($2)
) t
WHERE NOT EXISTS (
    SELECT 1 FROM leave_requests r
    WHERE r.channel_id = $1 AND r.thread_ts = t.thread_ts AND r.status = 'completed'
)
ORDER BY t.thread_ts::numeric DESC
LIMIT $3;

-- name: service_check_record
-- What the start-up check of service $1 found (process $2, status $3, findings $4).
INSERT INTO service_checks (service, process, status, findings, checked_at)
VALUES ($1, $2, $3, $4::jsonb, now())
ON CONFLICT (service) DO UPDATE
SET process = EXCLUDED.process, status = EXCLUDED.status, findings = EXCLUDED.findings,
    checked_at = now();

-- name: service_checks_all
SELECT service, process, status, findings, checked_at FROM service_checks ORDER BY service;

-- name: users_with_harvest
-- The registered people with a Harvest user (whose leave is logged there).
SELECT display_name, harvest_user_id FROM users
WHERE active AND harvest_user_id IS NOT NULL
ORDER BY display_name;

-- name: harvest_legacy_below
-- Days with a smaller id may carry the Harvest reference of before migration 0009.
SELECT day_id_below FROM harvest_legacy_references;

-- name: request_set_prompt_and_ack
-- Keep the prompt's ts ($2) on request $1 and ack message $3 of claimer $4, in one
-- statement: both or neither (no row back: the claim was lost).
WITH acked AS (
    UPDATE mailbox
    SET status = 'done', done_at = now(), claimed_until = NULL
    WHERE id = $3 AND status = 'claimed' AND claimed_by = $4
    RETURNING id
), kept AS (
    UPDATE leave_requests SET prompt_ts = $2, updated_at = now()
    WHERE id = $1 AND prompt_ts IS NULL AND EXISTS (SELECT 1 FROM acked)
    RETURNING id
)
SELECT acked.id AS acked, (SELECT id FROM kept) AS kept FROM acked;

-- name: mailbox_send_many
-- Queue several messages at once: recipients $1, kinds $2, payloads $3, dedupe keys $4,
-- hand-off claimers $5 and leases $6 (as in mailbox_send); a dedupe key already used for
-- that recipient drops that message. Inserted in the order given.
WITH ins AS (
    INSERT INTO mailbox (recipient, kind, payload, dedupe_key, status, claimed_by,
                         claimed_until, attempts)
    SELECT r, k, p::jsonb, d, CASE WHEN c IS NULL THEN 'ready' ELSE 'claimed' END, c,
           now() + make_interval(secs => l), CASE WHEN c IS NULL THEN 0 ELSE 1 END
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[])
         WITH ORDINALITY AS x (r, k, p, d, c, l, n)
    ORDER BY n
    ON CONFLICT (recipient, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
    RETURNING id, recipient, dedupe_key, claimed_by
)
SELECT id, recipient, dedupe_key,
       CASE WHEN claimed_by IS NULL
            THEN pg_notify('leavebot_mailbox', recipient || ' ' || current_setting('application_name'))
       END AS notified
FROM ins;

-- name: mailbox_send_many_and_ack
-- mailbox_send_many ($1-$6) and the ack of message $7 of claimer $8, in one statement of
-- the handler's transaction: no row back means the claim was lost and nothing was sent;
-- a row with a null id, that every message was dropped by its dedupe key.
WITH acked AS (
    UPDATE mailbox
    SET status = 'done', done_at = now(), claimed_until = NULL
    WHERE id = $7 AND status = 'claimed' AND claimed_by = $8
    RETURNING id
), ins AS (
    INSERT INTO mailbox (recipient, kind, payload, dedupe_key, status, claimed_by,
                         claimed_until, attempts)
    SELECT r, k, p::jsonb, d, CASE WHEN c IS NULL THEN 'ready' ELSE 'claimed' END, c,
           now() + make_interval(secs => l), CASE WHEN c IS NULL THEN 0 ELSE 1 END
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[])
         WITH ORDINALITY AS x (r, k, p, d, c, l, n)
    WHERE EXISTS (SELECT 1 FROM acked)
    ORDER BY n
    ON CONFLICT (recipient, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
    RETURNING id, recipient, dedupe_key, claimed_by
)
SELECT acked.id AS acked, ins.id, ins.recipient, ins.dedupe_key,
       CASE WHEN ins.id IS NOT NULL AND ins.claimed_by IS NULL
            THEN pg_notify('leavebot_mailbox',
                           ins.recipient || ' ' || current_setting('application_name'))
       END AS notified
FROM acked LEFT JOIN ins ON true;

-- name: request_complete_and_ack
-- Complete request $1 with outcome $2, queue the message $5 (kind $4) for $3 (the
-- prompt's refresh; dedupe key $6, hand-off claimer $7 for $8 s as in mailbox_send) and
-- ack message $9 of claimer $10: one statement, all or nothing (no row back: the claim
-- was lost; completed null: the request was not in flight).
WITH acked AS (
    UPDATE mailbox
    SET status = 'done', done_at = now(), claimed_until = NULL
    WHERE id = $9 AND status = 'claimed' AND claimed_by = $10
    RETURNING id
), completed AS (
    UPDATE leave_requests
    SET status = 'completed', outcome = $2::jsonb, completed_at = now(), updated_at = now()
    WHERE id = $1 AND status IN ('confirmed', 'processing') AND EXISTS (SELECT 1 FROM acked)
    RETURNING id
), sent AS (
    INSERT INTO mailbox (recipient, kind, payload, dedupe_key, status, claimed_by,
                         claimed_until, attempts)
    SELECT $3, $4, $5::jsonb, $6, CASE WHEN $7::text IS NULL THEN 'ready' ELSE 'claimed' END,
           $7::text, now() + make_interval(secs => $8::float8),
           CASE WHEN $7::text IS NULL THEN 0 ELSE 1 END
    FROM completed
    ON CONFLICT (recipient, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
    RETURNING id
)
SELECT acked.id AS acked, (SELECT id FROM completed) AS completed, sent.id AS sent,
       CASE WHEN sent.id IS NOT NULL AND $7::text IS NULL
            THEN pg_notify('leavebot_mailbox', $3 || ' ' || current_setting('application_name'))
       END AS notified
FROM acked LEFT JOIN sent ON true;

-- name: mailbox_release
-- Hand a claimed message back after its handler failed.
UPDATE mailbox
SET status = 'ready', claimed_by = NULL, claimed_until = NULL, last_error = $3
WHERE id = $1 AND status = 'claimed' AND claimed_by = $2
RETURNING id;

-- name: mailbox_unclaim
-- Hand back claimed messages that were never attempted (the rest of a batch).
UPDATE mailbox
SET status = 'ready', claimed_by = NULL, claimed_until = NULL, attempts = attempts - 1
WHERE id = ANY($1::bigint[]) AND status = 'claimed' AND claimed_by = $2 AND attempts > 0;

-- name: mailbox_ack_many
-- Mark handled messages done in one statement (handlers that wrote no state).
UPDATE mailbox
SET status = 'done', done_at = now(), claimed_until = NULL
WHERE id = ANY($1::bigint[]) AND status = 'claimed' AND claimed_by = $2
RETURNING id;

-- name: mailbox_release_all
-- Hand back every claim of one claimer (graceful shutdown).
UPDATE mailbox
SET status = 'ready', claimed_by = NULL, claimed_until = NULL
WHERE status = 'claimed' AND claimed_by = $1;

-- name: mailbox_bury
-- Give up on a message that failed too often; it stays for operators to read.
UPDATE mailbox
SET status = 'dead', claimed_until = NULL, last_error = $3, done_at = now()
WHERE id = $1 AND status = 'claimed' AND claimed_by = $2
RETURNING id;

-- name: mailbox_prune_done
-- Forget handled messages older than $1 seconds (dead ones stay for operators).
DELETE FROM mailbox WHERE status = 'done' AND done_at < now() - make_interval(secs => $1);

-- name: slack_events_prune
-- Forget event ids older than $1 seconds: Slack redelivers within minutes, not days.
DELETE FROM slack_events WHERE received_at < now() - make_interval(secs => $1);

-- name: heartbeat_upsert
INSERT INTO actor_heartbeats
    (process, actor, pid, hostname, state, restarts, last_error, started_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
ON CONFLICT (process, actor) DO UPDATE
SET pid = EXCLUDED.pid, hostname = EXCLUDED.hostname, state = EXCLUDED.state,
    restarts = EXCLUDED.restarts, last_error = EXCLUDED.last_error,
    started_at = EXCLUDED.started_at, updated_at = now();

-- name: heartbeat_list
SELECT process, actor, pid, hostname, state, restarts, last_error, started_at, updated_at,
       extract(epoch FROM now() - updated_at)::double precision AS age_s
FROM actor_heartbeats ORDER BY process, actor;

-- name: config_all
SELECT key, value, updated_by, updated_at FROM config ORDER BY key;

-- name: config_get
SELECT key, value, updated_by, updated_at FROM config WHERE key = $1;

-- name: config_put
INSERT INTO config (key, value, updated_by, updated_at) VALUES ($1, $2::jsonb, $3, now())
ON CONFLICT (key) DO UPDATE
SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()
RETURNING key, value, updated_by, updated_at;

-- name: db_ping
SELECT 1 AS ok;

-- name: bot_thread_exists
SELECT EXISTS (SELECT 1 FROM bot_threads WHERE channel_id = $1 AND thread_ts = $2) AS present;

-- name: bot_thread_add
INSERT INTO bot_threads (channel_id, thread_ts) VALUES ($1, $2) ON CONFLICT DO NOTHING;

-- name: user_by_slack_id
SELECT id, slack_user_id, display_name, email, harvest_user_id, timezone, slack_timezone, active,
       holiday_region
FROM users WHERE slack_user_id = $1;

-- name: user_set_slack_timezone
-- The zone Slack gives for the person (users.info tz), kept beside the admin's.
UPDATE users SET slack_timezone = $2, slack_timezone_at = now(), updated_at = now()
WHERE slack_user_id = $1 AND slack_timezone IS DISTINCT FROM $2;

-- name: user_upsert
INSERT INTO users (slack_user_id, display_name, email, harvest_user_id, timezone, active)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (slack_user_id) DO UPDATE
SET display_name = EXCLUDED.display_name, email = EXCLUDED.email,
    harvest_user_id = EXCLUDED.harvest_user_id, timezone = EXCLUDED.timezone,
    active = EXCLUDED.active, updated_at = now()
RETURNING id;

-- name: request_insert
-- One request per reading of a Slack message (revision: the edit's ts, '' as posted); a
-- redelivery finds the one it made. (What an edit or a reply does to a thread's requests:
-- leavebot.thread_leave. The tracker's own first reading of a message is request_open.)
INSERT INTO leave_requests
    (user_id, intent, category, days, source_text, parser, channel_id, thread_ts,
     message_ts, expires_at, revision, message_days, dropped)
VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, now() + make_interval(mins => $10),
        $11, $12::jsonb, $13::jsonb)
ON CONFLICT (channel_id, message_ts, revision) DO NOTHING
RETURNING id, expires_at;

-- name: request_open
-- A parsed message's request, in one statement: its author (Slack user $1) looked up, and
-- for an active author the request stored (one per reading of a Slack message, revision
-- $11: the edit's ts, '' as posted; message_days $12, dropped $13; a redelivery finds the
-- one it made) and the thread ($7, $8) noted as one the bot speaks in. One row: the
-- author (as user_by_slack_id), the request's id and, when this statement made it (fresh),
-- its expiry. No row: no such person; active false: nothing stored. id null for an active
-- author: another delivery is storing it this very moment (look it up again).
WITH person AS (
    SELECT id, slack_user_id, display_name, email, harvest_user_id, timezone, slack_timezone,
           active
    FROM users WHERE slack_user_id = $1
), made AS (
    INSERT INTO leave_requests
        (user_id, intent, category, days, source_text, parser, channel_id, thread_ts,
         message_ts, expires_at, revision, message_days, dropped)
    SELECT id, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, now() + make_interval(mins => $10),
           $11, $12::jsonb, $13::jsonb
    FROM person WHERE active
    ON CONFLICT (channel_id, message_ts, revision) DO NOTHING
    RETURNING id, expires_at
), thread AS (
    INSERT INTO bot_threads (channel_id, thread_ts) SELECT $7, $8 FROM person WHERE active
    ON CONFLICT DO NOTHING
)
SELECT p.id AS user_id, p.slack_user_id, p.display_name, p.email, p.harvest_user_id,
       p.timezone, p.slack_timezone, p.active,
       CASE WHEN p.active THEN coalesce(
           (SELECT id FROM made),
           (SELECT id FROM leave_requests
            WHERE channel_id = $7 AND message_ts = $9 AND revision = $11)) END AS id,
       (SELECT expires_at FROM made) AS expires_at,
       EXISTS (SELECT 1 FROM made) AS fresh
FROM person p;

-- name: request_by_message
SELECT id FROM leave_requests WHERE channel_id = $1 AND message_ts = $2 AND revision = $3;

-- name: message_has_request
-- Whether a Slack message made a request (an edit or a deletion of it matters).
SELECT EXISTS (
    SELECT 1 FROM leave_requests WHERE channel_id = $1 AND message_ts = $2
) AS present;

-- name: message_request_author
-- Who made a request with a message, and in which thread (a deletion names only the ts).
SELECT u.slack_user_id, r.thread_ts FROM leave_requests r JOIN users u ON u.id = r.user_id
WHERE r.channel_id = $1 AND r.message_ts = $2
ORDER BY r.id LIMIT 1;

-- name: message_latest_reading
-- The days a message named when it was last read (what an edit of it changes).
SELECT message_days, revision FROM leave_requests
WHERE channel_id = $1 AND message_ts = $2
ORDER BY id DESC LIMIT 1;

-- name: thread_pending_request
-- The author's pending request in a thread (the latest, if a race left two).
SELECT id, intent, category, days, message_ts, revision, prompt_ts
FROM leave_requests
WHERE channel_id = $1 AND thread_ts = $2 AND user_id = $3 AND status = 'pending'
ORDER BY id DESC LIMIT 1;

-- name: thread_pending_lock
-- The author's pending requests in a thread, held until the transaction ends (an edit or
-- a reply decides about them while a Confirm may be racing it).
SELECT id, intent, category, days, message_ts, revision, prompt_ts
FROM leave_requests
WHERE channel_id = $1 AND thread_ts = $2 AND user_id = $3 AND status = 'pending'
ORDER BY id
FOR UPDATE;

-- name: request_replaced_by
-- The request that request $1 replaced (superseded), if any.
SELECT id, intent, category, days, status FROM leave_requests
WHERE superseded_by = $1
ORDER BY id DESC LIMIT 1;

-- name: thread_owner
-- Who else has leave asked or booked in a thread ($3: not this person), the latest.
SELECT r.user_id, u.slack_user_id FROM leave_requests r JOIN users u ON u.id = r.user_id
WHERE r.channel_id = $1 AND r.thread_ts = $2 AND r.user_id <> $3
  AND r.status IN ('pending', 'confirmed', 'processing', 'completed')
ORDER BY r.id DESC LIMIT 1;

-- name: thread_booked_days
-- The author's live days booked by requests of a thread: the thread's booking.
SELECT d.id, d.request_id, d.day, d.portion, d.category, d.status
FROM leave_days d JOIN leave_requests r ON r.id = d.request_id
WHERE r.channel_id = $1 AND r.thread_ts = $2 AND r.user_id = $3 AND d.user_id = $3
  AND d.status <> 'cancelled'
ORDER BY d.day, d.portion, d.id;

-- name: thread_supersede_pending
-- The author's other pending requests of a thread are replaced by request $4 (why: $5).
UPDATE leave_requests
SET status = 'superseded', superseded_by = $4, close_reason = $5, updated_at = now()
WHERE channel_id = $1 AND thread_ts = $2 AND user_id = $3 AND status = 'pending' AND id <> $4
RETURNING id;

-- name: thread_cancel_pending
-- The author's pending requests of a thread end without a click (why: $4).
UPDATE leave_requests
SET status = 'cancelled', close_reason = $4, updated_at = now()
WHERE channel_id = $1 AND thread_ts = $2 AND user_id = $3 AND status = 'pending'
RETURNING id;

-- name: message_cancel_pending
-- The pending requests a deleted message made end ($3: the thread's first message went,
-- so every pending request of its author in the thread ends).
UPDATE leave_requests
SET status = 'cancelled', close_reason = 'deleted', updated_at = now()
WHERE channel_id = $1 AND user_id = $4 AND status = 'pending'
  AND (message_ts = $2 OR ($3 AND thread_ts = $2))
RETURNING id;

-- name: request_get
SELECT r.id, r.user_id, r.intent, r.category, r.days, r.source_text, r.channel_id,
       r.thread_ts, r.message_ts, r.prompt_ts, r.status, r.outcome, r.expires_at,
       r.created_at, r.confirmed_at, r.completed_at, r.revision, r.dropped, r.close_reason,
       r.slots_taken, u.slack_user_id, u.display_name, u.timezone, u.slack_timezone,
       u.harvest_user_id, u.active, u.holiday_region
FROM leave_requests r JOIN users u ON u.id = r.user_id
WHERE r.id = $1;

-- name: request_for_refresh
-- A request as its prompt shows it; once it is no longer pending, also the ids of its
-- author's other pending requests (with a prompt, not past their expiry) that ask for one of
-- its slots: their overlap warnings name this one, so they are shown again.
SELECT r.id, r.user_id, r.intent, r.category, r.days, r.channel_id, r.thread_ts, r.prompt_ts,
       r.status, r.outcome, r.slots_taken, r.expires_at, r.dropped, r.close_reason,
       u.slack_user_id, u.timezone, u.slack_timezone, u.holiday_region,
       CASE WHEN r.status <> 'pending' THEN ARRAY(
           SELECT p.id FROM leave_requests p
           WHERE p.user_id = r.user_id AND p.status = 'pending' AND p.id <> r.id
             AND p.intent = 'leave' AND p.prompt_ts IS NOT NULL AND p.expires_at > now()
             AND EXISTS (
                 SELECT 1 FROM jsonb_array_elements(p.days) x, jsonb_array_elements(r.days) y
                 WHERE x ->> 'date' = y ->> 'date'
                   AND (x ->> 'portion' = 'full' OR y ->> 'portion' = 'full'
                        OR x ->> 'portion' = y ->> 'portion'))
           ORDER BY p.id) END AS pending_overlaps
FROM leave_requests r JOIN users u ON u.id = r.user_id
WHERE r.id = $1;

-- name: request_status
SELECT status FROM leave_requests WHERE id = $1;

-- name: prompt_overlaps
-- What a leave prompt warns about, for person $1 asking for dates $2 (portions $3): their live
-- days holding one of those slots ('booked'), and their other pending leave requests (not past
-- their expiry, not in the prompt's thread $4/$5: a reply there replaces them) asking for one
-- ('pending'). One row per date and overlapping day or request.
-- (Days are read over the span of the dates, as in days_book, so the generic plan is kept.)
WITH asked AS (SELECT a.day, a.portion FROM unnest($2::date[], $3::text[]) AS a (day, portion))
SELECT 'booked' AS kind, a.day, a.portion AS asked, d.portion, d.category, d.request_id,
       d.status
FROM leave_days d
JOIN asked a ON a.day = d.day
WHERE d.user_id = $1 AND d.status <> 'cancelled'
  AND d.day BETWEEN (SELECT min(day) FROM asked) AND (SELECT max(day) FROM asked)
  AND (a.portion = 'full' OR d.portion = 'full' OR a.portion = d.portion)
UNION ALL
SELECT 'pending', a.day, a.portion, x.item ->> 'portion', p.category, p.id, p.status
FROM leave_requests p
CROSS JOIN LATERAL jsonb_array_elements(p.days) AS x (item)
JOIN asked a ON to_char(a.day, 'YYYY-MM-DD') = x.item ->> 'date'
WHERE p.user_id = $1 AND p.status = 'pending' AND p.intent = 'leave' AND p.expires_at > now()
  AND NOT (p.channel_id = $4 AND p.thread_ts = $5)
  AND (a.portion = 'full' OR x.item ->> 'portion' = 'full' OR a.portion = x.item ->> 'portion')
ORDER BY 2, 1, 6;

-- name: request_supersede_older
-- A newer request of an author ($4) in a thread replaces their older pending ones (why:
-- $5, null for a newer message; 'edited' for an edit of the message).
UPDATE leave_requests
SET status = 'superseded', superseded_by = $3, close_reason = $5, updated_at = now()
WHERE channel_id = $1 AND thread_ts = $2 AND status = 'pending' AND id < $3 AND user_id = $4
RETURNING id, channel_id, prompt_ts;

-- name: request_confirm_and_book
-- Confirm request $1 (guarded: pending, not past its expiry, and only for an active author:
-- a person deactivated meanwhile cannot book) and book the days of a leave in the same
-- statement, as days_book does (person $2, dates $3, portions $4, category $5; empty for a
-- cancel or a change, which book nothing here): the booking's first round, in the
-- Confirm's transaction (leavebot.slots asks days_book again for the dates that collided).
-- One row with a null confirmed: not confirmed, nothing booked. Else confirmed, and one
-- row per date asked as days_book's (a cancel or a change: one row with a null day).
WITH confirmed AS (
    UPDATE leave_requests r
    SET status = 'confirmed', confirmed_at = now(), updated_at = now()
    WHERE r.id = $1 AND r.status = 'pending' AND r.expires_at > now()
      AND EXISTS (SELECT 1 FROM users u WHERE u.id = r.user_id AND u.active)
    RETURNING r.id
), held AS (
    SELECT d.day,
           bool_or(d.portion <> 'pm') FILTER (WHERE d.status <> 'cancelled') AS am,
           bool_or(d.portion <> 'am') FILTER (WHERE d.status <> 'cancelled') AS pm,
           jsonb_agg(jsonb_build_object('day_id', d.id, 'request_id', d.request_id,
                                        'portion', d.portion, 'category', d.category)
                     ORDER BY d.id) FILTER (WHERE d.status <> 'cancelled') AS holders,
           count(*) FILTER (WHERE d.status = 'cancelled' AND d.portion = 'full') AS gone_full,
           count(*) FILTER (WHERE d.status = 'cancelled' AND d.portion = 'am') AS gone_am,
           count(*) FILTER (WHERE d.status = 'cancelled' AND d.portion = 'pm') AS gone_pm
    FROM leave_days d
    WHERE d.user_id = $2
      AND d.day BETWEEN (SELECT min(x) FROM unnest($3::date[]) x)
                    AND (SELECT max(x) FROM unnest($3::date[]) x)
    GROUP BY d.day
), plan AS (
    SELECT a.day, a.portion, h.holders,
           CASE WHEN a.portion <> 'pm' AND NOT coalesce(h.am, false)
                     AND a.portion <> 'am' AND NOT coalesce(h.pm, false) THEN 'full'
                WHEN a.portion <> 'pm' AND NOT coalesce(h.am, false) THEN 'am'
                WHEN a.portion <> 'am' AND NOT coalesce(h.pm, false) THEN 'pm' END AS book,
           h.gone_full, h.gone_am, h.gone_pm
    FROM unnest($3::date[], $4::text[]) AS a (day, portion)
    LEFT JOIN held h ON h.day = a.day
), booked AS (
    INSERT INTO leave_days (request_id, user_id, day, portion, category, generation)
    SELECT $1, $2, p.day, p.book, $5,
           coalesce(CASE p.book WHEN 'full' THEN p.gone_full WHEN 'am' THEN p.gone_am
                    ELSE p.gone_pm END, 0)::integer
    FROM plan p WHERE p.book IS NOT NULL AND EXISTS (SELECT 1 FROM confirmed)
    ORDER BY p.day
    ON CONFLICT DO NOTHING
    RETURNING id, day
)
SELECT c.id AS confirmed, p.day, p.portion, p.book, b.id AS day_id, p.holders
FROM (SELECT 1) AS one
LEFT JOIN confirmed c ON true
LEFT JOIN plan p ON c.id IS NOT NULL
LEFT JOIN booked b ON b.day = p.day
ORDER BY p.day;

-- name: request_expire_inactive
-- A pending request whose author is no longer active expires (their click finds it).
UPDATE leave_requests r
SET status = 'expired', updated_at = now()
WHERE r.id = $1 AND r.status = 'pending'
  AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = r.user_id AND u.active)
RETURNING r.id;

-- name: requests_expire_of_user
-- A person deactivated: their pending requests expire in the same transaction.
UPDATE leave_requests
SET status = 'expired', updated_at = now()
WHERE user_id = $1 AND status = 'pending'
RETURNING id;

-- name: request_cancel
UPDATE leave_requests
SET status = 'cancelled', updated_at = now()
WHERE id = $1 AND status = 'pending'
RETURNING id;

-- name: request_complete
UPDATE leave_requests
SET status = 'completed', outcome = $2::jsonb, completed_at = now(), updated_at = now()
WHERE id = $1 AND status IN ('confirmed', 'processing')
RETURNING id;

-- name: request_start_processing
UPDATE leave_requests SET status = 'processing', updated_at = now()
WHERE id = $1 AND status = 'confirmed'
RETURNING id;

-- name: requests_expire_due
-- Expire pending requests past their time, a batch at a time.
UPDATE leave_requests
SET status = 'expired', updated_at = now()
WHERE id IN (
    SELECT id FROM leave_requests
    WHERE status = 'pending' AND expires_at <= now()
    ORDER BY expires_at
    LIMIT $1
    FOR UPDATE SKIP LOCKED
) AND status = 'pending'
RETURNING id;

-- name: days_live_on_dates
-- A person's booked days among some dates (conflicts, and what a cancel matches).
SELECT id, request_id, day, portion, category, status
FROM leave_days
WHERE user_id = $1 AND day = ANY($2::date[]) AND status <> 'cancelled'
ORDER BY day, portion;

-- name: days_upcoming
SELECT id, day, portion, category, status
FROM leave_days
WHERE user_id = $1 AND day >= $2 AND status <> 'cancelled'
ORDER BY day, portion
LIMIT $3;

-- name: day_insert
-- Book one day as asked; a live day holding one of its slots makes this a no-op (no row).
INSERT INTO leave_days (request_id, user_id, day, portion, category, generation)
VALUES ($1, $2, $3, $4, $5, (
    SELECT count(*)::integer FROM leave_days
    WHERE user_id = $2 AND day = $3 AND portion = $4 AND status = 'cancelled'))
ON CONFLICT DO NOTHING
RETURNING id;

-- name: days_book
-- Book request $1's days for person $2 (dates $3, portions $4; category $5), slot by slot:
-- each date gets the slots asked for that no live day of the person holds (both: a full day;
-- one: that half; none: no day), inserted in date order. The slot indexes (migration 0008)
-- arbitrate a concurrent booking: an insert that collides with one books nothing (ON CONFLICT
-- waits for the other transaction first), and the caller asks again for those dates, which
-- then sees it. One row per date asked: the portion asked, the portion planned (null: every
-- slot asked for is taken), the day booked (null: none, or a collision) and the live days on
-- that date (JSON: day_id, request_id, portion, category), which hold the slots not planned.
-- (The person's days are read once, over the span of the dates asked, so that a generic plan
-- of this statement costs about what a custom one does: Postgres then keeps the generic plan
-- instead of planning the statement again at each call.)
WITH held AS (
    SELECT d.day,
           bool_or(d.portion <> 'pm') FILTER (WHERE d.status <> 'cancelled') AS am,
           bool_or(d.portion <> 'am') FILTER (WHERE d.status <> 'cancelled') AS pm,
           jsonb_agg(jsonb_build_object('day_id', d.id, 'request_id', d.request_id,
                                        'portion', d.portion, 'category', d.category)
                     ORDER BY d.id) FILTER (WHERE d.status <> 'cancelled') AS holders,
           count(*) FILTER (WHERE d.status = 'cancelled' AND d.portion = 'full') AS gone_full,
           count(*) FILTER (WHERE d.status = 'cancelled' AND d.portion = 'am') AS gone_am,
           count(*) FILTER (WHERE d.status = 'cancelled' AND d.portion = 'pm') AS gone_pm
    FROM leave_days d
    WHERE d.user_id = $2
      AND d.day BETWEEN (SELECT min(x) FROM unnest($3::date[]) x)
                    AND (SELECT max(x) FROM unnest($3::date[]) x)
    GROUP BY d.day
), plan AS (
    SELECT a.day, a.portion, h.holders,
           CASE WHEN a.portion <> 'pm' AND NOT coalesce(h.am, false)
                     AND a.portion <> 'am' AND NOT coalesce(h.pm, false) THEN 'full'
                WHEN a.portion <> 'pm' AND NOT coalesce(h.am, false) THEN 'am'
                WHEN a.portion <> 'am' AND NOT coalesce(h.pm, false) THEN 'pm' END AS book,
           h.gone_full, h.gone_am, h.gone_pm
    FROM unnest($3::date[], $4::text[]) AS a (day, portion)
    LEFT JOIN held h ON h.day = a.day
), booked AS (
    -- generation: how many cancelled days of that date and portion came before (see
    -- calendar_sync.event_id).
    INSERT INTO leave_days (request_id, user_id, day, portion, category, generation)
    SELECT $1, $2, p.day, p.book, $5,
           coalesce(CASE p.book WHEN 'full' THEN p.gone_full WHEN 'am' THEN p.gone_am
                    ELSE p.gone_pm END, 0)::integer
    FROM plan p WHERE p.book IS NOT NULL
    ORDER BY p.day
    ON CONFLICT DO NOTHING
    RETURNING id, day
)
SELECT p.day, p.portion, p.book, b.id AS day_id, p.holders
FROM plan p LEFT JOIN booked b ON b.day = p.day
ORDER BY p.day;

-- name: request_set_slots_taken
-- Keep what a request being confirmed found already booked (see migration 0008).
UPDATE leave_requests SET slots_taken = $2::jsonb, updated_at = now()
WHERE id = $1 AND status = 'confirmed'
RETURNING id;

-- name: days_of_request
SELECT id, request_id, user_id, day, portion, category, status, generation,
       calendar_status, harvest_status, calendar_event_id, harvest_entry_id, last_error,
       legacy_overlap
FROM leave_days WHERE request_id = $1 ORDER BY day, portion;

-- name: request_record_result_and_ack
-- Keep one target's result on request $1 (target $2, result $3, operation $4) and ack
-- message $6 of claimer $7, unless every target of $5 has its result now (the caller then
-- ends the step and acks with that): one statement. A change request keeps its removals'
-- results apart ("calendar_delete"...) from its additions'. outcome null: the request is
-- not in flight (acked, nothing to do); complete: every target's result is in; acked null
-- with complete false: the claim was lost.
WITH recorded AS (
    UPDATE leave_requests
    SET outcome = coalesce(outcome, '{}'::jsonb) || jsonb_build_object(
            CASE WHEN intent = 'change' AND $4::text = 'delete' THEN $2::text || '_delete'
                 ELSE $2::text END, $3::jsonb),
        updated_at = now()
    WHERE id = $1 AND status IN ('confirmed', 'processing')
    RETURNING outcome, intent
), complete AS (
    SELECT coalesce((
        SELECT r.outcome ?& ARRAY(
            SELECT t || CASE WHEN r.intent = 'change' AND $4::text = 'delete'
                             THEN '_delete' ELSE '' END
            FROM unnest($5::text[]) AS t)
        FROM recorded r), false) AS complete
), acked AS (
    UPDATE mailbox
    SET status = 'done', done_at = now(), claimed_until = NULL
    WHERE id = $6 AND status = 'claimed' AND claimed_by = $7
      AND NOT (SELECT complete FROM complete)
    RETURNING id
)
SELECT (SELECT outcome FROM recorded) AS outcome, (SELECT intent FROM recorded) AS intent,
       (SELECT complete FROM complete) AS complete, acked.id AS acked
FROM (SELECT 1) AS one LEFT JOIN acked ON true;

-- name: days_live_among
-- Which of days $1 are still booked (not cancelled).
SELECT id FROM leave_days WHERE id = ANY($1::bigint[]) AND status <> 'cancelled' ORDER BY id;

-- name: thread_latest_request
-- The author's ($3) latest request in a thread.
SELECT id, intent, category, status FROM leave_requests
WHERE channel_id = $1 AND thread_ts = $2 AND user_id = $3
ORDER BY id DESC LIMIT 1;

-- name: days_for_sync
-- The days a sync message names, with what the syncers need of their author, and whether
-- an event insert was sent for the day before (calendar_create_tried: its outcome may be
-- unknown, so the event is looked up before another insert).
SELECT d.id, d.request_id, d.user_id, d.day, d.portion, d.category, d.status, d.generation,
       d.calendar_status, d.harvest_status, d.calendar_event_id, d.harvest_entry_id,
       d.last_error, u.display_name, u.email, u.timezone, u.slack_timezone, u.harvest_user_id,
       u.slack_user_id,
       EXISTS (
           SELECT 1 FROM sync_attempts a
           WHERE a.day_id = d.id AND a.target = 'calendar' AND a.operation = 'create'
       ) AS calendar_create_tried
FROM leave_days d JOIN users u ON u.id = d.user_id
WHERE d.id = ANY($1::bigint[])
ORDER BY d.user_id, d.day, d.portion;

-- name: attempt_insert
-- Record one call to an outside service.
INSERT INTO sync_attempts
    (request_id, day_id, target, operation, outcome, external_id, error, started_at, duration_ms)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
RETURNING id;

-- name: days_settle
-- A day is completed once both targets are done (or skipped), failed when either
-- failed, cancelled once both are deleted (or skipped) after a cancel
-- (leave_day_settled, migration 0013).
UPDATE leave_days
SET status = leave_day_settled(status, calendar_status, harvest_status),
    cancelled_at = CASE
        WHEN leave_day_settled(status, calendar_status, harvest_status) = 'cancelled' THEN now()
        ELSE cancelled_at
    END,
    updated_at = now()
WHERE id = ANY($1::bigint[]) AND status <> 'cancelled'
RETURNING id, status;

-- name: mailbox_claimers
-- Who holds claims on a recipient's messages (to find those of dead processes).
SELECT DISTINCT claimed_by FROM mailbox
WHERE recipient = $1 AND status = 'claimed' AND claimed_by IS NOT NULL;

-- harvest syncer

-- name: harvest_day_done
-- The day's Harvest entry exists (created, or found by its external reference).
UPDATE leave_days
SET harvest_status = 'done', harvest_entry_id = $2, updated_at = now()
WHERE id = $1 AND harvest_status = 'pending'
RETURNING id;

-- name: harvest_day_failed
UPDATE leave_days
SET harvest_status = 'failed', last_error = $2, updated_at = now()
WHERE id = $1 AND harvest_status = 'pending'
RETURNING id;

-- name: harvest_day_skipped
-- Nothing to log in Harvest for this day (its author has no Harvest user).
UPDATE leave_days
SET harvest_status = 'skipped', updated_at = now()
WHERE id = $1 AND harvest_status = 'pending'
RETURNING id;

-- name: harvest_day_deleted
-- A cancelled day's entry is gone from Harvest (deleted now, or already gone).
UPDATE leave_days
SET harvest_status = 'deleted', updated_at = now()
WHERE id = $1 AND harvest_status IN ('pending', 'done', 'failed')
RETURNING id;

-- name: harvest_day_delete_failed
-- A delete that failed leaves the day as it was; only the error is kept.
UPDATE leave_days
SET last_error = $2, updated_at = now()
WHERE id = $1 AND harvest_status IN ('pending', 'done', 'failed')
RETURNING id;

-- name: harvest_finished_and_ack
-- The end of a harvest_syncer message, one statement: the calls not yet recorded for
-- request $1 (attempt rows: day $2, operation $3, outcome $4, external id $5, error $6,
-- started $7, duration $8) and their days' results (day $9: done, failed or skipped $10,
-- entry $11, error $12; only days still pending), settled with the day's Calendar state
-- at once; the other days of the message ($13) settled; the request under way
-- (confirmed -> processing; started says it moved); the SyncDone ($16, kind $15) queued
-- for $14 (dedupe key $17, hand-off claimer $18 for $19 s as in mailbox_send) and
-- message $20 of claimer $21 acked. No row back: the claim was lost, nothing written.
-- The request's row is locked before any of its days (see calendar_created_and_ack).
WITH request AS (
    SELECT id FROM leave_requests WHERE id = $1 FOR UPDATE
), acked AS (
    UPDATE mailbox
    SET status = 'done', done_at = now(), claimed_until = NULL
    WHERE id = $20 AND status = 'claimed' AND claimed_by = $21
    RETURNING id
), attempts AS (
    INSERT INTO sync_attempts
        (request_id, day_id, target, operation, outcome, external_id, error, started_at,
         duration_ms)
    SELECT $1, a.day_id, 'harvest', a.operation, a.outcome, a.external_id, a.error, a.started,
           a.duration
    FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],
                $7::timestamptz[], $8::float8[])
         AS a (day_id, operation, outcome, external_id, error, started, duration)
    WHERE EXISTS (SELECT 1 FROM acked)
), marked AS (
    UPDATE leave_days d
    SET harvest_status = m.result,
        harvest_entry_id = CASE WHEN m.result = 'done' THEN m.entry_id ELSE d.harvest_entry_id END,
        last_error = CASE WHEN m.result = 'failed' THEN m.error ELSE d.last_error END,
        status = leave_day_settled(d.status, d.calendar_status, m.result),
        updated_at = now()
    FROM unnest($9::bigint[], $10::text[], $11::bigint[], $12::text[])
         AS m (day_id, result, entry_id, error)
    WHERE d.id = m.day_id AND d.harvest_status = 'pending' AND EXISTS (SELECT 1 FROM acked)
      AND EXISTS (SELECT 1 FROM request)
    RETURNING d.id
), settled AS (
    UPDATE leave_days d
    SET status = leave_day_settled(d.status, d.calendar_status, d.harvest_status),
        cancelled_at = CASE
            WHEN leave_day_settled(d.status, d.calendar_status, d.harvest_status) = 'cancelled'
                THEN now()
            ELSE d.cancelled_at
        END,
        updated_at = now()
    WHERE d.id = ANY($13::bigint[]) AND NOT (d.id = ANY($9::bigint[]))
      AND d.status <> leave_day_settled(d.status, d.calendar_status, d.harvest_status)
      AND EXISTS (SELECT 1 FROM acked) AND EXISTS (SELECT 1 FROM request)
    RETURNING d.id
), started AS (
    UPDATE leave_requests SET status = 'processing', updated_at = now()
    WHERE id = (SELECT id FROM request) AND status = 'confirmed' AND EXISTS (SELECT 1 FROM acked)
    RETURNING id
), sent AS (
    INSERT INTO mailbox (recipient, kind, payload, dedupe_key, status, claimed_by,
                         claimed_until, attempts)
    SELECT $14, $15, $16::jsonb, $17,
           CASE WHEN $18::text IS NULL THEN 'ready' ELSE 'claimed' END,
           $18::text, now() + make_interval(secs => $19::float8),
           CASE WHEN $18::text IS NULL THEN 0 ELSE 1 END
    FROM acked
    ON CONFLICT (recipient, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
    RETURNING id
)
SELECT acked.id AS acked, sent.id AS sent, (SELECT id FROM started) AS started,
       CASE WHEN sent.id IS NOT NULL AND $18::text IS NULL
            THEN pg_notify('leavebot_mailbox', $14 || ' ' || current_setting('application_name'))
       END AS notified
FROM acked LEFT JOIN sent ON true;

-- name: harvest_last_errors
-- The latest Harvest error of each day (what a redelivery reports for failed days).
SELECT DISTINCT ON (day_id) day_id, error
FROM sync_attempts
WHERE target = 'harvest' AND outcome = 'error' AND day_id = ANY($1::bigint[])
ORDER BY day_id, started_at DESC, id DESC;

-- calendar syncer

-- name: calendar_days_done
-- A group's event is on the calendar (only days still pending move).
UPDATE leave_days
SET calendar_status = 'done', calendar_event_id = $2, updated_at = now()
WHERE id = ANY($1::bigint[]) AND calendar_status = 'pending'
RETURNING id;

-- name: calendar_created_and_ack
-- A create's whole record in one statement: the calls made for request $1 (attempt rows:
-- day $2, operation $3, outcome $4, external id $5, error $6, started $7, duration $8),
-- each day's result (day $9 done or failed $10, event $11, error $12; only days still
-- pending), settled with the day's Harvest state at once; the other days of the message
-- ($13) settled too, the request under way (confirmed -> processing), and then, only if
-- every result was recorded, the SyncDone ($16, kind $15) queued for $14 (dedupe key $17,
-- hand-off claimer $18 for $19 s as in mailbox_send) and message $20 of claimer $21
-- acked. marked: the days recorded; acked null: not acked (the claim was lost, or a day
-- stopped being pending meanwhile: the caller looks again). The request's row is locked
-- before any of its days, as harvest_finished_and_ack does (and the Confirm): two
-- syncers ending at once wait for each other instead of deadlocking.
WITH request AS (
    SELECT id FROM leave_requests WHERE id = $1 FOR UPDATE
), attempts AS (
    INSERT INTO sync_attempts
        (request_id, day_id, target, operation, outcome, external_id, error, started_at,
         duration_ms)
    SELECT $1, a.day_id, 'calendar', a.operation, a.outcome, a.external_id, a.error, a.started,
           a.duration
    FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],
                $7::timestamptz[], $8::float8[])
         AS a (day_id, operation, outcome, external_id, error, started, duration)
), marked AS (
    UPDATE leave_days d
    SET calendar_status = m.result, calendar_event_id = m.event_id,
        last_error = CASE WHEN m.result = 'failed' THEN m.error ELSE d.last_error END,
        status = leave_day_settled(d.status, m.result, d.harvest_status),
        updated_at = now()
    FROM unnest($9::bigint[], $10::text[], $11::text[], $12::text[])
         AS m (day_id, result, event_id, error)
    WHERE d.id = m.day_id AND d.calendar_status = 'pending' AND EXISTS (SELECT 1 FROM request)
    RETURNING d.id
), settled AS (
    UPDATE leave_days d
    SET status = leave_day_settled(d.status, d.calendar_status, d.harvest_status),
        cancelled_at = CASE
            WHEN leave_day_settled(d.status, d.calendar_status, d.harvest_status) = 'cancelled'
                THEN now()
            ELSE d.cancelled_at
        END,
        updated_at = now()
    WHERE d.id = ANY($13::bigint[]) AND NOT (d.id = ANY($9::bigint[]))
      AND d.status <> leave_day_settled(d.status, d.calendar_status, d.harvest_status)
      AND EXISTS (SELECT 1 FROM request)
    RETURNING d.id
), started AS (
    UPDATE leave_requests SET status = 'processing', updated_at = now()
    WHERE id = (SELECT id FROM request) AND status = 'confirmed'
    RETURNING id
), acked AS (
    UPDATE mailbox
    SET status = 'done', done_at = now(), claimed_until = NULL
    WHERE id = $20 AND status = 'claimed' AND claimed_by = $21
      AND (SELECT count(*) FROM marked) = cardinality($9::bigint[])
    RETURNING id
), sent AS (
    INSERT INTO mailbox (recipient, kind, payload, dedupe_key, status, claimed_by,
                         claimed_until, attempts)
    SELECT $14, $15, $16::jsonb, $17,
           CASE WHEN $18::text IS NULL THEN 'ready' ELSE 'claimed' END,
           $18::text, now() + make_interval(secs => $19::float8),
           CASE WHEN $18::text IS NULL THEN 0 ELSE 1 END
    FROM acked
    ON CONFLICT (recipient, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
    RETURNING id
)
SELECT ARRAY(SELECT id FROM marked) AS marked, acked.id AS acked, sent.id AS sent,
       CASE WHEN sent.id IS NOT NULL AND $18::text IS NULL
            THEN pg_notify('leavebot_mailbox', $14 || ' ' || current_setting('application_name'))
       END AS notified
FROM (SELECT 1) AS one LEFT JOIN acked ON true LEFT JOIN sent ON true;

-- name: calendar_days_failed
-- A group's event could not be made; the id tried is kept (a later delete removes a
-- stray event a timed-out insert may have left).
UPDATE leave_days
SET calendar_status = 'failed', calendar_event_id = $2, last_error = $3, updated_at = now()
WHERE id = ANY($1::bigint[]) AND calendar_status = 'pending'
RETURNING id;

-- name: calendar_days_deleted
-- Cancelled days whose event is gone (deleted now, already gone, or never made).
UPDATE leave_days
SET calendar_status = 'deleted', updated_at = now()
WHERE id = ANY($1::bigint[]) AND calendar_status IN ('pending', 'done', 'failed')
RETURNING id;

-- name: calendar_days_delete_failed
-- A delete that failed leaves the days as they were; only the error is kept.
UPDATE leave_days
SET last_error = $2, updated_at = now()
WHERE id = ANY($1::bigint[]) AND calendar_status IN ('pending', 'done', 'failed')
RETURNING id;

-- name: calendar_days_on_event
-- The booked days an event still holds (the rest of a partly cancelled event).
SELECT id, day, portion, category, generation
FROM leave_days
WHERE user_id = $1 AND calendar_event_id = $2 AND calendar_status = 'done'
  AND status <> 'cancelled'
ORDER BY day, portion;

-- name: calendar_days_moved
-- Days of a split event now live on its replacement (only those still on the old one).
UPDATE leave_days
SET calendar_event_id = $3, generation = $4, updated_at = now()
WHERE id = ANY($1::bigint[]) AND calendar_event_id = $2 AND calendar_status = 'done'
RETURNING id;

-- name: calendar_days_move_failed
-- The replacement of a split event could not be made: those days are off the calendar.
UPDATE leave_days
SET calendar_status = 'failed', calendar_event_id = $3, generation = $4, last_error = $5,
    updated_at = now()
WHERE id = ANY($1::bigint[]) AND calendar_event_id = $2 AND calendar_status = 'done'
RETURNING id;

-- name: calendar_last_errors
-- The latest Calendar error of each day (what a redelivery reports for failed days).
SELECT DISTINCT ON (day_id) day_id, error
FROM sync_attempts
WHERE target = 'calendar' AND outcome = 'error' AND day_id = ANY($1::bigint[])
ORDER BY day_id, started_at DESC, id DESC;

-- admin API

-- name: admin_users_list
-- People matching a search ($1, any case, in name or email), active filter ($2) and
-- mapping gaps ($3: active people missing a Harvest id or an email); one page.
SELECT id, slack_user_id, display_name, email, harvest_user_id, timezone, slack_timezone,
       active, holiday_region, created_at, updated_at
FROM users
WHERE ($1::text IS NULL OR strpos(lower(display_name), lower($1::text)) > 0
       OR strpos(lower(coalesce(email, '')), lower($1::text)) > 0)
  AND ($2::boolean IS NULL OR active = $2::boolean)
  AND (NOT $3::boolean OR (active AND (harvest_user_id IS NULL OR email IS NULL)))
ORDER BY lower(display_name), id
LIMIT $4 OFFSET $5;

-- name: admin_users_count
SELECT count(*)::bigint AS n
FROM users
WHERE ($1::text IS NULL OR strpos(lower(display_name), lower($1::text)) > 0
       OR strpos(lower(coalesce(email, '')), lower($1::text)) > 0)
  AND ($2::boolean IS NULL OR active = $2::boolean)
  AND (NOT $3::boolean OR (active AND (harvest_user_id IS NULL OR email IS NULL)));

-- name: admin_user_get
SELECT id, slack_user_id, display_name, email, harvest_user_id, timezone, slack_timezone,
       active, holiday_region, created_at, updated_at
FROM users WHERE id = $1;

-- name: admin_user_create
-- A new person ($7: their own holiday region, null for the company's); no row back means
-- the Slack user id is taken.
INSERT INTO users (slack_user_id, display_name, email, harvest_user_id, timezone, active,
                   holiday_region)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (slack_user_id) DO NOTHING
RETURNING id, slack_user_id, display_name, email, harvest_user_id, timezone, slack_timezone,
          active, holiday_region, created_at, updated_at;

-- name: admin_user_update
-- Change only the fields named in $7 ($8: the holiday region).
UPDATE users
SET display_name = CASE WHEN 'display_name' = ANY($7::text[]) THEN $2 ELSE display_name END,
    email = CASE WHEN 'email' = ANY($7::text[]) THEN $3 ELSE email END,
    harvest_user_id = CASE WHEN 'harvest_user_id' = ANY($7::text[]) THEN $4::bigint
                           ELSE harvest_user_id END,
    timezone = CASE WHEN 'timezone' = ANY($7::text[]) THEN $5 ELSE timezone END,
    active = CASE WHEN 'active' = ANY($7::text[]) THEN $6::boolean ELSE active END,
    holiday_region = CASE WHEN 'holiday_region' = ANY($7::text[]) THEN $8::text
                          ELSE holiday_region END,
    updated_at = now()
WHERE id = $1
RETURNING id, slack_user_id, display_name, email, harvest_user_id, timezone, slack_timezone,
          active, holiday_region, created_at, updated_at;

-- name: admin_user_deactivate
UPDATE users SET active = false, updated_at = now()
WHERE id = $1
RETURNING id, slack_user_id, display_name, email, harvest_user_id, timezone, slack_timezone,
          active, holiday_region, created_at, updated_at;

-- name: admin_users_by_slack_ids
SELECT id, slack_user_id, harvest_user_id FROM users WHERE slack_user_id = ANY($1::text[]);

-- name: admin_user_set_harvest
-- The import's Harvest id for a known person (only when it changes).
UPDATE users SET harvest_user_id = $2, updated_at = now()
WHERE id = $1 AND harvest_user_id IS DISTINCT FROM $2::bigint
RETURNING id;

-- name: admin_leaves_page
-- One page of requests, newest first by (created_at, id): their ids and created_at, after
-- the cursor ($4, $5; null: from the newest), at most $6; filters: author $1, status $2,
-- category $3 (admin_leave_summaries then reads the page). The admin_leaves_page_*
-- variants apply the same filters and answer the same rows; they differ in what drives
-- the search, and the caller picks the one fit for the filters given, so that each plan
-- (generic ones too) reads about a page of index entries. This one walks the newest.
SELECT r.id, r.created_at FROM leave_requests r
WHERE (r.created_at, r.id) < (coalesce($4::timestamptz, 'infinity'),
                              coalesce($5::bigint, 9223372036854775807))
  AND ($1::bigint IS NULL OR r.user_id = $1::bigint)
  AND ($2::text IS NULL OR r.status = $2::text)
  AND ($3::text IS NULL OR r.category = $3::text)
ORDER BY r.created_at DESC, r.id DESC
LIMIT $6;

-- name: admin_leaves_page_status
-- admin_leaves_page driven by the requests of status $2, newest first.
SELECT r.id, r.created_at FROM leave_requests r
WHERE r.status = $2::text
  AND (r.created_at, r.id) < (coalesce($4::timestamptz, 'infinity'),
                              coalesce($5::bigint, 9223372036854775807))
  AND ($1::bigint IS NULL OR r.user_id = $1::bigint)
  AND ($3::text IS NULL OR r.category = $3::text)
ORDER BY r.created_at DESC, r.id DESC
LIMIT $6;

-- name: admin_leaves_page_user
-- admin_leaves_page driven by the requests of author $1, newest first, with the filters of
-- admin_leaves_page_days as well: a booked day within [$7, $8] (null: any), a failed day ($9).
SELECT r.id, r.created_at FROM leave_requests r
WHERE r.user_id = $1::bigint
  AND (r.created_at, r.id) < (coalesce($4::timestamptz, 'infinity'),
                              coalesce($5::bigint, 9223372036854775807))
  AND ($2::text IS NULL OR r.status = $2::text)
  AND ($3::text IS NULL OR r.category = $3::text)
  AND ($7::date IS NULL OR EXISTS (
        SELECT 1 FROM leave_days d
        WHERE d.request_id = r.id AND d.day BETWEEN $7::date AND $8::date))
  AND (NOT $9::boolean OR EXISTS (
        SELECT 1 FROM leave_days f WHERE f.request_id = r.id AND f.status = 'failed'))
ORDER BY r.created_at DESC, r.id DESC
LIMIT $6;

-- name: admin_leaves_page_days
-- admin_leaves_page of the requests with a booked day (of any status) within [$7, $8] and,
-- when $9, a failed day. The days in the range drive the search: their requests'
-- (created_at, id), which each day carries, come from one index and are sorted, and the
-- requests are looked up in that order (LATERAL ... LIMIT 1 keeps that join order) until
-- the page is full.
SELECT r.id, r.created_at
FROM (SELECT DISTINCT d.request_created_at, d.request_id FROM leave_days d
      WHERE d.day BETWEEN $7::date AND $8::date
        AND (d.request_created_at, d.request_id)
            < (coalesce($4::timestamptz, 'infinity'), coalesce($5::bigint, 9223372036854775807))
      ORDER BY d.request_created_at DESC, d.request_id DESC) p
CROSS JOIN LATERAL (
    SELECT r.id, r.created_at FROM leave_requests r
    WHERE r.id = p.request_id
      AND ($1::bigint IS NULL OR r.user_id = $1::bigint)
      AND ($2::text IS NULL OR r.status = $2::text)
      AND ($3::text IS NULL OR r.category = $3::text)
      AND (NOT $9::boolean OR EXISTS (
            SELECT 1 FROM leave_days f WHERE f.request_id = r.id AND f.status = 'failed'))
    LIMIT 1) r
ORDER BY p.request_created_at DESC, p.request_id DESC
LIMIT $6;

-- name: admin_leaves_page_failed
-- admin_leaves_page of the requests with a failed day: the failed days' index, in the
-- list's order (each day carries its request's created_at), gives the requests newest
-- first, looked up as in admin_leaves_page_days until the page is full.
SELECT r.id, r.created_at
FROM (SELECT DISTINCT f.request_created_at, f.request_id FROM leave_days f
      WHERE f.status = 'failed'
        AND (f.request_created_at, f.request_id)
            < (coalesce($4::timestamptz, 'infinity'), coalesce($5::bigint, 9223372036854775807))
      ORDER BY f.request_created_at DESC, f.request_id DESC) p
CROSS JOIN LATERAL (
    SELECT r.id, r.created_at FROM leave_requests r
    WHERE r.id = p.request_id
      AND ($1::bigint IS NULL OR r.user_id = $1::bigint)
      AND ($2::text IS NULL OR r.status = $2::text)
      AND ($3::text IS NULL OR r.category = $3::text)
    LIMIT 1) r
ORDER BY p.request_created_at DESC, p.request_id DESC
LIMIT $6;

-- name: admin_leave_summaries
-- The requests $1 in that order, as the list and the detail show them: the span and count
-- of the days asked for (a half day counts 0.5; an entry without a valid YYYY-MM-DD date
-- is skipped; a change request counts the days it adds), the failed days, the outcome's state (null unless done, partial or failed)
-- and failures (each as text; null for none), and the detail's fields.
SELECT r.id, r.user_id, u.slack_user_id, u.display_name, u.timezone, u.slack_timezone,
       r.intent, r.category, r.status,
       r.source_text, s.first_day, s.last_day, s.day_count,
       (SELECT count(*) FROM leave_days f
        WHERE f.request_id = r.id AND f.status = 'failed')::integer AS failed_days,
       coalesce(jsonb_typeof(r.outcome) = 'object', false) AS has_outcome,
       CASE WHEN r.outcome -> 'state' IN ('"done"', '"partial"', '"failed"')
            THEN r.outcome ->> 'state' END AS outcome_state,
       CASE WHEN jsonb_typeof(r.outcome -> 'failures') = 'array'
             AND r.outcome -> 'failures' <> '[]'
            THEN ARRAY(SELECT CASE jsonb_typeof(e) WHEN 'string' THEN e #>> '{}'
                              WHEN 'null' THEN 'None' WHEN 'boolean' THEN initcap(e::text)
                              ELSE e::text END
                       FROM jsonb_array_elements(r.outcome -> 'failures')
                            WITH ORDINALITY AS x (e, n)
                       ORDER BY n) END AS outcome_failures,
       r.created_at, r.confirmed_at, r.completed_at,
       r.channel_id, r.thread_ts, r.message_ts, r.prompt_ts, r.expires_at
FROM unnest($1::bigint[]) WITH ORDINALITY AS p (id, n)
JOIN leave_requests r ON r.id = p.id
JOIN users u ON u.id = r.user_id
CROSS JOIN LATERAL (
    SELECT min((e.day ->> 'date')::date) AS first_day, max((e.day ->> 'date')::date) AS last_day,
           coalesce(sum(CASE WHEN coalesce(e.day -> 'portion', '"full"') = '"full"' THEN 1.0
                             ELSE 0.5 END), 0)::float8 AS day_count
    FROM jsonb_array_elements(CASE jsonb_typeof(r.days) WHEN 'array' THEN r.days ELSE '[]' END)
         AS e (day)
    WHERE e.day ->> 'date' ~ '^\d{4}-\d\d-\d\d$' AND pg_input_is_valid(e.day ->> 'date', 'date')
      AND coalesce(e.day ->> 'op', 'add') = 'add'
) s
ORDER BY p.n;

-- name: admin_leave_attempts
-- Every outside call for a request: its own, and any on its days (a later cancel's).
SELECT id, day_id, target, operation, outcome, external_id, error, started_at, duration_ms
FROM sync_attempts
WHERE request_id = $1 OR day_id IN (SELECT id FROM leave_days WHERE request_id = $1)
ORDER BY started_at, id;

-- name: admin_request_lock
-- Hold a request while an admin action decides what to do with it.
SELECT id, status, intent, outcome FROM leave_requests WHERE id = $1 FOR UPDATE;

-- name: admin_days_retry
-- A request's failed days back to pending for the target(s) that failed (only days
-- still failed, none half cancelled, and none sharing a slot with another live day: see
-- admin_days_retry_blocked); says which targets each day needs again.
WITH failed AS (
    SELECT id, calendar_status = 'failed' AS calendar, harvest_status = 'failed' AS harvest
    FROM leave_days f
    WHERE request_id = $1 AND status = 'failed'
      AND calendar_status <> 'deleted' AND harvest_status <> 'deleted'
      AND NOT EXISTS (
          SELECT 1 FROM leave_days o
          WHERE o.user_id = f.user_id AND o.day = f.day AND o.id <> f.id
            AND o.status <> 'cancelled'
            AND (o.portion = 'full' OR f.portion = 'full' OR o.portion = f.portion))
    FOR UPDATE
)
UPDATE leave_days d
SET status = 'confirmed',
    calendar_status = CASE WHEN d.calendar_status = 'failed' THEN 'pending'
                           ELSE d.calendar_status END,
    harvest_status = CASE WHEN d.harvest_status = 'failed' THEN 'pending'
                          ELSE d.harvest_status END,
    last_error = NULL,
    updated_at = now()
FROM failed
WHERE d.id = failed.id AND d.status = 'failed'
RETURNING d.id, failed.calendar, failed.harvest;

-- name: admin_days_retry_blocked
-- A request's failed days that a retry leaves alone because another live day of the person
-- holds one of their slots (only days booked before migration 0008 can be in that state),
-- with that other day and its request.
SELECT f.id AS day_id, f.day, f.portion, o.id AS by_day_id, o.request_id AS by_request_id,
       o.portion AS by_portion, o.category AS by_category
FROM leave_days f
JOIN leave_days o ON o.user_id = f.user_id AND o.day = f.day AND o.id <> f.id
     AND o.status <> 'cancelled'
     AND (o.portion = 'full' OR f.portion = 'full' OR o.portion = f.portion)
WHERE f.request_id = $1 AND f.status = 'failed'
ORDER BY f.day, f.portion, o.id;

-- name: admin_leave_slots
-- What request $1 asked for and found taken at Confirm, and for each of its live days the
-- other live days of the person sharing a slot with it (only days booked before migration
-- 0008 can have any): JSON of {day_id, other_day_id, request_id, portion, category}.
SELECT r.intent, r.days, r.slots_taken,
       (SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'day_id', d.id, 'other_day_id', o.id, 'request_id', o.request_id,
                   'portion', o.portion, 'category', o.category) ORDER BY d.day, o.id), '[]')
        FROM leave_days d
        JOIN leave_days o ON o.user_id = d.user_id AND o.day = d.day AND o.id <> d.id
             AND o.status <> 'cancelled'
             AND (o.portion = 'full' OR d.portion = 'full' OR o.portion = d.portion)
        WHERE d.request_id = r.id AND d.status <> 'cancelled') AS overlaps
FROM leave_requests r WHERE r.id = $1;

-- name: admin_request_retry
-- A completed request waits again for the targets being retried ($2: the results kept).
UPDATE leave_requests
SET status = 'processing', outcome = $2::jsonb, completed_at = NULL, updated_at = now()
WHERE id = $1 AND status = 'completed'
RETURNING id;

-- name: admin_days_live
-- A request's days that still hold external records (or may).
SELECT id FROM leave_days
WHERE request_id = $1 AND status IN ('confirmed', 'completed', 'failed')
ORDER BY day, portion;

-- name: admin_delete_in_flight
-- Whether a delete for this request is still waiting in a syncer's mailbox.
SELECT EXISTS (
    SELECT 1 FROM mailbox
    WHERE recipient IN ('calendar_syncer', 'harvest_syncer') AND status IN ('ready', 'claimed')
      AND kind = 'sync_days' AND payload->>'operation' = 'delete'
      AND payload->>'request_id' = $1::bigint::text
) AS busy;

-- name: admin_whos_out
-- Booked days within [$1, $2], by person.
SELECT d.id, d.request_id, d.user_id, d.day, d.portion, d.category, d.status,
       u.slack_user_id, u.display_name
FROM leave_days d JOIN users u ON u.id = d.user_id
WHERE d.day BETWEEN $1 AND $2 AND d.status <> 'cancelled'
ORDER BY lower(u.display_name), d.user_id, d.day, d.portion;

-- name: admin_stats
-- Days taken within [$1, $2] per person, month and category (a half day is 0.5).
WITH taken AS (
    SELECT user_id, date_trunc('month', day::timestamp) AS month, category,
           sum(CASE WHEN portion = 'full' THEN 2 ELSE 1 END) AS halves
    FROM leave_days
    WHERE day BETWEEN $1 AND $2 AND status <> 'cancelled'
    GROUP BY 1, 2, 3
)
SELECT t.user_id, u.display_name, to_char(t.month, 'YYYY-MM') AS month, t.category,
       t.halves / 2.0::double precision AS days
FROM taken t JOIN users u ON u.id = t.user_id
ORDER BY lower(u.display_name), t.user_id, t.month, t.category;

-- name: admin_sync_errors
-- The latest failed outside calls.
SELECT id, request_id, day_id, target, operation, error, started_at
FROM sync_attempts WHERE outcome = 'error'
ORDER BY started_at DESC, id DESC
LIMIT $1;

-- name: admin_config_put
-- Store one runtime setting ($2 NULL stands for JSON null: asyncpg sends None as NULL).
INSERT INTO config (key, value, updated_by, updated_at)
VALUES ($1, coalesce($2::jsonb, 'null'::jsonb), $3, now())
ON CONFLICT (key) DO UPDATE
SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()
RETURNING key, value, updated_by, updated_at;

-- name: calendar_days_lost
-- The rest of an event a person deleted by hand: off the calendar, not re-created.
UPDATE leave_days
SET calendar_status = 'failed', last_error = $3, updated_at = now()
WHERE id = ANY($1::bigint[]) AND calendar_event_id = $2 AND calendar_status = 'done'
RETURNING id;

-- name: db_analyze
-- Refresh the planner's statistics and the visibility map (after a bulk load).
VACUUM (ANALYZE);

-- name: days_cancel_incomplete
-- Days a cancel did not fully remove: failed, with the reason (not cancelled, not booked).
UPDATE leave_days
SET status = 'failed', last_error = $2, updated_at = now()
WHERE id = ANY($1::bigint[]) AND status IN ('confirmed', 'completed')
RETURNING id;

-- digest (actors/digest.py)

-- name: digest_days
-- The booked days of active people within [$1, $2], for the who's-out post.
SELECT d.user_id, u.display_name, d.day, d.portion, d.category
FROM leave_days d JOIN users u ON u.id = d.user_id
WHERE d.day BETWEEN $1 AND $2 AND d.status <> 'cancelled' AND u.active
ORDER BY d.day, d.user_id, d.portion;

-- name: digest_run_get
SELECT day, status, claimed_by, claimed_until, attempts, posting_since, channel_id, message_ts,
       people_today, people_later, reason, created_at, updated_at
FROM digest_runs WHERE day = $1;

-- name: digest_runs_recent
SELECT day, status, claimed_by, claimed_until, attempts, posting_since, channel_id, message_ts,
       people_today, people_later, reason, created_at, updated_at
FROM digest_runs ORDER BY day DESC LIMIT $1;

-- name: digest_claim
-- Claim date $1's digest for claimer $2 for $3 seconds: a new claim, or a claim taken over
-- when it ran out, when its holder ($4: the dead claimers of this host) is gone, or when it
-- is $2's own. No row back: someone else holds it, or the date is done.
INSERT INTO digest_runs (day, status, claimed_by, claimed_until, attempts)
VALUES ($1, 'claimed', $2, now() + make_interval(secs => $3), 1)
ON CONFLICT (day) DO UPDATE
SET claimed_by = $2, claimed_until = now() + make_interval(secs => $3),
    attempts = digest_runs.attempts + 1, updated_at = now()
WHERE digest_runs.status = 'claimed'
  AND (digest_runs.claimed_until < now() OR digest_runs.claimed_by = $2
       OR digest_runs.claimed_by = ANY($4::text[]))
RETURNING attempts, posting_since,
          greatest(0, $5 - extract(epoch FROM now() - posting_since))::double precision
              AS in_flight_s;

-- name: digest_posting
-- The claimer of date $1's digest is about to post to channel $3: from now on a post may
-- have landed, and whoever takes the claim over looks for it before posting.
UPDATE digest_runs SET posting_since = now(), channel_id = $3, updated_at = now()
WHERE day = $1 AND claimed_by = $2 AND status = 'claimed'
RETURNING day;

-- name: digest_finish
-- Close date $1's claim of $2: posted (ts $5 in channel $4), empty or skipped ($3), with
-- the people named ($6 today, $7 later this week) or the reason ($8).
UPDATE digest_runs
SET status = $3, channel_id = coalesce($4, channel_id), message_ts = $5, people_today = $6,
    people_later = $7, reason = $8, claimed_until = NULL, updated_at = now()
WHERE day = $1 AND claimed_by = $2 AND status = 'claimed'
RETURNING day;

-- name: digest_skip_missed
-- Date $1's digest was never started and its morning is over: skipped (reason $2), once.
INSERT INTO digest_runs (day, status, reason) VALUES ($1, 'skipped', $2)
ON CONFLICT (day) DO NOTHING
RETURNING day;

-- home tab (actors/home.py)

-- name: home_requests
-- Person $1's requests made since $2 or with a booked day from $3 on, newest first (at most
-- $4), each with the days it asked for and those it booked.
SELECT r.id, r.intent, r.category, r.status, r.outcome, r.created_at, r.days AS asked,
       coalesce((SELECT jsonb_agg(jsonb_build_object('id', d.id, 'date', d.day,
                                                     'portion', d.portion, 'status', d.status)
                                  ORDER BY d.day, d.portion)
                 FROM leave_days d WHERE d.request_id = r.id), '[]'::jsonb) AS booked
FROM leave_requests r
WHERE r.user_id = $1
  AND (r.created_at >= $2 OR EXISTS (
        SELECT 1 FROM leave_days f
        WHERE f.request_id = r.id AND f.day >= $3 AND f.status <> 'cancelled'))
ORDER BY r.created_at DESC, r.id DESC
LIMIT $4;

-- name: home_opened
-- Person $1 opened their Home tab: from now on their leave changes refresh it.
INSERT INTO home_views (user_id) VALUES ($1)
ON CONFLICT (user_id) DO UPDATE SET opened_at = now()
RETURNING view_hash;

-- name: home_view_hash
SELECT view_hash FROM home_views WHERE user_id = $1;

-- name: home_published
UPDATE home_views SET view_hash = $2, published_at = now() WHERE user_id = $1;

-- name: user_get
SELECT id, slack_user_id, display_name, email, harvest_user_id, timezone, active, holiday_region
FROM users WHERE id = $1;

-- name: user_set_holiday_region
-- A person's own holiday region (null: the company's), by Slack id (the demo's seed).
UPDATE users SET holiday_region = $2, updated_at = now()
WHERE slack_user_id = $1 AND holiday_region IS DISTINCT FROM $2::text;
