package dev.phasegate.admin.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.admin.schema.FieldCheck.Status;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.guard.GuardRailFacts.SchemaFact;
import dev.phasegate.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

class SchemaInspectorIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(
            "CREATE TABLE users (id int PRIMARY KEY, email varchar(255) NOT NULL, email_lower character varying(255), "
                    + "age_text text, age int NOT NULL, nick text NOT NULL DEFAULT '', code int GENERATED ALWAYS AS IDENTITY)",
            "CREATE TABLE audited (id int PRIMARY KEY, email text, email_lower text CHECK (email_lower = lower(email_lower)))",
            "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.email := trim(NEW.email); "
                    + "RETURN NEW; END $$",
            "CREATE TRIGGER audited_touch BEFORE INSERT OR UPDATE ON audited FOR EACH ROW EXECUTE FUNCTION touch()",
            "CREATE TRIGGER audited_after AFTER UPDATE ON audited FOR EACH ROW EXECUTE FUNCTION touch()",
            "CREATE TRIGGER audited_stmt AFTER INSERT ON audited FOR EACH STATEMENT EXECUTE FUNCTION touch()",
            "CREATE TABLE orders (id int PRIMARY KEY, user_email text)",
            "ALTER TABLE audited ADD CONSTRAINT audited_email_key UNIQUE (email)",
            "ALTER TABLE orders ADD CONSTRAINT orders_user FOREIGN KEY (user_email) REFERENCES audited (email)",
            "CREATE INDEX audited_lower ON audited (email_lower)",
            "CREATE VIEW users_view AS SELECT * FROM users");

    private final SchemaInspector inspector = new SchemaInspector(dataSource());

    private static DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(PG.jdbcUrl());
        ds.setUser(PG.user());
        ds.setPassword(PG.password());
        return ds;
    }

    private static ManagedColumn column(String id, String type, String source, String up, String down) {
        return ManagedColumn.declared(ColumnId.parse(id), type, source, up, down, null);
    }

    @Test
    void aMatchingColumnPassesFieldByField() throws SQLException {
        SchemaReport report = inspector.inspect(column("public.users.email_lower", "varchar(255)", "email",
                "lower(email)", null));

        assertThat(report.passes()).isTrue();
        assertThat(report.tableExists()).isTrue();
        assertThat(report.columnExists()).isTrue();
        assertThat(report.field("type")).get().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Status.OK);
            assertThat(f.expected()).isEqualTo("character varying(255)");
            assertThat(f.actual()).isEqualTo("character varying(255)");
            assertThat(f.message()).isEqualTo("type is character varying(255) as declared (varchar(255))");
        });
        assertThat(report.field("nullability").get().status()).isEqualTo(Status.OK);
        assertThat(report.field("default").get().status()).isEqualTo(Status.INFO);
        assertThat(report.field("source").get().actual()).isEqualTo("email character varying(255)");
        assertThat(report.field("sourceNullability").get().status()).isEqualTo(Status.WARNING);
        assertThat(report.field("up").get().status()).isEqualTo(Status.OK);
        assertThat(report.field("index").get().status()).isEqualTo(Status.NOT_CONFIGURED);
        assertThat(report.toFact()).isEqualTo(new SchemaFact(true, java.util.List.of()));
    }

    @Test
    void aMissingTableOrColumnIsStated() throws SQLException {
        SchemaReport noTable = inspector.inspect(column("public.nope.x", "text", null, null, null));
        assertThat(noTable.tableExists()).isFalse();
        assertThat(noTable.problems()).containsExactly("table public.nope does not exist");
        assertThat(noTable.toFact().exists()).isFalse();

        SchemaReport noColumn = inspector.inspect(column("public.users.email_norm", "text", "email", "lower(email)",
                null));
        assertThat(noColumn.tableExists()).isTrue();
        assertThat(noColumn.columnExists()).isFalse();
        assertThat(noColumn.passes()).isFalse();
        assertThat(noColumn.field("column").get().message()).isEqualTo("email_norm does not exist in public.users; "
                + "add it first: ALTER TABLE public.users ADD COLUMN email_norm text");
        assertThat(noColumn.toFact().exists()).isFalse();
    }

    @Test
    void aWrongTypeIsAProblemNamingBothTypes() throws SQLException {
        SchemaReport report = inspector.inspect(column("public.users.email_lower", "varchar(100)", "email", null, null));
        assertThat(report.passes()).isFalse();
        FieldCheck type = report.field("type").get();
        assertThat(type.status()).isEqualTo(Status.PROBLEM);
        assertThat(type.expected()).isEqualTo("character varying(100)");
        assertThat(type.actual()).isEqualTo("character varying(255)");
        assertThat(type.message()).startsWith("type is character varying(255), declared varchar(100) "
                + "(character varying(100)); change the column");

        SchemaReport intText = inspector.inspect(column("public.users.age", "text", "age_text", null, null));
        assertThat(intText.field("type").get().message()).startsWith("type is integer, declared text");
        assertThat(intText.toFact().problems()).hasSize(2); // the type, and NOT NULL without default
    }

    @Test
    void aTypeNameThatIsNotATypeIsAProblemAndNotExecuted() throws SQLException {
        SchemaReport report = inspector.inspect(column("public.users.email_lower",
                "text); DROP TABLE users; --", "email", null, null));
        assertThat(report.field("type").get().status()).isEqualTo(Status.PROBLEM);
        assertThat(report.field("type").get().message()).contains("is not a type PostgreSQL knows");
        try (Connection c = PG.connect()) {
            assertThat(c.getMetaData().getTables(null, "public", "users", null).next()).isTrue();
        }
    }

    @Test
    void notNullWithoutDefaultIsRefusedWithAnExplanation() throws SQLException {
        SchemaReport report = inspector.inspect(column("public.users.age", "int4", "age_text", null, null));
        FieldCheck nullability = report.field("nullability").get();
        assertThat(nullability.status()).isEqualTo(Status.PROBLEM);
        assertThat(nullability.actual()).isEqualTo("NOT NULL");
        assertThat(nullability.message()).startsWith("age is NOT NULL without a default: while the column is hidden "
                + "the gateway strips it from INSERTs").contains("not-null violation").contains("Add a DEFAULT");
        assertThat(report.field("type").get().status()).isEqualTo(Status.OK);

        SchemaReport withDefault = inspector.inspect(column("public.users.nick", "text", null, null, null));
        assertThat(withDefault.field("nullability").get().status()).isEqualTo(Status.OK);
        assertThat(withDefault.field("default").get().actual()).isEqualTo("''::text");
    }

    @Test
    void anIdentityAlwaysColumnCannotBeDualWritten() throws SQLException {
        SchemaReport report = inspector.inspect(column("public.users.code", "integer", null, null, null));
        assertThat(report.field("generated").get().status()).isEqualTo(Status.PROBLEM);
        assertThat(report.field("generated").get().message()).contains("GENERATED ALWAYS AS IDENTITY");
    }

    @Test
    void triggersAndConstraintsThatFightDualWritesAreStated() throws SQLException {
        SchemaReport report = inspector.inspect(column("public.audited.email_lower", "text", "email", "lower(email)",
                null));

        assertThat(report.passes()).as("warnings do not refuse the step").isTrue();
        FieldCheck before = report.field("trigger:audited_touch").get();
        assertThat(before.status()).isEqualTo(Status.WARNING);
        assertThat(before.actual()).startsWith("CREATE TRIGGER audited_touch BEFORE INSERT OR UPDATE ON public.audited");
        assertThat(before.message()).contains("runs after the gateway computed email_lower from email");
        assertThat(report.field("trigger:audited_after").get().message())
                .contains("fires for every row the backfill changes");
        assertThat(report.field("trigger:audited_stmt").get().status()).isEqualTo(Status.INFO);

        assertThat(report.field("constraint:audited_email_lower_check").get().message())
                .startsWith("CHECK audited_email_lower_check on email_lower: every value up(row) computes");
        assertThat(report.field("constraint:audited_email_key").get().message())
                .startsWith("UNIQUE audited_email_key on email: down(new) must not map two rows to one value");
        assertThat(report.field("constraint:orders_user").get().message())
                .isEqualTo("foreign key orders_user of orders references email: it must move to email_lower before "
                        + "email can be dropped at complete");
    }

    @Test
    void anExpectedIndexIsCheckedWhenConfigured() throws SQLException {
        ManagedColumn column = column("public.audited.email_lower", "text", "email", null, null);
        assertThat(inspector.inspect(column, new ExpectedIndex(null, false)).field("index").get())
                .satisfies(f -> {
                    assertThat(f.status()).isEqualTo(Status.OK);
                    assertThat(f.actual()).isEqualTo("audited_lower");
                });
        FieldCheck missing = inspector.inspect(column, new ExpectedIndex(null, true)).field("index").get();
        assertThat(missing.status()).isEqualTo(Status.PROBLEM);
        assertThat(missing.message()).contains("CREATE INDEX CONCURRENTLY");
    }

    @Test
    void anExpressionThatDoesNotEvaluateIsAProblem() throws SQLException {
        SchemaReport report = inspector.inspect(column("public.audited.email_lower", "text", "email",
                "lower(emial)", "emial"));
        assertThat(report.field("up").get().status()).isEqualTo(Status.PROBLEM);
        assertThat(report.field("up").get().message()).contains("does not evaluate over public.audited")
                .contains("emial");
        assertThat(report.field("down").get().status()).isEqualTo(Status.PROBLEM);
    }

    @Test
    void aViewIsNotATable() throws SQLException {
        SchemaReport report = inspector.inspect(column("public.users_view.email_lower", "text", "email", null, null));
        assertThat(report.problems()).containsExactly("public.users_view is a view, not a table: the gateway cannot "
                + "dual-write it");
    }
}
