-- Indexes for the admin leaves list (issue 6). A page is read from an index in the list's
-- (created_at, id) order with the cursor as an index bound, and the other filters' columns
-- are in the index too, so a page reads about a page of index entries and no table row:
-- newest first (replacing 0004's), by person and by status (replacing 0001's, which these
-- extend). A request by id with those columns, for the pages driven by a day range: each
-- of their days' requests is looked up there. And the failed days by request: the failed
-- filter and every item's failed_days.
-- depends: 0004_admin_indexes

DROP INDEX leave_requests_created_idx;
CREATE INDEX leave_requests_created_idx ON leave_requests (created_at DESC, id DESC)
    INCLUDE (user_id, status, category);
DROP INDEX leave_requests_user_idx;
CREATE INDEX leave_requests_user_page_idx ON leave_requests (user_id, created_at DESC, id DESC)
    INCLUDE (status, category);
DROP INDEX leave_requests_status_idx;
CREATE INDEX leave_requests_status_page_idx ON leave_requests (status, created_at DESC, id DESC)
    INCLUDE (user_id, category);
CREATE INDEX leave_requests_lookup_idx ON leave_requests (id)
    INCLUDE (created_at, user_id, status, category);
CREATE INDEX leave_days_failed_request_idx ON leave_days (request_id) WHERE status = 'failed';
