package dev.phasegate.gateway.session;

import dev.phasegate.gateway.hook.ResultObserver;
import dev.phasegate.gateway.protocol.FrameListener;
import dev.phasegate.gateway.protocol.ProtocolTrace;
import dev.phasegate.gateway.protocol.backend.Authentication;
import dev.phasegate.gateway.protocol.backend.BackendKeyData;
import dev.phasegate.gateway.protocol.backend.BackendType;
import dev.phasegate.gateway.protocol.backend.CommandComplete;
import dev.phasegate.gateway.protocol.backend.DataRow;
import dev.phasegate.gateway.protocol.backend.ErrorResponse;
import dev.phasegate.gateway.protocol.backend.ParameterDescription;
import dev.phasegate.gateway.protocol.backend.ParameterStatus;
import dev.phasegate.gateway.protocol.backend.RowDescription;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;

/**
 * The upstream side of a session: the response path. Rows, COPY data and anything nobody watches
 * pass through as runs of bytes; the few messages that move the session along (ReadyForQuery,
 * CommandComplete, ErrorResponse, the login exchange) are read in place; BackendKeyData and
 * AuthenticationSASL are rewritten; rows and descriptions are decoded only for a request whose
 * {@link ResultObserver} filters them.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter implements FrameListener {

    private final Session session;
    private ChannelHandlerContext ctx;

    UpstreamHandler(Session session) {
        this.session = session;
    }

    // ---- channel events ---------------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        // One flush per read batch, not per message.
        session.afterUpstreamRead();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        session.upstreamWritable(context.channel().isWritable());
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        session.upstreamClosed();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        session.fail(cause, true);
    }

    // ---- frames -----------------------------------------------------------------------------------

    @Override
    public int onFrame(byte type, int length) {
        if (session.trace) {
            ProtocolTrace.backend(session.id(), type, length);
        }
        if (session.question() != null && ServerQuestion.answers(type)) {
            return HANDLE; // the gateway's own question: its answer is not the client's
        }
        PendingRequests pending = session.pending;
        switch (type) {
            case BackendType.DATA_ROW:
                return pending.filteringObserver() != null ? HANDLE : PASS;
            case BackendType.READY_FOR_QUERY:
            case BackendType.PARAMETER_STATUS:
                return INSPECT;
            case BackendType.ERROR_RESPONSE:
                return pending.headObserver() instanceof Rejection ? HANDLE : INSPECT;
            case BackendType.COMMAND_COMPLETE:
                if (pending.headObserver() instanceof ResultObserver observer) {
                    return hasNotices(observer) ? HANDLE : INSPECT;
                }
                pending.commandComplete(null);
                session.copyEnded();
                return PASS;
            case BackendType.EMPTY_QUERY_RESPONSE:
                pending.emptyQuery();
                return PASS;
            case BackendType.PORTAL_SUSPENDED:
                pending.portalSuspended();
                return PASS;
            case BackendType.PARSE_COMPLETE:
                pending.acknowledge(PendingRequests.PARSE);
                return PASS;
            case BackendType.BIND_COMPLETE:
                pending.acknowledge(PendingRequests.BIND);
                return PASS;
            case BackendType.CLOSE_COMPLETE:
                pending.acknowledge(PendingRequests.CLOSE);
                return PASS;
            case BackendType.NO_DATA:
                pending.noData();
                return PASS;
            case BackendType.ROW_DESCRIPTION:
                if (pending.filteringObserver() != null) {
                    return HANDLE;
                }
                pending.rowDescription();
                return PASS;
            case BackendType.PARAMETER_DESCRIPTION:
                return pending.filteringObserver() != null ? HANDLE : PASS;
            case BackendType.COPY_IN_RESPONSE:
            case BackendType.COPY_OUT_RESPONSE:
            case BackendType.COPY_BOTH_RESPONSE:
                session.copyStarted();
                return PASS;
            case BackendType.AUTHENTICATION:
            case BackendType.BACKEND_KEY_DATA:
                return HANDLE;
            default:
                // CopyData, CopyDone, NoticeResponse, NotificationResponse, FunctionCallResponse, …
                return PASS;
        }
    }

    @Override
    public int inspect(byte type, ByteBuf body, int bodyIndex, int bodyLength) {
        switch (type) {
            case BackendType.READY_FOR_QUERY -> session.readyForQuery(body.getByte(bodyIndex));
            case BackendType.ERROR_RESPONSE -> {
                ErrorResponse error = ErrorResponse.decodeBody(body.slice(bodyIndex, bodyLength), session.charset());
                if (session.trace) {
                    ProtocolTrace.backend(session.id(), error);
                }
                session.upstreamError(error);
            }
            case BackendType.COMMAND_COMPLETE -> {
                session.pending.commandComplete(CommandComplete.tag(body, bodyIndex, bodyLength));
                session.copyEnded();
            }
            case BackendType.PARAMETER_STATUS -> {
                ParameterStatus status = ParameterStatus.decode(body, bodyIndex, bodyLength);
                session.serverParameter(status.name(), status.value());
            }
            default -> {
                // Not asked for.
            }
        }
        return PASS;
    }

    @Override
    public void handle(byte type, ByteBuf frame) {
        if (session.question() != null && ServerQuestion.answers(type)) {
            session.questionMessage(type, frame);
            return;
        }
        switch (type) {
            case BackendType.AUTHENTICATION -> authentication(frame);
            case BackendType.BACKEND_KEY_DATA -> backendKeyData(frame);
            case BackendType.ERROR_RESPONSE -> rejected(frame);
            case BackendType.DATA_ROW -> dataRow(frame);
            case BackendType.ROW_DESCRIPTION -> rowDescription(frame);
            case BackendType.PARAMETER_DESCRIPTION -> parameterDescription(frame);
            case BackendType.COMMAND_COMPLETE -> commandCompleteWithNotices(frame);
            default -> session.toClient(frame);
        }
    }

    @Override
    public void forward(ByteBuf run) {
        session.toClient(run);
    }

    // ---- the messages the gateway changes ---------------------------------------------------------

    /** Drops SCRAM-SHA-256-PLUS from the mechanisms offered: channel binding cannot cross the gateway. */
    private void authentication(ByteBuf frame) {
        int code = frame.getInt(frame.readerIndex() + 5);
        if (code != Authentication.SASL) {
            session.toClient(frame);
            return;
        }
        List<String> mechanisms = Authentication.saslMechanisms(frame);
        if (!mechanisms.contains(Authentication.SCRAM_SHA_256_PLUS)) {
            session.toClient(frame);
            return;
        }
        List<String> offered = new ArrayList<>(mechanisms);
        offered.remove(Authentication.SCRAM_SHA_256_PLUS);
        frame.release();
        if (session.trace) {
            ProtocolTrace.backend(session.id(), "AuthenticationSASL " + offered + " (was " + mechanisms + ")");
        }
        session.toClient(Authentication.encodeSasl(ctx.alloc(), offered));
    }

    /** Gives the client a key the gateway issued; the upstream's own stays in the cancel registry. */
    private void backendKeyData(ByteBuf frame) {
        BackendKeyData upstreamKey;
        try {
            upstreamKey = BackendKeyData.decode(frame);
        } finally {
            frame.release();
        }
        BackendKeyData issued = session.services().cancels().register(upstreamKey);
        session.keyIssued(issued);
        if (session.trace) {
            ProtocolTrace.backend(session.id(), "BackendKeyData(pid " + issued.processId() + ", gateway-issued key)");
        }
        session.toClient(issued.encode(ctx.alloc()));
    }

    /** The upstream's error for a rejected request's stand-in: the client gets the hook's error instead. */
    private void rejected(ByteBuf frame) {
        Rejection rejection = (Rejection) session.pending.headObserver();
        frame.release();
        if (session.trace) {
            ProtocolTrace.backend(session.id(), rejection.error());
        }
        session.toClient(rejection.error().encode(ctx.alloc(), session.charset()));
        session.upstreamError(rejection.error());
    }

    private List<ErrorResponse> pendingNotices;

    private boolean hasNotices(ResultObserver observer) {
        List<ErrorResponse> notices;
        try {
            notices = observer.notices();
        } catch (RuntimeException e) {
            notices = null;
        }
        pendingNotices = notices == null || notices.isEmpty() ? null : notices;
        return pendingNotices != null;
    }

    /** A hook's notices go out just before the CommandComplete they are about, as PostgreSQL sends its own. */
    private void commandCompleteWithNotices(ByteBuf frame) {
        List<ErrorResponse> notices = pendingNotices;
        pendingNotices = null;
        if (notices != null) {
            for (ErrorResponse notice : notices) {
                if (session.trace) {
                    ProtocolTrace.backend(session.id(), "(hook notice) NoticeResponse " + notice);
                }
                session.toClient(notice.encodeAsNotice(ctx.alloc(), session.charset()));
            }
        }
        int index = frame.readerIndex();
        session.pending.commandComplete(CommandComplete.tag(frame, index + 5, frame.getInt(index + 1) - 4));
        session.copyEnded();
        session.toClient(frame);
    }

    private void dataRow(ByteBuf frame) {
        ResultObserver observer = session.pending.filteringObserver();
        try {
            DataRow row = DataRow.decode(frame);
            DataRow out = observer.onDataRow(row);
            if (out == row) {
                session.toClient(frame.retain());
            } else if (out != null) {
                session.toClient(out.encode(ctx.alloc()));
            }
        } finally {
            frame.release();
        }
    }

    private void rowDescription(ByteBuf frame) {
        ResultObserver observer = session.pending.filteringObserver();
        try {
            RowDescription description = RowDescription.decode(frame, session.charset());
            RowDescription out = observer.onRowDescription(description);
            if (out == description) {
                session.toClient(frame.retain());
            } else {
                if (session.trace) {
                    ProtocolTrace.backend(session.id(), "(filtered) " + out);
                }
                session.toClient(out.encode(ctx.alloc(), session.charset()));
            }
        } finally {
            frame.release();
        }
        session.pending.rowDescription();
    }

    private void parameterDescription(ByteBuf frame) {
        ResultObserver observer = session.pending.filteringObserver();
        try {
            ParameterDescription description = ParameterDescription.decode(frame);
            ParameterDescription out = observer.onParameterDescription(description);
            session.toClient(out == description ? frame.retain() : out.encode(ctx.alloc()));
        } finally {
            frame.release();
        }
    }

}
