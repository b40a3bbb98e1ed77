-- Runtime config for Harvest: the project leave is logged to and the task per
-- category. Unset (JSON null) until an admin sets them.
-- depends: 0002_bot_threads

INSERT INTO config (key, value) VALUES
    ('harvest_project_id', 'null'::jsonb),
    ('harvest_task_vacation', 'null'::jsonb),
    ('harvest_task_sick', 'null'::jsonb)
ON CONFLICT (key) DO NOTHING;
