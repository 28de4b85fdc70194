package dev.phasegate.rewriter.lex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SqlLexer#tokenize}: the token list the DDL guard and the backfill's {@code where} check walk. */
class SqlLexerTokenizeTest {

    private static List<TokenType> types(String sql) {
        return SqlLexer.tokenize(sql).stream().map(Token::type).toList();
    }

    @Test
    void commentsAreDroppedIncludingNestedBlockComments() {
        assertThat(SqlLexer.tokenize("a /* x /* y */ still comment */ b -- c\n d").stream().map(Token::text))
                .containsExactly("a", "b", "d");
    }

    @Test
    void stringFormsAreSingleTokens() {
        assertThat(types("'it''s' E'a\\'b' U&'d\\0061' B'101' X'ff' $$x;y$$ $tag$ $$ $tag$"))
                .containsOnly(TokenType.STRING).hasSize(7);
    }

    @Test
    void quotedIdentifiersKeepTheirCaseAndUnquotedWordsFold() {
        List<Token> tokens = SqlLexer.tokenize("\"My\"\"Col\" MyCol");
        assertThat(tokens.get(0).type()).isEqualTo(TokenType.QUOTED_IDENTIFIER);
        assertThat(tokens.get(0).name()).isEqualTo("My\"Col");
        assertThat(tokens.get(1).name()).isEqualTo("mycol");
    }

    @Test
    void parametersDollarsInIdentifiersAndOperatorsAreTokens() {
        assertThat(SqlLexer.tokenize("a$b = $1::int").stream().map(Token::text))
                .containsExactly("a$b", "=", "$1", "::", "int");
    }

    @Test
    void anOperatorRunStopsAtAComment() {
        assertThat(SqlLexer.tokenize("a <--b\nc").stream().map(Token::text)).containsExactly("a", "<", "c");
    }

    @Test
    void aUnicodeQuotedIdentifierIsNamedByItsQuotedPart() {
        Token name = SqlLexer.tokenize("ALTER TABLE U&\"Users\" ADD x int").get(2);
        assertThat(name.type()).isEqualTo(TokenType.QUOTED_IDENTIFIER);
        assertThat(name.name()).isEqualTo("Users");
        assertThat(name.start()).isEqualTo(12);
    }

    @Test
    void symbolsArePunctuationAndOperatorsOnly() {
        List<Token> tokens = SqlLexer.tokenize("f(a, 'x') ; -- c");
        assertThat(tokens.stream().filter(t -> t.isSymbol("(") || t.isSymbol(",") || t.isSymbol(")")
                || t.isSymbol(";"))).hasSize(4);
        assertThat(tokens.get(4).isSymbol("'x'")).as("a string is not a symbol").isFalse();
    }

    @Test
    void offsetsPointIntoTheInput() {
        String sql = "select  'x'";
        Token string = SqlLexer.tokenize(sql).get(1);
        assertThat(sql.substring(string.start(), string.end())).isEqualTo("'x'");
    }
}
