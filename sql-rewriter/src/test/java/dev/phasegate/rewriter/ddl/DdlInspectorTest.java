package dev.phasegate.rewriter.ddl;

import static dev.phasegate.config.DdlConfig.Rule.ADD_COLUMN_VOLATILE_DEFAULT;
import static dev.phasegate.config.DdlConfig.Rule.ALTER_TYPE_ON_MANAGED_TABLE;
import static dev.phasegate.config.DdlConfig.Rule.CREATE_INDEX_WITHOUT_CONCURRENTLY;
import static dev.phasegate.config.DdlConfig.Rule.DROP_MANAGED_COLUMN;
import static dev.phasegate.config.DdlConfig.Rule.SET_NOT_NULL_WITHOUT_CHECK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.config.DdlConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.TableName;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DdlInspectorTest {

    private static final TableName USERS = new TableName("public", "users");
    private static final TableName ORDERS = new TableName("shop", "orders");
    /** users.email_lower is managed with source email; shop.orders.total_cents with source total. */
    private static final Set<ColumnId> NOT_COMPLETE = Set.of(
            ColumnId.parse("public.users.email_lower"), ColumnId.parse("public.users.email"),
            ColumnId.parse("shop.orders.total_cents"), ColumnId.parse("shop.orders.total"));
    private static final Set<TableName> MANAGED = Set.of(USERS, ORDERS);

    private static List<DdlFinding> inspect(String sql) {
        return DdlInspector.inspect(sql, MANAGED, NOT_COMPLETE, List.of("public"));
    }

    private static List<DdlConfig.Rule> rules(String sql) {
        return inspect(sql).stream().map(DdlFinding::rule).toList();
    }

    // ---- ADD COLUMN with a volatile default ---------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
            "ALTER TABLE accounts ADD COLUMN created timestamptz DEFAULT clock_timestamp()",
            "alter table accounts add created_r float8 default random()",
            "ALTER TABLE accounts ADD COLUMN IF NOT EXISTS token uuid NOT NULL DEFAULT gen_random_uuid()",
            "ALTER TABLE accounts ADD COLUMN token uuid DEFAULT public.uuid_generate_v4()",
            "ALTER TABLE accounts ADD COLUMN n bigint DEFAULT nextval('accounts_n_seq'::regclass)",
            "ALTER TABLE accounts ADD COLUMN n bigint DEFAULT (1 + nextval('s'))",
            "ALTER TABLE accounts ADD COLUMN n bigserial",
            "ALTER TABLE accounts ADD COLUMN n int GENERATED ALWAYS AS IDENTITY",
            "ALTER TABLE accounts ADD COLUMN n int GENERATED ALWAYS AS (a * 2) STORED",
    })
    void addColumnWithVolatileDefaultIsFound(String sql) {
        List<DdlFinding> findings = inspect(sql);
        assertThat(findings).extracting(DdlFinding::rule).containsExactly(ADD_COLUMN_VOLATILE_DEFAULT);
        assertThat(findings.get(0).table()).isEqualTo(new TableName("public", "accounts"));
        assertThat(findings.get(0).message()).startsWith("[addColumnVolatileDefault] ")
                .contains("rewrites the whole table").contains("batched backfill");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ALTER TABLE accounts ADD COLUMN created timestamptz DEFAULT now()",
            "ALTER TABLE accounts ADD COLUMN created timestamptz DEFAULT current_timestamp",
            "ALTER TABLE accounts ADD COLUMN note text DEFAULT 'random()'",
            "ALTER TABLE accounts ADD COLUMN note text DEFAULT $$clock_timestamp()$$",
            "ALTER TABLE accounts ADD COLUMN note text -- DEFAULT random()\n",
            "ALTER TABLE accounts ADD COLUMN note text /* DEFAULT gen_random_uuid() */ DEFAULT 'x'",
            "ALTER TABLE accounts ADD COLUMN \"random\" float8 DEFAULT 0",
            "ALTER TABLE accounts ADD COLUMN n int CHECK (n < random_limit(1))",
    })
    void stableOrConstantDefaultsAndWordsInStringsAreNotFound(String sql) {
        assertThat(inspect(sql)).isEmpty();
    }

    // ---- SET NOT NULL -------------------------------------------------------------------------

    @Test
    void setNotNullIsFoundWithTheCheckConstraintRecipe() {
        List<DdlFinding> findings = inspect("ALTER TABLE accounts ALTER COLUMN email SET NOT NULL");
        assertThat(findings).extracting(DdlFinding::rule).containsExactly(SET_NOT_NULL_WITHOUT_CHECK);
        assertThat(findings.get(0).column()).isEqualTo("email");
        assertThat(findings.get(0).message()).startsWith("[setNotNullWithoutCheck] ")
                .contains("CHECK (email IS NOT NULL) NOT VALID").contains("VALIDATE CONSTRAINT");
    }

    @Test
    void setNotNullWithoutTheColumnKeywordIsFound() {
        assertThat(rules("ALTER TABLE accounts ALTER email SET NOT NULL, ALTER name DROP NOT NULL"))
                .containsExactly(SET_NOT_NULL_WITHOUT_CHECK);
    }

    @Test
    void setNotNullAfterAValidatedCheckInTheSameTextIsNotFound() {
        assertThat(rules("ALTER TABLE accounts ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;"
                + "ALTER TABLE accounts VALIDATE CONSTRAINT email_nn;"
                + "ALTER TABLE accounts ALTER COLUMN email SET NOT NULL")).isEmpty();
    }

    @Test
    void setNotNullAfterAnUnvalidatedCheckIsStillFound() {
        assertThat(rules("ALTER TABLE accounts ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;"
                + "ALTER TABLE accounts ALTER COLUMN email SET NOT NULL")).containsExactly(SET_NOT_NULL_WITHOUT_CHECK);
    }

    @Test
    void dropNotNullAndSetDefaultAreNotFound() {
        assertThat(rules("ALTER TABLE accounts ALTER COLUMN email DROP NOT NULL, ALTER COLUMN a SET DEFAULT 1"))
                .isEmpty();
    }

    // ---- CREATE INDEX -------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE INDEX accounts_email ON accounts (email)",
            "create unique index on accounts using btree (lower(email))",
            "CREATE INDEX IF NOT EXISTS accounts_email ON ONLY public.accounts (email)",
            "CREATE INDEX \"concurrently\" ON accounts (email)",
    })
    void createIndexWithoutConcurrentlyIsFound(String sql) {
        List<DdlFinding> findings = inspect(sql);
        assertThat(findings).extracting(DdlFinding::rule).containsExactly(CREATE_INDEX_WITHOUT_CONCURRENTLY);
        assertThat(findings.get(0).table()).isEqualTo(new TableName("public", "accounts"));
        assertThat(findings.get(0).message()).startsWith("[createIndexWithoutConcurrently] ")
                .contains("CREATE INDEX CONCURRENTLY");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE INDEX CONCURRENTLY accounts_email ON accounts (email)",
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS accounts_email ON accounts (email)",
            "CREATE TABLE fresh (id int, email text); CREATE INDEX fresh_email ON fresh (email)",
            "COMMENT ON TABLE accounts IS 'CREATE INDEX x ON accounts (email)'",
            "SELECT 1 /* CREATE INDEX x ON accounts (email) */",
            "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $body$ CREATE INDEX x ON accounts (email) $body$",
            "ALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE USING INDEX accounts_email",
    })
    void concurrentOrHarmlessIndexBuildsAreNotFound(String sql) {
        assertThat(inspect(sql)).isEmpty();
    }

    @Test
    void addUniqueConstraintWithoutUsingIndexIsFoundAsAnIndexBuild() {
        List<DdlFinding> findings = inspect("ALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE (email)");
        assertThat(findings).extracting(DdlFinding::rule).containsExactly(CREATE_INDEX_WITHOUT_CONCURRENTLY);
        assertThat(findings.get(0).message()).contains("USING INDEX");
    }

    // ---- ALTER COLUMN TYPE --------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
            "ALTER TABLE users ALTER COLUMN name TYPE varchar(100)",
            "ALTER TABLE public.users ALTER name SET DATA TYPE text",
            "ALTER TABLE IF EXISTS ONLY users * ALTER COLUMN email TYPE citext USING email::citext",
            "ALTER TABLE shop.orders ALTER COLUMN total TYPE numeric(14,2)",
    })
    void alterTypeOnAManagedTableIsFound(String sql) {
        List<DdlFinding> findings = inspect(sql);
        assertThat(findings).extracting(DdlFinding::rule).containsExactly(ALTER_TYPE_ON_MANAGED_TABLE);
        assertThat(findings.get(0).message()).startsWith("[alterTypeOnManagedTable] ").contains("managed column");
    }

    @Test
    void alterTypeOnAnUnmanagedTableIsNotFound() {
        assertThat(rules("ALTER TABLE accounts ALTER COLUMN name TYPE varchar(100)")).isEmpty();
        assertThat(rules("ALTER TABLE other.users ALTER COLUMN name TYPE varchar(100)")).isEmpty();
    }

    @Test
    void unqualifiedTablesResolveThroughTheSearchPath() {
        List<DdlFinding> findings = DdlInspector.inspect("ALTER TABLE orders ALTER COLUMN total TYPE numeric",
                MANAGED, NOT_COMPLETE, List.of("$user", "public", "shop"));
        assertThat(findings).extracting(DdlFinding::table).containsExactly(ORDERS);
        assertThat(DdlInspector.inspect("ALTER TABLE orders ALTER COLUMN total TYPE numeric",
                MANAGED, NOT_COMPLETE, List.of("public"))).isEmpty();
    }

    // ---- DROP COLUMN / DROP TABLE -------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
            "ALTER TABLE users DROP COLUMN email_lower",
            "ALTER TABLE users DROP email",
            "ALTER TABLE \"public\".\"users\" DROP COLUMN IF EXISTS \"email\" CASCADE",
            "alter table users add column x int, drop column email",
    })
    void droppingAManagedColumnOrItsSourceIsFound(String sql) {
        List<DdlFinding> findings = inspect(sql);
        assertThat(findings).extracting(DdlFinding::rule).containsExactly(DROP_MANAGED_COLUMN);
        assertThat(findings.get(0).table()).isEqualTo(USERS);
        assertThat(findings.get(0).message()).startsWith("[dropManagedColumn] ").contains("complete");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ALTER TABLE users DROP COLUMN nickname",
            "ALTER TABLE users DROP CONSTRAINT email",
            "ALTER TABLE users ALTER COLUMN email DROP DEFAULT",
            "ALTER TABLE users DROP COLUMN \"Email\"",
            "ALTER TABLE other.users DROP COLUMN email",
            "SELECT 'ALTER TABLE users DROP COLUMN email'",
            "-- ALTER TABLE users DROP COLUMN email\nSELECT 1",
            "SELECT E'it\\'s; ALTER TABLE users DROP COLUMN email'",
            "SELECT \"ALTER TABLE users DROP COLUMN email\" FROM t",
            "DO $$ BEGIN ALTER TABLE users DROP COLUMN email; END $$",
            "DO $x$ BEGIN EXECUTE $$ ALTER TABLE users DROP COLUMN email $$; END $x$",
    })
    void otherDropsAndQuotedTextAreNotFound(String sql) {
        assertThat(inspect(sql)).isEmpty();
    }

    @Test
    void droppingATableWithManagedColumnsIsFoundPerColumn() {
        List<DdlFinding> findings = inspect("DROP TABLE IF EXISTS audit_log, users CASCADE");
        assertThat(findings).extracting(DdlFinding::rule).containsOnly(DROP_MANAGED_COLUMN);
        assertThat(findings).extracting(DdlFinding::column).containsExactlyInAnyOrder("email", "email_lower");
    }

    // ---- several statements, several actions ------------------------------------------------

    @Test
    void everyStatementAndActionOfAScriptIsInspected() {
        List<DdlFinding> findings = inspect("""
                BEGIN;
                ALTER TABLE users ADD COLUMN seen timestamptz DEFAULT clock_timestamp(), ALTER COLUMN name SET NOT NULL;
                CREATE INDEX users_seen ON users (seen);
                ALTER TABLE users DROP COLUMN email;
                COMMIT;
                """);
        assertThat(findings).extracting(DdlFinding::rule).containsExactly(ADD_COLUMN_VOLATILE_DEFAULT,
                SET_NOT_NULL_WITHOUT_CHECK, CREATE_INDEX_WITHOUT_CONCURRENTLY, DROP_MANAGED_COLUMN);
    }

    @Test
    void theConfiguredActionIsLookedUpPerRule() {
        DdlFinding finding = inspect("ALTER TABLE users DROP COLUMN email").get(0);
        assertThat(finding.action(DdlConfig.defaults())).isEqualTo(DdlConfig.Action.BLOCK);
        DdlFinding index = inspect("CREATE INDEX ON users (a)").get(0);
        assertThat(index.action(DdlConfig.defaults())).isEqualTo(DdlConfig.Action.WARN);
    }

    @Test
    void unterminatedTextDoesNotThrow() {
        assertThat(inspect("ALTER TABLE users DROP COLUMN 'email")).isEmpty();
        assertThat(inspect("SELECT $$ ALTER TABLE users DROP COLUMN email")).isEmpty();
        assertThat(inspect("/* ALTER TABLE users DROP COLUMN email")).isEmpty();
        assertThat(inspect("ALTER TABLE")).isEmpty();
    }
}
