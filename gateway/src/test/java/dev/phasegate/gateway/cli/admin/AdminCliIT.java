package dev.phasegate.gateway.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.config.ConfigLoader;
import dev.phasegate.config.PhasegateConfig;
import dev.phasegate.gateway.cli.CliRun;
import dev.phasegate.gateway.runtime.PhasegateRuntime;
import dev.phasegate.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
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

/**
 * {@code phasegate columns | phase | rollback | audit} through the top-level command against a whole
 * started Phasegate, with an application statement going through the gateway in between. In order:
 * the column moves to write, a statement is audited, a refused step is explained, the step is rolled back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminCliIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(
            "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, email_lower text)",
            "INSERT INTO users SELECT i, 'User' || i || '@Example.COM', NULL FROM generate_series(1, 20) i");

    private static final String ID = "public.users.email_lower";
    private static final String TOKEN = "admin-cli-token";

    private static PhasegateRuntime runtime;

    @BeforeAll
    static void start() {
        PhasegateConfig config = ConfigLoader.parse("""
                listen: "127.0.0.1:0"
                upstream: {host: %s, port: %d, database: %s, user: %s, password: "%s"}
                admin: {listen: "127.0.0.1:0", token: %s}
                columns:
                  - {id: %s, type: text, source: email, up: lower(email)}
                """.formatted(PG.host(), PG.port(), PG.database(), PG.user(), PG.password(), TOKEN, ID),
                "admin-cli.yaml", Map.of());
        runtime = PhasegateRuntime.builder(config).gatewayId("gw-admin-cli").shutdownGrace(Duration.ofSeconds(1))
                .start();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--admin", runtime.adminUrl(), "--token", TOKEN));
        return CliRun.run(all.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void columnsListsTheSeededColumn() {
        CliRun r = run("columns");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("ID\\s+PHASE\\s+VERSION").containsPattern(ID + "\\s+hidden\\s+1\\s+text");
    }

    @Test
    @Order(2)
    void phaseMovesTheColumnAndTheGatewayDualWrites() throws Exception {
        CliRun r = run("phase", ID, "write", "--reason", "column exists");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith(ID + ": hidden → write (version 2").doesNotContain("FORCED");
        String url = "jdbc:postgresql://127.0.0.1:" + runtime.listenAddress().getPort() + "/" + PG.database();
        try (Connection c = DriverManager.getConnection(url, PG.user(), PG.password());
             Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE users SET email = 'Ada@Example.COM' WHERE id = 1")).isEqualTo(1);
        }
        try (Connection c = PG.connect(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT email_lower FROM users WHERE id = 1")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ada@example.com");
        }
    }

    @Test
    @Order(3)
    void auditShowsTheRewrittenStatement() throws Exception {
        runtime.controlPlane().audit().flush(Duration.ofSeconds(30));

        CliRun r = run("audit", "--column", ID, "--action", "rewritten");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("rewritten\\s+" + ID + "\\s+write").contains("UPDATE users SET email = ");
    }

    @Test
    @Order(4)
    void aRefusedStepListsTheUnmetGuardRails() {
        CliRun r = run("phase", ID, "shadow", "--reason", "too early");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("error: moving " + ID + " from 'write' to 'shadow' is refused")
                .containsPattern("\\[unmet\\]\\s+backfill").contains("pass --force with a --reason");
    }

    @Test
    @Order(5)
    void columnsWithAnIdShowsTheNextStepRefused() {
        CliRun r = run("columns", ID);

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("phase      write (version 2").contains("next       shadow (refused without --force)")
                .contains("rollback   hidden (allowed)");
    }

    @Test
    @Order(6)
    void rollbackStepsBack() {
        CliRun r = run("rollback", ID, "--reason", "not yet");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains(ID + ": rolled back write → hidden");
    }
}
