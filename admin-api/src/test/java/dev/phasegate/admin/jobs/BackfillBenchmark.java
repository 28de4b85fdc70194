package dev.phasegate.admin.jobs;

import com.sun.management.OperatingSystemMXBean;
import com.zaxxer.hikari.HikariDataSource;
import dev.phasegate.config.BackfillConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.testing.PostgresExtension;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Backfill throughput on a 1,000,000-row table at batch sizes 1,000 and 10,000: not a timed
 * test, a measurement. Its name matches neither the surefire nor the failsafe patterns, so the
 * default build skips it; run it with
 *
 * <pre>
 * ./mvnw -o -pl admin-api -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=BackfillBenchmark -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 *
 * It prints a Markdown table (and writes it to {@code admin-api/target/backfill-benchmark.md}).
 */
@Tag("benchmark")
class BackfillBenchmark {

    private static final int ROWS = 1_000_000;
    private static final int RUNS = 2;

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private record Result(int batchSize, String pass, int run, long rows, long updated, double seconds) {
        double rate() {
            return rows / seconds;
        }
    }

    @Test
    void backfillRowsPerSecond() throws Exception {
        List<Result> results = new ArrayList<>();
        for (int batchSize : new int[] {1000, 10_000}) {
            for (int run = 1; run <= RUNS; run++) {
                freshTable();
                BackfillConfig config = JobTesting.config(batchSize);
                try (HikariDataSource pool = JobTesting.pool(PG, config)) {
                    JobTesting.Columns columns = new JobTesting.Columns();
                    columns.put("public.bench.email_lower", "text", "email", "lower(email)", null);
                    JobService jobs = new JobService(pool, config, columns, JobTesting.settings("bench"),
                            LoadProbe.postgres());
                    try {
                        results.add(measure(jobs, batchSize, "fill (every row updated)", run));
                        results.add(measure(jobs, batchSize, "re-run (nothing to update)", run));
                    } finally {
                        jobs.close();
                    }
                }
            }
        }
        String report = report(results);
        System.out.println(report);
        Files.writeString(Path.of("target", "backfill-benchmark.md"), report);
    }

    private static Result measure(JobService jobs, int batchSize, String pass, int run) throws Exception {
        ColumnId id = ColumnId.parse("public.bench.email_lower");
        jobs.startBackfill(id, new BackfillRequest(batchSize, 0, null, null, null, true));
        BackfillStatus done = JobTesting.awaitFinal(jobs, id, Duration.ofMinutes(10));
        if (done.state() != JobState.DONE) {
            throw new IllegalStateException("benchmark run did not finish: " + done);
        }
        double seconds = Duration.between(Instant.parse(done.startedAt()), Instant.parse(done.finishedAt()))
                .toNanos() / 1e9;
        return new Result(batchSize, pass, run, done.rowsDone(), done.rowsUpdated(), seconds);
    }

    private static void freshTable() {
        PG.execute("DROP TABLE IF EXISTS bench",
                "CREATE TABLE bench (id bigint PRIMARY KEY, email text NOT NULL, email_lower text)",
                "INSERT INTO bench SELECT g, 'User' || g || '@Example.COM', NULL FROM generate_series(1, " + ROWS
                        + ") g",
                "VACUUM ANALYZE bench",
                "CHECKPOINT");
    }

    private static String report(List<Result> results) throws Exception {
        StringBuilder b = new StringBuilder();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String version;
        try (Connection c = PG.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            version = rs.getString(1);
        }
        b.append(String.format(Locale.ROOT, "Machine: %d cores, %.0f GB memory; %s; Java %s%n%n",
                Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize() / 1e9, version,
                System.getProperty("java.version")));
        b.append("| batch size | pass | run | rows walked | rows updated | seconds | rows/s |\n");
        b.append("|---:|---|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            b.append(String.format(Locale.ROOT, "| %,d | %s | %d | %,d | %,d | %.2f | %,.0f |%n", r.batchSize(),
                    r.pass(), r.run(), r.rows(), r.updated(), r.seconds(), r.rate()));
        }
        return b.toString();
    }
}
