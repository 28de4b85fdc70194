package dev.phasegate.gateway.cli;

import dev.phasegate.config.ConfigLoader;
import dev.phasegate.config.HostPort;
import dev.phasegate.config.PhasegateConfig;
import dev.phasegate.gateway.runtime.PhasegateRuntime;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code phasegate serve}: runs the gateway (proxy, rewriter, control plane, admin API) until
 * SIGTERM/SIGINT, then stops gracefully.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the gateway in front of the configured upstream PostgreSQL.")
public final class ServeCommand extends CliCommand {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "phasegate.yml",
            description = "Configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Address to listen on, overriding the file's 'listen'.")
    String listen;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws InterruptedException {
        PhasegateConfig loaded = ConfigLoader.load(config); // a bad file: one line naming it, exit 2
        if (listen != null) {
            try {
                loaded = loaded.withListen(HostPort.parse(listen));
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--listen: " + e.getMessage());
            }
        }
        PhasegateRuntime runtime;
        try {
            runtime = PhasegateRuntime.start(loaded);
        } catch (RuntimeException e) {
            throw CliException.failed("cannot start: " + describe(e));
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
