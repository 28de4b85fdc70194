package dev.phasegate.rewriter.lex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LeadingWordsTest {

    private static final Map<String, Integer> BIT_OF_WORD = Map.ofEntries(
            Map.entry("alter", LeadingWords.DDL), Map.entry("create", LeadingWords.DDL),
            Map.entry("drop", LeadingWords.DDL), Map.entry("set", LeadingWords.SETTING),
            Map.entry("reset", LeadingWords.SETTING), Map.entry("discard", LeadingWords.SETTING),
            Map.entry("savepoint", LeadingWords.TRANSACTION_CONTROL),
            Map.entry("release", LeadingWords.TRANSACTION_CONTROL),
            Map.entry("rollback", LeadingWords.TRANSACTION_CONTROL),
            Map.entry("abort", LeadingWords.TRANSACTION_CONTROL), Map.entry("commit", LeadingWords.TRANSACTION_CONTROL),
            Map.entry("end", LeadingWords.TRANSACTION_CONTROL));

    @Test
    void findsTheWordThatLeadsEachStatement() {
        assertThat(LeadingWords.of("ALTER TABLE t ADD c int")).isEqualTo(LeadingWords.DDL);
        assertThat(LeadingWords.of("/* app */ -- x\n\tdrop table t")).isEqualTo(LeadingWords.DDL);
        assertThat(LeadingWords.of("set search_path to a")).isEqualTo(LeadingWords.SETTING | LeadingWords.PATH_NAME);
        assertThat(LeadingWords.of("DISCARD ALL; COMMIT")).isEqualTo(LeadingWords.SETTING | LeadingWords.TRANSACTION_CONTROL);
        assertThat(LeadingWords.of("Rollback To s1;release s1;SAVEPOINT s2;end;abort"))
                .isEqualTo(LeadingWords.TRANSACTION_CONTROL);
        assertThat(LeadingWords.of("select pg_catalog.set_config('search_path', 'a', false)")).isEqualTo(LeadingWords.PATH_NAME);
        assertThat(LeadingWords.of("SELECT * FROM notes WHERE body = 'search_path'"))
                .as("literals included: a false positive costs a closer look").isEqualTo(LeadingWords.PATH_NAME);
    }

    @Test
    void aCommentAfterASemicolonMayBeLiteralTextSoEveryBitIsSet() {
        // The semicolon and what looks like a comment are in one literal; ROLLBACK really leads a statement.
        assertThat(LeadingWords.of("SELECT ';--'; ROLLBACK")).isEqualTo(LeadingWords.ALL);
        assertThat(LeadingWords.of("SELECT ';/*', set_config('search_path', 'x', false), '*/'")).isEqualTo(LeadingWords.ALL);
        assertThat(LeadingWords.of("SELECT 1; /* a /* nested */ */ SELECT 2")).isEqualTo(LeadingWords.ALL);
    }

    @Test
    void wordsInsideAStatementDoNotLeadIt() {
        assertThat(LeadingWords.of("UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = 2")).isZero();
        assertThat(LeadingWords.of("SELECT 'drop', created, reset_at FROM t -- alter")).isZero();
        assertThat(LeadingWords.of("INSERT INTO t (commit_sha) VALUES ('x')")).isZero();
        assertThat(LeadingWords.of("")).isZero();
        assertThat(LeadingWords.of(" ; ;")).isZero();
    }

    /**
     * The walk must never clear a bit where PostgreSQL's lexer would see a statement start with its
     * word. Random texts built from what can sit around a word (white space, comments, quotes,
     * dollar signs, semicolons, letters beyond ASCII) are checked against {@link SqlLexer}.
     */
    @Test
    void neverMissesAStatementTheLexerSeesStartWithAWord() {
        String nbsp = String.valueOf((char) 0xA0);
        List<String> pieces = List.of("alter", "CREATE", "Drop", "set", "RESET", "discard", "SavePoint", "release",
                "ROLLBACK", "abort", "commit", "END", "en", "x", "_", "1", "$1", "$", "$$", "$$set$$", "'", "'reset'",
                "E'\\'", "\"", "\"end\"", "/*", "*/", "/* drop */", "--", "-- c\n", "\n", "\r", "\t", "\f", " ", ";",
                "(", ")", ".", nbsp, "U&\"d\"");
        Random random = new Random(20261128);
        int led = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int k = 1 + random.nextInt(8); k > 0; k--) {
                text.append(pieces.get(random.nextInt(pieces.size())));
            }
            String sql = text.toString();
            int expected = byTheLexer(sql);
            assertThat(LeadingWords.of(sql) & expected).as(sql).isEqualTo(expected);
            led += expected != 0 ? 1 : 0;
        }
        assertThat(led).as("texts with a statement led by one of the words").isGreaterThan(20_000);
    }

    private static int byTheLexer(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        int bits = 0;
        boolean statementStart = true;
        for (TokenType t = lexer.next(); t != null; t = lexer.next()) {
            if (t == TokenType.SEMICOLON) {
                statementStart = true;
                continue;
            }
            if (statementStart) {
                for (Map.Entry<String, Integer> word : BIT_OF_WORD.entrySet()) {
                    if (lexer.isWord(word.getKey())) {
                        bits |= word.getValue();
                    }
                }
            }
            statementStart = false;
        }
        return bits;
    }
}
