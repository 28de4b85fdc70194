package dev.phasegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.phasegate.gateway.it.Eventually.assertThatEventually;

import dev.phasegate.gateway.hook.QueryHook;
import dev.phasegate.gateway.session.Session;
import dev.phasegate.testing.PostgresExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Broken clients get 08P01 and lose their own session only; a session opened before keeps working,
 * and the gateway logs one line naming the client's address.
 */
class MalformedFramesIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    static TestGateway gateway;
    Connection bystander;
    LogCapture log;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(PG, QueryHook.PASS_THROUGH, "proxy:\n  maxFrameBytes: 64KiB\n");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @BeforeEach
    void openBystander() throws Exception {
        bystander = gateway.connect();
        bystander.setAutoCommit(false);
        try (Statement s = bystander.createStatement()) {
            s.execute("CREATE TEMP TABLE marks (n int)");
            s.execute("INSERT INTO marks VALUES (1)");
        }
        log = new LogCapture(Session.class);
    }

    @AfterEach
    void bystanderIsUnaffected() throws Exception {
        try (Statement s = bystander.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM marks")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        bystander.commit();
        bystander.close();
        log.close();
    }

    private List<String> errorsAfterSending(byte[]... chunks) throws Exception {
        try (WireClient client = new WireClient(gateway.port())) {
            for (byte[] chunk : chunks) {
                client.send(chunk);
            }
            return client.errorsUntilClosed();
        }
    }

    private void loggedOnceWithClientAddress(String what) {
        assertThatEventually(() -> assertThat(log.messages())
                .filteredOn(m -> m.contains("broke the protocol") && m.contains(what))
                .singleElement().asString().matches("WARN Client /127\\.0\\.0\\.1:\\d+ broke the protocol: .*"));
    }

    @Test
    void garbageBeforeStartup() throws Exception {
        assertThat(errorsAfterSending("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))
                .containsExactly("FATAL 08P01 invalid length of startup packet: 1195725856");
        loggedOnceWithClientAddress("invalid length of startup packet");
    }

    @Test
    void startupPacketWithBrokenLayout() throws Exception {
        byte[] params = "user\0postgres\0database".getBytes(StandardCharsets.US_ASCII);
        byte[] packet = ByteBuffer.allocate(8 + params.length).putInt(8 + params.length).putInt(196608).put(params)
                .array();
        assertThat(errorsAfterSending(packet)).singleElement().asString()
                .startsWith("FATAL 08P01 invalid startup packet layout");
        loggedOnceWithClientAddress("invalid startup packet layout");
    }

    @Test
    void truncatedStartupPacketThenHangUp() throws Exception {
        byte[] startup = WireClient.startup("postgres", PG.database());
        try (WireClient client = new WireClient(gateway.port())) {
            client.send(java.util.Arrays.copyOf(startup, 12));
            client.socket.shutdownOutput();
            assertThat(client.errorsUntilClosed()).isEmpty();
        }
        assertThatEventually(() -> assertThat(log.messages())
                .anyMatch(m -> m.matches("INFO Client /127\\.0\\.0\\.1:\\d+ sent an incomplete startup packet; .*")));
    }

    @Test
    void unknownMessageTypeAfterLogin() throws Exception {
        try (WireClient client = new WireClient(gateway.port())) {
            client.login("postgres", PG.database());
            client.send(WireClient.frame('!', new byte[] {1, 2, 3}));
            assertThat(client.errorsUntilClosed()).containsExactly("FATAL 08P01 invalid frontend message type '!' (0x21)");
        }
        loggedOnceWithClientAddress("invalid frontend message type");
    }

    @Test
    void badLengthAfterLogin() throws Exception {
        try (WireClient client = new WireClient(gateway.port())) {
            client.login("postgres", PG.database());
            client.send(new byte[] {'Q', 0, 0, 0, 2});
            assertThat(client.errorsUntilClosed()).containsExactly("FATAL 08P01 invalid message length 2 for Query");
        }
        loggedOnceWithClientAddress("invalid message length");
    }

    @Test
    void aBodyTheGatewayDoesNotDecodeIsLeftToTheServerToRefuse() throws Exception {
        // Pass-through does not decode Query text; PostgreSQL itself refuses an unterminated string (08P01).
        try (WireClient client = new WireClient(gateway.port())) {
            client.login("postgres", PG.database());
            client.send(WireClient.frame('Q', "SELECT 1".getBytes(StandardCharsets.US_ASCII)));
            WireClient.Message m = client.next();
            assertThat(m.type()).isEqualTo('E');
            assertThat(m.errorSummary()).contains("08P01");
        }
    }

    @Test
    void frameOverTheConfiguredLimit() throws Exception {
        try (WireClient client = new WireClient(gateway.port())) {
            client.login("postgres", PG.database());
            client.send(WireClient.query("SELECT '" + "x".repeat(100_000) + "'"));
            assertThat(client.errorsUntilClosed()).containsExactly("FATAL 08P01 Query message of 100014 bytes exceeds "
                    + "the gateway's limit of 65536 bytes (proxy.maxFrameBytes)");
        }
        loggedOnceWithClientAddress("exceeds the gateway's limit");
    }

    @Test
    void bytesPipelinedBehindAnSslRequest() throws Exception {
        byte[] ssl = ByteBuffer.allocate(8).putInt(8).putInt(80877103).array();
        byte[] startup = WireClient.startup("postgres", PG.database());
        byte[] both = ByteBuffer.allocate(ssl.length + startup.length).put(ssl).put(startup).array();
        assertThat(errorsAfterSending(both)).containsExactly("FATAL 08P01 received unencrypted data after SSL request");
    }
}
