-- Phasegate jobs: backfill and verification runs, and the leases that keep one runner per column
-- across every gateway. Idempotent: safe to run again (the migrator and JobSchema.ensure both may).
-- Times come from the database clock (clock_timestamp()) so gateways with skewed clocks agree.

CREATE SCHEMA IF NOT EXISTS phasegate;

-- One row per (column, kind) while a runner holds it. A runner renews expires_at in every batch
-- transaction and stops when its renewal finds another owner; a dead runner's lease expires and
-- the next taker resumes from the run's last_key.
CREATE TABLE IF NOT EXISTS phasegate.job_lease (
    column_id        text        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('backfill', 'verify')),
    owner            text        NOT NULL,
    acquired_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    expires_at       timestamptz NOT NULL,
    cancel_requested boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (column_id, kind)
);

-- A backfill run: forward (new = up(row)) or reverse (source = down(new)). Progress (last_key and
-- the counters) is written in the same transaction as the batch it describes, so after a crash
-- it is exactly what was committed.
CREATE TABLE IF NOT EXISTS phasegate.backfill_run (
    id                  bigserial   PRIMARY KEY,
    column_id           text        NOT NULL,
    direction           text        NOT NULL CHECK (direction IN ('forward', 'reverse')),
    state               text        NOT NULL CHECK (state IN ('running', 'paused', 'done', 'failed', 'cancelled')),
    pause_reason        text,
    target_column       text        NOT NULL,  -- the column written: the new one, or the source when reverse
    expression          text        NOT NULL,  -- up (forward) or down (reverse) as it was at the start
    where_clause        text,                  -- extra predicate given with the request
    batch_size          integer     NOT NULL CHECK (batch_size > 0),
    max_rows_per_second integer     NOT NULL CHECK (max_rows_per_second >= 0),
    key_columns         text[]      NOT NULL,  -- the walk order: primary key or declared unique key
    key_types           text[]      NOT NULL,  -- format_type() of each key column
    key_origin          text        NOT NULL,  -- which constraint or index the key is
    high_key            text[],                -- the largest key when the run started; NULL: table was empty
    last_key            text[],                -- the last key done; NULL: nothing done yet
    rows_done           bigint      NOT NULL DEFAULT 0,  -- rows in the key ranges walked
    rows_updated        bigint      NOT NULL DEFAULT 0,  -- rows the batches actually changed
    rows_estimate       bigint,                -- planner's estimate of the table's rows at the start
    rows_per_second     double precision,      -- recent rate, as measured by the runner
    batches             bigint      NOT NULL DEFAULT 0,
    owner               text,                  -- lease owner of the runner that last took the run
    started_at          timestamptz NOT NULL DEFAULT clock_timestamp(),  -- the high key was read then
    updated_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at         timestamptz,
    last_error          text
);
CREATE INDEX IF NOT EXISTS backfill_run_by_column ON phasegate.backfill_run (column_id, direction, id DESC);

-- A verification run: rows where new IS DISTINCT FROM up(row) (mode 'up'), or, for a pure addition
-- without up, rows where new IS NULL (mode 'null', informational).
CREATE TABLE IF NOT EXISTS phasegate.verification_run (
    id               bigserial   PRIMARY KEY,
    column_id        text        NOT NULL,
    snapshot_version bigint,                -- the phase snapshot the caller verified under
    mode             text        NOT NULL CHECK (mode IN ('up', 'null')),
    expression       text,                  -- up as it was at the start (NULL in mode 'null')
    state            text        NOT NULL CHECK (state IN ('running', 'done', 'failed', 'cancelled')),
    batch_size       integer     NOT NULL CHECK (batch_size > 0),
    key_columns      text[]      NOT NULL,
    key_types        text[]      NOT NULL,
    key_origin       text        NOT NULL,
    high_key         text[],
    last_key         text[],
    rows_checked     bigint      NOT NULL DEFAULT 0,
    mismatches       bigint      NOT NULL DEFAULT 0,
    sample           jsonb       NOT NULL DEFAULT '[]',  -- keys of the first mismatching rows, as objects
    rows_estimate    bigint,
    rows_per_second  double precision,
    owner            text,
    started_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at      timestamptz,
    last_error       text
);
CREATE INDEX IF NOT EXISTS verification_run_by_column ON phasegate.verification_run (column_id, id DESC);
