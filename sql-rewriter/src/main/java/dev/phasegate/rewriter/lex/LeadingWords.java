package dev.phasegate.rewriter.lex;

/**
 * Which command words may lead the statements of a text, found in one walk without lexing: the
 * questions a gateway asks of every query before it lets it pass untouched (may it be DDL, may it
 * change the search_path, may it end a transaction) answered together, so the text is read once.
 *
 * <p>The answer over-approximates and never misses: a statement starts at the beginning of the
 * text, past white space and comments, and after every semicolon, even one inside a literal or a
 * comment; its first word is compared by prefix ({@code "alter"} also matches {@code alterx}). A
 * bit that is set only means "look closer" (the lexer decides); a bit that is clear is certain.
 * The walk does not follow literals (their rules depend on session settings such as
 * {@code standard_conforming_strings}), so after a semicolon it cannot tell a comment from literal
 * text: there a comment where a word should be makes it answer every bit.
 */
public final class LeadingWords {

    /** {@code ALTER}, {@code CREATE} or {@code DROP}. */
    public static final int DDL = 1;
    /** {@code SET}, {@code RESET} or {@code DISCARD}: the commands that change a setting. */
    public static final int SETTING = 1 << 1;
    /** {@code SAVEPOINT}, {@code RELEASE}, {@code ROLLBACK}, {@code ABORT}, {@code COMMIT} or {@code END}. */
    public static final int TRANSACTION_CONTROL = 1 << 2;
    /**
     * Not a leading word: {@code search_path} or {@code set_config} anywhere in the text, literals
     * included, since {@code set_config('search_path', …)} changes the path from inside another
     * statement and names the setting in a literal.
     */
    public static final int PATH_NAME = 1 << 3;

    /** Every bit: what a text gets when the walk cannot tell. */
    static final int ALL = DDL | SETTING | TRANSACTION_CONTROL | PATH_NAME;

    private LeadingWords() {
    }

    /** The bits of this class that {@code sql} may have; 0 when it certainly has none. */
    public static int of(CharSequence sql) {
        int n = sql.length();
        int words = 0;
        boolean statementStart = true;
        for (int i = skipCommentsAndSpace(sql, n); i < n; i++) {
            char c = sql.charAt(i);
            if (c == '_') {
                if (i >= 6 && SqlLexer.regionMatches(sql, i - 6, "search_path")
                        || i >= 3 && SqlLexer.regionMatches(sql, i - 3, "set_config")) {
                    words |= PATH_NAME;
                }
            } else if (c == ';') {
                statementStart = true;
            } else if (statementStart && c > ' ') {
                if (SqlLexer.skipComment(sql, i, n) != i) {
                    // This semicolon may sit in a literal the walk does not follow, so what looks like a
                    // comment may be literal text with statements behind it: skipping it could miss them.
                    return ALL;
                }
                statementStart = false;
                words |= leadingWord(sql, i);
            }
        }
        return words;
    }

    /**
     * Where the first word of the text starts, past white space and comments. Nothing before them can
     * open a literal, so these comments are certain, unlike one that follows a semicolon.
     */
    private static int skipCommentsAndSpace(CharSequence sql, int n) {
        int i = 0;
        while (i < n) {
            if (sql.charAt(i) <= ' ') {
                i++;
                continue;
            }
            int afterComment = SqlLexer.skipComment(sql, i, n);
            if (afterComment == i) {
                return i;
            }
            i = afterComment;
        }
        return n;
    }

    /** The bit of the word that starts at {@code at}, or 0. */
    private static int leadingWord(CharSequence sql, int at) {
        return switch (sql.charAt(at) | 0x20) { // ASCII lower case; other characters never match
            case 'a' -> SqlLexer.regionMatches(sql, at, "alter") ? DDL
                    : SqlLexer.regionMatches(sql, at, "abort") ? TRANSACTION_CONTROL : 0;
            case 'c' -> SqlLexer.regionMatches(sql, at, "create") ? DDL
                    : SqlLexer.regionMatches(sql, at, "commit") ? TRANSACTION_CONTROL : 0;
            case 'd' -> SqlLexer.regionMatches(sql, at, "drop") ? DDL
                    : SqlLexer.regionMatches(sql, at, "discard") ? SETTING : 0;
            case 's' -> SqlLexer.regionMatches(sql, at, "set") ? SETTING
                    : SqlLexer.regionMatches(sql, at, "savepoint") ? TRANSACTION_CONTROL : 0;
            case 'r' -> SqlLexer.regionMatches(sql, at, "reset") ? SETTING
                    : SqlLexer.regionMatches(sql, at, "release") || SqlLexer.regionMatches(sql, at, "rollback")
                            ? TRANSACTION_CONTROL : 0;
            case 'e' -> SqlLexer.regionMatches(sql, at, "end") ? TRANSACTION_CONTROL : 0;
            default -> 0;
        };
    }
}
