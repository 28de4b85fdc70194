package dev.phasegate.gateway.hook;

import dev.phasegate.gateway.protocol.frontend.Bind;
import dev.phasegate.gateway.protocol.frontend.Close;
import dev.phasegate.gateway.protocol.frontend.Describe;
import dev.phasegate.gateway.protocol.frontend.Execute;
import dev.phasegate.gateway.protocol.frontend.Parse;
import dev.phasegate.gateway.protocol.frontend.Query;

/**
 * One session's view of its requests. The session asks {@link #inspectsRequests()} for each request
 * it receives; when the answer is {@code false} the request is forwarded as bytes, undecoded, and
 * none of the other methods is called for it. Otherwise the request is decoded and handed to the
 * matching method, whose {@link Decision} the session applies before anything else is sent; for
 * Query, Parse, Bind, Describe and Execute the matching {@code passes…} method may first waive
 * the decoding.
 *
 * <p>A hook that keeps per-statement state (plans by prepared-statement name, portals by name)
 * sees every Parse, Bind, Describe, Execute and Close of its session in order, and
 * {@link #onSessionClosed()} at the end. An exception thrown from any method rejects that one
 * request with SQLSTATE XX000; the session goes on.
 */
public interface SessionHook {

    /** Forwards everything, decodes nothing. */
    SessionHook PASS_THROUGH = new SessionHook() {
        @Override
        public boolean inspectsRequests() {
            return false;
        }
    };

    /**
     * Whether the next request must be decoded and shown to this hook. Asked per request, so a hook
     * may start inspecting (a column came under management) without the client reconnecting; a
     * hook that must track prepared statements should then inspect from the start.
     */
    boolean inspectsRequests();

    /**
     * The fast path for a simple Query, asked before it is decoded, with its text as a view that is
     * valid only during the call (ASCII texts, and any valid text when the client encoding is UTF-8;
     * other texts are decoded): true when it can go upstream unchanged with no observer, in which
     * case the hook has taken note of it and {@link #onQuery} is not called for it. False (the
     * default): it is decoded and shown to onQuery.
     */
    default boolean passesQuery(CharSequence sql) {
        return false;
    }

    /**
     * The fast path for a Bind, asked before it is decoded: true when it can go upstream unchanged
     * with no observer, in which case the hook has taken note of it and {@link #onBind} is not called
     * for it. False (the default): it is decoded and shown to {@link #onBind}. Lets a hook that
     * watches only some prepared statements leave the others' parameter values undecoded.
     */
    default boolean passesBind(String portal, String statement) {
        return false;
    }

    /** The fast path for a Describe of a statement ({@code 'S'}) or portal ({@code 'P'}): as {@link #passesBind}. */
    default boolean passesDescribe(char kind, String name) {
        return false;
    }

    /** The fast path for an Execute: as {@link #passesBind}. */
    default boolean passesExecute(String portal) {
        return false;
    }

    /**
     * The fast path for a client that sends the same Parse of the unnamed statement again (drivers
     * that do not name their statements send one per execution): asked, instead of decoding it for
     * {@link #onParse}, when it is byte for byte the Parse of the unnamed statement that this hook
     * last let through unchanged and unobserved. True: it goes unchanged again, and the hook's view
     * of the unnamed statement stays as it is. False (the default): it is decoded for onParse.
     */
    default boolean passesUnnamedParseAgain() {
        return false;
    }

    /** Simple query (possibly several statements). May be replaced by another {@link Query}. */
    default Decision onQuery(Query query) {
        return Decision.forward();
    }

    /** Prepares a statement. May be replaced by another {@link Parse} (e.g. rewritten text). */
    default Decision onParse(Parse parse) {
        return Decision.forward();
    }

    /**
     * Binds parameters to a prepared statement, creating a portal. May be replaced by another
     * {@link Bind} (remapped parameters or result format codes).
     */
    default Decision onBind(Bind bind) {
        return Decision.forward();
    }

    /**
     * Describes a statement or portal; an observer attached here sees the ParameterDescription and
     * RowDescription that answer it.
     */
    default Decision onDescribe(Describe describe) {
        return Decision.forward();
    }

    /** Runs a portal; an observer attached here sees its rows (Execute gets no RowDescription). */
    default Decision onExecute(Execute execute) {
        return Decision.forward();
    }

    /** A statement or portal is closed (always forwarded: closing cannot fail). */
    default void onClose(Close close) {
    }

    /**
     * The server reported a run-time parameter after login (ParameterStatus: {@code SET
     * application_name}, {@code client_encoding}, …). Observing only: the message goes to the
     * client unchanged.
     */
    default void onServerParameter(String name, String value) {
    }

    /**
     * The server is ready for the next request (ReadyForQuery, after login): {@code status} is its
     * transaction status ({@code 'I'} idle, {@code 'T'} in a transaction block, {@code 'E'} in a
     * failed one); {@code failedSinceLast}, whether an ErrorResponse answered any request since the
     * previous one. Called on every round trip: keep it cheap.
     */
    default void onReadyForQuery(char status, boolean failedSinceLast) {
    }

    /**
     * A query whose answer this hook needs before it can decide on the next request, or {@code null}
     * (the default). Asked whenever the session is idle outside a transaction block (nothing in
     * flight, no COPY): at each such ReadyForQuery, and before a Query, Parse, Bind, Describe or
     * Execute that starts a round trip; a question is sent at most once per round trip. The session
     * sends it upstream as a simple Query of its own, holds the client's requests until its
     * ReadyForQuery, and gives the result to {@link #onServerAnswer}; the client sees none of it. It
     * must change nothing; a SELECT of settings is what it is for. Called on every round trip: keep
     * it cheap.
     */
    default String serverQuestion() {
        return null;
    }

    /** The result of {@link #serverQuestion()}, before the request it was asked for is decided. */
    default void onServerAnswer(ServerAnswer answer) {
    }

    /**
     * The schemas the session's unqualified table names resolve through, as this hook follows them
     * (for the admin API's session list), or {@code null} (the default). Called from other threads
     * than the session's: return what was published for them, not live state.
     */
    default String searchPath() {
        return null;
    }

    /** The session ended; requests still pending were reported as skipped first. */
    default void onSessionClosed() {
    }
}
