package dev.phasegate.gateway.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.config.DdlConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.PhaseSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class DdlGuardTest {

    @Test
    void findsStatementsThatStartWithAlterCreateOrDrop() {
        assertThat(DdlGuard.mayBeDdl("ALTER TABLE t ADD COLUMN c int")).isTrue();
        assertThat(DdlGuard.mayBeDdl("  /* x */ create index on t (c)")).isTrue();
        assertThat(DdlGuard.mayBeDdl("SELECT 1; DROP TABLE t")).isTrue();
        assertThat(DdlGuard.mayBeDdl("SELECT 'drop table t'")).isFalse();
        assertThat(DdlGuard.mayBeDdl("UPDATE t SET created = now()")).isFalse();
        assertThat(DdlGuard.mayBeDdl("-- alter\nSELECT 1")).isFalse();
        assertThat(DdlGuard.mayBeDdl("SELECT 1;alter table t add c int")).isTrue();
        assertThat(DdlGuard.mayBeDdl("/* x */DROP TABLE t")).isTrue();
        assertThat(DdlGuard.mayBeDdl("-- x\r\n\fCreate TABLE t (c int)")).isTrue();
        assertThat(DdlGuard.mayBeDdl("SELECT abalance FROM pgbench_accounts WHERE aid = 1")).isFalse();
    }

    /**
     * The scan that spares most statements the lexer must never say "no" where the lexer would say
     * "yes". Random texts built from the pieces that sit on either side of a word (white space,
     * comments, quotes, dollar signs, digits, letters beyond ASCII) must get the lexer's answer.
     */
    @Test
    void theScanBeforeTheLexerNeverMissesAStatementThatStartsWithDdl() {
        String nbsp = String.valueOf((char) 0xA0);
        String eAcute = String.valueOf((char) 0xE9);
        List<String> pieces = List.of("alter", "ALTER", "Create", "drop", "DROP", "dro", "creat", "x", "_", "a",
                "d", "c", "1", "$1", "$", "$$", "$$drop$$", "$q$", "'", "'create'", "E'\\'", "\"", "\"alter\"",
                "/*", "*/", "/* drop */", "--", "-- c\n", "\n", "\r", "\t", "\f", " ", ";", "(", ")", ",", ".",
                "::", "=", nbsp, eAcute, "U&\"d\"");
        java.util.Random random = new java.util.Random(20261127);
        int ddl = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int k = 1 + random.nextInt(8); k > 0; k--) {
                text.append(pieces.get(random.nextInt(pieces.size())));
            }
            String sql = text.toString();
            boolean lexer = DdlGuard.startsAStatementWithDdlWord(sql);
            assertThat(DdlGuard.mayBeDdl(sql)).as(sql).isEqualTo(lexer);
            ddl += lexer ? 1 : 0;
        }
        assertThat(ddl).as("texts that start a statement with DDL").isGreaterThan(10_000);
    }

    @Test
    void blocksDroppingAManagedColumnAndWarnsOnTheRest() {
        DdlGuard guard = new DdlGuard(DdlConfig.defaults(), List.of("public"));
        PhaseSnapshot snapshot = new PhaseSnapshot(1, List.of(ManagedColumn.declared(
                ColumnId.parse("public.users.email_lower"), "text", "email", "lower(email)", null, null)));
        DdlGuard.Verdict drop = guard.inspect("ALTER TABLE users DROP COLUMN email_lower", snapshot);
        assertThat(drop.blocked()).isTrue();
        assertThat(drop.error().sqlState()).isEqualTo("0A000");
        assertThat(drop.error().message()).contains("dropManagedColumn");
        DdlGuard.Verdict index = guard.inspect("CREATE INDEX ON orders (id)", snapshot);
        assertThat(index.blocked()).isFalse();
        assertThat(index.notices()).singleElement().satisfies(n -> {
            assertThat(n.severity()).isEqualTo("WARNING");
            assertThat(n.message()).contains("createIndexWithoutConcurrently");
        });
        assertThat(guard.inspect("CREATE INDEX CONCURRENTLY ON orders (id)", snapshot).isEmpty()).isTrue();
    }
}
