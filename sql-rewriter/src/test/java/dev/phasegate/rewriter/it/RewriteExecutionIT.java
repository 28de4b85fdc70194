package dev.phasegate.rewriter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.config.RewriterConfig;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.rewriter.ParameterMap;
import dev.phasegate.rewriter.RewritePlan;
import dev.phasegate.rewriter.SqlRewriter;
import dev.phasegate.rewriter.golden.GoldenFixture;
import dev.phasegate.rewriter.golden.GoldenFixtureAccess;
import dev.phasegate.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rewritten statements run on a real PostgreSQL and leave the tables as the phase promises. Each
 * statement is sent the way a client sends it through the extended protocol: prepared (types
 * inferred by PostgreSQL) and executed with the client's values, remapped by the plan's
 * parameter map when placeholders were dropped.
 */
class RewriteExecutionIT {

    private static final GoldenFixture FIXTURE = GoldenFixtureAccess.fixture();

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(FixtureSchema.ddl(FIXTURE));

    private final SqlRewriter rewriter = new SqlRewriter(RewriterConfig.DEFAULTS);
    private int statementNumber;

    @BeforeEach
    void emptyTables() {
        PG.execute("TRUNCATE users, orders, orgs, shop_product, billing.invoices");
    }

    private static PhaseSnapshot phase(Phase p) {
        return FIXTURE.snapshot(Map.of("email_lower", p, "amount_cents", p == Phase.HIDDEN ? Phase.HIDDEN : p));
    }

    /** Plans, then PREPAREs and EXECUTEs with the client's values (SQL literals), remapped by the plan. */
    private RewritePlan run(Connection c, String sql, Phase p, String... clientValues) throws SQLException {
        RewritePlan plan = rewriter.plan(sql, phase(p), FIXTURE.catalog());
        assertThat(plan.error()).as("plan of %s", sql).isEmpty();
        List<String> values = new ArrayList<>(List.of(clientValues));
        if (plan.parameterMap().isPresent()) {
            ParameterMap map = plan.parameterMap().get();
            String[] remapped = new String[map.newCount()];
            for (int old = 1; old <= clientValues.length; old++) {
                int now = map.newNumber(old);
                if (now > 0) {
                    remapped[now - 1] = clientValues[old - 1];
                }
            }
            values = List.of(remapped);
        }
        String name = "s" + (++statementNumber);
        try (Statement s = c.createStatement()) {
            s.execute("PREPARE " + name + " AS " + plan.sql());
            s.execute("EXECUTE " + name + (values.isEmpty() ? "" : "(" + String.join(", ", values) + ")"));
            s.execute("DEALLOCATE " + name);
        }
        return plan;
    }

    private static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private List<String> columnNames(Connection c, String sql, Phase p) throws SQLException {
        RewritePlan plan = rewriter.plan(sql, phase(p), FIXTURE.catalog());
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(plan.sql())) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                names.add(md.getColumnName(i));
            }
        }
        return names;
    }

    @Test
    void writeInsertNamingOnlyTheSourceStoresUpOfTheSource() throws Exception {
        try (Connection c = PG.connect()) {
            run(c, "INSERT INTO users (id, email, name) VALUES ($1, $2, $3)", Phase.WRITE, "1", "'Ann@Example.COM'",
                    "'Ann'");
            assertThat(rows(c, "SELECT email, email_lower FROM users WHERE id = 1"))
                    .containsExactly(List.of("Ann@Example.COM", "ann@example.com"));
        }
    }

    @Test
    void writeMultiRowInsertAndInsertSelectFillEveryRow() throws Exception {
        try (Connection c = PG.connect()) {
            run(c, "INSERT INTO users (id, email) VALUES (1, 'A@X'), (2, $1), (3, concat('C', '@X'))", Phase.WRITE,
                    "'B@X'");
            PG.execute("INSERT INTO orgs VALUES (10, 'Org@Ten')");
            run(c, "INSERT INTO users (id, email) SELECT id, name FROM orgs", Phase.WRITE);
            assertThat(rows(c, "SELECT id, email_lower FROM users ORDER BY id")).containsExactly(
                    List.of("1", "a@x"), List.of("2", "b@x"), List.of("3", "c@x"), List.of("10", "org@ten"));
        }
    }

    @Test
    void updateSetSourceDualWritesFromTheAssignedValueNotTheOldOne() throws Exception {
        try (Connection c = PG.connect()) {
            PG.execute("INSERT INTO users (id, email, email_lower) VALUES (1, 'Old@X', 'old@x')");
            RewritePlan plan = run(c, "UPDATE users SET email = $1 WHERE id = $2", Phase.WRITE, "'New@X'", "1");
            assertThat(plan.sql()).contains("email_lower = lower($1");
            assertThat(rows(c, "SELECT email, email_lower FROM users")).containsExactly(List.of("New@X", "new@x"));
        }
    }

    @Test
    void upsertDualWritesOverExcluded() throws Exception {
        try (Connection c = PG.connect()) {
            PG.execute("INSERT INTO users (id, email, email_lower) VALUES (1, 'Old@X', 'old@x')");
            run(c, "INSERT INTO users (id, email) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email",
                    Phase.SHADOW, "1", "'Upserted@X'");
            assertThat(rows(c, "SELECT email, email_lower FROM users")).containsExactly(
                    List.of("Upserted@X", "upserted@x"));
        }
    }

    @Test
    void readInsertNamingOnlyTheNewColumnDerivesTheSourceThroughDown() throws Exception {
        try (Connection c = PG.connect()) {
            run(c, "INSERT INTO users (id, email_lower) VALUES ($1, $2)", Phase.READ, "1", "'x@y'");
            assertThat(rows(c, "SELECT email, email_lower FROM users")).containsExactly(List.of("x@y", "x@y"));
        }
    }

    @Test
    void hiddenSelectStarHasNoNewColumn() throws Exception {
        try (Connection c = PG.connect()) {
            assertThat(columnNames(c, "SELECT * FROM users", Phase.HIDDEN)).doesNotContain("email_lower")
                    .contains("email", "nickname");
            assertThat(columnNames(c, "SELECT u.*, o.id FROM users u LEFT JOIN orders o ON o.user_id = u.id",
                    Phase.HIDDEN)).doesNotContain("email_lower");
            assertThat(columnNames(c, "SELECT * FROM users", Phase.READ)).contains("email_lower");
        }
    }

    @Test
    void hiddenReadsOfTheNewColumnReturnTheDefaultUnderItsOwnName() throws Exception {
        try (Connection c = PG.connect()) {
            PG.execute("INSERT INTO users (id, email, email_lower) VALUES (1, 'A', 'secret')");
            assertThat(columnNames(c, "SELECT id, email_lower FROM users", Phase.HIDDEN))
                    .containsExactly("id", "email_lower");
            RewritePlan plan = rewriter.plan("SELECT email_lower FROM users WHERE id = 1", phase(Phase.HIDDEN),
                    FIXTURE.catalog());
            assertThat(rows(c, plan.sql())).containsExactly(java.util.Collections.singletonList(null));
        }
    }

    @Test
    void hiddenInsertAssigningTheNewColumnStripsItAndItsParameter() throws Exception {
        try (Connection c = PG.connect()) {
            RewritePlan plan = run(c, "INSERT INTO users (id, email_lower, email) VALUES ($1, $2, $3)", Phase.HIDDEN,
                    "1", "'ignored'", "'A@X'");
            assertThat(plan.parameterMap()).isPresent();
            assertThat(rows(c, "SELECT id, email, email_lower FROM users"))
                    .containsExactly(java.util.Arrays.asList("1", "A@X", null));
        }
    }

    @Test
    void hiddenUpdateOfOnlyTheNewColumnStillMatchesTheRowAndChangesNothing() throws Exception {
        try (Connection c = PG.connect()) {
            PG.execute("INSERT INTO users (id, email, email_lower) VALUES (1, 'A', 'kept')");
            RewritePlan plan = rewriter.plan("UPDATE users SET email_lower = $1 WHERE id = $2", phase(Phase.HIDDEN),
                    FIXTURE.catalog());
            try (Statement s = c.createStatement()) {
                s.execute("PREPARE h AS " + plan.sql());
                assertThat(s.executeUpdate("EXECUTE h(1)")).isEqualTo(1);
            }
            assertThat(rows(c, "SELECT email_lower FROM users")).containsExactly(List.of("kept"));
        }
    }

    @Test
    void contractReadsOfTheSourceReturnDownOfNew() throws Exception {
        try (Connection c = PG.connect()) {
            PG.execute("INSERT INTO users (id, email, email_lower) VALUES (1, 'Stale@X', 'fresh@x')",
                    "INSERT INTO orders (id, user_id, amount, amount_cents) VALUES (1, 1, 0.00, 1999)");
            RewritePlan plan = rewriter.plan("SELECT u.email, o.amount FROM users u JOIN orders o ON o.user_id = u.id",
                    phase(Phase.CONTRACT), FIXTURE.catalog());
            assertThat(rows(c, plan.sql())).containsExactly(List.of("fresh@x", "19.9900000000000000"));
        }
    }

    @Test
    void contractUpdateOfTheSourceWritesTheNewColumnThroughUp() throws Exception {
        try (Connection c = PG.connect()) {
            PG.execute("INSERT INTO users (id, email, email_lower) VALUES (1, 'Stale@X', 'old@x')");
            run(c, "UPDATE users SET email = $1 WHERE id = $2", Phase.CONTRACT, "'Brand@New'", "1");
            assertThat(rows(c, "SELECT email, email_lower FROM users")).containsExactly(List.of("Stale@X", "brand@new"));
            run(c, "INSERT INTO orders (id, amount) VALUES ($1, $2)", Phase.CONTRACT, "5", "12.34");
            assertThat(rows(c, "SELECT amount, amount_cents FROM orders")).containsExactly(
                    java.util.Arrays.asList(null, "1234"));
        }
    }

    @Test
    void shadowChecksAreTrueForConsistentRowsAndFalseForMismatches() throws Exception {
        try (Connection c = PG.connect()) {
            PG.execute("INSERT INTO users (id, email, email_lower) VALUES (1, 'A@X', 'a@x'), (2, 'B@X', 'wrong')");
            RewritePlan plan = rewriter.plan("SELECT id, email FROM users ORDER BY id", phase(Phase.SHADOW),
                    FIXTURE.catalog());
            assertThat(plan.resultFilter().trailingCheckColumns()).isEqualTo(1);
            assertThat(rows(c, plan.sql())).containsExactly(List.of("1", "A@X", "t"), List.of("2", "B@X", "f"));
        }
    }

    @Test
    void amountConversionFollowsArithmeticUpdates() throws Exception {
        try (Connection c = PG.connect()) {
            PG.execute("INSERT INTO orders (id, amount, amount_cents) VALUES (1, 10.00, 1000)");
            run(c, "UPDATE orders SET amount = amount + $1 WHERE id = $2", Phase.WRITE, "2.50", "1");
            assertThat(rows(c, "SELECT amount, amount_cents FROM orders")).containsExactly(List.of("12.50", "1250"));
        }
    }

    @Test
    void deleteReturningAndDataModifyingCtesRun() throws Exception {
        try (Connection c = PG.connect()) {
            run(c, "WITH ins AS (INSERT INTO users (id, email) VALUES ($1, $2) RETURNING *) SELECT id FROM ins",
                    Phase.WRITE, "7", "'Cte@X'");
            assertThat(rows(c, "SELECT email_lower FROM users")).containsExactly(List.of("cte@x"));
            run(c, "DELETE FROM users WHERE id = $1 RETURNING *", Phase.HIDDEN, "7");
            assertThat(rows(c, "SELECT count(*) FROM users")).containsExactly(List.of("0"));
        }
    }
}
