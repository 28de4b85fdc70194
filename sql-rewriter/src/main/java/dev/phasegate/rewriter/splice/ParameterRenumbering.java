package dev.phasegate.rewriter.splice;

import dev.phasegate.rewriter.ParameterMap;
import dev.phasegate.rewriter.lex.SqlLexer;
import dev.phasegate.rewriter.lex.TokenType;
import java.util.BitSet;

/**
 * Keeps {@code $n} placeholders dense after a rewrite. When edits removed every occurrence of some
 * {@code $n}, the remaining ones are renumbered so that PostgreSQL still sees {@code $1 … $k}
 * without holes (a hole is a parameter whose type it cannot infer), and the {@link ParameterMap}
 * tells the gateway how to remap Bind values and the ParameterDescription.
 */
public final class ParameterRenumbering {

    /** The rewritten text (renumbered when needed) and the map, {@code null} when numbering is unchanged. */
    public record Result(String sql, ParameterMap map) {
    }

    private ParameterRenumbering() {
    }

    public static Result renumber(String original, String rewritten) {
        BitSet before = parameters(original);
        if (before.isEmpty()) {
            return new Result(rewritten, null);
        }
        BitSet after = parameters(rewritten);
        BitSet dropped = (BitSet) before.clone();
        dropped.andNot(after);
        if (dropped.isEmpty()) {
            return new Result(rewritten, null);
        }
        int max = before.length() - 1;
        int[] newByOld = new int[max];
        int next = 0;
        for (int old = 1; old <= max; old++) {
            if (dropped.get(old)) {
                newByOld[old - 1] = 0;
            } else {
                newByOld[old - 1] = ++next;
            }
        }
        StringBuilder out = new StringBuilder(rewritten.length());
        SqlLexer lexer = new SqlLexer(rewritten);
        int cursor = 0;
        for (TokenType t = lexer.next(); t != null; t = lexer.next()) {
            if (t == TokenType.PARAMETER) {
                int old = number(rewritten, lexer.start(), lexer.end());
                int now = old >= 1 && old <= max ? newByOld[old - 1] : old;
                out.append(rewritten, cursor, lexer.start()).append('$').append(now);
                cursor = lexer.end();
            }
        }
        out.append(rewritten, cursor, rewritten.length());
        return new Result(out.toString(), ParameterMap.of(newByOld));
    }

    /** The {@code $n} numbers a text uses (bit n set for {@code $n}). */
    public static BitSet parameters(String text) {
        BitSet seen = new BitSet();
        SqlLexer lexer = new SqlLexer(text);
        for (TokenType t = lexer.next(); t != null; t = lexer.next()) {
            if (t == TokenType.PARAMETER) {
                int n = number(text, lexer.start(), lexer.end());
                if (n > 0 && n < 65_536) {
                    seen.set(n);
                }
            }
        }
        return seen;
    }

    private static int number(String text, int start, int end) {
        int n = 0;
        for (int i = start + 1; i < end; i++) {
            n = n * 10 + (text.charAt(i) - '0');
            if (n > 1_000_000) {
                return -1;
            }
        }
        return n;
    }
}
