package dev.phasegate.rewriter.lex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.rewriter.StatementKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexicalStatementTest {

    private static LexicalStatement one(String sql) {
        return LexicalStatement.of(sql, 0, sql.length());
    }

    @Test
    void splitsAtTopLevelSemicolonsOnly() {
        List<LexicalStatement> s = LexicalStatement.split("select ';'; select $$;$$ ; ; -- ;\n select 3");
        assertThat(s).hasSize(3);
        assertThat(s).allMatch(x -> x.kind() == StatementKind.SELECT);
    }

    @Test
    void classifiesWrites() {
        assertThat(one("insert into t values (1)").write()).isTrue();
        assertThat(one("UPDATE t SET a = 1").write()).isTrue();
        assertThat(one("delete from t").write()).isTrue();
        assertThat(one("merge into t using s on true when matched then delete").write()).isTrue();
        assertThat(one("with x as (update t set a = 1 returning *) select * from x").write()).isTrue();
        assertThat(one("copy t from stdin").write()).isTrue();
    }

    @Test
    void classifiesReads() {
        assertThat(one("select * from t for update").write()).isFalse();
        assertThat(one("select * from t for no key update").write()).isFalse();
        assertThat(one("copy t to stdout").write()).isFalse();
        assertThat(one("copy (select 1) to stdout").write()).isFalse();
        assertThat(one("with x as (select 1) select * from x").write()).isFalse();
    }

    @Test
    void classifiesKinds() {
        assertThat(one("alter table users add column x int").kind()).isEqualTo(StatementKind.DDL);
        assertThat(one("savepoint a").kind()).isEqualTo(StatementKind.UTILITY);
        assertThat(one("explain select 1").kind()).isEqualTo(StatementKind.OTHER);
        assertThat(one("with x as (select 1) insert into t select * from x").kind()).isEqualTo(StatementKind.INSERT);
        assertThat(one("(select 1)").kind()).isEqualTo(StatementKind.SELECT);
    }
}
