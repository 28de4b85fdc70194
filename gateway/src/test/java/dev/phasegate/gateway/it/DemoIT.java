package dev.phasegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.config.HostPort;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** {@code phasegate demo}: its own PostgreSQL, a sample database, the gateway, and URLs that work. */
class DemoIT {

    @Test
    void theDemoServesItsSampleDatabaseThroughTheGateway() throws Exception {
        try (var demo = dev.phasegate.gateway.cli.DemoAccess.start(HostPort.parse("127.0.0.1:0"))) {
            try (Connection c = DriverManager.getConnection(dev.phasegate.gateway.cli.DemoAccess.jdbcUrl(demo));
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*), current_user FROM users")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(5);
                assertThat(rs.getString(2)).isEqualTo("demo");
            }
            assertThat(dev.phasegate.gateway.cli.DemoAccess.psqlUrl(demo)).startsWith("postgresql://demo:demo@127.0.0.1:");
        }
    }
}
