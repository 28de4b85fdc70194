package dev.phasegate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The packaged {@code phasegate.jar}, run as a user runs it: {@code java -jar gateway/target/phasegate.jar …}. */
class JarIT {

    private static final Path JAR = Path.of("target", "phasegate.jar");

    private static Process start(String... args) throws IOException {
        assertThat(JAR).as("the shaded jar is built at package, before failsafe runs").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(false).start();
    }

    @Test
    void helpListsTheCommands() throws Exception {
        Process p = start("--help");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).isZero();
        assertThat(out).startsWith("Usage: phasegate").contains("Commands:")
                .contains("serve", "demo", "rewrite", "columns", "phase", "rollback", "backfill", "verify", "schema",
                        "audit");
    }

    @Test
    void aUsageErrorExitsTwoWithoutAStackTrace() throws Exception {
        Process p = start("phase", "public.users.email_lower");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err).contains("Missing required").doesNotContain("\tat ");
    }

    /**
     * Whether this JVM ignores SIGINT, and so the demo it starts: a shell without job control starts
     * background jobs so (a CI script run with {@code &}), and the JVM leaves an ignored SIGINT
     * ignored. The demo then stops on SIGTERM, through the same shutdown hook.
     */
    private static boolean sigintIgnored() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }

    @Test
    void theDemoServesUntilCtrlCAndThenStopsEverything() throws Exception {
        Process p = start("demo", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0", "--rows", "50");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("Press Ctrl-C")) {
                seen.append(line).append('\n');
            }
            assertThat(line).as(seen.toString()).isNotNull();
            String text = seen.toString();
            Matcher admin = Pattern.compile("Admin API\\s+(http://\\S+)\\s+token (\\S+)").matcher(text);
            Matcher jdbc = Pattern.compile("JDBC\\s+(jdbc:postgresql://\\S+)").matcher(text);
            Matcher pg = Pattern.compile("on port (\\d+)").matcher(text);
            assertThat(admin.find() && jdbc.find() && pg.find()).as(text).isTrue();
            assertThat(text).contains("psql \"postgresql://demo:demo@127.0.0.1:")
                    .contains("export PHASEGATE_ADMIN_TOKEN=" + admin.group(2))
                    .contains("phasegate phase public.users.email_normalized write --reason");

            CliRun columns = CliRun.run("columns", "--admin", admin.group(1), "--token", admin.group(2));
            assertThat(columns.exit()).as(columns.toString()).isZero();
            assertThat(columns.out()).containsPattern("public\\.users\\.email_normalized\\s+hidden");

            try (Connection c = DriverManager.getConnection(jdbc.group(1)); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT * FROM users WHERE id = 1")) {
                assertThat(rs.getMetaData().getColumnCount()).as("email_normalized is hidden from *").isEqualTo(2);
            }

            String signal = sigintIgnored() ? "-TERM" : "-INT";
            new ProcessBuilder("kill", signal, Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the demo stops on Ctrl-C (kill " + signal + ")").isTrue();
            String rest = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(rest).contains("Stopping Phasegate and the embedded PostgreSQL").contains("Stopped.");
            int port = Integer.parseInt(pg.group(1));
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
                    + "/postgres?user=postgres&connectTimeout=2").close())
                    .as("the embedded PostgreSQL is gone").isInstanceOf(SQLException.class);
        } finally {
            p.destroyForcibly();
        }
    }
}
