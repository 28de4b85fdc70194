-- The phase store: managed columns, their history, per-column facts and the global version.

-- One row: the store's global version, bumped by every change of a column (its snapshot version).
CREATE TABLE phasegate.store_version (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version    bigint  NOT NULL
);
INSERT INTO phasegate.store_version (singleton, version) VALUES (true, 0);

CREATE TABLE phasegate.columns (
    column_id        text        PRIMARY KEY,            -- schema.table.column
    schema_name      text        NOT NULL,
    table_name       text        NOT NULL,
    column_name      text        NOT NULL,
    type             text        NOT NULL,
    source           text,
    up               text,
    down             text,
    default_value    text,
    phase            text        NOT NULL CHECK (phase IN ('hidden', 'write', 'shadow', 'read', 'contract', 'complete')),
    version          bigint      NOT NULL CHECK (version > 0), -- optimistic lock
    phase_entered_at timestamptz NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    UNIQUE (schema_name, table_name, column_name)
);

-- Never foreign-keyed to columns: the history outlives a deleted column.
CREATE TABLE phasegate.phase_history (
    id             bigserial   PRIMARY KEY,
    column_id      text        NOT NULL,
    kind           text        NOT NULL CHECK (kind IN ('register', 'forward', 'backward', 'delete')),
    from_phase     text,
    to_phase       text        NOT NULL,
    at             timestamptz NOT NULL,
    who            text        NOT NULL,
    reason         text        NOT NULL DEFAULT '',
    forced         boolean     NOT NULL DEFAULT false,
    guard_rails    jsonb       NOT NULL DEFAULT '[]'::jsonb,
    column_version bigint      NOT NULL,
    store_version  bigint      NOT NULL
);
CREATE INDEX phase_history_column_idx ON phasegate.phase_history (column_id, id);

-- Facts jobs record about a column (backfill progress, verification results, ...), one per kind.
CREATE TABLE phasegate.column_facts (
    column_id  text        NOT NULL,
    kind       text        NOT NULL,
    value      jsonb       NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (column_id, kind)
);
