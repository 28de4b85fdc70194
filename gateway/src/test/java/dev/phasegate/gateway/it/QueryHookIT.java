package dev.phasegate.gateway.it;

import static dev.phasegate.gateway.it.JdbcPassThroughIT.sqlState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.gateway.hook.Decision;
import dev.phasegate.gateway.hook.QueryHook;
import dev.phasegate.gateway.hook.ResultObserver;
import dev.phasegate.gateway.hook.SessionHook;
import dev.phasegate.gateway.hook.StatementOutcome;
import dev.phasegate.gateway.protocol.backend.DataRow;
import dev.phasegate.gateway.protocol.backend.ErrorResponse;
import dev.phasegate.gateway.protocol.backend.RowDescription;
import dev.phasegate.gateway.protocol.frontend.Bind;
import dev.phasegate.gateway.protocol.frontend.Close;
import dev.phasegate.gateway.protocol.frontend.Describe;
import dev.phasegate.gateway.protocol.frontend.Execute;
import dev.phasegate.gateway.protocol.frontend.Parse;
import dev.phasegate.gateway.protocol.frontend.Query;
import dev.phasegate.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A custom hook through the real gateway and PgJDBC: it renames a table in Query and Parse text,
 * rejects some statements, and hides a column from results in both protocols (RowDescription,
 * DataRow, and Bind's result format codes), the way the rewriter's hook will.
 */
class QueryHookIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(
            "CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL, secret text)",
            "INSERT INTO people VALUES (1, 'ada', 's1'), (2, 'alan', 's2'), (3, 'grace', NULL)");

    static final List<String> outcomes = new CopyOnWriteArrayList<>();
    static final List<String> parsed = new CopyOnWriteArrayList<>();
    /** Set by a test to make the next Bind of a prepared statement fail as after a phase flip. */
    static final java.util.concurrent.atomic.AtomicBoolean flip = new java.util.concurrent.atomic.AtomicBoolean();
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(PG, session -> new HidingHook(), "");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @BeforeEach
    void clearOutcomes() {
        outcomes.clear();
    }

    /** Hides column {@code secret}, renames {@code people_v1}, refuses statements saying {@code forbidden}. */
    static final class HidingHook implements SessionHook {

        /** Per prepared statement: whether it reads {@code people}, and where {@code secret} sits. */
        private final Map<String, Integer> secretIndexByStatement = new HashMap<>();
        private final Map<String, Boolean> hidesByStatement = new HashMap<>();
        private final Map<String, String> statementByPortal = new HashMap<>();

        @Override
        public boolean inspectsRequests() {
            return true;
        }

        private static String rename(String sql) {
            return sql.replace("people_v1", "people");
        }

        private static boolean forbidden(String sql) {
            return sql.contains("forbidden");
        }

        @Override
        public Decision onQuery(Query query) {
            if (forbidden(query.sql())) {
                return Decision.reject(ErrorResponse.error("0A000", "forbidden by the test hook"));
            }
            ResultObserver observer = query.sql().contains("people") ? new DropSecret(this, null) : recorder();
            return Decision.replace(new Query(rename(query.sql())), observer);
        }

        @Override
        public Decision onParse(Parse parse) {
            if (forbidden(parse.sql())) {
                return Decision.reject(ErrorResponse.error("0A000", "forbidden by the test hook"));
            }
            parsed.add(parse.name() + ": " + parse.sql());
            hidesByStatement.put(parse.name(), parse.sql().contains("people"));
            secretIndexByStatement.remove(parse.name());
            return Decision.replace(parse.withSql(rename(parse.sql())));
        }

        @Override
        public Decision onBind(Bind bind) {
            if (!bind.statement().isEmpty() && flip.compareAndSet(true, false)) {
                // The plan this statement was prepared under is stale: make the driver prepare again.
                hidesByStatement.remove(bind.statement());
                return Decision.reject(ErrorResponse.cachedPlanMustNotChangeResultType("phase changed"));
            }
            statementByPortal.put(bind.portal(), bind.statement());
            Integer secret = secretIndexByStatement.get(bind.statement());
            short[] formats = bind.resultFormats();
            if (secret != null && secret >= 0 && formats.length > 1) {
                // The client asked formats for the columns it sees; the server has one more.
                short[] widened = new short[formats.length + 1];
                for (int i = 0, j = 0; i < widened.length; i++) {
                    widened[i] = i == secret ? 0 : formats[j++];
                }
                return Decision.replace(bind.withResultFormats(widened));
            }
            return Decision.forward();
        }

        @Override
        public Decision onDescribe(Describe describe) {
            String statement = describe.kind() == Describe.STATEMENT ? describe.name()
                    : statementByPortal.get(describe.name());
            return Boolean.TRUE.equals(hidesByStatement.get(statement)) ? Decision.forward(new DropSecret(this, statement))
                    : Decision.forward();
        }

        @Override
        public Decision onExecute(Execute execute) {
            String statement = statementByPortal.get(execute.portal());
            Integer secret = secretIndexByStatement.get(statement);
            return Decision.forward(secret != null && secret >= 0 ? new DropColumnRows(secret) : recorder());
        }

        @Override
        public void onClose(Close close) {
            if (close.kind() == Close.STATEMENT) {
                hidesByStatement.remove(close.name());
                secretIndexByStatement.remove(close.name());
            }
        }
    }

    static ResultObserver recorder() {
        return new ResultObserver() {
            @Override
            public void onComplete(StatementOutcome outcome) {
                record(outcome);
            }
        };
    }

    static void record(StatementOutcome o) {
        if (o.kind() != StatementOutcome.Kind.ACKNOWLEDGED) {
            outcomes.add(o.kind() + (o.commandTag() == null ? "" : " " + o.commandTag())
                    + (o.sqlState() == null ? "" : " " + o.sqlState()) + (o.durationNanos() > 0 ? "" : " (no duration)"));
        }
    }

    /** Drops {@code secret} from RowDescriptions, and from the rows of a simple Query. */
    static final class DropSecret implements ResultObserver {
        private final HidingHook hook;
        private final String statement;
        private int[] keep;

        DropSecret(HidingHook hook, String statement) {
            this.hook = hook;
            this.statement = statement;
        }

        @Override
        public boolean filtersRows() {
            return true;
        }

        @Override
        public RowDescription onRowDescription(RowDescription description) {
            List<String> names = description.fields().stream().map(RowDescription.Field::name).toList();
            int secret = names.indexOf("secret");
            if (statement != null) {
                hook.secretIndexByStatement.put(statement, secret);
            }
            keep = IntStream.range(0, names.size()).filter(i -> i != secret).toArray();
            return secret < 0 ? description : description.project(keep);
        }

        @Override
        public DataRow onDataRow(DataRow row) {
            return keep == null || keep.length == row.columnCount() ? row : row.project(keep);
        }

        @Override
        public void onComplete(StatementOutcome outcome) {
            record(outcome);
        }
    }

    /** Drops one column from an Execute's rows (Execute gets no RowDescription: the index is known). */
    static final class DropColumnRows implements ResultObserver {
        private final int column;

        DropColumnRows(int column) {
            this.column = column;
        }

        @Override
        public boolean filtersRows() {
            return true;
        }

        @Override
        public DataRow onDataRow(DataRow row) {
            return row.project(IntStream.range(0, row.columnCount()).filter(i -> i != column).toArray());
        }

        @Override
        public void onComplete(StatementOutcome outcome) {
            record(outcome);
        }
    }

    private static List<String> columns(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            names.add(md.getColumnName(i));
        }
        return names;
    }

    private static List<String> names(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
            out.add(rs.getInt("id") + ":" + rs.getString("name"));
        }
        return out;
    }

    @Test
    void rewritesTheTextOfASimpleQuery() throws Exception {
        try (Connection c = gateway.connect("preferQueryMode", "simple"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, name FROM people_v1 ORDER BY id")) {
            assertThat(names(rs)).containsExactly("1:ada", "2:alan", "3:grace");
        }
    }

    @Test
    void rewritesTheTextOfAParse() throws Exception {
        try (Connection c = gateway.connect("prepareThreshold", "1");
             PreparedStatement ps = c.prepareStatement("SELECT id, name FROM people_v1 WHERE id = ?")) {
            for (int i = 1; i <= 3; i++) {
                ps.setInt(1, i);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(names(rs)).hasSize(1);
                }
            }
        }
    }

    @Test
    void hidesAColumnFromSimpleQueryResults() throws Exception {
        try (Connection c = gateway.connect("preferQueryMode", "simple"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM people ORDER BY id")) {
            assertThat(columns(rs)).containsExactly("id", "name");
            assertThat(names(rs)).containsExactly("1:ada", "2:alan", "3:grace");
        }
    }

    @Test
    void hidesAColumnFromServerPreparedBinaryResultsAcrossExecutions() throws Exception {
        try (Connection c = gateway.connect("prepareThreshold", "1", "binaryTransfer", "true");
             PreparedStatement ps = c.prepareStatement("SELECT * FROM people WHERE id >= ? ORDER BY id")) {
            for (int round = 0; round < 5; round++) {
                ps.setInt(1, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(columns(rs)).containsExactly("id", "name");
                    assertThat(names(rs)).containsExactly("2:alan", "3:grace");
                }
            }
        }
    }

    @Test
    void aRejectedStatementFailsLikeAServerErrorAndFailsTheTransactionBlock() throws Exception {
        try (Connection c = gateway.connect(); Statement s = c.createStatement()) {
            assertThat(sqlState(() -> s.execute("SELECT 'forbidden'"))).isEqualTo("0A000");
            try (PreparedStatement ps = c.prepareStatement("SELECT 'forbidden', ?")) {
                ps.setInt(1, 1);
                assertThat(sqlState(ps::executeQuery)).isEqualTo("0A000");
            }
            c.setAutoCommit(false);
            s.execute("UPDATE people SET name = 'ada l.' WHERE id = 1");
            try {
                s.execute("SELECT 'forbidden'");
            } catch (SQLException e) {
                assertThat(e.getMessage()).contains("forbidden by the test hook");
            }
            assertThat(sqlState(() -> s.execute("SELECT 1"))).isEqualTo("25P02");
            c.rollback();
            c.setAutoCommit(true);
            try (ResultSet rs = s.executeQuery("SELECT name FROM people WHERE id = 1")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ada");
            }
        }
    }

    @Test
    void observersLearnTheCommandTagOrSqlStateOfEveryStatement() throws Exception {
        try (Connection c = gateway.connect("preferQueryMode", "simple"); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE people SET secret = secret WHERE id <= 2");
            sqlState(() -> s.execute("INSERT INTO people VALUES (1, 'dup', NULL)"));
        }
        try (Connection c = gateway.connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE people SET secret = secret WHERE id = ?")) {
            ps.setInt(1, 3);
            ps.executeUpdate();
        }
        assertThat(outcomes).contains("COMPLETED UPDATE 2", "FAILED 23505", "COMPLETED UPDATE 1");
    }

    @Test
    void aStalePreparedStatementIsPreparedAgainByTheDriverWithoutTheApplicationNoticing() throws Exception {
        parsed.clear();
        try (Connection c = gateway.connect("prepareThreshold", "1");
             PreparedStatement ps = c.prepareStatement("SELECT id, name FROM people WHERE id = ?")) {
            for (int round = 1; round <= 3; round++) {
                ps.setInt(1, round);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(names(rs)).hasSize(1);
                }
                if (round == 2) {
                    flip.set(true);
                }
            }
        }
        assertThat(flip.get()).isFalse();
        assertThat(parsed).filteredOn(p -> p.contains("FROM people WHERE id")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void thePassThroughHookNeverDecodes() {
        assertThat(QueryHook.PASS_THROUGH.openSession(null).inspectsRequests()).isFalse();
    }
}
