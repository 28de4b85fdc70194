package dev.phasegate.gateway.server;

import dev.phasegate.config.ConfigException;
import dev.phasegate.config.ProxyConfig.SocketTransport;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;

/**
 * The socket implementation (configuration key {@code proxy.transport}): by default io_uring on
 * Linux when the kernel allows it, native epoll when that loads, Java NIO otherwise.
 *
 * <p>io_uring first because a relay's cost is its system calls. One {@code io_uring_enter} per
 * event-loop turn submits every pending send and receive and reaps their completions, where epoll
 * needs an {@code epoll_wait} plus a {@code recvfrom} or {@code writev} per socket. Under load on
 * the 2-core development machine (page-table isolation, so every system call flushes the TLB) that
 * took a quarter to a half off the gateway's kernel time per transaction (docs/benchmarks.md).
 * Containers whose seccomp profile refuses io_uring (Docker's default) get epoll.
 */
public enum Transport {
    IO_URING,
    EPOLL,
    NIO;

    /**
     * The transport {@code wanted} names, or the best available for {@code AUTO}.
     *
     * @param source the configuration file, for the error
     * @throws ConfigException when a named transport is not available here, with the reason
     */
    public static Transport choose(SocketTransport wanted, String source) {
        return switch (wanted) {
            case AUTO -> IO_URING.isAvailable() ? IO_URING : EPOLL.isAvailable() ? EPOLL : NIO;
            case IO_URING -> IO_URING.require(source);
            case EPOLL -> EPOLL.require(source);
            case NIO -> NIO;
        };
    }

    /** Whether this machine can use this transport (the kernel and the native library allow it). */
    public boolean isAvailable() {
        return switch (this) {
            case IO_URING -> IoUring.isAvailable();
            case EPOLL -> Epoll.isAvailable();
            case NIO -> true;
        };
    }

    private Throwable unavailabilityCause() {
        return switch (this) {
            case IO_URING -> IoUring.unavailabilityCause();
            case EPOLL -> Epoll.unavailabilityCause();
            case NIO -> null;
        };
    }

    private Transport require(String source) {
        if (!isAvailable()) {
            Throwable cause = unavailabilityCause();
            throw new ConfigException(source, "proxy.transport", label()
                    + " is not available on this machine (" + (cause == null ? "unknown reason" : cause.getMessage())
                    + "); 'auto' picks the best one available");
        }
        return this;
    }

    /** The name used in configuration and logs. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public IoHandlerFactory ioHandlerFactory() {
        return switch (this) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
    }

    public Class<? extends ServerChannel> serverChannel() {
        return switch (this) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    public Class<? extends SocketChannel> socketChannel() {
        return switch (this) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }
}
