package dev.phasegate.rewriter.lex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlLexerTest {

    private static List<String> tokens(String sql) {
        List<String> out = new ArrayList<>();
        SqlLexer lexer = new SqlLexer(sql);
        for (TokenType t = lexer.next(); t != null; t = lexer.next()) {
            out.add(t + ":" + sql.substring(lexer.start(), lexer.end()));
        }
        return out;
    }

    @Test
    void aBlockCommentLeftOpenIsReportedAtTheEnd() {
        SqlLexer open = new SqlLexer("SELECT 1 /* a /* nested */ still open");
        while (open.next() != null) {
            // to the end
        }
        assertThat(open.endsInUnclosedComment()).isTrue();
        SqlLexer closed = new SqlLexer("SELECT 1 /* a /* nested */ closed */ -- line");
        while (closed.next() != null) {
            // to the end
        }
        assertThat(closed.endsInUnclosedComment()).isFalse();
    }

    @Test
    void skipsLineAndNestedBlockComments() {
        assertThat(tokens("a -- users\n/* x /* users */ y */ b")).containsExactly("WORD:a", "WORD:b");
    }

    @Test
    void doubledQuotesStayInsideAStringAndAnIdentifier() {
        assertThat(tokens("'it''s users' \"a\"\"b\"")).containsExactly("STRING:'it''s users'",
                "QUOTED_IDENTIFIER:\"a\"\"b\"");
    }

    @Test
    void escapeStringsHonourBackslashes() {
        assertThat(tokens("E'a\\'users' x")).containsExactly("STRING:E'a\\'users'", "WORD:x");
    }

    @Test
    void plainStringsDoNotTreatBackslashAsAnEscape() {
        assertThat(tokens("'a\\' users")).containsExactly("STRING:'a\\'", "WORD:users");
    }

    @Test
    void dollarQuotesWithAndWithoutTags() {
        assertThat(tokens("$$users$$ $fn$ select $x$ $fn$ z")).containsExactly("STRING:$$users$$",
                "STRING:$fn$ select $x$ $fn$", "WORD:z");
    }

    @Test
    void parametersAreNotDollarQuotes() {
        assertThat(tokens("$1 + $12")).containsExactly("PARAMETER:$1", "OPERATOR:+", "PARAMETER:$12");
    }

    @Test
    void dollarInsideAnIdentifierIsPartOfIt() {
        assertThat(tokens("a$b$c")).containsExactly("WORD:a$b$c");
    }

    @Test
    void prefixedStringsAndUnicodeIdentifiers() {
        assertThat(tokens("B'101' X'1F' N'n' U&'\\0041' U&\"\\0075sers\"")).containsExactly("STRING:B'101'",
                "STRING:X'1F'", "STRING:N'n'", "STRING:U&'\\0041'", "QUOTED_IDENTIFIER:U&\"\\0075sers\"");
    }

    @Test
    void castsOperatorsAndPunctuation() {
        assertThat(tokens("x::int[] ->> 'k', (a.b);")).containsExactly("WORD:x", "OPERATOR:::", "WORD:int",
                "LEFT_BRACKET:[", "RIGHT_BRACKET:]", "OPERATOR:->>", "STRING:'k'", "COMMA:,", "LEFT_PAREN:(",
                "WORD:a", "DOT:.", "WORD:b", "RIGHT_PAREN:)", "SEMICOLON:;");
    }

    @Test
    void numbers() {
        assertThat(tokens("1 2.5 .5 1e10 3.0E-2")).containsExactly("NUMBER:1", "NUMBER:2.5", "NUMBER:.5",
                "NUMBER:1e10", "NUMBER:3.0E-2");
    }

    @Test
    void unterminatedLiteralIsInvalid() {
        assertThat(tokens("select 'abc")).containsExactly("WORD:select", "INVALID:'abc");
    }

    @Test
    void tokenListMatchesParentheses() {
        TokenList t = TokenList.of("f((a), [b])");
        assertThat(t.match(1)).isEqualTo(9);
        assertThat(t.match(2)).isEqualTo(4);
        assertThat(t.match(6)).isEqualTo(8);
        assertThat(t.firstAtOrAfter(3)).isEqualTo(3);
        assertThat(t.lastEndingAtOrBefore(4)).isEqualTo(3);
    }
}
