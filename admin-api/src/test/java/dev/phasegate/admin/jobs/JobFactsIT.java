package dev.phasegate.admin.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.phasegate.config.BackfillConfig;
import dev.phasegate.config.GuardRailConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.guard.GuardRailFacts;
import dev.phasegate.config.guard.GuardRailResult;
import dev.phasegate.config.guard.GuardRails;
import dev.phasegate.testing.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The jobs' facts, composed with the control plane's and judged by the real guard rails. */
class JobFactsIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(
            "CREATE TABLE users (id int PRIMARY KEY, email text, email_lower text)",
            "INSERT INTO users SELECT g, 'U' || g, NULL FROM generate_series(1, 2000) g",
            "CREATE TABLE early (id int PRIMARY KEY, email text, email_lower text)",
            "INSERT INTO early SELECT g, 'U' || g, NULL FROM generate_series(1, 200) g",
            "CREATE TABLE changed (id int PRIMARY KEY, email text, email_lower text)",
            "INSERT INTO changed SELECT g, 'U' || g, NULL FROM generate_series(1, 200) g",
            "CREATE TABLE prices (id int PRIMARY KEY, price_text text, price numeric)",
            "INSERT INTO prices SELECT g, NULL, g FROM generate_series(1, 500) g");

    private static final BackfillConfig CONFIG = JobTesting.config(500);
    private static final GuardRailConfig RAILS = new GuardRailConfig(Duration.ofMinutes(10), 1000,
            Duration.ofMinutes(10));
    private static final JobTesting.Columns COLUMNS = new JobTesting.Columns();
    private static HikariDataSource pool;
    private static JobService jobs;

    @BeforeAll
    static void start() {
        pool = JobTesting.pool(PG, CONFIG);
        jobs = new JobService(pool, CONFIG, COLUMNS, JobTesting.settings("gw-f"), LoadProbe.postgres());
    }

    @AfterAll
    static void stop() {
        jobs.close();
        pool.close();
    }

    private static GuardRailResult rail(ManagedColumn column, Phase target, GuardRailFacts facts, String rule) {
        return GuardRails.evaluate(column, target, facts, RAILS).stream().filter(r -> r.rule().equals(rule))
                .findFirst().orElseThrow();
    }

    @Test
    void schemaBackfillAndVerificationFactsDriveTheForwardGuardRails() throws Exception {
        ManagedColumn hidden = COLUMNS.put("public.users.email_lower", "text", "email", "lower(email)", null)
                .withPhase(Phase.HIDDEN);
        ColumnId id = hidden.id();
        Instant enteredWrite = Instant.now();
        GuardRailFacts base = GuardRailFacts.none(Instant.now()).withEnteredWriteAt(enteredWrite);

        GuardRailFacts before = jobs.guardRailFacts(id).apply(base);
        assertThat(before.schema()).get().satisfies(s -> assertThat(s.passes()).isTrue());
        assertThat(before.backfillCompletedAt()).isEmpty();
        assertThat(before.enteredWriteAt()).contains(enteredWrite);
        assertThat(rail(hidden, Phase.WRITE, before, GuardRails.SCHEMA).status()).isEqualTo(GuardRailResult.Status.MET);
        ManagedColumn write = hidden.withPhase(Phase.WRITE);
        assertThat(rail(write, Phase.SHADOW, before, GuardRails.BACKFILL).message())
                .startsWith("no completed backfill of public.users.email_lower");

        jobs.startBackfill(id, BackfillRequest.defaults());
        BackfillStatus done = JobTesting.awaitFinal(jobs, id, Duration.ofSeconds(60));
        GuardRailFacts afterBackfill = jobs.guardRailFacts(id).apply(base);
        assertThat(afterBackfill.backfillCompletedAt()).contains(Instant.parse(done.finishedAt()));
        assertThat(rail(write, Phase.SHADOW, afterBackfill, GuardRails.BACKFILL).status())
                .isEqualTo(GuardRailResult.Status.MET);

        ManagedColumn shadow = write.withPhase(Phase.SHADOW);
        PG.execute("UPDATE users SET email_lower = 'bad' WHERE id = 10");
        jobs.startVerification(id, new VerifyRequest(null, 7L, null, true));
        GuardRailFacts mismatching = jobs.guardRailFacts(id).apply(base);
        assertThat(mismatching.verification()).get().satisfies(v -> {
            assertThat(v.mismatches()).isEqualTo(1);
            assertThat(v.rowsChecked()).isEqualTo(2000);
        });
        assertThat(rail(shadow, Phase.READ, mismatching, GuardRails.VERIFICATION).message())
                .contains("found 1 of 2000 rows where email_lower differs from up(email)");

        PG.execute("UPDATE users SET email_lower = lower(email) WHERE id = 10");
        jobs.startVerification(id, new VerifyRequest(null, 8L, null, true));
        assertThat(rail(shadow, Phase.READ, jobs.guardRailFacts(id).apply(base), GuardRails.VERIFICATION).status())
                .isEqualTo(GuardRailResult.Status.MET);
    }

    @Test
    void aBackfillThatStartedBeforeEnteringWriteDoesNotCount() throws Exception {
        ManagedColumn column = COLUMNS.put("public.early.email_lower", "text", "email", "lower(email)", null);
        jobs.startBackfill(column.id(), new BackfillRequest(null, null, null, null, null, true));
        BackfillStatus done = JobTesting.awaitFinal(jobs, column.id(), Duration.ofSeconds(60));
        Instant started = Instant.parse(done.startedAt());
        Instant enteredWriteMeanwhile = started.plusNanos(1000);

        GuardRailFacts facts = jobs.guardRailFacts(column.id())
                .apply(GuardRailFacts.none(Instant.now()).withEnteredWriteAt(enteredWriteMeanwhile));

        assertThat(facts.backfillCompletedAt()).contains(started);
        assertThat(rail(column, Phase.SHADOW, facts, GuardRails.BACKFILL).message())
                .startsWith("the last backfill finished at " + started + ", before public.early.email_lower entered "
                        + "write").endsWith("run the backfill again");
    }

    @Test
    void aBackfillWithAnotherUpExpressionDoesNotCount() throws Exception {
        COLUMNS.put("public.changed.email_lower", "text", "email", "lower(email)", null);
        jobs.startBackfill(ColumnId.parse("public.changed.email_lower"), BackfillRequest.defaults());
        JobTesting.awaitFinal(jobs, ColumnId.parse("public.changed.email_lower"), Duration.ofSeconds(60));

        ManagedColumn changed = COLUMNS.put("public.changed.email_lower", "text", "email", "upper(email)", null);
        GuardRailFacts facts = jobs.guardRailFacts(changed).apply(GuardRailFacts.none(Instant.now()));
        assertThat(facts.backfillCompletedAt()).isEmpty();
        COLUMNS.put("public.changed.email_lower", "text", "email", "lower(email)", null);
    }

    @Test
    void theReverseBackfillFactAllowsLeavingContract() throws Exception {
        ManagedColumn contract = COLUMNS.put("public.prices.price", "numeric", "price_text", null, "price::text")
                .withPhase(Phase.READ).withPhase(Phase.CONTRACT);
        Instant enteredContract = Instant.now().minusSeconds(5);
        GuardRailFacts base = GuardRailFacts.none(Instant.now()).withEnteredPhaseAt(enteredContract);
        assertThat(rail(contract, Phase.READ, jobs.guardRailFacts(contract).apply(base), GuardRails.REVERSE_BACKFILL)
                .status()).isEqualTo(GuardRailResult.Status.UNMET);

        jobs.startBackfill(contract.id(), BackfillRequest.reverseDefaults());
        JobTesting.await(() -> jobs.backfillStatus(contract.id(), true), s -> s.state().isFinal(),
                Duration.ofSeconds(60));

        GuardRailFacts facts = jobs.guardRailFacts(contract).apply(base);
        assertThat(facts.reverseBackfillCompletedAt()).isPresent();
        assertThat(rail(contract, Phase.READ, facts, GuardRails.REVERSE_BACKFILL).status())
                .isEqualTo(GuardRailResult.Status.MET);
    }

    @Test
    void aMissingColumnFailsTheWriteRailWithTheSchemaText() {
        ManagedColumn missing = COLUMNS.put("public.users.email_norm", "text", "email", "lower(email)", null)
                .withPhase(Phase.HIDDEN);
        GuardRailFacts facts = jobs.guardRailFacts(missing).apply(GuardRailFacts.none(Instant.now()));
        GuardRailResult schema = rail(missing, Phase.WRITE, facts, GuardRails.SCHEMA);
        assertThat(schema.status()).isEqualTo(GuardRailResult.Status.UNMET);
        assertThat(schema.message()).isEqualTo("public.users.email_norm does not exist upstream; add it first "
                + "(ALTER TABLE public.users ADD COLUMN email_norm text)");
        assertThat(facts.schema().get().problems()).hasSize(1);
        assertThat(List.copyOf(facts.schema().get().problems()).get(0)).contains("does not exist in public.users");
    }
}
