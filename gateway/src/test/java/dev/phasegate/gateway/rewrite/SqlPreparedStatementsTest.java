package dev.phasegate.gateway.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlPreparedStatementsTest {

    @Test
    void thePrepareOfANameIsFoundInTheQueryStringTheServerKept() {
        assertThat(SqlPreparedStatements.prepareOf("s1", "PREPARE s1 AS SELECT * FROM users"))
                .isEqualTo("PREPARE s1 AS SELECT * FROM users");
        assertThat(SqlPreparedStatements.prepareOf("s1",
                "PREPARE s1 AS SELECT 1; DEALLOCATE s1; SELECT ';'; PREPARE S1 (int) AS SELECT * FROM users WHERE id = $1;"))
                .as("the last one of that name, as PostgreSQL folds it")
                .isEqualTo("PREPARE S1 (int) AS SELECT * FROM users WHERE id = $1");
        assertThat(SqlPreparedStatements.prepareOf("s1", "PREPARE \"S1\" AS SELECT 1")).isNull();
        assertThat(SqlPreparedStatements.prepareOf("s1", "EXPLAIN EXECUTE s1")).isNull();
    }

    @Test
    void aListTheServerGaveThatCannotBeReadIsAnError() {
        SqlPreparedStatements none = new SqlPreparedStatements((sql, snapshot, catalog) -> null, (sql, s) -> false,
                () -> 0);
        assertThat(none.adopt(null, null, null)).isZero();
        assertThatThrownBy(() -> none.adopt("[[\"s1\",", null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prepared statements");
    }
}
