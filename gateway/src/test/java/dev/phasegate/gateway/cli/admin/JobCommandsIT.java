package dev.phasegate.gateway.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.admin.json.AdminJson;
import dev.phasegate.config.ConfigLoader;
import dev.phasegate.config.PhasegateConfig;
import dev.phasegate.gateway.cli.CliRun;
import dev.phasegate.gateway.runtime.PhasegateRuntime;
import dev.phasegate.testing.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code phasegate backfill | verify | schema} against a whole started Phasegate
 * ({@link PhasegateRuntime}: admin API over HTTP, jobs, real PostgreSQL). The tests share one column and run in order: the
 * backfill fills it, the verification then finds it clean.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobCommandsIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(
            "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, email_lower text)",
            "INSERT INTO users SELECT i, 'User' || i || '@Example.COM', NULL FROM generate_series(1, 3000) i",
            "CREATE TABLE accounts (id bigint PRIMARY KEY, name text)");

    private static final String ID = "public.users.email_lower";
    private static final String MISSING = "public.accounts.name_lower";
    private static final String TOKEN = "jobs-cli-token";

    private static PhasegateRuntime runtime;

    @BeforeAll
    static void start() {
        PhasegateConfig config = ConfigLoader.parse("""
                listen: "127.0.0.1:0"
                upstream: {host: %s, port: %d, database: %s, user: %s, password: "%s"}
                admin: {listen: "127.0.0.1:0", token: %s}
                backfill: {batchSize: 250}
                columns:
                  - {id: %s, type: text, source: email, up: lower(email)}
                  - {id: %s, type: text, source: name, up: lower(name)}
                """.formatted(PG.host(), PG.port(), PG.database(), PG.user(), PG.password(), TOKEN, ID, MISSING),
                "jobs-cli.yaml", Map.of());
        runtime = PhasegateRuntime.builder(config).gatewayId("gw-cli").start();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    /** Runs {@code phasegate ARGS --admin … --token …}, with the job commands polling fast and not on a terminal. */
    private static CliRun run(boolean terminal, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--admin", runtime.adminUrl(), "--token", TOKEN));
        return CliRun.run(cli -> fast(cli, terminal), all.toArray(String[]::new));
    }

    private static CliRun run(String... args) {
        return run(false, args);
    }

    private static void fast(CommandLine cli, boolean terminal) {
        for (String name : List.of("backfill", "verify")) {
            JobCommand job = (JobCommand) cli.getSubcommands().get(name).getCommand();
            job.interactive = terminal;
            job.width = 120;
            job.pollEvery = Duration.ofMillis(50);
            job.plainEvery = Duration.ofMillis(200);
        }
    }

    @Test
    @Order(1)
    void schemaPrintsEveryFieldAndPasses() {
        CliRun r = run("schema", ID);

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith(ID).containsPattern("FIELD\\s+STATUS\\s+EXPECTED\\s+ACTUAL\\s+FINDING")
                .containsPattern("type\\s+ok\\s+text\\s+text")
                .contains("Passes: no problem; the schema check of the step to 'write' is met.");
    }

    @Test
    @Order(2)
    void schemaOfAColumnMissingUpstreamFailsWithTheFix() {
        CliRun r = run("schema", MISSING);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).containsPattern("column\\s+problem").contains("ADD COLUMN")
                .contains("problem: the step to 'write' is refused until it is fixed.");
    }

    @Test
    @Order(3)
    void statusBeforeAnyRunIsExplained() {
        CliRun r = run("backfill", ID, "--status");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("error: ").contains("backfill");
    }

    @Test
    @Order(4)
    void cancelWithNothingRunningIsRefused() {
        CliRun r = run("backfill", ID, "--cancel");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ");
    }

    @Test
    @Order(5)
    void backfillWatchFollowsToDoneWithProgressLines() {
        CliRun r = run("backfill", ID, "--batch-size", "200", "--max-rows-per-second", "6000", "--watch");

        assertThat(r.exit()).as(r.toString()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).startsWith("backfill " + ID + " [");
        assertThat(r.out()).doesNotContain("\r")
                .containsPattern("backfill public\\.users\\.email_lower \\[#{24}\\] 100%  3,000/3,000 rows, "
                        + "3,000 updated  done")
                .contains(ID + ": backfill run ").contains("rows        3,000 of ~3,000 walked (100%), 3,000 updated")
                .contains("key         id (primary key");
        assertThat(lines.length).as("one line per state change and per interval, not per poll").isLessThan(40);
    }

    @Test
    @Order(6)
    void backfillStatusAsJsonIsTheApiAnswer() throws Exception {
        CliRun r = run("backfill", ID, "--status", "--json");

        assertThat(r.exit()).isZero();
        JsonNode status = AdminJson.mapper().readTree(r.out());
        assertThat(status.get("state").asText()).isEqualTo("done");
        assertThat(status.get("rowsDone").asLong()).isEqualTo(3000);
    }

    @Test
    @Order(7)
    void aSecondBackfillOnATerminalRedrawsInPlaceAndUpdatesNothing() {
        CliRun r = run(true, "backfill", ID, "--restart", "--batch-size", "500", "--watch");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("\rbackfill " + ID + " [")
                .containsPattern("\r[^\r\n]+ 100%  3,000/3,000 rows, 0 updated  done *\n" + ID + ": backfill run ");
    }

    @Test
    @Order(8)
    void verifyWatchFindsNoMismatch() {
        CliRun r = run("verify", ID, "--batch-size", "400", "--watch");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("verify public\\.users\\.email_lower \\[#{24}\\] 100%  3,000/3,000 rows, "
                        + "0 mismatches  done")
                .contains("mismatches  0").contains("snapshot    version ");
    }

    @Test
    @Order(9)
    void verifyWatchExitsOneOnMismatches() throws Exception {
        PG.execute("UPDATE users SET email_lower = 'wrong' WHERE id IN (7, 2999)");
        try {
            CliRun r = run("verify", ID, "--watch");

            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).contains("2 mismatches  done").contains("mismatches  2")
                    .contains("sample      id=7  id=2999");
        } finally {
            PG.execute("UPDATE users SET email_lower = lower(email) WHERE id IN (7, 2999)");
        }
    }

    @Test
    @Order(10)
    void backfillWithoutWatchStartsAndSaysHowToFollow() throws Exception {
        CliRun r = run("backfill", ID, "--restart", "--max-rows-per-second", "500");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains(ID + ": backfill run ").contains("Follow it with: phasegate backfill " + ID
                + " --status --watch");

        CliRun cancel = run("backfill", ID, "--cancel");
        assertThat(cancel.exit()).as(cancel.toString()).isZero();
        assertThat(cancel.out()).contains("Cancel requested");

        CliRun watch = run("backfill", ID, "--status", "--watch");
        assertThat(watch.exit()).as("a cancelled run exits 1: " + watch).isEqualTo(1);
        assertThat(watch.out()).contains("cancelled");
    }

    @Test
    @Order(11)
    void watchingWithJsonPrintsJsonLines() throws Exception {
        CliRun r = run("backfill", ID, "--restart", "--watch", "--json");

        assertThat(r.exit()).as(r.toString()).isZero();
        String[] lines = r.out().strip().split("\n");
        for (String line : lines) {
            assertThat(AdminJson.mapper().readTree(line).has("state")).as(line).isTrue();
        }
        assertThat(AdminJson.mapper().readTree(lines[lines.length - 1]).get("state").asText()).isEqualTo("done");
    }
}
