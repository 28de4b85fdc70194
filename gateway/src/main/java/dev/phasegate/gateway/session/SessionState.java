package dev.phasegate.gateway.session;

/**
 * Where a session is in the protocol. Transitions (the only ones):
 * <pre>
 * STARTUP  --StartupMessage------------------------------> AUTH
 * AUTH     --ReadyForQuery (login done)-------------------> READY
 * READY    --Parse/Bind/Describe/Execute/Close/Flush------> EXTENDED
 * EXTENDED --Sync---------------------------------------> READY
 * READY|EXTENDED --CopyIn/Out/BothResponse--------------> COPY
 * COPY     --CommandComplete/ErrorResponse--------------> READY or EXTENDED (where it came from)
 * any      --Terminate, error, either side closed-------> CLOSED
 * </pre>
 */
public enum SessionState {
    /** Waiting for SSLRequest, GSSENCRequest, CancelRequest or StartupMessage. */
    STARTUP,
    /** StartupMessage forwarded; the authentication exchange is relayed until the first ReadyForQuery. */
    AUTH,
    /** Logged in; simple-query mode (or idle). */
    READY,
    /** An extended-protocol batch is open (until Sync). */
    EXTENDED,
    /** A COPY is streaming. */
    COPY,
    /** Ended. */
    CLOSED
}
