-- Audit counts every gateway shares, so that guard rails judge the traffic of all gateways on this
-- database, not only the one whose API was called. Written by dev.phasegate.admin.audit.SharedAuditCounts.

-- Statements per column, kind (source_read, source_reference, new_only_write, shadowed,
-- shadow_mismatch) and second, as counted by one gateway.
CREATE TABLE phasegate.audit_counts (
    column_id  text   NOT NULL,
    kind       text   NOT NULL,
    second     bigint NOT NULL,  -- epoch second of the bucket
    gateway_id text   NOT NULL,
    count      bigint NOT NULL,
    PRIMARY KEY (column_id, kind, second, gateway_id)
);

-- One row per running gateway: from when its counts are complete, and when it last reported.
CREATE TABLE phasegate.audit_gateways (
    gateway_id     text        PRIMARY KEY,
    started_at     timestamptz NOT NULL,
    coverage_start timestamptz NOT NULL,
    reported_at    timestamptz NOT NULL
);
