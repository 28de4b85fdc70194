package dev.phasegate.rewriter.lex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

class FillTemplateTest {

    @Test
    void oneTemplateFillsEveryStatementOfTheShape() {
        LiteralShape first = LiteralShape.of("UPDATE users SET email = 'A@B' WHERE id = 5");
        LiteralShape second = LiteralShape.of("UPDATE users SET email = 'it''s' WHERE id = 123456");
        assertThat(second.key()).isEqualTo(first.key());
        FillTemplate template = FillTemplate.of(
                "UPDATE users SET email = $1, email_lower = lower($1) WHERE id = $2", IntUnaryOperator.identity());

        assertThat(template.fill(first)).isEqualTo("UPDATE users SET email = 'A@B', email_lower = lower('A@B') WHERE id = 5");
        assertThat(template.fill(second))
                .isEqualTo("UPDATE users SET email = 'it''s', email_lower = lower('it''s') WHERE id = 123456");
    }

    @Test
    void placeholdersAreFoundAsTheLexerSeesThemAndRenumbered() {
        LiteralShape shape = LiteralShape.of("SELECT 1, 2, 3");
        FillTemplate template = FillTemplate.of("SELECT $2 /* $1 */, '$1', \"$1\", $1", n -> n == 1 ? 3 : 1);

        assertThat(template.fill(shape)).isEqualTo("SELECT 1 /* $1 */, '$1', \"$1\", 3");
        assertThat(FillTemplate.of("SELECT 'no placeholders'", IntUnaryOperator.identity()).fill(shape))
                .isEqualTo("SELECT 'no placeholders'");
    }

    @Test
    void aPlaceholderTheShapeLacksIsRefused() {
        LiteralShape shape = LiteralShape.of("SELECT 1");
        assertThatThrownBy(() -> FillTemplate.of("SELECT $2", IntUnaryOperator.identity()).fill(shape))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$2");
        assertThatThrownBy(() -> FillTemplate.of("SELECT $12345678901", IntUnaryOperator.identity()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    }
}
