package dev.phasegate.rewriter.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.rewriter.ddl.SqlLexer.Kind;
import dev.phasegate.rewriter.ddl.SqlLexer.Token;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlLexerTest {

    private static List<Kind> kinds(String sql) {
        return SqlLexer.tokenize(sql).stream().map(Token::kind).toList();
    }

    @Test
    void commentsAreDroppedIncludingNestedBlockComments() {
        assertThat(SqlLexer.tokenize("a /* x /* y */ still comment */ b -- c\n d").stream().map(Token::text))
                .containsExactly("a", "b", "d");
    }

    @Test
    void stringFormsAreSingleTokens() {
        assertThat(kinds("'it''s' E'a\\'b' U&'d\\0061' B'101' X'ff' $$x;y$$ $tag$ $$ $tag$"))
                .containsOnly(Kind.STRING).hasSize(7);
    }

    @Test
    void quotedIdentifiersKeepTheirCaseAndUnquotedWordsFold() {
        List<Token> tokens = SqlLexer.tokenize("\"My\"\"Col\" MyCol");
        assertThat(tokens.get(0).kind()).isEqualTo(Kind.QUOTED_IDENTIFIER);
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
    void offsetsPointIntoTheInput() {
        String sql = "select  'x'";
        Token string = SqlLexer.tokenize(sql).get(1);
        assertThat(sql.substring(string.start(), string.end())).isEqualTo("'x'");
    }
}
