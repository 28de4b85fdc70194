package dev.phasegate.admin.service;

import dev.phasegate.admin.audit.AuditSession;
import java.util.Objects;

/**
 * Who asks for an admin action: a name (the CLI sends the operator's user name; the history
 * records it as "who") and where from.
 */
public record Actor(String name, String address) {

    /** The application name admin actions carry in the audit. */
    public static final String APPLICATION = "phasegate-admin";

    public Actor {
        Objects.requireNonNull(name, "name");
    }

    public AuditSession toAuditSession() {
        return new AuditSession(name, null, APPLICATION, address);
    }
}
