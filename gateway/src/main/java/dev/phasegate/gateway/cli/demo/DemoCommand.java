package dev.phasegate.gateway.cli.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.phasegate.gateway.cli.CliCommand;
import dev.phasegate.gateway.cli.CliException;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code phasegate demo}: a throwaway PostgreSQL with a sample database and a whole Phasegate in
 * front of it, until Ctrl-C; {@code phasegate demo --walkthrough}: a scripted migration on it, then
 * exit.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start an embedded PostgreSQL with a sample database and Phasegate in front of it.",
                "",
                "The 'demo' database has a 'users' table (id, email) with a few hundred rows; the new column "
                        + "email_normalized was added upstream and is declared managed (up: lower(email)). The gateway, "
                        + "the rewriter and the admin API run until Ctrl-C; try the printed commands.",
                "--walkthrough instead runs a scripted migration through every phase while an unchanged "
                        + "application keeps querying, prints what happened at each phase, and exits (0 when all "
                        + "went as the phases promise).",
                "Needs PostgreSQL's server binaries on this machine (initdb, postgres); works as root too."})
public final class DemoCommand extends CliCommand {

    @Option(names = "--walkthrough", description = "Run the scripted migration end to end, then exit")
    boolean walkthrough;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Gateway address (default: 127.0.0.1:6543; "
            + "with --walkthrough, any free port)")
    String listen;

    @Option(names = "--admin-listen", paramLabel = "HOST:PORT", description = "Admin API address (default: "
            + "127.0.0.1:8543, where the admin commands look; with --walkthrough, any free port)")
    String adminListen;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "500",
            description = "Users in the sample table (default: ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--verbose", description = "Show the gateway's log (INFO) on stderr")
    boolean verbose;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws Exception {
        if (rows < 10 || rows > 1_000_000) {
            throw CliException.usage("--rows must be between 10 and 1,000,000, got " + rows);
        }
        String gatewayAt = listen != null ? listen : walkthrough ? "127.0.0.1:0" : "127.0.0.1:6543";
        String adminAt = adminListen != null ? adminListen : walkthrough ? "127.0.0.1:0" : "127.0.0.1:8543";
        Level previous = quietLogs();
        try {
            out.println("Starting an embedded PostgreSQL and Phasegate…");
            out.flush();
            DemoEnvironment env;
            try {
                env = DemoEnvironment.start(gatewayAt, adminAt, rows);
            } catch (RuntimeException | java.sql.SQLException | java.io.IOException e) {
                String message = describe(e);
                throw CliException.failed("cannot start the demo: " + message
                        + (message.contains("in use") ? " (choose other ports with --listen and --admin-listen)" : ""));
            }
            if (walkthrough) {
                try (env) {
                    return new Walkthrough(env, out).run();
                }
            }
            printInstructions(env, out);
            awaitCtrlC(env, out);
            return 0;
        } finally {
            restoreLogs(previous);
        }
    }

    private static void printInstructions(DemoEnvironment env, PrintWriter out) {
        String host = env.gatewayHost();
        int port = env.gatewayAddress().getPort();
        String id = DemoEnvironment.COLUMN;
        String admin = env.runtime().adminUrl();
        out.println();
        out.printf("Phasegate demo is running: PostgreSQL %d (embedded, throwaway) on port %d, Phasegate in front "
                + "of it.%n", env.postgres().majorVersion(), env.postgres().port());
        out.println();
        out.printf("  Database    %s: table users (id, email) with %d rows, plus email_normalized, added upstream%n",
                DemoEnvironment.DATABASE, env.rows());
        out.printf("  Managed     %s (type %s, source %s, up %s, down %s), phase hidden%n", id, DemoEnvironment.TYPE,
                DemoEnvironment.SOURCE, DemoEnvironment.UP, DemoEnvironment.DOWN);
        out.println();
        out.printf("  psql        psql \"postgresql://%s:%s@%s:%d/%s\"%n", DemoEnvironment.USER,
                DemoEnvironment.PASSWORD, host, port, DemoEnvironment.DATABASE);
        out.printf("  JDBC        jdbc:postgresql://%s:%d/%s?user=%s&password=%s%n", host, port,
                DemoEnvironment.DATABASE, DemoEnvironment.USER, DemoEnvironment.PASSWORD);
        out.printf("  Admin API   %s   token %s%n", admin, env.runtime().adminToken());
        out.printf("  Audit log   %s%n", env.directory().resolve("audit.jsonl"));
        out.println();
        out.println("In another terminal ('phasegate' is java -jar phasegate.jar):");
        out.println();
        String adminFlag = admin.equals("http://127.0.0.1:8543") ? "" : " --admin " + admin;
        out.printf("  export PHASEGATE_ADMIN_TOKEN=%s%n", env.runtime().adminToken());
        if (!adminFlag.isEmpty()) {
            out.printf("  export PHASEGATE_ADMIN_URL=%s%n", admin);
        }
        out.println("  phasegate columns " + id);
        out.println("  phasegate phase " + id + " write --reason \"column added upstream\"");
        out.println("  phasegate backfill " + id + " --watch");
        out.println("  phasegate phase " + id + " shadow --reason \"backfilled\"");
        out.println("  phasegate verify " + id + " --watch");
        out.println("  phasegate phase " + id + " read --reason \"verified\"");
        out.println("  phasegate rollback " + id + " --reason \"changed my mind\"");
        out.println("  phasegate audit --column " + id);
        out.println();
        out.println("Between steps, run the same statements in psql and see them change, e.g.");
        out.println("  SELECT * FROM users WHERE id = 1;   UPDATE users SET email = 'Ada@Example.COM' WHERE id = 1;");
        out.println("Guard rails use demo windows: shadow reads for " + DemoEnvironment.SHADOW_WINDOW.toSeconds()
                + "s and " + DemoEnvironment.SHADOW_MIN_READS + " reads (production: 10m and 1,000).");
        out.println();
        out.println("Press Ctrl-C to stop (everything, including the database, is thrown away).");
        out.flush();
    }

    /** Blocks until SIGINT/SIGTERM, then stops the gateway and the database before the JVM exits. */
    private static void awaitCtrlC(DemoEnvironment env, PrintWriter out) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                out.println();
                out.println("Stopping Phasegate and the embedded PostgreSQL…");
                out.flush();
                env.close();
                out.println("Stopped.");
                out.flush();
            } finally {
                stopped.countDown();
            }
        }, "phasegate-demo-stop"));
        stopped.await();
    }

    /** The demo speaks for itself; the gateway's INFO log would interleave with it. */
    private Level quietLogs() {
        if (verbose || !(LoggerFactory.getLogger("dev.phasegate") instanceof Logger logger)) {
            return null;
        }
        Level previous = logger.getLevel();
        logger.setLevel(Level.WARN);
        return previous;
    }

    private void restoreLogs(Level previous) {
        if (!verbose && LoggerFactory.getLogger("dev.phasegate") instanceof Logger logger) {
            logger.setLevel(previous);
        }
    }
}
