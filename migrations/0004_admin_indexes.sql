-- Indexes for the admin API: the newest-first request list and its cursor, the
-- requests with a booked day in a range, and stats read from the index alone.
-- depends: 0003_harvest_config

CREATE INDEX leave_requests_created_idx ON leave_requests (created_at DESC, id DESC);
CREATE INDEX leave_days_day_request_idx ON leave_days (day, request_id);
CREATE INDEX leave_days_stats_idx ON leave_days (day) INCLUDE (user_id, category, portion)
    WHERE status <> 'cancelled';
