package dev.phasegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.testing.PostgresExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * Results far larger than the gateway's memory stream through it: the gateway runs in its own JVM
 * with a 48 MB heap and 32 MB of direct memory, so buffering even a fraction of a 200+ MB result
 * would kill it, and its resident memory is sampled while a slow client reads.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamingIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    static final int ROWS = 220_000;
    static final int ROW_TEXT = 1000;

    @TempDir
    static Path dir;
    static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        Path config = dir.resolve("phasegate.yml");
        Files.writeString(config, """
                listen: 127.0.0.1:0
                upstream:
                  host: %s
                  port: %d
                  database: %s
                proxy:
                  shutdownGrace: 5s
                  ioThreads: 1
                """.formatted(PG.host(), PG.port(), PG.database()));
        gateway = GatewayProcess.start(config, "-Xmx48m", "-XX:MaxDirectMemorySize=32m", "-XX:+UseSerialGC");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        gateway.close();
    }

    @Test
    @Order(1)
    void aResultOfMoreThan200MegabytesStreamsToASlowClientWithFlatMemory() throws Exception {
        try (WireClient client = new WireClient(gateway.port)) {
            client.login("postgres", PG.database());
            // Warm up, then take the baseline.
            client.send(WireClient.query("SELECT repeat('x', 100) FROM generate_series(1, 10000)"));
            while (client.next().type() != 'Z') {
                // drain
            }
            long baseline = gateway.rssBytes();
            long maxRss = baseline;

            client.send(WireClient.query("SELECT repeat('x', " + ROW_TEXT + ") FROM generate_series(1, " + ROWS + ")"));
            InputStream in = client.raw();
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            long start = System.nanoTime();
            int reads = 0;
            String tail = "";
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    throw new IOException("connection closed after " + total + " bytes");
                }
                total += n;
                if (++reads % 16 == 0) {
                    maxRss = Math.max(maxRss, gateway.rssBytes());
                }
                if (total < 100L << 20) {
                    Thread.sleep(0, 500_000); // a slow reader for the first 100 MB
                }
                tail = (tail + new String(buf, Math.max(0, n - 32), Math.min(n, 32), java.nio.charset.StandardCharsets.ISO_8859_1));
                tail = tail.substring(Math.max(0, tail.length() - 64));
                if (tail.contains("SELECT " + ROWS) && tail.endsWith("Z\0\0\0\5I")) {
                    break;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("streamed %d MB in %.1f s through the gateway; RSS baseline %d MB, max %d MB%n",
                    total >> 20, seconds, baseline >> 20, maxRss >> 20);
            assertThat(total).isGreaterThan(200L << 20);
            assertThat(maxRss - baseline).as("RSS growth while streaming %d MB", total >> 20).isLessThan(64L << 20);
            assertThat(gateway.process.isAlive()).isTrue();
        }
    }

    @Test
    @Order(2)
    void copyToStdoutOfMoreThan200MegabytesStreamsThrough() throws Exception {
        AtomicLong bytes = new AtomicLong();
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                bytes.incrementAndGet();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes.addAndGet(len);
            }
        };
        long baseline = gateway.rssBytes();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + gateway.port + "/"
                + PG.database(), PG.user(), PG.password())) {
            long rows = c.unwrap(PGConnection.class).getCopyAPI().copyOut(
                    "COPY (SELECT g, repeat('y', " + ROW_TEXT + ") FROM generate_series(1, " + ROWS + ") g) TO STDOUT",
                    counting);
            assertThat(rows).isEqualTo(ROWS);
        }
        assertThat(bytes.get()).isGreaterThan(200L << 20);
        assertThat(gateway.rssBytes() - baseline).isLessThan(64L << 20);
    }

    @Test
    @Order(3)
    void sigtermStopsTheGatewayGracefully() throws Exception {
        // Process.destroy() would also close our end of its output pipe, losing what it logs while stopping.
        gateway.process.toHandle().destroy();
        assertThat(gateway.process.waitFor(15, TimeUnit.SECONDS)).isTrue();
        Eventually.assertThatEventually(() -> assertThat(gateway.output()).as("gateway output")
                .anyMatch(l -> l.contains("Shutting down: no new connections"))
                .anyMatch(l -> l.contains("Phasegate stopped")));
    }
}
