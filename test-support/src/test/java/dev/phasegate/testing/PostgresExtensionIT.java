package dev.phasegate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresExtensionIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(
            "CREATE TABLE items (id int PRIMARY KEY, name text)",
            "INSERT INTO items VALUES (1, 'one')");

    @Test
    void givesEachClassItsOwnDatabaseWithSetupApplied() throws Exception {
        try (Connection c = PG.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_database(), (SELECT name FROM items WHERE id = 1)")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(PG.database()).startsWith("t_postgresextensionit_");
            assertThat(rs.getString(2)).isEqualTo("one");
        }
    }

    @Test
    void passwordRolesAuthenticateWithMd5AndScram() throws Exception {
        PG.server().admin(
                "DROP ROLE IF EXISTS fixture_md5", "DROP ROLE IF EXISTS fixture_scram",
                "SET password_encryption = 'md5'", // applies to the next statement in this session
                "CREATE ROLE fixture_md5 LOGIN PASSWORD 'md5pw'",
                "SET password_encryption = 'scram-sha-256'",
                "CREATE ROLE fixture_scram LOGIN PASSWORD 'scrampw'");
        try (Connection c = java.sql.DriverManager.getConnection(PG.jdbcUrl(), "fixture_md5", "md5pw");
             Connection d = java.sql.DriverManager.getConnection(PG.jdbcUrl(), "fixture_scram", "scrampw")) {
            assertThat(c.isValid(2)).isTrue();
            assertThat(d.isValid(2)).isTrue();
        }
    }
}
