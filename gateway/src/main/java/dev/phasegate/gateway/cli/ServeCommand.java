package dev.phasegate.gateway.cli;

import dev.phasegate.config.ConfigException;
import dev.phasegate.config.ConfigLoader;
import dev.phasegate.config.HostPort;
import dev.phasegate.config.PhasegateConfig;
import dev.phasegate.gateway.runtime.PhasegateRuntime;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code phasegate serve}: runs the gateway (proxy, rewriter, control plane, admin API) until
 * SIGTERM/SIGINT, then stops gracefully.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the gateway in front of the configured upstream PostgreSQL.")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "phasegate.yml",
            description = "Configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Address to listen on, overriding the file's 'listen'.")
    String listen;

    @Override
    public Integer call() throws InterruptedException {
        PhasegateConfig loaded;
        try {
            loaded = ConfigLoader.load(config);
            if (listen != null) {
                loaded = loaded.withListen(HostPort.parse(listen));
            }
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("phasegate: " + e.getMessage());
            return 2;
        }
        PhasegateRuntime runtime;
        try {
            runtime = PhasegateRuntime.start(loaded);
        } catch (RuntimeException e) {
            System.err.println("phasegate: cannot start: " + e.getMessage());
            return 1;
        }
        runUntilSignalled(runtime::close);
        return 0;
    }

    /** Blocks until the JVM is asked to stop (SIGTERM, SIGINT), then runs {@code stop} before it exits. */
    static void runUntilSignalled(Runnable stop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop.run();
            } finally {
                stopped.countDown();
            }
        }, "phasegate-shutdown"));
        stopped.await();
    }
}
