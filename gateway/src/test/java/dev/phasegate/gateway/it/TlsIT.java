package dev.phasegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.phasegate.gateway.hook.QueryHook;
import dev.phasegate.gateway.session.SessionSnapshot;
import dev.phasegate.testing.PostgresExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** TLS between clients and the gateway, with a certificate generated for the test. */
class TlsIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    @TempDir
    static Path dir;

    static SelfSignedCertificate cert;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        cert = SelfSignedCertificate.generate(dir);
        gateway = TestGateway.start(PG, QueryHook.PASS_THROUGH,
                "tls:\n  certificate: " + cert.certificate + "\n  key: " + cert.pkcs8Key + "\n");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String one(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void jdbcVerifiesTheGatewaysCertificateAndWorksOverTls() throws Exception {
        try (Connection c = gateway.connect("sslmode", "verify-full", "sslrootcert", cert.certificate.toString(),
                "ApplicationName", "over-tls")) {
            assertThat(one(c, "SELECT 'over tls'")).isEqualTo("over tls");
            // TLS ends in Netty's SslHandler, so a TLS session never moves to the relay.
            assertThat(gateway.gateway.sessions().snapshot())
                    .filteredOn(s -> "over-tls".equals(s.applicationName()))
                    .singleElement().extracting(SessionSnapshot::relayed).isEqualTo(false);
        }
    }

    @Test
    void scramAuthenticatesOverTlsWithoutChannelBinding() throws Exception {
        PG.server().admin("DROP ROLE IF EXISTS tls_scram", "SET password_encryption = 'scram-sha-256'",
                "CREATE ROLE tls_scram LOGIN PASSWORD 'tls-secret'");
        try (Connection c = gateway.connectAs("tls_scram", "tls-secret", "sslmode", "verify-full", "sslrootcert",
                cert.certificate.toString(), "channelBinding", "prefer")) {
            assertThat(one(c, "SELECT current_user")).isEqualTo("tls_scram");
        }
    }

    @Test
    void plainConnectionsStillWork() throws Exception {
        try (Connection c = gateway.connect("sslmode", "disable")) {
            assertThat(one(c, "SELECT 1")).isEqualTo("1");
        }
    }

    @Test
    void aTraditionalRsaKeyFileIsAcceptedToo() throws Exception {
        try (TestGateway rsa = TestGateway.start(PG, QueryHook.PASS_THROUGH,
                "tls:\n  certificate: " + cert.certificate + "\n  key: " + cert.pkcs1Key + "\n");
             Connection c = rsa.connect("sslmode", "verify-full", "sslrootcert", cert.certificate.toString())) {
            assertThat(one(c, "SELECT 2")).isEqualTo("2");
        }
    }

    @Test
    void psqlConnectsWithSslmodeRequire() throws Exception {
        Path psql = PG.server().local().map(l -> l.tool("psql")).filter(Files::isExecutable)
                .orElse(Path.of("/usr/bin/psql"));
        assumeTrue(Files.isExecutable(psql), "psql not installed: skipping the psql-over-TLS check");
        Process p = new ProcessBuilder(psql.toString(), "-X", "-At", "-c", "\\conninfo", "-c", "SELECT 'ok'",
                "host=127.0.0.1 port=" + gateway.port() + " user=" + PG.user() + " dbname=" + PG.database()
                        + " sslmode=verify-ca sslrootcert=" + cert.certificate)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("SSL connection (protocol: TLSv1.3").contains("ok");
    }
}
