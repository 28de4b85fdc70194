package dev.phasegate.rewriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.rewriter.catalog.Catalog;
import org.junit.jupiter.api.Test;

class ColumnValidatorTest {

    private static final Catalog CATALOG = Catalog.builder(1)
            .table("public", "users", "id bigint", "email text", "email_lower text", "Sku text")
            .build();
    private final ColumnValidator validator = new ColumnValidator();

    private static ManagedColumn column(String id, String type, String source, String up, String down, String def) {
        return ManagedColumn.declared(ColumnId.parse(id), type, source, up, down, def);
    }

    @Test
    void aWellFormedColumnHasNoProblems() {
        ManagedColumn c = column("users.email_lower", "text", "email", "lower(email)", "email_lower", "''::text");
        assertThat(validator.problems(c, CATALOG)).isEmpty();
    }

    @Test
    void anExpressionThatDoesNotParseIsNamedWithItsField() {
        ManagedColumn c = column("users.email_lower", "text", "email", "lower(email", null, null);
        assertThat(validator.problems(c)).singleElement().asString()
                .contains("public.users.email_lower").contains("up is not one SQL expression");
    }

    @Test
    void twoExpressionsOrAQueryOrAnAliasAreNotOneExpression() {
        assertThat(validator.problems(column("users.email_lower", "text", "email", "lower(email), 1", null, null)))
                .hasSize(1);
        assertThat(validator.problems(column("users.email_lower", "text", "email", "1 FROM users", null, null)))
                .hasSize(1);
        assertThat(validator.problems(column("users.email_lower", "text", "email", "lower(email) AS x", null, null)))
                .hasSize(1);
        assertThat(validator.problems(column("users.email_lower", "text", "email", "lower(email); DROP TABLE users",
                null, null))).hasSize(1);
    }

    @Test
    void referencesAreCheckedAgainstTheCatalog() {
        ManagedColumn c = column("users.email_lower", "text", "email", "lower(mail)", "emial_lower", "email");
        assertThat(validator.problems(c, CATALOG)).hasSize(3)
                .anyMatch(p -> p.contains("up reads mail"))
                .anyMatch(p -> p.contains("down reads emial_lower"))
                .anyMatch(p -> p.contains("default must not read columns"));
    }

    @Test
    void missingColumnsAndTypeMismatchesAreReported() {
        assertThat(validator.problems(column("users.nope", "text", "email", null, null, null), CATALOG))
                .anyMatch(p -> p.contains("column nope does not exist"));
        assertThat(validator.problems(column("users.email_lower", "bigint", "email", null, null, null), CATALOG))
                .anyMatch(p -> p.contains("declared type bigint"));
        assertThat(validator.problems(column("users.email_lower", "text", "mail", null, null, null), CATALOG))
                .anyMatch(p -> p.contains("source column mail does not exist"));
        assertThat(validator.problems(column("other.x", "text", null, null, null, null), CATALOG))
                .anyMatch(p -> p.contains("table public.other does not exist"));
    }

    @Test
    void typeSpellingsAreComparedLoosely() {
        assertThat(ColumnValidator.normalize("int8")).isEqualTo(ColumnValidator.normalize("bigint"));
        assertThat(ColumnValidator.normalize("varchar(20)")).isEqualTo("character varying(20)");
        assertThat(ColumnValidator.normalize("timestamptz")).isEqualTo("timestamp with time zone");
    }

    @Test
    void quotedMixedCaseSourceIsFound() {
        ManagedColumn c = column("users.email_lower", "text", "Sku", "upper(\"Sku\")", null, null);
        assertThat(validator.problems(c, CATALOG)).isEmpty();
    }

    @Test
    void checkThrowsWithEveryProblem() {
        ManagedColumn c = column("users.email_lower", "text", "email", "lower(", "(", null);
        assertThatThrownBy(() -> validator.check(c, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("up").hasMessageContaining("down");
    }
}
