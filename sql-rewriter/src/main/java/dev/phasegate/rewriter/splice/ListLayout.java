package dev.phasegate.rewriter.splice;

import dev.phasegate.rewriter.lex.TokenList;
import dev.phasegate.rewriter.lex.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The layout of a comma-separated list in the text (a select list, an INSERT column list, a
 * VALUES row, a SET list): each item's extent, parentheses included, and the comma between
 * neighbours. Removing items and appending after the last one keep the list well formed.
 */
public final class ListLayout {

    private final TokenList tokens;
    private final int[] firstToken;
    private final int[] lastToken;
    private final int[] commaAfter; // comma token index after item i (i < n-1)

    private ListLayout(TokenList tokens, int[] firstToken, int[] lastToken, int[] commaAfter) {
        this.tokens = tokens;
        this.firstToken = firstToken;
        this.lastToken = lastToken;
        this.commaAfter = commaAfter;
    }

    /**
     * @param items  the parser spans of the items, in order
     * @param opener the token index of the list's opening parenthesis, or -1 when it has none
     *               (its items' own parentheses are then told from the list's by the commas)
     */
    public static ListLayout of(TokenList tokens, List<Span> items, int opener) {
        int n = items.size();
        if (n == 0) {
            throw new SpliceException("empty list");
        }
        int[] first = new int[n];
        int[] last = new int[n];
        for (int i = 0; i < n; i++) {
            int[] t = Extents.tokens(tokens, items.get(i));
            if (t == null) {
                throw new SpliceException("list item without tokens at " + items.get(i));
            }
            first[i] = t[0];
            last[i] = t[1];
        }
        int[] comma = new int[Math.max(0, n - 1)];
        for (int i = 0; i + 1 < n; i++) {
            int found = -1;
            for (int k = last[i] + 1; k < first[i + 1]; k++) {
                if (tokens.is(k, TokenType.COMMA)) {
                    if (found >= 0) {
                        throw new SpliceException("two separators between list items " + i + " and " + (i + 1));
                    }
                    found = k;
                }
            }
            if (found < 0) {
                throw new SpliceException("no comma between list items " + i + " and " + (i + 1));
            }
            comma[i] = found;
        }
        int closer = opener >= 0 ? tokens.match(opener) : tokens.size();
        // Widen each item over the parentheses that are its own: between its neighbours' commas
        // (or the list's parentheses).
        for (int i = 0; i < n; i++) {
            int lower = i == 0 ? opener : comma[i - 1];
            int upper = i == n - 1 ? (opener >= 0 ? closer : tokens.size()) : comma[i];
            while (first[i] - 1 > lower && last[i] + 1 < upper
                    && tokens.is(first[i] - 1, TokenType.LEFT_PAREN) && tokens.match(first[i] - 1) == last[i] + 1
                    && (opener >= 0 || i > 0 || n > 1 || !Extents.isCallParen(tokens, first[i] - 1))) {
                first[i]--;
                last[i]++;
            }
        }
        return new ListLayout(tokens, first, last, comma);
    }

    public int size() {
        return firstToken.length;
    }

    /** Where item {@code i} starts, its own parentheses included. */
    public int itemStart(int i) {
        return tokens.start(firstToken[i]);
    }

    /** Where item {@code i} ends (exclusive), its own parentheses included. */
    public int itemEnd(int i) {
        return tokens.end(lastToken[i]);
    }

    public Span item(int i) {
        return new Span(itemStart(i), itemEnd(i));
    }

    /**
     * Appends {@code text} after the last item, separated the way the list separates its items
     * ({@code ","} in a compact list, {@code ", "} otherwise).
     */
    public void append(EditSet edits, String text) {
        edits.insert(itemEnd(size() - 1), separator() + text);
    }

    /** The list's own separator when it is on one line ("," or ", "), else ", ". */
    String separator() {
        if (size() < 2) {
            return ", ";
        }
        String between = tokens.text().substring(itemEnd(0), itemStart(1));
        return between.equals(",") ? "," : ", ";
    }

    /** Inserts {@code text + ", "} before item {@code i}. */
    public void insertBefore(EditSet edits, int i, String text) {
        edits.insert(itemStart(i), text + ", ");
    }

    /**
     * Removes the given items with their separators. Removing every item is the caller's business
     * (an empty list is rarely valid SQL) and throws.
     */
    public void remove(EditSet edits, Set<Integer> indexes) {
        int n = size();
        if (indexes.isEmpty()) {
            return;
        }
        if (indexes.size() >= n) {
            throw new SpliceException("cannot remove every item of a list");
        }
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (indexes.contains(i)) {
                int j = i;
                while (j + 1 < n && indexes.contains(j + 1)) {
                    j++;
                }
                runs.add(new int[] {i, j});
                i = j;
            }
        }
        for (int[] run : runs) {
            int i = run[0];
            int j = run[1];
            if (j < n - 1) {
                // "item_i, …, item_j, " up to where item j+1 starts: the following comma goes with them.
                int from = i == 0 ? itemStart(0) : tokens.start(commaAfter[i - 1] + 1);
                int to = tokens.start(commaAfter[j] + 1);
                edits.delete(from, to);
            } else {
                // A trailing run: ", item_i, …, item_n" — the preceding comma goes with them.
                edits.delete(tokens.start(commaAfter[i - 1]), itemEnd(j));
            }
        }
    }

    /**
     * Removes and appends in one go. When every item goes and new ones come, the whole list is
     * replaced by the new ones.
     *
     * @throws SpliceException when every item would go and none come
     */
    public void rewrite(EditSet edits, Set<Integer> remove, List<String> append) {
        if (remove.size() >= size()) {
            if (append.isEmpty()) {
                throw new SpliceException("cannot remove every item of a list");
            }
            edits.replace(itemStart(0), itemEnd(size() - 1), String.join(separator(), append));
            return;
        }
        remove(edits, remove);
        for (String a : append) {
            append(edits, a);
        }
    }
}
