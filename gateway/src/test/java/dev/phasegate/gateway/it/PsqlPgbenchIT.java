package dev.phasegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.phasegate.testing.PostgresExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL command-line tools through the gateway: same output as direct, pgbench without failures. */
class PsqlPgbenchIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(
            "CREATE TABLE notes (id int PRIMARY KEY, body text)",
            "INSERT INTO notes VALUES (1, 'first'), (2, 'tab\tand newline\nand quote '''), (3, NULL)");

    static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(PG);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static Path tool(String name) {
        Path path = PG.server().local().map(l -> l.tool(name)).filter(Files::isExecutable)
                .orElseGet(() -> Path.of("/usr/bin", name));
        assumeTrue(Files.isExecutable(path), name + " is not installed here: skipping this check");
        return path;
    }

    record Result(int exit, String output) {
    }

    static Result run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command.get(0)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private Result psql(int port, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(tool("psql").toString(), "-X", "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-U", PG.user(), "-d", PG.database()));
        command.addAll(List.of(args));
        return run(command);
    }

    @Test
    void psqlPrintsTheSameAsDirect() throws Exception {
        String[] script = {"-c", "SELECT * FROM notes ORDER BY id", "-c", "\\d notes", "-c",
                "SELECT 1 AS a, 'x' AS b \\gx", "-c", "COPY notes TO STDOUT WITH (FORMAT csv)"};
        Result direct = psql(PG.port(), script);
        Result through = psql(gateway.port(), script);
        assertThat(direct.exit()).as(direct.output()).isZero();
        assertThat(through.exit()).isZero();
        assertThat(through.output()).isEqualTo(direct.output()).contains("tab");
    }

    @Test
    void psqlReportsErrorsAndStopsOnThemLikeDirect() throws Exception {
        Result through = psql(gateway.port(), "-v", "ON_ERROR_STOP=1", "-c", "SELECT 1/0", "-c", "SELECT 'not reached'");
        assertThat(through.exit()).isEqualTo(1);
        assertThat(through.output()).contains("ERROR:  division by zero").doesNotContain("not reached");
    }

    @Test
    void psqlCopiesFromStdinThroughTheGateway(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path csv = dir.resolve("in.csv");
        StringBuilder rows = new StringBuilder();
        for (int i = 100; i < 5100; i++) {
            rows.append(i).append(",row ").append(i).append('\n');
        }
        Files.writeString(csv, rows);
        Result copy = psql(gateway.port(), "-c", "\\copy notes FROM '" + csv + "' WITH (FORMAT csv)");
        assertThat(copy.exit()).as(copy.output()).isZero();
        assertThat(copy.output()).contains("COPY 5000");
    }

    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");
    private static final Pattern TPS = Pattern.compile("tps = ([\\d.]+)");

    @ParameterizedTest
    @ValueSource(strings = {"simple", "extended", "prepared"})
    void pgbenchRunsWithoutFailures(String mode) throws Exception {
        initPgbench();
        Result bench = run(List.of(tool("pgbench").toString(), "-h", "127.0.0.1", "-p", Integer.toString(gateway.port()),
                "-U", PG.user(), "-M", mode, "-c", "4", "-j", "2", "-t", "300", PG.database()));
        assertThat(bench.exit()).as(bench.output()).isZero();
        Matcher failed = FAILED.matcher(bench.output());
        assertThat(failed.find()).as(bench.output()).isTrue();
        assertThat(failed.group(1)).isEqualTo("0");
        Matcher tps = TPS.matcher(bench.output());
        assertThat(tps.find()).isTrue();
        System.out.printf("pgbench -M %s through the gateway: %s tps%n", mode, tps.group(1));
    }

    private static boolean initialized;

    private static synchronized void initPgbench() throws Exception {
        if (!initialized) {
            Result init = run(List.of(tool("pgbench").toString(), "-i", "-q", "-s", "1", "-h", "127.0.0.1", "-p",
                    Integer.toString(gateway.port()), "-U", PG.user(), PG.database()));
            assertThat(init.exit()).as(init.output()).isZero();
            initialized = true;
        }
    }
}
