package dev.phasegate.gateway.session;

import dev.phasegate.gateway.hook.Decision;
import dev.phasegate.gateway.hook.SessionHook;
import dev.phasegate.gateway.hook.SessionInfo;
import dev.phasegate.gateway.protocol.BackendMessageDecoder;
import dev.phasegate.gateway.protocol.FrameListener;
import dev.phasegate.gateway.protocol.FrontendListener;
import dev.phasegate.gateway.protocol.ProtocolTrace;
import dev.phasegate.gateway.protocol.ProtocolViolationException;
import dev.phasegate.gateway.protocol.backend.ErrorResponse;
import dev.phasegate.gateway.protocol.frontend.Bind;
import dev.phasegate.gateway.protocol.frontend.CancelRequest;
import dev.phasegate.gateway.protocol.frontend.Close;
import dev.phasegate.gateway.protocol.frontend.Describe;
import dev.phasegate.gateway.protocol.frontend.Execute;
import dev.phasegate.gateway.protocol.frontend.FrontendMessage;
import dev.phasegate.gateway.protocol.frontend.FrontendType;
import dev.phasegate.gateway.protocol.frontend.Parse;
import dev.phasegate.gateway.protocol.frontend.Query;
import dev.phasegate.gateway.protocol.frontend.StartupMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of a session: the startup phase (TLS, cancel, login hand-off to a new upstream
 * connection) and the request path, where each request is either forwarded as bytes or decoded and
 * shown to the session's {@link SessionHook}, whose {@link Decision} is applied.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter implements FrontendListener {

    private static final Logger log = LoggerFactory.getLogger(ClientHandler.class);

    /** Text that fails to parse on any PostgreSQL (42601): the stand-in for a rejected statement. */
    static final String REJECTED_STATEMENT = "PHASEGATE REJECTED STATEMENT";
    /** A statement or portal name no client uses: Bind, Describe or Execute of it fails (26000/34000). */
    static final String NO_SUCH_NAME = "\u0001phasegate-rejected";

    private final Session session;
    private final FastPath fastPath = new FastPath();
    private ChannelHandlerContext ctx;

    ClientHandler(Session session) {
        this.session = session;
    }

    // ---- channel events ---------------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        session.started();
        context.read();
        context.fireChannelActive();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        if (session.hasUpstream()) {
            session.flushUpstream();
        } else if (session.state() == SessionState.STARTUP) {
            // Auto-read is off until the upstream is there: ask for the next startup packet.
            context.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        session.clientWritable(context.channel().isWritable());
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        session.clientClosed();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        session.fail(cause, false);
    }

    // ---- startup phase ----------------------------------------------------------------------------

    @Override
    public void onSslRequest() {
        if (session.trace) {
            ProtocolTrace.frontend(session.id(), "SSLRequest");
        }
        if (session.services().tls() == null || ctx.pipeline().get(SslHandler.class) != null) {
            // No TLS configured, or TLS is already on (a second SSLRequest): decline, as PostgreSQL does.
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
            return;
        }
        ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'S'}));
        // Everything from here on, both ways, goes through TLS (the 'S' above is already queued).
        SslHandler tls = session.services().tls().newHandler(ctx.alloc());
        ctx.pipeline().addBefore("frontend", "tls", tls);
    }

    @Override
    public void onGssEncRequest() {
        if (session.trace) {
            ProtocolTrace.frontend(session.id(), "GSSENCRequest");
        }
        ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
    }

    @Override
    public void onCancelRequest(CancelRequest request) {
        if (session.trace) {
            ProtocolTrace.frontend(session.id(), "CancelRequest(pid " + request.processId() + ")");
        }
        session.services().cancels().cancel(request, ctx.channel().eventLoop());
        session.closeNow();
    }

    @Override
    public void onStartupMessage(StartupMessage message, ByteBuf packet) {
        if (session.trace) {
            ProtocolTrace.frontend(session.id(), message);
        }
        session.startupReceived(new SessionInfo(session.id(), message.user(), message.database(),
                message.applicationName(), ctx.channel().remoteAddress(), Instant.now(), message.parameters()));
        if (session.services().sessions().draining()) {
            packet.release();
            session.endWith(ErrorResponse.fatal("57P03", "the gateway is shutting down"));
            return;
        }
        UpstreamHandler upstreamHandler = new UpstreamHandler(session);
        session.services().connector().connect(ctx.channel().eventLoop(), new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("backend", new BackendMessageDecoder(upstreamHandler))
                        .addLast("upstream", upstreamHandler);
            }
        }).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                packet.release();
                session.upstreamUnreachable(f.cause());
                return;
            }
            if (!ctx.channel().isActive() || session.state() == SessionState.CLOSED) {
                packet.release();
                f.channel().close();
                return;
            }
            session.upstreamConnected(f.channel());
            f.channel().writeAndFlush(packet, f.channel().voidPromise());
            ctx.channel().config().setAutoRead(true);
            // Typed frames that came right behind the StartupMessage can go now.
            session.frontendDecoder().resume();
            f.channel().flush();
        });
    }

    // ---- typed phase: the request path ------------------------------------------------------------

    @Override
    public int onFrame(byte type, int length) {
        if (!session.isLoggedIn() && type != FrontendType.PASSWORD && type != FrontendType.TERMINATE) {
            // A request pipelined behind the StartupMessage waits until the login is done and the
            // hook is open: nothing reaches the server unseen by the hook.
            return FrameListener.HOLD;
        }
        if (decidedByHook(type) && session.askedBeforeRequest()) {
            // The hook needs an answer from the server first (Session#askedBeforeRequest); this
            // frame is offered again once it is in.
            return FrameListener.HOLD;
        }
        if (session.trace) {
            ProtocolTrace.frontend(session.id(), type, length);
        }
        switch (type) {
            case FrontendType.QUERY:
                session.countStatement();
                return route(PendingRequests.QUERY);
            case FrontendType.PARSE:
                session.requestStarted(true);
                return route(PendingRequests.PARSE);
            case FrontendType.BIND:
                session.requestStarted(true);
                return route(PendingRequests.BIND);
            case FrontendType.DESCRIBE:
                session.requestStarted(true);
                return route(PendingRequests.DESCRIBE);
            case FrontendType.EXECUTE:
                session.requestStarted(true);
                session.countStatement();
                return route(PendingRequests.EXECUTE);
            case FrontendType.CLOSE:
                session.requestStarted(true);
                return route(PendingRequests.CLOSE);
            case FrontendType.SYNC:
                session.pending.add(PendingRequests.SYNC, null);
                session.syncSent();
                return FrameListener.PASS;
            case FrontendType.FLUSH:
                session.requestStarted(true);
                return FrameListener.PASS;
            case FrontendType.FUNCTION_CALL:
                session.pending.add(PendingRequests.FUNCTION_CALL, null);
                return FrameListener.PASS;
            case FrontendType.TERMINATE:
                return FrameListener.HANDLE;
            default:
                // CopyData, CopyDone, CopyFail, PasswordMessage/SASL responses: straight through.
                return FrameListener.PASS;
        }
    }

    private static boolean decidedByHook(byte type) {
        return type == FrontendType.QUERY || type == FrontendType.PARSE || type == FrontendType.BIND
                || type == FrontendType.DESCRIBE || type == FrontendType.EXECUTE;
    }

    /**
     * Pass-through requests are only counted. Inspected ones are decoded in {@link #handle}, except
     * that a Query, Parse, Bind, Describe or Execute may first pass without it ({@link #inspect}).
     */
    private int route(byte kind) {
        if (!inspecting()) {
            session.pending.add(kind, null);
            return FrameListener.PASS;
        }
        return kind == PendingRequests.CLOSE ? FrameListener.HANDLE : FrameListener.INSPECT;
    }

    private boolean inspecting() {
        if (!session.isLoggedIn()) {
            return false;
        }
        try {
            return session.hook().inspectsRequests();
        } catch (RuntimeException e) {
            // Fail closed: decode, and let the hook's own failure reject the request.
            return true;
        }
    }

    /**
     * A request the hook lets pass without decoding ({@link FastPath}) stays in the run of bytes
     * forwarded as they came; any other is taken out of the run, decoded and decided on in
     * {@link #handle}. (Deciding on every request in place, so that all forwarded ones stayed in
     * the run, measured slower: see docs/benchmarks.md.)
     */
    @Override
    public int inspect(byte type, ByteBuf body, int index, int length) {
        if (!session.trace && fastPath.passes(session.hook(), session.charset(), type, body, index, length)) {
            session.pending.add(kindOf(type), null);
            return FrameListener.PASS;
        }
        return FrameListener.HANDLE;
    }

    @Override
    public void handle(byte type, ByteBuf frame) {
        if (type == FrontendType.TERMINATE) {
            if (session.trace) {
                ProtocolTrace.frontend(session.id(), "Terminate");
            }
            session.clientTerminated(frame);
            return;
        }
        FrontendMessage message;
        try {
            message = decode(type, frame);
        } catch (IndexOutOfBoundsException | ProtocolViolationException e) {
            frame.release();
            throw new ProtocolViolationException("malformed " + FrontendType.name(type) + " message: "
                    + e.getMessage());
        }
        if (session.trace) {
            ProtocolTrace.frontend(session.id(), message);
        }
        Decision decision = decide(message);
        fastPath.decided(message, decision, frame, session.charset());
        apply(kindOf(type), message, frame, decision);
    }

    private FrontendMessage decode(byte type, ByteBuf frame) {
        Charset charset = session.charset();
        return switch (type) {
            case FrontendType.QUERY -> Query.decode(frame, charset);
            case FrontendType.PARSE -> Parse.decode(frame, charset);
            case FrontendType.BIND -> Bind.decode(frame, charset);
            case FrontendType.DESCRIBE -> Describe.decode(frame, charset);
            case FrontendType.EXECUTE -> Execute.decode(frame, charset);
            case FrontendType.CLOSE -> Close.decode(frame, charset);
            default -> throw new IllegalArgumentException("not a request: " + FrontendType.name(type));
        };
    }

    private static byte kindOf(byte type) {
        return switch (type) {
            case FrontendType.QUERY -> PendingRequests.QUERY;
            case FrontendType.PARSE -> PendingRequests.PARSE;
            case FrontendType.BIND -> PendingRequests.BIND;
            case FrontendType.DESCRIBE -> PendingRequests.DESCRIBE;
            case FrontendType.EXECUTE -> PendingRequests.EXECUTE;
            case FrontendType.CLOSE -> PendingRequests.CLOSE;
            default -> throw new IllegalArgumentException("not a request: " + FrontendType.name(type));
        };
    }

    private Decision decide(FrontendMessage message) {
        SessionHook hook = session.hook();
        try {
            Decision decision;
            if (message instanceof Query q) {
                decision = hook.onQuery(q);
            } else if (message instanceof Parse p) {
                decision = hook.onParse(p);
            } else if (message instanceof Bind b) {
                decision = hook.onBind(b);
            } else if (message instanceof Describe d) {
                decision = hook.onDescribe(d);
            } else if (message instanceof Execute e) {
                decision = hook.onExecute(e);
            } else {
                hook.onClose((Close) message);
                decision = Decision.forward();
            }
            if (decision instanceof Decision.Replace r && r.message().getClass() != message.getClass()) {
                throw new IllegalStateException("a " + message.getClass().getSimpleName() + " may only be replaced by a "
                        + message.getClass().getSimpleName() + ", not by " + r.message());
            }
            if (decision instanceof Decision.Reject && message instanceof Close) {
                throw new IllegalStateException("Close cannot be rejected");
            }
            return decision == null ? Decision.forward() : decision;
        } catch (RuntimeException e) {
            log.warn("Session {}: query hook failed on {}; rejecting it: {}", session.id(), message, e.toString(), e);
            if (message instanceof Close) {
                return Decision.forward();
            }
            return Decision.reject(ErrorResponse.internalError("phasegate: query hook failed: " + e.getMessage()));
        }
    }

    private void apply(byte kind, FrontendMessage message, ByteBuf frame, Decision decision) {
        if (decision instanceof Decision.Forward forward) {
            session.pending.add(kind, forward.observer());
            session.toUpstream(frame);
        } else if (decision instanceof Decision.Replace replace) {
            ByteBuf replacement;
            try {
                // Encoded before the original is released: a replacement may share its bytes (Bind values).
                replacement = replace.message().encode(ctx.alloc(), session.charset());
            } finally {
                frame.release();
            }
            if (session.trace) {
                ProtocolTrace.frontend(session.id(), "(replaced by hook) " + replace.message());
            }
            session.pending.add(kind, replace.observer());
            session.toUpstream(replacement);
        } else {
            Decision.Reject reject = (Decision.Reject) decision;
            frame.release();
            if (session.trace) {
                ProtocolTrace.frontend(session.id(), "(rejected by hook: " + reject.error() + ")");
            }
            session.pending.add(kind, new Rejection(reject.error()));
            session.toUpstream(standIn(message).encode(ctx.alloc(), session.charset()));
        }
    }

    /**
     * What goes upstream instead of a rejected request: a message that fails at the same point in
     * the protocol without touching anything, so the server itself puts the session in the state a
     * refusal leaves (skip to Sync, failed transaction block); its error is then replaced.
     */
    static FrontendMessage standIn(FrontendMessage rejected) {
        if (rejected instanceof Query) {
            return new Query(REJECTED_STATEMENT);
        }
        if (rejected instanceof Parse p) {
            return new Parse(p.name(), REJECTED_STATEMENT, new int[0]);
        }
        if (rejected instanceof Bind b) {
            return new Bind(b.portal(), NO_SUCH_NAME, new short[0], List.of(), new short[0]);
        }
        if (rejected instanceof Describe) {
            return new Describe(Describe.STATEMENT, NO_SUCH_NAME);
        }
        if (rejected instanceof Execute) {
            return new Execute(NO_SUCH_NAME, 0);
        }
        throw new IllegalArgumentException("cannot reject " + rejected);
    }

    @Override
    public void forward(ByteBuf run) {
        session.toUpstream(run);
    }
}
