-- A day's status from its two targets' states, in one place: days_settle uses it, and so
-- do the syncers' single statements that record a target's result and settle the day in
-- the same UPDATE (an UPDATE may change a row only once per statement, and the row's
-- other target state it reads is the newest: a concurrent write of the other syncer is
-- waited for and read again). A cancelled day stays cancelled.
-- depends: 0012_digest_holidays_home

CREATE FUNCTION leave_day_settled(status text, calendar text, harvest text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN status = 'cancelled' THEN status
        WHEN calendar IN ('deleted', 'skipped') AND harvest IN ('deleted', 'skipped')
             AND (calendar = 'deleted' OR harvest = 'deleted') THEN 'cancelled'
        WHEN calendar IN ('done', 'skipped') AND harvest IN ('done', 'skipped') THEN 'completed'
        WHEN calendar = 'failed' OR harvest = 'failed' THEN 'failed'
        ELSE status
    END
$$;
