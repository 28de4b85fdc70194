package dev.phasegate.localpg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PostgreSQL server started from the machine's own binaries in a temporary
 * directory, on a free loopback port, for the demo and the tests.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM is root, the data directory is given to
 * the unprivileged {@code nobody} user and every server binary runs through
 * {@code setpriv --reuid --regid --clear-groups}, so the same code works for root (CI, containers)
 * and for an ordinary user.
 *
 * <p>Authentication: the superuser {@code postgres} is trusted from loopback (the gateway's
 * control plane and the tests log in as it); every other role must give its password, with md5
 * or SCRAM-SHA-256 depending on how the password was stored.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);
    public static final String SUPERUSER = "postgres";
    private static final int NOBODY = 65534;

    private final PostgresBinaries binaries;
    private final Path baseDir;
    private final Path dataDir;
    private final int port;
    private final boolean dropPrivileges;
    private Process server;
    private Thread shutdownHook;

    private LocalPostgres(PostgresBinaries binaries, Path baseDir, int port, boolean dropPrivileges) {
        this.binaries = binaries;
        this.baseDir = baseDir;
        this.dataDir = baseDir.resolve("data");
        this.port = port;
        this.dropPrivileges = dropPrivileges;
    }

    /** Starts a server with default settings. */
    public static LocalPostgres start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String superuser() {
        return SUPERUSER;
    }

    /** PostgreSQL major version of the binaries in use, e.g. {@code 15}. */
    public int majorVersion() {
        return binaries.majorVersion();
    }

    public Path binDir() {
        return binaries.binDir();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
    }

    private void initAndStart(Map<String, String> settings, List<String> hbaLines, Duration timeout) {
        try {
            Files.createDirectories(dataDir);
            if (dropPrivileges) {
                chownToNobody(baseDir);
            }
            run(List.of(binaries.tool("initdb").toString(), "-D", dataDir.toString(), "-U", SUPERUSER,
                    "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"), timeout);
            writeHba(hbaLines);
            List<String> command = new ArrayList<>(List.of(binaries.tool("postgres").toString(),
                    "-D", dataDir.toString(), "-p", Integer.toString(port)));
            Map<String, String> all = new LinkedHashMap<>();
            all.put("listen_addresses", host());
            all.put("unix_socket_directories", baseDir.toString());
            all.put("fsync", "off");
            all.put("synchronous_commit", "off");
            all.put("full_page_writes", "off");
            all.put("max_connections", "300");
            all.put("shared_buffers", "128MB");
            all.putAll(settings);
            all.forEach((key, value) -> {
                command.add("-c");
                command.add(key + "=" + value);
            });
            Path logFile = baseDir.resolve("postgres.log");
            ProcessBuilder pb = new ProcessBuilder(privileged(command))
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            server = pb.start();
            shutdownHook = new Thread(this::stopQuietly, "local-postgres-stop");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            awaitReady(logFile, timeout);
            log.info("Local PostgreSQL {} ready on {}:{} (data in {})", binaries.majorVersion(), host(), port, dataDir);
        } catch (IOException e) {
            stopQuietly();
            throw new UncheckedIOException("could not start a local PostgreSQL in " + baseDir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            stopQuietly();
            throw e;
        }
    }

    private void writeHba(List<String> extraLines) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# Written by Phasegate's LocalPostgres: superuser trusted on loopback, others by password.");
        lines.addAll(extraLines);
        lines.add("local all " + SUPERUSER + " trust");
        lines.add("host all " + SUPERUSER + " 127.0.0.1/32 trust");
        lines.add("host all " + SUPERUSER + " ::1/128 trust");
        // md5 here means "md5 or SCRAM, whichever the stored password is".
        lines.add("local all all md5");
        lines.add("host all all 127.0.0.1/32 md5");
        lines.add("host all all ::1/128 md5");
        Files.write(dataDir.resolve("pg_hba.conf"), lines, StandardCharsets.UTF_8);
    }

    private void awaitReady(Path logFile, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited during start-up (exit code " + server.exitValue()
                        + "); its log:\n" + tail(logFile));
            }
            if (Files.exists(logFile) && Files.readString(logFile).contains("ready to accept connections")
                    && canConnect()) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("PostgreSQL did not become ready within " + timeout.toSeconds()
                + "s; its log:\n" + tail(logFile));
    }

    private boolean canConnect() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a PostgreSQL client tool (psql, pgbench, pg_dump…) from the same installation. */
    public Path tool(String name) {
        return binaries.tool(name);
    }

    @Override
    public void close() {
        stopQuietly();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running or has run: nothing to remove.
            }
            shutdownHook = null;
        }
    }

    private synchronized void stopQuietly() {
        if (server != null) {
            try {
                if (server.isAlive()) {
                    // Fast shutdown: SIGINT; Process.destroy() would send SIGTERM, PostgreSQL's
                    // "smart" mode that waits for every client to disconnect.
                    new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).start().waitFor(5, TimeUnit.SECONDS);
                    if (!server.waitFor(15, TimeUnit.SECONDS)) {
                        server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                }
            } catch (IOException | InterruptedException e) {
                server.destroyForcibly();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
            server = null;
            log.info("Local PostgreSQL on port {} stopped", port);
        }
        deleteRecursively(baseDir);
    }

    private List<String> privileged(List<String> command) {
        if (!dropPrivileges) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private void run(List<String> command, Duration timeout) throws IOException {
        Path out = Files.createTempFile("phasegate-pg-tool", ".log");
        try {
            Process p = new ProcessBuilder(privileged(command)).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).directory(baseDir.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish within " + timeout.toSeconds() + "s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit code " + p.exitValue()
                        + "):\n" + Files.readString(out));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void chownToNobody(Path dir) throws IOException {
        try {
            Process p = new ProcessBuilder("chown", "-R", NOBODY + ":" + NOBODY, dir.toString())
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("chown of " + dir + " to nobody failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static boolean isRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return "0".equals(uid);
        } catch (IOException e) {
            return "root".equals(System.getProperty("user.name"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = Files.exists(logFile) ? Files.readAllLines(logFile) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Best effort: a leftover temp file is not worth failing a test run over.
                }
            });
        } catch (IOException ignored) {
            // Same: best effort.
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
        }
    }

    /** Options for {@link LocalPostgres}. */
    public static final class Builder {
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final List<String> hbaLines = new ArrayList<>();
        private Duration timeout = Duration.ofSeconds(60);
        private int port;

        /** A {@code postgresql.conf} setting passed on the command line. */
        public Builder setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /** Extra {@code pg_hba.conf} lines, placed before the defaults so they win. */
        public Builder hbaLine(String line) {
            hbaLines.add(line);
            return this;
        }

        /** A fixed port; by default a free one is chosen. */
        public Builder port(int fixedPort) {
            this.port = fixedPort;
            return this;
        }

        public Builder timeout(Duration startTimeout) {
            this.timeout = startTimeout;
            return this;
        }

        public LocalPostgres start() {
            PostgresBinaries binaries = PostgresBinaries.locate();
            boolean root = isRoot();
            Path base;
            try {
                base = Files.createTempDirectory("phasegate-pg-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary directory for PostgreSQL", e);
            }
            LocalPostgres pg = new LocalPostgres(binaries, base, port == 0 ? freePort() : port, root);
            pg.initAndStart(settings, hbaLines, timeout);
            return pg;
        }
    }
}
