/**
 * The schema check: how a managed column looks upstream compared with its declaration, field by
 * field (table, column, type, nullability, default, source, up/down, expected index, triggers and
 * constraints that would fight dual writes), and the guard-rail fact derived from it.
 *
 * <p>Reads {@code pg_catalog} through a {@link javax.sql.DataSource}; must not depend on the jobs,
 * the HTTP layer or the gateway.
 */
package dev.phasegate.admin.schema;
