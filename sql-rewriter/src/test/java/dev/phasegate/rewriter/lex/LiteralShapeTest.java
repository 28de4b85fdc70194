package dev.phasegate.rewriter.lex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

class LiteralShapeTest {

    @Test
    void replacesStringAndNumericLiteralsKeepingEverythingElse() {
        String sql = "SELECT id /* why */ FROM users WHERE email = 'A@b.c' AND age > -42.5e1 LIMIT 10";
        LiteralShape shape = LiteralShape.of(sql);

        assertThat(shape.text()).isEqualTo("SELECT id /* why */ FROM users WHERE email = $1 AND age > -$2 LIMIT $3");
        assertThat(shape.literalCount()).isEqualTo(3);
        assertThat(shape.literal(1)).isEqualTo("'A@b.c'");
        assertThat(shape.literal(2)).isEqualTo("42.5e1");
        assertThat(shape.literal(3)).isEqualTo("10");
        assertThat(shape.original()).isSameAs(sql);
    }

    @Test
    void onlyPlainStringsAreReplacedTheParserInterpretsTheOtherForms() {
        LiteralShape shape = LiteralShape.of("INSERT INTO t VALUES (E'it\\'s', 'a''b', U&'d\\0061t', X'1F', N'n')");

        assertThat(shape.text()).isEqualTo("INSERT INTO t VALUES (E'it\\'s', $1, U&'d\\0061t', X'1F', N'n')");
        assertThat(shape.literal(1)).isEqualTo("'a''b'");
    }

    @Test
    void theKeyTellsLiteralKindsApart() {
        LiteralShape integer = LiteralShape.of("SELECT * FROM t LIMIT 10");
        LiteralShape otherInteger = LiteralShape.of("SELECT * FROM t LIMIT 7");
        LiteralShape decimal = LiteralShape.of("SELECT * FROM t LIMIT 1.5");
        LiteralShape string = LiteralShape.of("SELECT * FROM t LIMIT '10'");

        assertThat(integer.text()).isEqualTo(decimal.text()).isEqualTo(string.text());
        assertThat(integer.key()).isEqualTo(otherInteger.key());
        assertThat(integer.key()).isNotEqualTo(decimal.key()).isNotEqualTo(string.key());
        assertThat(decimal.key()).isNotEqualTo(string.key());
    }

    @Test
    void noShapeForStatementsWithTheirOwnPlaceholdersNoLiteralsOrLexicalErrors() {
        assertThat(LiteralShape.of("SELECT * FROM users WHERE id = $1 AND name = 'x'")).isNull();
        assertThat(LiteralShape.of("SELECT email FROM users")).isNull();
        assertThat(LiteralShape.of("SELECT 'unterminated FROM users")).isNull();
    }

    @Test
    void typedLiteralsAndDollarQuotedBodiesArePartOfTheShape() {
        LiteralShape shape = LiteralShape.of("SELECT interval '1 day', DATE '2024-01-01', $$body$$, 'x'::date");

        assertThat(shape.text()).isEqualTo("SELECT interval '1 day', DATE '2024-01-01', $$body$$, $1::date");
    }

    @Test
    void aPlaceholderNeverFusesWithANeighbouringWord() {
        LiteralShape shape = LiteralShape.of("SELECT'a'AS x");

        assertThat(shape.text()).isEqualTo("SELECT $1 AS x");
        assertThat(shape.fill(shape.text(), IntUnaryOperator.identity())).isEqualTo("SELECT 'a' AS x");
    }

    @Test
    void mapsShapeOffsetsBackOntoTheOriginal() {
        String sql = "UPDATE t SET a = 'long value' WHERE id = 7; SELECT'x'FROM t";
        LiteralShape shape = LiteralShape.of(sql);
        String text = shape.text();
        assertThat(text).isEqualTo("UPDATE t SET a = $1 WHERE id = $2; SELECT $3 FROM t");

        assertThat(shape.toOriginal(0)).isZero();
        assertThat(shape.toOriginal(text.indexOf("$1"))).isEqualTo(sql.indexOf("'long"));
        assertThat(shape.toOriginal(text.indexOf(" WHERE"))).isEqualTo(sql.indexOf(" WHERE"));
        assertThat(shape.toOriginal(text.indexOf(';'))).isEqualTo(sql.indexOf(';'));
        assertThat(shape.toOriginal(text.indexOf("SELECT"))).isEqualTo(sql.indexOf("SELECT"));
        assertThat(shape.toOriginal(text.indexOf("FROM t", text.indexOf(';')))).isEqualTo(sql.lastIndexOf("FROM t"));
        assertThat(shape.toOriginal(text.length())).isEqualTo(sql.length());
    }

    @Test
    void fillPutsTheLiteralsIntoARewriteOfTheShapeFollowingItsNumbering() {
        LiteralShape shape = LiteralShape.of("UPDATE users SET email = 'A@B', email_lower = 'x' WHERE id = 5");
        assertThat(shape.text()).isEqualTo("UPDATE users SET email = $1, email_lower = $2 WHERE id = $3");

        // A rewrite that dropped $2 and renumbered $3 to $2, and repeated $1:
        String rewritten = "UPDATE users SET email = $1, email_lower = lower($1) WHERE id = $2";
        IntUnaryOperator oldNumber = n -> n == 1 ? 1 : 3;

        assertThat(shape.fill(rewritten, oldNumber))
                .isEqualTo("UPDATE users SET email = 'A@B', email_lower = lower('A@B') WHERE id = 5");
        assertThatThrownBy(() -> shape.fill("SELECT $4", IntUnaryOperator.identity()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$4");
    }
}
