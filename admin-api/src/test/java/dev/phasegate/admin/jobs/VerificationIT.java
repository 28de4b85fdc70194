package dev.phasegate.admin.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.phasegate.config.BackfillConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.testing.PostgresExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VerificationIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(
            "CREATE TABLE users (id int PRIMARY KEY, email text, email_lower text)",
            "INSERT INTO users SELECT g, 'U' || g || '@X.ORG', lower('U' || g || '@X.ORG') FROM generate_series(1, 20000) g",
            "CREATE TABLE pairs (a int, b int, v text, v2 text, PRIMARY KEY (a, b))",
            "INSERT INTO pairs SELECT a, b, a || ':' || b, a || ':' || b FROM generate_series(1, 30) a, generate_series(1, 30) b",
            "CREATE TABLE notes (id int PRIMARY KEY, note text)",
            "INSERT INTO notes SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE 'n' END FROM generate_series(1, 1000) g");

    private static final BackfillConfig CONFIG = new BackfillConfig(1000, 0, Duration.ofSeconds(2),
            Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(5), 4, 5);
    private static final JobTesting.Columns COLUMNS = new JobTesting.Columns();
    private static HikariDataSource pool;
    private static JobService jobs;

    @BeforeAll
    static void start() {
        pool = JobTesting.pool(PG, CONFIG);
        jobs = new JobService(pool, CONFIG, COLUMNS, JobTesting.settings("gw-v"), LoadProbe.postgres());
        COLUMNS.put("public.users.email_lower", "text", "email", "lower(email)", null);
        COLUMNS.put("public.pairs.v2", "text", "v", null, null);
        COLUMNS.put("public.notes.note", "text", null, null, null);
    }

    @AfterAll
    static void stop() {
        jobs.close();
        pool.close();
    }

    @Test
    void findsPlantedMismatchesAndSamplesTheirKeys() {
        PG.execute("UPDATE users SET email_lower = 'wrong' WHERE id IN (7, 1500, 1501, 9000, 12000, 19999, 20000)",
                "UPDATE users SET email_lower = NULL WHERE id = 3");
        ColumnId id = ColumnId.parse("public.users.email_lower");

        VerificationStatus result = jobs.startVerification(id, new VerifyRequest(null, 42L, null, true));

        assertThat(result.state()).isEqualTo(JobState.DONE);
        assertThat(result.mode()).isEqualTo("up");
        assertThat(result.informational()).isFalse();
        assertThat(result.snapshotVersion()).isEqualTo(42L);
        assertThat(result.rowsChecked()).isEqualTo(20_000);
        assertThat(result.mismatches()).isEqualTo(8);
        assertThat(result.sampleKeys()).as("the first mismatchSample (5) keys in key order")
                .containsExactly(Map.of("id", "3"), Map.of("id", "7"), Map.of("id", "1500"), Map.of("id", "1501"),
                        Map.of("id", "9000"));
        assertThat(result.finishedAt()).isNotNull();
        assertThat(result.message()).isEqualTo("verification of public.users.email_lower done: 20,000 rows "
                + "checked, 8 mismatching rows");
        assertThat(jobs.verificationStatus(id)).isEqualTo(result);

        PG.execute("UPDATE users SET email_lower = lower(email)");
        VerificationStatus clean = jobs.startVerification(id, new VerifyRequest(3000, 43L, null, true));
        assertThat(clean.mismatches()).isZero();
        assertThat(clean.sampleKeys()).isEmpty();
        assertThat(clean.rowsChecked()).isEqualTo(20_000);
    }

    @Test
    void comparesWithTheDefaultUpOnACompositeKey() {
        PG.execute("UPDATE pairs SET v2 = 'x' WHERE (a, b) IN ((2, 30), (3, 1))");
        VerificationStatus result = jobs.startVerification(ColumnId.parse("public.pairs.v2"),
                new VerifyRequest(100, null, null, true));

        assertThat(result.rowsChecked()).isEqualTo(900);
        assertThat(result.mismatches()).isEqualTo(2);
        assertThat(result.sampleKeys()).containsExactly(Map.of("a", "2", "b", "30"), Map.of("a", "3", "b", "1"));
    }

    @Test
    void aPureAdditionWithoutUpCountsNullsAsInformation() {
        VerificationStatus result = jobs.startVerification(ColumnId.parse("public.notes.note"),
                new VerifyRequest(null, null, null, true));

        assertThat(result.mode()).isEqualTo("null");
        assertThat(result.informational()).isTrue();
        assertThat(result.mismatches()).isEqualTo(100);
        assertThat(result.message()).contains("100 rows have NULL in note (informational");
    }

    @Test
    void startsInTheBackgroundWithProgressAndSerialisesToJson() throws Exception {
        ColumnId id = ColumnId.parse("public.users.email_lower");
        VerificationStatus started = jobs.startVerification(id, new VerifyRequest(500, null, null, null));
        assertThat(started.state()).isIn(JobState.RUNNING, JobState.DONE);
        VerificationStatus done = JobTesting.await(() -> jobs.verificationStatus(id), s -> s.state().isFinal(),
                Duration.ofSeconds(60));
        assertThat(done.runId()).isEqualTo(started.runId());
        assertThat(done.rowsChecked()).isEqualTo(20_000);

        ObjectMapper mapper = new ObjectMapper();
        JsonNode json = mapper.readTree(mapper.writeValueAsString(done));
        assertThat(json.get("state").asText()).isEqualTo("done");
        assertThat(json.get("sampleKeys").isArray()).isTrue();
    }

    @Test
    void aSecondVerificationOfTheColumnIsRefusedWhileOneRuns() {
        ColumnId id = ColumnId.parse("public.users.email_lower");
        PG.execute("INSERT INTO phasegate.job_lease (column_id, kind, owner, expires_at) "
                + "VALUES ('public.users.email_lower', 'verify', 'gw-other/1', now() + interval '1 hour')");
        try {
            assertThatThrownBy(() -> jobs.startVerification(id, VerifyRequest.defaults()))
                    .isInstanceOfSatisfying(JobException.class, e -> assertThat(e.status()).isEqualTo(409))
                    .hasMessageContaining("a verification of public.users.email_lower is already running by gw-other/1");
        } finally {
            PG.execute("DELETE FROM phasegate.job_lease WHERE owner = 'gw-other/1'");
        }
    }

    @Test
    void noVerificationYetIsNotFound() {
        COLUMNS.put("public.users.email", "text", null, null, null);
        assertThatThrownBy(() -> jobs.verificationStatus(ColumnId.parse("public.users.email")))
                .isInstanceOfSatisfying(JobException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessageContaining("no verification of public.users.email has run");
    }
}
