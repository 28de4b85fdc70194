package dev.phasegate.admin.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.phasegate.config.BackfillConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.testing.PostgresExtension;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Shared set-up for the job integration tests. */
final class JobTesting {

    private JobTesting() {
    }

    static BackfillConfig config(int batchSize) {
        return new BackfillConfig(batchSize, 0, Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(10),
                Duration.ofSeconds(5), 4, 20);
    }

    static JobSettings settings(String gateway) {
        return new JobSettings(gateway, Duration.ofSeconds(5), Duration.ofMillis(100));
    }

    static HikariDataSource pool(PostgresExtension pg, BackfillConfig config) {
        HikariDataSource pool = JobService.createPool(pg.jdbcUrl(), pg.user(), pg.password(), config);
        new dev.phasegate.admin.store.SchemaMigrator(pool).migrate();
        return pool;
    }

    /** A mutable set of managed columns standing in for the phase snapshot. */
    static final class Columns implements Function<ColumnId, Optional<ManagedColumn>> {
        private final Map<ColumnId, ManagedColumn> columns = new ConcurrentHashMap<>();

        ManagedColumn put(String id, String type, String source, String up, String down) {
            ManagedColumn column = new ManagedColumn(ColumnId.parse(id), type, source, up, down, null, Phase.WRITE, 1);
            columns.put(column.id(), column);
            return column;
        }

        @Override
        public Optional<ManagedColumn> apply(ColumnId id) {
            return Optional.ofNullable(columns.get(id));
        }
    }

    /** Polls {@code status} until {@code done} holds, failing after {@code timeout}. */
    static <T> T await(Supplier<T> status, Predicate<T> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = status.get();
        while (!done.test(last)) {
            assertThat(System.nanoTime()).as("still waiting after %s; last status: %s", timeout, last)
                    .isLessThan(deadline);
            Thread.sleep(20);
            last = status.get();
        }
        return last;
    }

    static BackfillStatus awaitFinal(JobService jobs, ColumnId id, Duration timeout) throws InterruptedException {
        return await(() -> jobs.backfillStatus(id, null), s -> s.state().isFinal(), timeout);
    }
}
