package dev.phasegate.admin.audit;

/**
 * Who issued a statement: the client session as the gateway saw it, or the admin API caller.
 *
 * @param user            the PostgreSQL user (or the admin actor)
 * @param database        the database connected to
 * @param applicationName the client's {@code application_name}, or {@code null}
 * @param clientAddress   {@code host:port} of the client
 */
public record AuditSession(String user, String database, String applicationName, String clientAddress) {
}
