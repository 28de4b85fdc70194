package dev.phasegate.rewriter.lex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PreFilterTest {

    private final PreFilter filter = PreFilter.of(List.of("users", "Orders"));

    @Test
    void findsAnUnquotedNameInAnyCase() {
        assertThat(filter.mayName("select * from USERS")).isTrue();
        assertThat(filter.mayName("select * from public.Users u")).isTrue();
    }

    @Test
    void findsAQuotedName() {
        assertThat(filter.mayName("select * from \"users\"")).isTrue();
        assertThat(filter.mayName("select * from \"Orders\"")).isTrue();
    }

    @Test
    void quotedNameWithEscapedQuotesIsUnescaped() {
        PreFilter odd = PreFilter.of(List.of("we\"ird"));
        assertThat(odd.mayName("select 1 from \"we\"\"ird\"")).isTrue();
        assertThat(odd.mayName("select 1 from weird")).isFalse();
    }

    @Test
    void ignoresNamesInStringsCommentsAndDollarQuotes() {
        assertThat(filter.mayName("select 'users', $$users$$, $t$ users $t$, E'\\'users' -- users\n/* users */"))
                .isFalse();
    }

    @Test
    void aDollarQuoteEndsOnlyAtItsOwnTag() {
        assertThat(filter.mayName("select $a$ $b$ users $a$")).isFalse();
        assertThat(filter.mayName("select $a$ x $a$, users")).isTrue();
        assertThat(filter.mayName(new StringBuilder("select $ab$ users $a$ $ab$ from t"))).isFalse();
        assertThat(filter.mayName("select $a$ users")).as("unterminated").isTrue();
    }

    @Test
    void ignoresLongerIdentifiersThatStartWithTheName() {
        assertThat(filter.mayName("select * from users_archive, userss, xusers")).isFalse();
    }

    @Test
    void unicodeEscapedIdentifiersAlwaysMatch() {
        assertThat(filter.mayName("select * from U&\"\\0075sers\"")).isTrue();
    }

    @Test
    void unterminatedLiteralsMatchRatherThanGuess() {
        assertThat(filter.mayName("select 'unterminated")).isTrue();
    }

    @Test
    void emptyFilterSaysNo() {
        assertThat(PreFilter.of(List.of()).mayName("select * from users")).isFalse();
    }

    @Test
    void namesInListsTheManagedNamesMentioned() {
        assertThat(filter.namesIn("update users set x = (select 1 from orders)")).containsExactly("users", "orders");
    }

    @Test
    void aNameRightAfterANumberIsSeen() {
        assertThat(filter.mayName("select 1users")).isTrue();
        assertThat(filter.mayName("select 0x1F from users")).isTrue();
    }

    @Test
    void escapeStringsDoNotHideWhatFollows() {
        assertThat(filter.mayName("select E'it\\'s' from users")).isTrue();
    }

    @Test
    void theFastScannerAgreesWithTheLexerOnRandomText() {
        java.util.Random random = new java.util.Random(42);
        String[] pieces = {"users", "USERS", "\"users\"", "\"Users\"", "orders", "x", " ", "\n", "'", "''", "\"",
            "E'", "\\", "$$", "$a$", "$1", "--", "/*", "*/", "1", "u&\"", "U&'", ",", "(", ")", ".", "::", "e", "_",
            "é", "$", "-", "/", "*", ";", "users_x", "select", "from"};
        for (int i = 0; i < 50_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(12);
            for (int k = 0; k < n; k++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = sb.toString();
            boolean lexer = filter.mayNameByLexer(text);
            boolean fast = filter.mayName(text);
            if (lexer) {
                assertThat(fast).as("false negative for [%s]", text).isTrue();
            }
            assertThat(filter.mayName(sb)).as("the same answer over another CharSequence for [%s]", text)
                    .isEqualTo(fast);
        }
    }
}
