package dev.phasegate.gateway.it;

import static dev.phasegate.gateway.it.JdbcPassThroughIT.sqlState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Graceful stop: no new sessions, work in flight finishes, idle sessions go at once, the rest at the deadline. */
class ShutdownIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    @Test
    void runningStatementsFinishIdleSessionsEndAndNewOnesAreRefused() throws Exception {
        TestGateway gateway = TestGateway.start(PG);
        try (Connection idle = gateway.connect(); Connection busy = gateway.connect()) {
            CompletableFuture<Boolean> running = CompletableFuture.supplyAsync(() -> {
                try (Statement s = busy.createStatement()) {
                    return s.execute("SELECT pg_sleep(1.5)");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            long start = System.nanoTime();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(
                    () -> gateway.gateway.shutdown(Duration.ofSeconds(10)));
            Thread.sleep(300);

            assertThat(sqlState(() -> DriverManager.getConnection(gateway.jdbcUrl(), PG.user(), PG.password())))
                    .isEqualTo("08001");
            assertThat(sqlState(() -> idle.createStatement().execute("SELECT 1"))).isIn("57P01", "08003", "08006");
            assertThat(running.get(5, TimeUnit.SECONDS)).isTrue();
            stopping.get(5, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void anOpenTransactionIsEndedWhenTheGracePeriodIsOver() throws Exception {
        TestGateway gateway = TestGateway.start(PG);
        try (Connection lingering = gateway.connect()) {
            lingering.setAutoCommit(false);
            try (Statement s = lingering.createStatement()) {
                s.execute("SELECT 1");
            }
            long start = System.nanoTime();
            gateway.gateway.shutdown(Duration.ofMillis(800));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isBetween(Duration.ofMillis(700), Duration.ofSeconds(4));
            assertThat(sqlState(() -> lingering.createStatement().execute("SELECT 1")))
                    .isIn("57P01", "08003", "08006");
            assertThat(gateway.gateway.sessions().size()).isZero();
        }
    }
}
