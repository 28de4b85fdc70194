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
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.uring.IoUringIoEvent;
import io.netty.channel.uring.IoUringIoHandle;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoOps;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
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
 * <pre>java -cp phasegate.jar:classes RawRelay LISTEN_PORT UPSTREAM_PORT [io_uring|epoll]</pre>
 * {@code epoll} relays the same way on epoll with {@code read} and {@code write} calls, as
 * PgBouncer does (on libevent): the same relay on the other transport, to tell the transport's share
 * of a difference from the relay's.
 */
public final class RawRelay {

    private static final byte OP_SEND = 26;
    private static final byte OP_RECV = 27;
    private static final int BUFFER = 16 * 1024;

    private RawRelay() {
    }

    /** One loop that waits for I/O with no timer (as Phasegate's own loops do). */
    private static final class Loops extends MultiThreadIoEventLoopGroup {
        Loops(IoHandlerFactory factory) {
            super(1, factory);
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
        private final int[] from = new int[2];
        private final int[] to = new int[2];
        private final long[] buffer = new long[2];
        private final int[] filled = new int[2];
        private final int[] sent = new int[2];
        @SuppressWarnings("unused") // keeps the memory behind buffer[] reachable
        private final ByteBuffer[] memory = {ByteBuffer.allocateDirect(BUFFER), ByteBuffer.allocateDirect(BUFFER)};
        private IoRegistration registration;
        private boolean closed;

        Session(Channel client, Channel upstream) {
            this.client = client;
            this.upstream = upstream;
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
            receive(0);
            receive(1);
        }

        private void receive(int d) {
            submit(OP_RECV, from[d], buffer[d], BUFFER, d);
        }

        private void send(int d) {
            submit(OP_SEND, to[d], buffer[d] + sent[d], filled[d] - sent[d], d);
        }

        private void submit(byte opcode, int fd, long address, int length, int d) {
            registration.submit(new IoUringIoOps(opcode, (byte) 0, (short) 0, fd, 0L, address, length, 0,
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
                        receive(d);
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
            // A receive in flight holds its socket open, and cancelling the registration does not
            // cancel operations: shut both sockets down first, so the receives end and the
            // upstream sees the client go (PostgreSQL then ends its backend).
            ((IoUringSocketChannel) client).shutdown();
            ((IoUringSocketChannel) upstream).shutdown();
            registration.cancel();
            client.close();
            upstream.close();
        }
    }

    /** The same relay on epoll: a handle per socket, level-triggered, reads and writes as system calls. */
    private static final class EpollSession {
        private final Channel client;
        private final Channel upstream;
        private final Side clientSide;
        private final Side upstreamSide;
        private boolean closed;

        EpollSession(Channel client, Channel upstream) {
            this.client = client;
            this.upstream = upstream;
            clientSide = new Side(((EpollSocketChannel) client).fd());
            upstreamSide = new Side(((EpollSocketChannel) upstream).fd());
            clientSide.peer = upstreamSide;
            upstreamSide.peer = clientSide;
        }

        void start(IoEventLoop loop) {
            // Netty's channels hold the sockets in the loop's epoll set: take them out first.
            client.deregister().addListener(c -> upstream.deregister().addListener(u -> {
                loop.register(clientSide).addListener(r -> clientSide.registered(r.isSuccess() ? (IoRegistration) r.getNow() : null));
                loop.register(upstreamSide).addListener(r -> upstreamSide.registered(r.isSuccess() ? (IoRegistration) r.getNow() : null));
            }));
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            clientSide.cancel();
            upstreamSide.cancel();
            try {
                clientSide.fd.close();
                upstreamSide.fd.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        /** One socket: reads into its buffer, writes what it read to its peer. */
        private final class Side implements EpollIoHandle {
            private final FileDescriptor fd;
            private final ByteBuffer memory = ByteBuffer.allocateDirect(BUFFER);
            private final long buffer = PlatformDependent.directBufferAddress(memory);
            private Side peer;
            private IoRegistration registration;
            private int filled;
            private int sent;
            private EpollIoOps interest;

            Side(FileDescriptor fd) {
                this.fd = fd;
            }

            @Override
            public FileDescriptor fd() {
                return fd;
            }

            void registered(IoRegistration registered) {
                if (registered == null) {
                    EpollSession.this.close();
                    return;
                }
                registration = registered;
                interest(EpollIoOps.EPOLLIN);
            }

            void cancel() {
                if (registration != null) {
                    registration.cancel();
                }
            }

            @Override
            public void handle(IoRegistration ignored, IoEvent event) {
                if (closed) {
                    return;
                }
                EpollIoOps ops = ((EpollIoEvent) event).ops();
                try {
                    if (ops.contains(EpollIoOps.EPOLLOUT)) {
                        peer.flush(); // this socket can take the rest of what its peer read
                    }
                    if (ops.contains(EpollIoOps.EPOLLIN) || ops.contains(EpollIoOps.EPOLLERR)
                            || ops.contains(EpollIoOps.EPOLLRDHUP)) {
                        int n = fd.readAddress(buffer, 0, BUFFER);
                        if (n < 0) {
                            EpollSession.this.close();
                        } else if (n > 0) {
                            filled = n;
                            sent = 0;
                            flush();
                        }
                    }
                } catch (IOException e) {
                    EpollSession.this.close();
                }
            }

            /** Writes what is left of the last read to the peer; waits for it to drain before reading more. */
            void flush() throws IOException {
                while (sent < filled) {
                    int n = peer.fd.writeAddress(buffer, sent, filled);
                    if (n == 0) {
                        interest(EpollIoOps.NONE);
                        peer.interest(EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLOUT));
                        return;
                    }
                    sent += n;
                }
                interest(EpollIoOps.EPOLLIN);
                peer.interest(EpollIoOps.EPOLLIN);
            }

            /** Changes what the loop waits for on this socket: a system call, so only when it changes. */
            void interest(EpollIoOps wanted) {
                if (!wanted.equals(interest)) {
                    interest = wanted;
                    registration.submit(wanted);
                }
            }

            @Override
            public void close() {
                EpollSession.this.close();
            }
        }
    }

    public static void main(String[] args) throws InterruptedException {
        String transport = args.length > 2 ? args[2] : "io_uring";
        if (args.length < 2 || !transport.matches("io_uring|epoll")) {
            System.err.println("usage: RawRelay LISTEN_PORT UPSTREAM_PORT [io_uring|epoll]");
            System.exit(2);
        }
        int listenPort = Integer.parseInt(args[0]);
        int upstreamPort = Integer.parseInt(args[1]);
        boolean epoll = transport.equals("epoll");
        new ServerBootstrap()
                .group(new Loops(epoll ? EpollIoHandler.newFactory() : IoUringIoHandler.newFactory()))
                .channel(epoll ? EpollServerSocketChannel.class : IoUringServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel client) {
                        new Bootstrap().group(client.eventLoop())
                                .channel(epoll ? EpollSocketChannel.class : IoUringSocketChannel.class)
                                .option(ChannelOption.AUTO_READ, false)
                                .option(ChannelOption.TCP_NODELAY, true)
                                .handler(new ChannelInboundHandlerAdapter())
                                .connect("127.0.0.1", upstreamPort)
                                .addListener((ChannelFutureListener) connected -> {
                                    if (!connected.isSuccess()) {
                                        client.close();
                                    } else if (epoll) {
                                        new EpollSession(client, connected.channel()).start((IoEventLoop) client.eventLoop());
                                    } else {
                                        start(new Session(client, connected.channel()), client, connected.channel());
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", listenPort).sync();
        System.out.println("RawRelay: 127.0.0.1:" + listenPort + " -> 127.0.0.1:" + upstreamPort + " on " + transport);
        Thread.currentThread().join();
    }

    private static void start(Session session, Channel client, Channel upstream) {
        ((IoEventLoop) client.eventLoop()).register(session).addListener(registered -> {
            if (registered.isSuccess()) {
                session.start((IoRegistration) registered.getNow());
            } else {
                client.close();
                upstream.close();
            }
        });
    }
}
