package dev.phasegate.rewriter.lex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.rewriter.lex.PreparedStatementCommand.Kind;
import org.junit.jupiter.api.Test;

class PreparedStatementCommandTest {

    private static PreparedStatementCommand of(String sql) {
        return PreparedStatementCommand.of(sql, 0, sql.length());
    }

    @Test
    void readsTheNameAsPostgresqlFoldsIt() {
        assertThat(of("PREPARE Get_User(int) AS SELECT 1")).isEqualTo(new PreparedStatementCommand(Kind.PREPARE,
                "get_user"));
        assertThat(of("/* app */ execute \"Get_User\" (1)")).isEqualTo(new PreparedStatementCommand(Kind.EXECUTE,
                "Get_User"));
        assertThat(of("EXECUTE p")).isEqualTo(new PreparedStatementCommand(Kind.EXECUTE, "p"));
        assertThat(of("DEALLOCATE p")).isEqualTo(new PreparedStatementCommand(Kind.DEALLOCATE, "p"));
        assertThat(of("DEALLOCATE PREPARE p")).isEqualTo(new PreparedStatementCommand(Kind.DEALLOCATE, "p"));
    }

    @Test
    void allAndPrepareAreWordsOnlyWherePostgresqlReadsThemSo() {
        assertThat(of("DEALLOCATE ALL")).isEqualTo(new PreparedStatementCommand(Kind.DEALLOCATE_ALL, null));
        assertThat(of("deallocate prepare all")).isEqualTo(new PreparedStatementCommand(Kind.DEALLOCATE_ALL, null));
        assertThat(of("DISCARD ALL")).isEqualTo(new PreparedStatementCommand(Kind.DEALLOCATE_ALL, null));
        assertThat(of("DEALLOCATE prepare")).isEqualTo(new PreparedStatementCommand(Kind.DEALLOCATE, "prepare"));
        assertThat(of("DEALLOCATE \"all\"")).isEqualTo(new PreparedStatementCommand(Kind.DEALLOCATE, "all"));
    }

    @Test
    void otherStatementsAreNone() {
        assertThat(of("SELECT 'PREPARE p AS SELECT 1'")).isNull();
        assertThat(of("DISCARD PLANS")).isNull();
        assertThat(of("EXECUTE")).isNull();
        assertThat(of("")).isNull();
    }

    @Test
    void theWordScanNeverMissesACommand() {
        assertThat(PreparedStatementCommand.mayAppearIn("SELECT 1")).isFalse();
        assertThat(PreparedStatementCommand.mayAppearIn("SELECT * FROM users WHERE id = $1")).isFalse();
        for (String sql : new String[] {"Prepare p AS SELECT 1", "x;EXECUTE p", "deallocate all", "DISCARD ALL"}) {
            assertThat(PreparedStatementCommand.mayAppearIn(sql)).as(sql).isTrue();
        }
    }
}
