package dev.phasegate.rewriter.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpressionTemplateTest {

    private static final Set<String> COLUMNS = Set.of("email", "amount", "first", "last", "Sku", "text");

    private static ExpressionTemplate t(String e) {
        return ExpressionTemplate.of(e, COLUMNS::contains);
    }

    @Test
    void functionNamesAndTypesAreNotColumns() {
        assertThat(t("lower(email)::text").columns()).containsExactly("email");
        assertThat(t("CAST(email AS text)").columns()).containsExactly("email");
    }

    @Test
    void multiWordTypesAfterACast() {
        assertThat(t("email::character varying(10) || last").columns()).containsExactly("email", "last");
        assertThat(t("amount::double precision * 2").columns()).containsExactly("amount");
    }

    @Test
    void quotedNamesAreMatchedExactly() {
        assertThat(t("upper(\"Sku\")").columns()).containsExactly("Sku");
        assertThat(t("upper(sku)").columns()).isEmpty();
    }

    @Test
    void stringsAndTypedConstantsAreNotColumns() {
        assertThat(t("first || ' email ' || date '2020-01-01'").columns()).containsExactly("first");
    }

    @Test
    void renderParenthesisesOnlyWhereNeeded() {
        assertThat(t("lower(email)").render(c -> "$1 || 'x'")).isEqualTo("lower($1 || 'x')");
        assertThat(t("(amount * 100)::bigint").render(c -> "a + b")).isEqualTo("((a + b) * 100)::bigint");
        assertThat(t("email::text").render(c -> "a || b")).isEqualTo("(a || b)::text");
        assertThat(t("email::text").render(c -> "$1::varchar")).isEqualTo("$1::varchar::text");
        assertThat(t("first || ' ' || last").render(c -> c.equals("first") ? "u.first" : null))
                .isEqualTo("u.first || ' ' || last");
    }

    @Test
    void sqlTextAtomicity() {
        assertThat(SqlText.isAtomic("NULL::text")).isTrue();
        assertThat(SqlText.isAtomic("NULL::numeric(12,2)")).isTrue();
        assertThat(SqlText.isAtomic("u.email")).isTrue();
        assertThat(SqlText.isAtomic("lower(u.email)")).isTrue();
        assertThat(SqlText.isAtomic("(a + b)")).isTrue();
        assertThat(SqlText.isAtomic("'x'::text[]")).isTrue();
        assertThat(SqlText.isAtomic("a + b")).isFalse();
        assertThat(SqlText.isAtomic("-1")).isFalse();
        assertThat(SqlText.isAtomic("(a) + (b)")).isFalse();
        assertThat(SqlText.isAtomic("NOT x")).isFalse();
        assertThat(SqlText.isAtomic("x COLLATE \"C\"")).isFalse();
    }
}
