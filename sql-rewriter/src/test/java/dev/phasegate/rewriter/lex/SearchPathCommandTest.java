package dev.phasegate.rewriter.lex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.rewriter.lex.SearchPathCommand.End;
import dev.phasegate.rewriter.lex.SearchPathCommand.Release;
import dev.phasegate.rewriter.lex.SearchPathCommand.ResetAll;
import dev.phasegate.rewriter.lex.SearchPathCommand.Role;
import dev.phasegate.rewriter.lex.SearchPathCommand.RollbackTo;
import dev.phasegate.rewriter.lex.SearchPathCommand.Savepoint;
import dev.phasegate.rewriter.lex.SearchPathCommand.Set;
import dev.phasegate.rewriter.lex.SearchPathCommand.Unreadable;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchPathCommandTest {

    private static SearchPathCommand of(String sql) {
        return SearchPathCommand.of(sql, 0, sql.length());
    }

    @Test
    void setReadsEachElementAsOneNameAsPostgresqlQuotesThem() {
        assertThat(of("SET search_path TO Tenant_A, public")).isEqualTo(new Set(false, List.of("tenant_a", "public")));
        assertThat(of("set search_path = \"Tenant_A\", '$user'")).isEqualTo(new Set(false, List.of("Tenant_A", "$user")));
        assertThat(of("SET SESSION search_path TO 'a, b'")).isEqualTo(new Set(false, List.of("a, b")));
        assertThat(of("SET LOCAL \"search_path\" TO x")).isEqualTo(new Set(true, List.of("x")));
        assertThat(of("/* tenant */ SET search_path='it''s'")).isEqualTo(new Set(false, List.of("it's")));
        assertThat(of("SET LOCAL SCHEMA 'Tenant_A'")).isEqualTo(new Set(true, List.of("Tenant_A")));
    }

    @Test
    void defaultResetAndDiscardGoBackToTheSessionsDefault() {
        assertThat(of("SET search_path TO DEFAULT")).isEqualTo(new Set(false, null));
        assertThat(of("SET LOCAL search_path = default")).isEqualTo(new Set(true, null));
        assertThat(of("RESET search_path")).isEqualTo(new Set(false, null));
        assertThat(of("reset all")).isEqualTo(new ResetAll());
        assertThat(of("DISCARD ALL")).isEqualTo(new ResetAll());
    }

    @Test
    void rolesAreReadBecauseUserInThePathStandsForTheCurrentOne() {
        assertThat(of("SET ROLE Tenant_A")).isEqualTo(new Role(false, "tenant_a"));
        assertThat(of("SET LOCAL ROLE 'Tenant_A'")).isEqualTo(new Role(true, "Tenant_A"));
        assertThat(of("SET SESSION ROLE NONE")).isEqualTo(new Role(false, null));
        assertThat(of("RESET ROLE")).isEqualTo(new Role(false, null));
        assertThat(of("SET SESSION AUTHORIZATION alice")).isEqualTo(new Role(false, "alice"));
        assertThat(of("SET LOCAL SESSION AUTHORIZATION DEFAULT")).isEqualTo(new Role(true, null));
        assertThat(of("RESET SESSION AUTHORIZATION")).isEqualTo(new Role(false, null));
        assertThat(of("SET ROLE")).isNull();
    }

    @Test
    void setConfigWithConstantsIsReadAndWithAnythingElseIsUnreadable() {
        assertThat(of("SELECT set_config('search_path', 'Tenant_A, \"B\"', false)"))
                .isEqualTo(new Set(false, List.of("tenant_a", "B")));
        assertThat(of("select pg_catalog.set_config('SEARCH_PATH', 'x', true)")).isEqualTo(new Set(true, List.of("x")));
        assertThat(of("SELECT set_config('search_path', $1, false)")).isInstanceOf(Unreadable.class);
        assertThat(of("SELECT set_config($1, 'x', false)")).isInstanceOf(Unreadable.class);
        assertThat(of("SELECT set_config('search_path', 'x', $2)")).isInstanceOf(Unreadable.class);
        assertThat(of("SELECT set_config('app.tenant', $1, false)")).isNull();
    }

    @Test
    void codeThatMayChangeThePathIsToldFromCodeThatCannot() {
        assertThat(of("DO $$BEGIN SET search_path TO tenant_a; END$$")).isInstanceOf(Unreadable.class);
        assertThat(of("do language plpgsql 'begin perform pg_catalog.set_config(''SEARCH_PATH'', v, false); end'"))
                .isInstanceOf(Unreadable.class);
        assertThat(of("DO $$BEGIN PERFORM set_config('app.tenant', 'a', false); END$$")).isNull();
        assertThat(of("DO $$BEGIN RAISE NOTICE 'hello'; END$$")).isNull();
        assertThat(of("UPDATE pg_settings SET setting = 'tenant_a' WHERE name = 'search_path'"))
                .isEqualTo(new Unreadable("UPDATE pg_settings SET setting = 'tenant_a' WHERE name = 'search_path'"));
        assertThat(of("update only pg_catalog.pg_settings set setting = $1 where name = 'SEARCH_PATH'"))
                .isInstanceOf(Unreadable.class);
        assertThat(of("UPDATE pg_settings SET setting = 'off' WHERE name = 'enable_seqscan'")).isNull();
        assertThat(of("UPDATE t SET v = set_config('search_path', 'a', false)")).as("an ordinary UPDATE still reads")
                .isEqualTo(new Set(false, List.of("a")));
        assertThat(of("SELECT setting FROM pg_settings WHERE name = 'search_path'")).isNull();
    }

    @Test
    void savepointsAndTransactionEndsAreRead() {
        assertThat(of("SAVEPOINT s1")).isEqualTo(new Savepoint("s1"));
        assertThat(of("RELEASE SAVEPOINT \"S1\"")).isEqualTo(new Release("S1"));
        assertThat(of("RELEASE s1")).isEqualTo(new Release("s1"));
        assertThat(of("RELEASE savepoint")).isEqualTo(new Release("savepoint"));
        assertThat(of("ROLLBACK TO SAVEPOINT s1")).isEqualTo(new RollbackTo("s1"));
        assertThat(of("rollback work to s1")).isEqualTo(new RollbackTo("s1"));
        assertThat(of("ROLLBACK")).isEqualTo(new End(true, false));
        assertThat(of("ABORT TRANSACTION")).isEqualTo(new End(true, false));
        assertThat(of("COMMIT")).isEqualTo(new End(false, false));
        assertThat(of("END WORK")).isEqualTo(new End(false, false));
        assertThat(of("COMMIT AND CHAIN")).isEqualTo(new End(false, true));
        assertThat(of("ROLLBACK AND NO CHAIN")).isEqualTo(new End(true, false));
        assertThat(of("COMMIT PREPARED 'x'")).isNull();
    }

    @Test
    void otherStatementsAreNone() {
        assertThat(of("SET search_path")).isNull();
        assertThat(of("SET statement_timeout = 0")).isNull();
        assertThat(of("RESET statement_timeout")).isNull();
        assertThat(of("DISCARD PLANS")).isNull();
        assertThat(of("SELECT 'SET search_path TO x'")).isNull();
        assertThat(of("SHOW search_path")).isNull();
        assertThat(of("ALTER ROLE app SET search_path TO x")).isNull();
        assertThat(of("")).isNull();
    }

    @Test
    void aListStringIsSplitAtCommasOutsideQuotes() {
        assertThat(SearchPathCommand.list("\"$user\", Public, \"a,\"\"b\"")).containsExactly("$user", "public",
                "a,\"b");
        assertThat(SearchPathCommand.list("")).isEmpty();
    }

    @Test
    void mayAppearInNeverMissesACommand() {
        for (String sql : List.of("SET search_path TO x", "set schema 'x'", "RESET ALL", "DISCARD ALL",
                "SELECT set_config('search_path', 'x', false)")) {
            assertThat(SearchPathCommand.mayAppearIn(sql, false)).as(sql).isTrue();
            assertThat(of(sql)).as(sql).isNotNull();
        }
        for (String sql : List.of("SAVEPOINT a", "RELEASE a", "ROLLBACK TO a", "ROLLBACK", "ABORT", "COMMIT AND CHAIN")) {
            assertThat(SearchPathCommand.mayAppearIn(sql, true)).as(sql).isTrue();
            assertThat(SearchPathCommand.mayAppearIn(sql, false)).as(sql).isFalse();
        }
        for (String sql : List.of("/* app */ RESET ALL", "-- tenant\nSET SCHEMA 'a'", "SELECT 1; /* a /* b */ */ discard all",
                "select pg_catalog.set_config('search_path', 'x', false)", "SET \"search_path\" TO x")) {
            assertThat(SearchPathCommand.mayAppearIn(sql, false)).as(sql).isTrue();
        }
        assertThat(SearchPathCommand.mayAppearIn("SELECT * FROM information_schema.tables", false)).isFalse();
        assertThat(SearchPathCommand.mayAppearIn("UPDATE t SET reset = 1, discard = 2 WHERE schema = 'x'", false))
                .isFalse();
        assertThat(SearchPathCommand.mayAppearIn("SELECT abalance FROM pgbench_accounts WHERE aid = 1", true)).isFalse();
    }
}
