package dev.phasegate.gateway.protocol;

/** The SQLSTATE codes the gateway itself reports (PostgreSQL Appendix A). */
public final class SqlState {

    /** A client or the upstream sent something the protocol does not allow. */
    public static final String PROTOCOL_VIOLATION = "08P01";
    /** The upstream could not be reached. */
    public static final String UNABLE_TO_CONNECT = "08001";
    /** The upstream connection broke during the session. */
    public static final String CONNECTION_FAILURE = "08006";
    public static final String ADMIN_SHUTDOWN = "57P01";
    public static final String CANNOT_CONNECT_NOW = "57P03";
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    public static final String PROGRAM_LIMIT_EXCEEDED = "54000";
    public static final String INTERNAL_ERROR = "XX000";

    private SqlState() {
    }
}
