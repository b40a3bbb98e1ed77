-- Threads the bot has spoken in: a reply there needs no trigger keyword.
-- depends: 0001_schema

CREATE TABLE bot_threads (
    channel_id text NOT NULL,
    thread_ts  text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (channel_id, thread_ts)
);
