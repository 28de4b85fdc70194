/**
 * The durable, versioned phase store and the feed that keeps a gateway's
 * {@link dev.phasegate.config.column.PhaseSnapshot} current: the {@link dev.phasegate.admin.store.PhaseStore}
 * contract, its PostgreSQL implementation (schema {@code phasegate}, versioned migrations under an
 * advisory lock, {@code NOTIFY phasegate_changes}), a JSON-file implementation for the demo, the
 * {@link dev.phasegate.admin.store.SnapshotFeed} (LISTEN plus periodic re-read, never an older
 * version) and seeding from the configuration file.
 *
 * <p>Persistence only: no policy (legality and guard rails are the service's), no HTTP, no Netty,
 * no audit. Depends on {@code config}, JDBC/PgJDBC, HikariCP and Jackson.
 */
package dev.phasegate.admin.store;
