package dev.phasegate.gateway.session;

import dev.phasegate.gateway.hook.SessionHook;
import dev.phasegate.gateway.hook.SessionInfo;
import dev.phasegate.gateway.protocol.FrontendMessageDecoder;
import dev.phasegate.gateway.protocol.PgCharsets;
import dev.phasegate.gateway.protocol.ProtocolTrace;
import dev.phasegate.gateway.protocol.ProtocolViolationException;
import dev.phasegate.gateway.protocol.SqlState;
import dev.phasegate.gateway.protocol.backend.BackendKeyData;
import dev.phasegate.gateway.protocol.backend.BackendType;
import dev.phasegate.gateway.protocol.backend.ErrorResponse;
import dev.phasegate.gateway.protocol.backend.ReadyForQuery;
import dev.phasegate.gateway.protocol.frontend.FrontendType;
import dev.phasegate.gateway.protocol.frontend.Query;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client session: its state, its two channels (client and upstream, on the same event loop),
 * the requests in flight, and the one catch point ({@link #fail}) that turns any failure into an
 * ErrorResponse for the client.
 *
 * <p>The request path lives in {@link ClientHandler}, the response path in {@link UpstreamHandler};
 * both call into this class, always on the session's event loop, so nothing here is locked.
 */
public final class Session {

    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private final long id;
    private final SessionServices services;
    private final Channel client;
    private final ClientHandler clientHandler;
    private final FrontendMessageDecoder frontendDecoder;
    final PendingRequests pending = new PendingRequests();
    final boolean trace = ProtocolTrace.enabled();

    private Channel upstream;
    /** Where the session writes: the channels until the login is done, then possibly the relay. */
    private Link clientLink;
    private Link upstreamLink;
    /** The session's relay once it has moved there ({@link #afterUpstreamRead}). */
    private Relay relay;
    /** Decided once at login: the session moves to the relay after the read that ends it. */
    private boolean moveToRelay;
    /** The relay runs (for the admin API's reads). */
    private volatile boolean relayed;
    private SessionState state = SessionState.STARTUP;
    /** Where a COPY returns to when it ends. */
    private SessionState beforeCopy = SessionState.READY;
    private volatile SessionInfo info;
    /** As the server last reported it (PgJDBC sets it after login). */
    private volatile String applicationName;
    /** Volatile for the admin API's reads ({@link #snapshot}); a plain load on the event loop. */
    private volatile SessionHook hook = SessionHook.PASS_THROUGH;
    private Charset charset = StandardCharsets.UTF_8;
    private byte transactionStatus = ReadyForQuery.IDLE;
    /** An ErrorResponse answered some request since the last ReadyForQuery (the hook is told at the next one). */
    private boolean failedSinceReady;
    private BackendKeyData issuedKey;
    private boolean loggedIn;
    private boolean upstreamSentFatal;
    private boolean draining;
    private boolean finished;
    private long statements;
    private ScheduledFuture<?> startupTimer;
    /** The hook's question on the upstream now, its answer not complete; the client's requests wait. */
    private ServerQuestion question;
    /** A question was sent since the last ReadyForQuery (one per round trip, so a refused one cannot loop). */
    private boolean askedThisRoundTrip;

    Session(Channel client, SessionServices services) {
        this.id = services.sessions().nextId();
        this.services = services;
        this.client = client;
        this.clientLink = new ChannelLink(client);
        this.clientHandler = new ClientHandler(this);
        this.frontendDecoder = new FrontendMessageDecoder(clientHandler, services.maxFrameBytes());
    }

    /** Installs a new client connection's session in its pipeline. */
    public static Session install(Channel client, SessionServices services) {
        Session session = new Session(client, services);
        client.pipeline().addLast("frontend", session.frontendDecoder).addLast("session", session.clientHandler);
        return session;
    }

    public long id() {
        return id;
    }

    Channel client() {
        return client;
    }

    boolean hasUpstream() {
        return upstreamLink != null;
    }

    /** Sends what was written for the upstream (after each batch of client input). */
    void flushUpstream() {
        if (upstreamLink != null) {
            upstreamLink.flush();
        }
    }

    /** Backpressure: a client that does not keep up stops reads from the upstream. */
    void clientWritable(boolean writable) {
        if (upstreamLink != null && relay == null) {
            upstreamLink.readWhile(writable);
        }
    }

    /** Backpressure the other way: a slow upstream (big COPY FROM STDIN) stops reads from the client. */
    void upstreamWritable(boolean writable) {
        if (relay == null && (loggedIn || state == SessionState.AUTH)) {
            clientLink.readWhile(writable);
        }
    }

    /** The relay runs this session's I/O now. */
    void relayStarted() {
        relayed = true;
    }

    /**
     * After each batch of upstream input: sends it to the client, ends the session if the gateway
     * is draining and it went idle, and, once the login is done, moves the session to the relay
     * where it can (between reads, so nothing of the session is half-way through a decoder).
     */
    void afterUpstreamRead() {
        clientLink.flush();
        endIfDrainedAndIdle();
        if (moveToRelay && state != SessionState.CLOSED) {
            moveToRelay = false;
            relay = Relay.handOver(this, client, upstream);
            clientLink = relay.client;
            upstreamLink = relay.upstream;
        }
    }

    SessionServices services() {
        return services;
    }

    FrontendMessageDecoder frontendDecoder() {
        return frontendDecoder;
    }

    SessionState state() {
        return state;
    }

    SessionInfo info() {
        return info;
    }

    SessionHook hook() {
        return hook;
    }

    Charset charset() {
        return charset;
    }

    byte transactionStatus() {
        return transactionStatus;
    }

    SessionSnapshot snapshot() {
        SessionInfo i = info;
        if (i == null) {
            return null;
        }
        String application = applicationName != null ? applicationName : i.applicationName();
        String searchPath;
        try {
            searchPath = hook.searchPath();
        } catch (RuntimeException e) {
            searchPath = null;
        }
        return new SessionSnapshot(id, i.user(), i.database(), application, i.clientAddress(),
                i.connectedAt(), state, statements, searchPath, relayed);
    }

    // ---- lifecycle -------------------------------------------------------------------------------

    void started() {
        services.sessions().add(this);
        startupTimer = client.eventLoop().schedule(() -> {
            if (state == SessionState.STARTUP) {
                log.info("Client {} sent no startup packet within {}s; closing", client.remoteAddress(),
                        services.startupTimeout().toSeconds());
                endWith(ErrorResponse.protocolViolation("incomplete startup packet"));
            }
        }, services.startupTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    void startupReceived(SessionInfo sessionInfo) {
        this.info = sessionInfo;
        this.state = SessionState.AUTH;
        cancelStartupTimer();
    }

    void upstreamConnected(Channel channel) {
        this.upstream = channel;
        this.upstreamLink = new ChannelLink(channel);
    }

    /** The first ReadyForQuery: the upstream accepted the login. */
    void loggedIn() {
        loggedIn = true;
        state = SessionState.READY;
        try {
            hook = services.hook().openSession(info);
        } catch (RuntimeException e) {
            log.error("Session {}: query hook could not open the session; ending it", id, e);
            endWith(ErrorResponse.fatal(SqlState.INTERNAL_ERROR, "phasegate: query hook unavailable: " + e));
            return;
        }
        log.debug("Session {} ready: {}@{} from {} ({})", id, info.user(), info.database(), info.clientAddress(),
                info.applicationName());
        // Once, not per read: the transport and TLS are settled by now.
        moveToRelay = services.relay() && Relay.supports(client, upstream);
        // Requests that arrived during the login were held back for the hook; let them go now.
        frontendDecoder.resume();
        flushUpstream();
    }

    boolean isLoggedIn() {
        return loggedIn;
    }

    // ---- state transitions driven by messages ------------------------------------------------------

    void requestStarted(boolean extended) {
        if (extended && state == SessionState.READY) {
            state = SessionState.EXTENDED;
        }
    }

    void countStatement() {
        statements++;
    }

    void syncSent() {
        if (state == SessionState.EXTENDED) {
            state = SessionState.READY;
        }
    }

    void copyStarted() {
        if (state == SessionState.READY || state == SessionState.EXTENDED) {
            beforeCopy = state;
            state = SessionState.COPY;
        }
    }

    void copyEnded() {
        if (state == SessionState.COPY) {
            state = beforeCopy;
        }
    }

    void readyForQuery(byte status) {
        transactionStatus = status;
        askedThisRoundTrip = false;
        pending.readyForQuery();
        copyEnded();
        if (!loggedIn && state == SessionState.AUTH) {
            loggedIn();
        } else if (loggedIn) {
            boolean failed = failedSinceReady;
            failedSinceReady = false;
            try {
                hook.onReadyForQuery((char) status, failed);
            } catch (RuntimeException e) {
                log.warn("Session {}: query hook failed on ReadyForQuery: {}", id, e.toString(), e);
            }
        }
        if (loggedIn) {
            // Asked now, the answer is usually in before the client's next request arrives.
            askIfWanted();
        }
    }

    // ---- the hook's questions to the server ----------------------------------------------------------

    /**
     * Before a request the hook decides on: true while the answer to a question is awaited (the
     * request, and all after it, wait for it), or when the request starts a round trip and the hook
     * has a question now (a column came under management since the last ReadyForQuery), which is
     * then sent.
     */
    boolean askedBeforeRequest() {
        return question != null || askIfWanted();
    }

    /**
     * Sends the hook's {@linkplain SessionHook#serverQuestion() question}, if it has one and the
     * session is idle (nothing in flight, no COPY, no transaction block), at most once per round
     * trip. Asked at each ReadyForQuery and before a request that starts a round trip. Never inside
     * a block: a query there would take the block's snapshot before the client's first statement
     * (after which {@code SET TRANSACTION ISOLATION LEVEL} or {@code SET TRANSACTION SNAPSHOT} fail).
     */
    private boolean askIfWanted() {
        if (askedThisRoundTrip || state != SessionState.READY || !pending.isEmpty()
                || transactionStatus != ReadyForQuery.IDLE || upstreamLink == null) {
            return false;
        }
        String sql;
        try {
            sql = hook.serverQuestion();
        } catch (RuntimeException e) {
            log.warn("Session {}: query hook failed to say what it asks the server: {}", id, e.toString(), e);
            return false;
        }
        if (sql == null) {
            return false;
        }
        askedThisRoundTrip = true;
        question = new ServerQuestion(sql);
        if (trace) {
            ProtocolTrace.frontend(id, "(asked by the gateway) Query(" + sql + ")");
        }
        pending.add(PendingRequests.QUERY, question);
        upstreamLink.writeAndFlush(new Query(sql).encode(upstreamLink.alloc(), charset));
        return true;
    }

    /** The question being answered, or {@code null}: upstream messages that {@link ServerQuestion#answers} are its. */
    ServerQuestion question() {
        return question;
    }

    /** A message answering the question (the client does not see it, unless it is a FATAL error). */
    void questionMessage(byte type, ByteBuf frame) {
        try {
            switch (type) {
                case BackendType.DATA_ROW -> question.row(frame, charset);
                case BackendType.ERROR_RESPONSE -> {
                    ErrorResponse error = ErrorResponse.decode(frame, charset);
                    if (trace) {
                        ProtocolTrace.backend(id, "(answer to the gateway) " + error);
                    }
                    question.failed(error);
                    if (error.isFatal()) {
                        upstreamError(error);
                        toClient(frame.retain());
                    } else {
                        log.debug("Session {}: the server refused the gateway's question {}: {}", id, question.sql(),
                                error);
                    }
                }
                case BackendType.READY_FOR_QUERY -> answered(frame.getByte(frame.readerIndex() + 5));
                default -> {
                    // RowDescription, CommandComplete, EmptyQueryResponse: nothing to learn.
                }
            }
        } finally {
            frame.release();
        }
    }

    private void answered(byte status) {
        transactionStatus = status;
        pending.readyForQuery();
        ServerQuestion answered = question;
        question = null;
        try {
            hook.onServerAnswer(answered.answer());
        } catch (RuntimeException e) {
            log.warn("Session {}: query hook failed on the answer to {}: {}", id, answered.sql(), e.toString(), e);
        }
        // The requests held for the answer go now.
        frontendDecoder.resume();
        flushUpstream();
    }

    void upstreamError(ErrorResponse error) {
        if (error.isFatal()) {
            upstreamSentFatal = true;
        }
        failedSinceReady = true;
        pending.error(error);
        copyEnded();
        if (!loggedIn && log.isDebugEnabled()) {
            log.debug("Session {}: upstream refused the login of {}: {}", id, info == null ? "?" : info.user(), error);
        }
    }

    void serverParameter(String name, String value) {
        if ("client_encoding".equalsIgnoreCase(name)) {
            charset = PgCharsets.forEncoding(value);
        } else if ("application_name".equals(name)) {
            applicationName = value;
        }
        if (loggedIn) {
            try {
                hook.onServerParameter(name, value);
            } catch (RuntimeException e) {
                log.warn("Session {}: query hook failed on ParameterStatus {}: {}", id, name, e.toString(), e);
            }
        }
    }

    void keyIssued(BackendKeyData key) {
        services.cancels().unregister(issuedKey);
        issuedKey = key;
    }

    // ---- writing ---------------------------------------------------------------------------------

    void toUpstream(ByteBuf buf) {
        if (finished || upstreamLink == null) {
            buf.release();
            return;
        }
        upstreamLink.write(buf);
    }

    void toClient(ByteBuf buf) {
        if (finished) {
            buf.release();
            return;
        }
        clientLink.write(buf);
    }

    // ---- ending ----------------------------------------------------------------------------------

    /**
     * The catch point: any failure on either side of the session ends up here and becomes an
     * ErrorResponse for the client (when it can still hear one), one log line, and the end of this
     * session only. Failures that leave the session usable (a hook that throws) never get here:
     * they are turned into a rejection of the one request where they happen.
     */
    void fail(Throwable cause, boolean upstreamSide) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (finished || state == SessionState.CLOSED) {
            log.debug("Session {}: {} after close: {}", id, upstreamSide ? "upstream" : "client", root.toString());
            return;
        }
        String upstreamAddress = services.connector().address().toString();
        if (root instanceof ProtocolViolationException violation) {
            if (upstreamSide) {
                log.warn("Session {}: upstream {} sent an invalid message ({}); closing the session", id,
                        upstreamAddress, violation.getMessage());
                endWith(ErrorResponse.connectionFailure("upstream " + upstreamAddress + " sent an invalid message: "
                        + violation.getMessage()));
            } else {
                log.warn("Client {} broke the protocol: {}; session {} closed", client.remoteAddress(),
                        violation.getMessage(), id);
                endWith(ErrorResponse.protocolViolation(violation.getMessage()));
            }
        } else if (root instanceof SSLException) {
            log.info("Client {}: TLS failed ({}); session {} closed", client.remoteAddress(), root.getMessage(), id);
            closeNow();
        } else if (root instanceof IOException) {
            if (upstreamSide) {
                log.warn("Session {}: connection to upstream {} failed: {}", id, upstreamAddress, root.getMessage());
                endWith(ErrorResponse.connectionFailure("lost connection to upstream " + upstreamAddress + ": "
                        + root.getMessage()));
            } else {
                if (!(root instanceof ClosedChannelException)) {
                    log.debug("Session {}: client {} connection failed: {}", id, client.remoteAddress(),
                            root.getMessage());
                }
                closeNow();
            }
        } else {
            log.error("Session {} ({}): internal error; closing the session", id, client.remoteAddress(), cause);
            endWith(ErrorResponse.fatal(SqlState.INTERNAL_ERROR, "phasegate internal error: " + root));
        }
    }

    /** The upstream could not be reached at login. */
    void upstreamUnreachable(Throwable cause) {
        String address = services.connector().address().toString();
        String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        log.warn("Session {} ({}): cannot connect to upstream {}: {}", id, client.remoteAddress(), address, reason);
        endWith(ErrorResponse.unableToConnect("could not connect to upstream server " + address + ": " + reason));
    }

    /** Sends {@code error} (after whatever is already queued for the client) and ends the session. */
    void endWith(ErrorResponse error) {
        if (state == SessionState.CLOSED) {
            return;
        }
        state = SessionState.CLOSED;
        if (trace) {
            ProtocolTrace.backend(id, error);
        }
        if (clientLink.isActive()) {
            clientLink.write(error.encode(clientLink.alloc(), charset));
            clientLink.closeAfterWrites();
        }
        closeUpstream();
    }

    /** Ends the session without a word (the client is gone or never spoke the protocol). */
    void closeNow() {
        state = SessionState.CLOSED;
        clientLink.close();
        closeUpstream();
    }

    /** The client sent Terminate: pass it on, then close both sides. */
    void clientTerminated(ByteBuf terminate) {
        state = SessionState.CLOSED;
        if (upstreamLink != null && upstreamLink.isActive()) {
            upstreamLink.write(terminate);
            upstreamLink.closeAfterWrites();
        } else {
            terminate.release();
        }
        clientLink.close();
    }

    private void closeUpstream() {
        if (upstreamLink != null && upstreamLink.isActive()) {
            if (loggedIn) {
                // A polite Terminate spares the server's log an "unexpected EOF on client connection".
                ByteBuf terminate = upstreamLink.alloc().buffer(5);
                terminate.writeByte(FrontendType.TERMINATE).writeInt(4);
                upstreamLink.write(terminate);
                upstreamLink.closeAfterWrites();
            } else {
                upstreamLink.close();
            }
        }
    }

    /** The upstream connection closed. */
    void upstreamClosed() {
        if (state != SessionState.CLOSED && clientLink.isActive()) {
            if (upstreamSentFatal) {
                // The server said why it ended the session; pass that on and close.
                state = SessionState.CLOSED;
                clientLink.closeAfterWrites();
            } else {
                String address = services.connector().address().toString();
                log.warn("Session {} ({}): upstream {} closed the connection unexpectedly", id, client.remoteAddress(),
                        address);
                endWith(ErrorResponse.connectionFailure("lost connection to upstream " + address
                        + ": server closed the connection unexpectedly"));
            }
        }
        finish();
    }

    /** The client connection closed. */
    void clientClosed() {
        if (state == SessionState.STARTUP && frontendDecoder.hasPartialInput()) {
            log.info("Client {} sent an incomplete startup packet; session {} closed", client.remoteAddress(), id);
        }
        state = SessionState.CLOSED;
        closeUpstream();
        finish();
    }

    /** Releases everything the session holds; runs once, whichever side closed first. */
    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        state = SessionState.CLOSED;
        cancelStartupTimer();
        pending.clear();
        try {
            hook.onSessionClosed();
        } catch (RuntimeException e) {
            log.warn("Session {}: query hook failed on close: {}", id, e.toString(), e);
        }
        services.cancels().unregister(issuedKey);
        services.sessions().remove(this);
        if (relay == null && client.isOpen() && !client.isActive()) {
            client.close();
        }
        frontendDecoder.releaseCumulation();
        log.debug("Session {} closed", id);
    }

    private void cancelStartupTimer() {
        if (startupTimer != null) {
            startupTimer.cancel(false);
            startupTimer = null;
        }
    }

    // ---- shutdown --------------------------------------------------------------------------------

    /** The gateway is shutting down: end now if idle, else as soon as the session becomes idle. */
    void drain() {
        draining = true;
        if (state == SessionState.STARTUP) {
            endWith(ErrorResponse.fatal(SqlState.CANNOT_CONNECT_NOW, "the gateway is shutting down"));
        } else {
            endIfDrainedAndIdle();
        }
    }

    /** Called after each batch of responses reached the client. */
    void endIfDrainedAndIdle() {
        if (draining && loggedIn && state == SessionState.READY && pending.isEmpty()
                && transactionStatus == ReadyForQuery.IDLE) {
            log.debug("Session {} idle during shutdown: ending it", id);
            endWith(ErrorResponse.adminShutdown());
        }
    }

    /** The grace period is over. */
    void terminate() {
        endWith(ErrorResponse.adminShutdown());
    }

    boolean draining() {
        return draining;
    }
}
