-- Every SQL statement of leavebot, one per `-- name: <name>` header.
-- Values are always $n parameters; state changes are guarded UPDATEs.

-- name: mailbox_send
-- Insert a message for an actor and notify its listeners on commit.
WITH ins AS (
    INSERT INTO mailbox (recipient, kind, payload, dedupe_key)
    VALUES ($1, $2, $3::jsonb, $4)
    ON CONFLICT (recipient, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
    RETURNING id
)
SELECT id, pg_notify('leavebot_mailbox', $1) AS notified FROM ins;

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

-- name: mailbox_ack
-- Mark a claimed message done; runs in the handler's own transaction.
UPDATE mailbox
SET status = 'done', done_at = now(), claimed_until = NULL
WHERE id = $1 AND status = 'claimed' AND claimed_by = $2
RETURNING id;

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

-- name: mailbox_counts
SELECT recipient, status, count(*)::bigint AS n FROM mailbox GROUP BY recipient, status;

-- name: mailbox_prune_done
DELETE FROM mailbox WHERE status = 'done' AND done_at < now() - make_interval(secs => $1);

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
