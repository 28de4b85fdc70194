package dev.phasegate.admin.http;

import dev.phasegate.admin.metrics.PhasegateMetrics;
import dev.phasegate.admin.service.ServiceException;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per connection (not sharable). Copies each aggregated request out of Netty's buffers,
 * runs it on the worker pool — authentication, routing, the route itself — and writes the
 * response back. Requests of one connection are handled one after another, so pipelined
 * requests are answered in order.
 */
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(AdminHttpHandler.class);

    private final Router router;
    private final AdminToken token;
    private final Executor workers;
    private final PhasegateMetrics metrics;
    // Touched on the event loop only.
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    AdminHttpHandler(Router router, AdminToken token, Executor workers, PhasegateMetrics metrics) {
        this.router = router;
        this.token = token;
        this.workers = workers;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
        if (msg.decoderResult().isFailure()) {
            AdminResponse bad = AdminResponse.error(400, "bad_request", "malformed HTTP request: "
                    + msg.decoderResult().cause().getMessage(), null);
            write(ctx, bad, false);
            return;
        }
        AdminRequest request;
        try {
            request = detach(ctx, msg);
        } catch (IllegalArgumentException e) {
            write(ctx, AdminResponse.error(400, "bad_request", "malformed request target: " + e.getMessage(), null),
                    false);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(msg);
        tail = tail.thenCompose(ignored -> {
            CompletableFuture<AdminResponse> work;
            try {
                work = CompletableFuture.supplyAsync(() -> dispatch(request), workers);
            } catch (RejectedExecutionException e) {
                work = CompletableFuture.completedFuture(AdminResponse.error(503, "busy",
                        "the admin API is busy; retry shortly", null));
            }
            return work.handle((response, error) -> {
                AdminResponse answer = error == null ? response : internalError(request, unwrap(error));
                count(request.method(), answer.status());
                return write(ctx, answer, keepAlive);
            }).thenCompose(f -> {
                // The next request of this connection waits until this response is on the wire.
                CompletableFuture<Void> written = new CompletableFuture<>();
                f.addListener(done -> written.complete(null));
                return written;
            });
        });
    }

    private AdminResponse dispatch(AdminRequest request) {
        List<String> segments = segments(request.path());
        boolean api = !segments.isEmpty() && segments.get(0).equals("api");
        // Authenticate before routing: unknown /api paths must not be told apart from known ones.
        if (api && !token.accepts(request.header("authorization").orElse(null))) {
            return AdminResponse.error(401, "unauthorized", "missing or wrong bearer token: send Authorization: "
                    + "Bearer <token> (admin.token, or PHASEGATE_ADMIN_TOKEN)", null)
                    .withHeader("WWW-Authenticate", "Bearer realm=\"phasegate\"");
        }
        Router.Match match = router.match(request.method(), segments);
        if (match instanceof Router.NotFound) {
            return AdminResponse.error(404, "not_found", "no such endpoint: " + request.method() + " "
                    + request.path(), null);
        }
        if (match instanceof Router.MethodNotAllowed notAllowed) {
            String allow = String.join(", ", notAllowed.allowed());
            return AdminResponse.error(405, "method_not_allowed", request.method() + " is not allowed on "
                    + request.path() + "; allowed: " + allow, null).withHeader("Allow", allow);
        }
        Router.Found found = (Router.Found) match;
        if (found.route().authenticated() && !api
                && !token.accepts(request.header("authorization").orElse(null))) {
            return AdminResponse.error(401, "unauthorized", "missing or wrong bearer token", null)
                    .withHeader("WWW-Authenticate", "Bearer realm=\"phasegate\"");
        }
        try {
            return found.route().handle(request.withPathParams(found.params()));
        } catch (ServiceException e) {
            return toResponse(e);
        } catch (Exception e) {
            return internalError(request, e);
        }
    }

    static AdminResponse toResponse(ServiceException e) {
        int status = switch (e.kind()) {
            case BAD_REQUEST -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
        return AdminResponse.error(status, e.error(), e.getMessage(), e.detail());
    }

    private static AdminResponse internalError(AdminRequest request, Throwable e) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        log.error("Admin API {} {} failed (reference {})", request.method(), request.path(), reference, e);
        return AdminResponse.error(500, "internal_error", "the request failed; the gateway log has the details "
                + "under reference " + reference, null);
    }

    private void count(String method, int status) {
        if (metrics != null) {
            metrics.countAdminRequest(method, status);
        }
    }

    private static ChannelFuture write(ChannelHandlerContext ctx, AdminResponse response, boolean keepAlive) {
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
        if (response.contentType() != null) {
            http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        }
        http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        http.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        response.headers().forEach((name, value) -> http.headers().set(name, value));
        if (keepAlive) {
            http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            return ctx.writeAndFlush(http);
        }
        http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ChannelFuture f = ctx.writeAndFlush(http);
        f.addListener(ChannelFutureListener.CLOSE);
        return f;
    }

    private static AdminRequest detach(ChannelHandlerContext ctx, FullHttpRequest msg) {
        QueryStringDecoder decoder = new QueryStringDecoder(msg.uri(), StandardCharsets.UTF_8);
        String path = decoder.path();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        Map<String, String> headers = new HashMap<>();
        msg.headers().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        byte[] body = ByteBufUtil.getBytes(msg.content());
        return new AdminRequest(msg.method().name().toUpperCase(Locale.ROOT), path, Map.of(), decoder.parameters(),
                headers, body, address(ctx.channel().remoteAddress()));
    }

    /** Decoded segments of a decoded path; {@code %2F} inside a segment was decoded too, but ids have no '/'. */
    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        return segments;
    }

    private static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("Admin API connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
