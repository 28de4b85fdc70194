package dev.phasegate.gateway.cli.demo;

import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A second copy of the application, running the same four statements in a loop on its own
 * connection for the whole walkthrough: the traffic a real gateway sees while an operator flips
 * phases. Counts what it ran and every failure, by message.
 */
final class BackgroundLoad implements AutoCloseable {

    private final DemoApplication app;
    private final int rows;
    private final Thread thread;
    private final AtomicLong rounds = new AtomicLong();
    private final Map<String, Integer> failures = new TreeMap<>();
    private volatile boolean running = true;

    BackgroundLoad(DemoApplication app, int rows) {
        this.app = app;
        this.rows = rows;
        this.thread = new Thread(this::loop, "walkthrough-background-application");
        this.thread.setDaemon(true);
    }

    BackgroundLoad start() {
        thread.start();
        return this;
    }

    private void loop() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int n = 0;
        while (running) {
            n++;
            long id = 1 + random.nextInt(rows);
            try {
                app.insert(DemoEnvironment.sampleEmail(random.nextInt(10_000)));
                app.update(id, DemoEnvironment.sampleEmail(random.nextInt(10_000)));
                app.selectOne(id);
                app.latest();
                rounds.incrementAndGet();
            } catch (SQLException e) {
                synchronized (failures) {
                    failures.merge("[" + e.getSQLState() + "] " + e.getMessage(), 1, Integer::sum);
                }
            }
            try {
                Thread.sleep(n % 5 == 0 ? 40 : 10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    long statements() {
        return app.executed();
    }

    long retried() {
        return app.retried();
    }

    Map<String, Integer> failures() {
        synchronized (failures) {
            return new TreeMap<>(failures);
        }
    }

    @Override
    public void close() throws SQLException {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        app.close();
    }
}
