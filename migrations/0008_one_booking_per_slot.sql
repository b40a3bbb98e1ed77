-- One booking per half-day (issue 16). A person's half-day slot, the morning (AM) or the
-- afternoon (PM) of a date, is held by at most one live day across all of their requests; a
-- full day holds both. The embedded Postgres has no btree_gist (no exclusion constraint over
-- ranges), so each slot has its own partial unique index over the live days that hold it:
-- a full or AM day holds the AM slot, a full or PM day the PM slot. Full over AM, full over
-- PM, full over full and the same half twice collide in one of them; AM + PM do not. A
-- failed day keeps its slots (part of it may be in Calendar or Harvest); a cancelled one
-- frees them. These indexes replace 0001's leave_days_live_uq (one live row per day and
-- portion), which they imply.
--
-- Days booked before this rule may already overlap (a full day and a PM of the same date,
-- from two requests). They keep their records outside and stay as they are, but the newer
-- of two overlapping live days is marked legacy_overlap and left out of the indexes: no new
-- booking can take a slot such a day covers (bookings read every live day, legacy ones too),
-- an admin retry skips it while the older one is live, and the admin API shows it.
-- depends: 0007_leave_days_request_created

ALTER TABLE leave_days ADD COLUMN legacy_overlap boolean NOT NULL DEFAULT false;

UPDATE leave_days d SET legacy_overlap = true
WHERE d.status <> 'cancelled' AND EXISTS (
    SELECT 1 FROM leave_days o
    WHERE o.user_id = d.user_id AND o.day = d.day AND o.id < d.id AND o.status <> 'cancelled'
      AND (o.portion = 'full' OR d.portion = 'full' OR o.portion = d.portion));

DROP INDEX leave_days_live_uq;
CREATE UNIQUE INDEX leave_days_am_slot_uq ON leave_days (user_id, day)
    WHERE portion IN ('full', 'am') AND status <> 'cancelled' AND NOT legacy_overlap;
CREATE UNIQUE INDEX leave_days_pm_slot_uq ON leave_days (user_id, day)
    WHERE portion IN ('full', 'pm') AND status <> 'cancelled' AND NOT legacy_overlap;

-- What a request found already booked when it was confirmed, slot by slot: a JSON array of
-- {"date", "slot", "request_id", "day_id", "category"} (null: nothing was taken).
ALTER TABLE leave_requests ADD COLUMN slots_taken jsonb;

-- A person's pending requests, for the prompts' overlap warnings.
CREATE INDEX leave_requests_pending_user_idx ON leave_requests (user_id) WHERE status = 'pending';
