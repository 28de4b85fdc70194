/**
 * The audit trail: one {@link dev.phasegate.admin.audit.AuditRecord} per statement that touches a
 * managed column, and one per admin action. {@link dev.phasegate.admin.audit.AuditLog#record}
 * never blocks the data path (a bounded queue; a full queue drops and counts); a writer thread
 * appends JSON Lines to a size-rotated file, keeps a ring buffer for the API and per-column counts
 * for the guard rails. Also the {@link dev.phasegate.admin.audit.StatementFingerprinter} contract
 * the gateway supplies (literal redaction and statement fingerprints).
 *
 * {@link dev.phasegate.admin.audit.SharedAuditCounts} shares the guard-rail counts of every gateway
 * through tables in schema {@code phasegate} (created by the phase store's migrations).
 *
 * <p>Must not depend on the phase store, the services, HTTP or Netty; depends on {@code config},
 * Jackson and JDBC.
 */
package dev.phasegate.admin.audit;
