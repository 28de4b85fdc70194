import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.channel.uring.IoUringIoEvent;
import io.netty.channel.uring.IoUringIoHandle;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoOps;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

/**
 * The floor of a relay written in Java on this machine: bytes from each client to a new upstream
 * connection and back, on one io_uring event loop, with no protocol, no pipeline and no buffer
 * allocated per read. Each direction receives into a fixed 16 KiB buffer and sends straight from
 * it. A measuring instrument for bench/run.sh ({@code BENCH_FLOOR=1}), not part of Phasegate: it
 * tells how much of the gateway's cost per round trip is the relaying itself, in Java, on io_uring,
 * and how much is the layers above it.
 *
 * <p>Netty is used for what is not measured: accepting, connecting and the event loop. Its
 * channels are opened with auto-read off and never read or written; the relay submits its own
 * operations on their sockets through a handle registered with the same loop.
 *
 * <pre>java -cp phasegate.jar:classes RawRelay LISTEN_PORT UPSTREAM_PORT [poll]</pre>
 * {@code poll} waits for each socket to be readable before it receives (so an idle session would
 * hold no buffer), which is what Netty's channels do.
 */
public final class RawRelay {

    private static final byte OP_POLL_ADD = 6;
    private static final byte OP_SEND = 26;
    private static final byte OP_RECV = 27;
    private static final int POLLIN = 0x1;
    private static final int BUFFER = 16 * 1024;

    private RawRelay() {
    }

    /** One loop that waits for I/O with no timer (as Phasegate's own loops do). */
    private static final class Loops extends MultiThreadIoEventLoopGroup {
        Loops() {
            super(1, IoUringIoHandler.newFactory());
        }

        @Override
        protected IoEventLoop newChild(Executor executor, IoHandlerFactory factory, Object... args) {
            return new SingleThreadIoEventLoop(this, executor, factory) {
                @Override
                protected long deadlineNanos() {
                    return nextScheduledTaskDeadlineNanos();
                }
            };
        }
    }

    /** Both directions of one session. Operation data: 0 = client to upstream, 1 = upstream to client. */
    private static final class Session implements IoUringIoHandle {
        private final Channel client;
        private final Channel upstream;
        private final boolean pollFirst;
        private final int[] from = new int[2];
        private final int[] to = new int[2];
        private final long[] buffer = new long[2];
        private final int[] filled = new int[2];
        private final int[] sent = new int[2];
        @SuppressWarnings("unused") // keeps the memory behind buffer[] reachable
        private final ByteBuffer[] memory = {ByteBuffer.allocateDirect(BUFFER), ByteBuffer.allocateDirect(BUFFER)};
        private IoRegistration registration;
        private boolean closed;

        Session(Channel client, Channel upstream, boolean pollFirst) {
            this.client = client;
            this.upstream = upstream;
            this.pollFirst = pollFirst;
            int clientFd = ((IoUringSocketChannel) client).fd().intValue();
            int upstreamFd = ((IoUringSocketChannel) upstream).fd().intValue();
            from[0] = clientFd;
            to[0] = upstreamFd;
            from[1] = upstreamFd;
            to[1] = clientFd;
            for (int d = 0; d < 2; d++) {
                buffer[d] = PlatformDependent.directBufferAddress(memory[d]);
            }
        }

        void start(IoRegistration registered) {
            registration = registered;
            read(0);
            read(1);
        }

        private void read(int d) {
            if (pollFirst) {
                submit(OP_POLL_ADD, from[d], 0L, 0, POLLIN, d);
            } else {
                receive(d);
            }
        }

        private void receive(int d) {
            submit(OP_RECV, from[d], buffer[d], BUFFER, 0, d);
        }

        private void send(int d) {
            submit(OP_SEND, to[d], buffer[d] + sent[d], filled[d] - sent[d], 0, d);
        }

        private void submit(byte opcode, int fd, long address, int length, int flags, int d) {
            registration.submit(new IoUringIoOps(opcode, (byte) 0, (short) 0, fd, 0L, address, length, flags,
                    (long) d, (short) 0, (short) 0, 0, 0L));
        }

        @Override
        public void handle(IoRegistration ignored, IoEvent event) {
            if (closed) {
                return;
            }
            IoUringIoEvent completion = (IoUringIoEvent) event;
            int d = (int) completion.userData();
            int result = completion.res();
            if (result < 0 || (result == 0 && completion.opcode() == OP_RECV)) {
                close(); // an error, or the peer's end of stream
                return;
            }
            switch (completion.opcode()) {
                case OP_POLL_ADD -> receive(d);
                case OP_RECV -> {
                    filled[d] = result;
                    sent[d] = 0;
                    send(d);
                }
                case OP_SEND -> {
                    sent[d] += result;
                    if (sent[d] < filled[d]) {
                        send(d);
                    } else {
                        read(d);
                    }
                }
                default -> {
                    // nothing else is submitted
                }
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            registration.cancel();
            client.close();
            upstream.close();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: RawRelay LISTEN_PORT UPSTREAM_PORT [poll]");
            System.exit(2);
        }
        int listenPort = Integer.parseInt(args[0]);
        int upstreamPort = Integer.parseInt(args[1]);
        boolean pollFirst = args.length > 2 && args[2].equals("poll");
        new ServerBootstrap().group(new Loops()).channel(IoUringServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel client) {
                        new Bootstrap().group(client.eventLoop()).channel(IoUringSocketChannel.class)
                                .option(ChannelOption.AUTO_READ, false)
                                .option(ChannelOption.TCP_NODELAY, true)
                                .handler(new ChannelInboundHandlerAdapter())
                                .connect("127.0.0.1", upstreamPort)
                                .addListener((ChannelFutureListener) connected -> {
                                    if (!connected.isSuccess()) {
                                        client.close();
                                        return;
                                    }
                                    Session session = new Session(client, connected.channel(), pollFirst);
                                    ((IoEventLoop) client.eventLoop()).register(session).addListener(registered -> {
                                        if (registered.isSuccess()) {
                                            session.start((IoRegistration) registered.getNow());
                                        } else {
                                            client.close();
                                            connected.channel().close();
                                        }
                                    });
                                });
                    }
                })
                .bind("127.0.0.1", listenPort).sync();
        System.out.println("RawRelay: 127.0.0.1:" + listenPort + " -> 127.0.0.1:" + upstreamPort
                + (pollFirst ? " (poll before each receive)" : ""));
        Thread.currentThread().join();
    }
}
