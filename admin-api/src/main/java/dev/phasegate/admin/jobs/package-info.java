/**
 * Backfill and verification jobs for managed columns, their durable state (schema
 * {@code phasegate}, script {@code db/phasegate/V10__jobs.sql}) and the guard-rail facts they
 * establish. {@link dev.phasegate.admin.jobs.JobService} is the facade the admin HTTP API wires
 * one method per endpoint.
 *
 * <p>Talks to the upstream PostgreSQL through a HikariCP pool and PgJDBC. Must not depend on the
 * HTTP layer, the phase store or the gateway: the column a job works on is looked up through a
 * function the caller passes in.
 */
package dev.phasegate.admin.jobs;
