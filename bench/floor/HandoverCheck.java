import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.uring.IoUringIoEvent;
import io.netty.channel.uring.IoUringIoHandle;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoOps;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.internal.PlatformDependent;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Can a socket leave a Netty io_uring channel for operations of one's own without losing or
 * reordering a byte? A question a relay of the gateway's own must answer first (docs/benchmarks.md,
 * nineteenth session). A client streams 200 MiB of a counting pattern; after the first megabyte the
 * server's channel turns auto-read off and deregisters (from inside its own read, or from a task
 * while a receive is in flight: alternate trials), then receives the rest with its own io_uring
 * operations on the same socket. Every byte is checked in order, wherever it arrives.
 *
 * <pre>java -cp phasegate.jar:classes HandoverCheck [TRIALS]</pre>
 */
public final class HandoverCheck {

    private static final long TOTAL = 200L << 20; // a whole number of the client's 8 KiB chunks
    private static final byte OP_RECV = 27;

    private HandoverCheck() {
    }

    /** The server side of one connection: checks the pattern, hands the socket over once. */
    private static final class Receiver extends ChannelInboundHandlerAdapter implements IoUringIoHandle {
        private final boolean fromTask;
        private final BlockingQueue<String> results;
        private final ByteBuffer memory = ByteBuffer.allocateDirect(65536);
        private final long address = PlatformDependent.directBufferAddress(memory);
        private long received;
        private boolean handoverStarted;
        private boolean autoReadOff;
        private boolean deregistered;
        private int pipelineReadsAfterHandover;
        private long pipelineBytesAfterDeregistration;
        private int fd;
        private IoRegistration registration;

        Receiver(boolean fromTask, BlockingQueue<String> results) {
            this.fromTask = fromTask;
            this.results = results;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf data = (ByteBuf) msg;
            if (autoReadOff) {
                pipelineReadsAfterHandover++;
            }
            if (deregistered) {
                pipelineBytesAfterDeregistration += data.readableBytes();
            }
            check(data);
            data.release();
            if (!handoverStarted && received > 1_000_000) {
                handoverStarted = true;
                if (fromTask) {
                    ctx.executor().schedule(() -> handOver(ctx), 3, TimeUnit.MILLISECONDS);
                } else {
                    handOver(ctx);
                }
            }
        }

        private void handOver(ChannelHandlerContext ctx) {
            autoReadOff = true;
            ctx.channel().config().setAutoRead(false);
            ctx.channel().deregister().addListener(deregistration -> {
                deregistered = true;
                fd = ((IoUringSocketChannel) ctx.channel()).fd().intValue();
                ((IoEventLoop) ctx.channel().eventLoop()).register(this).addListener(r -> {
                    registration = (IoRegistration) r.getNow();
                    receive();
                });
            });
        }

        private void receive() {
            registration.submit(new IoUringIoOps(OP_RECV, (byte) 0, (short) 0, fd, 0L, address, memory.capacity(), 0,
                    0L, (short) 0, (short) 0, 0, 0L));
        }

        @Override
        public void handle(IoRegistration ignored, IoEvent event) {
            int result = ((IoUringIoEvent) event).res();
            if (result <= 0) {
                registration.cancel();
                results.add("ended early after " + received + " bytes (" + result + ")");
                return;
            }
            check(Unpooled.wrappedBuffer(memory.duplicate().position(0).limit(result)));
            if (received < 0 || received >= TOTAL) {
                registration.cancel();
                results.add(received < 0 ? "MISMATCH" : "ok: " + received + " bytes in order; pipeline reads after"
                        + " auto-read went off " + pipelineReadsAfterHandover + ", pipeline bytes after deregistration "
                        + pipelineBytesAfterDeregistration);
            } else {
                receive();
            }
        }

        private void check(ByteBuf data) {
            for (int i = data.readerIndex(); i < data.writerIndex() && received >= 0; i++) {
                received = data.getByte(i) == (byte) (received % 251) ? received + 1 : Long.MIN_VALUE;
            }
        }

        @Override
        public void close() {
            // nothing held
        }
    }

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, IoUringIoHandler.newFactory());
        BlockingQueue<String> results = new LinkedBlockingQueue<>();
        int[] accepted = {0};
        Channel server = new ServerBootstrap().group(loop).channel(IoUringServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new Receiver(accepted[0]++ % 2 == 1, results));
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        int failures = 0;
        for (int t = 0; t < trials; t++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 65536);
                byte[] chunk = new byte[8192];
                for (long sent = 0; sent < TOTAL; sent += chunk.length) {
                    for (int i = 0; i < chunk.length; i++) {
                        chunk[i] = (byte) ((sent + i) % 251);
                    }
                    out.write(chunk);
                }
                out.flush();
                String result = results.poll(60, TimeUnit.SECONDS);
                failures += result != null && result.startsWith("ok") ? 0 : 1;
                System.out.println("trial " + t + (t % 2 == 1 ? " (from a task)" : " (from its read)") + ": " + result);
            }
        }
        System.exit(failures == 0 ? 0 : 1);
    }
}
