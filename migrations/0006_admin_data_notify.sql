-- The admin server's page cache (leavebot/admin/page_cache.py) keeps the leaves list's
-- answers until the data they show changes: any statement that writes the requests, their
-- days or the people notifies channel leavebot_admin_data, delivered when it commits (once
-- per transaction, Postgres folds repeats). A statement that matched no row notifies too:
-- the cache is only emptied once more than it had to be.
-- depends: 0005_admin_leaves_indexes

CREATE FUNCTION leavebot_admin_data_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('leavebot_admin_data', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER leave_requests_admin_data
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON leave_requests
    FOR EACH STATEMENT EXECUTE FUNCTION leavebot_admin_data_changed();
CREATE TRIGGER leave_days_admin_data
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON leave_days
    FOR EACH STATEMENT EXECUTE FUNCTION leavebot_admin_data_changed();
CREATE TRIGGER users_admin_data
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION leavebot_admin_data_changed();
