package dev.phasegate.rewriter.splice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phasegate.rewriter.lex.TokenList;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListLayoutTest {

    /** Spans of the given item texts, found in order in the text. */
    private static List<Span> spans(String text, String... items) {
        List<Span> spans = new ArrayList<>();
        int from = 0;
        for (String item : items) {
            int at = text.indexOf(item, from);
            spans.add(new Span(at, at + item.length()));
            from = at + item.length();
        }
        return spans;
    }

    private static String remove(String text, int opener, Set<Integer> remove, String... items) {
        TokenList tokens = TokenList.of(text);
        EditSet edits = new EditSet(text);
        ListLayout.of(tokens, spans(text, items), opener).remove(edits, remove);
        return edits.apply();
    }

    @Test
    void removesAMiddleItemWithItsComma() {
        assertThat(remove("(a, b, c)", 0, Set.of(1), "a", "b", "c")).isEqualTo("(a, c)");
    }

    @Test
    void removesTheFirstItem() {
        assertThat(remove("(a, b, c)", 0, Set.of(0), "a", "b", "c")).isEqualTo("(b, c)");
    }

    @Test
    void removesTheLastItemWithThePrecedingComma() {
        assertThat(remove("(a, b, c)", 0, Set.of(2), "a", "b", "c")).isEqualTo("(a, b)");
    }

    @Test
    void removesATrailingRun() {
        assertThat(remove("(a, b, c)", 0, Set.of(1, 2), "a", "b", "c")).isEqualTo("(a)");
    }

    @Test
    void removesALeadingRunAndAnInnerOne() {
        assertThat(remove("(a, b, c, d, e)", 0, Set.of(0, 1, 3), "a", "b", "c", "d", "e")).isEqualTo("(c, e)");
    }

    @Test
    void itemsOwnParenthesesGoWithThem() {
        assertThat(remove("((a), ((b)), c)", 0, Set.of(1), "a", "b", "c")).isEqualTo("((a), c)");
        assertThat(remove("(x, ((b)))", 0, Set.of(1), "x", "b")).isEqualTo("(x)");
        assertThat(remove("(((a)), b)", 0, Set.of(0), "a", "b")).isEqualTo("(b)");
    }

    @Test
    void commentsBetweenItemsDoNotConfuseTheCommas() {
        assertThat(remove("(a /* , */, b -- ,\n, c)", 0, Set.of(1), "a", "b", "c")).isEqualTo("(a /* , */, c)");
    }

    @Test
    void listWithoutParenthesesLikeASetList() {
        String text = "set a = 1, b = f(2, 3), c = 4 where";
        assertThat(remove(text, -1, Set.of(1), "a = 1", "b = f(2, 3)", "c = 4")).isEqualTo("set a = 1, c = 4 where");
    }

    @Test
    void removingEveryItemIsRefused() {
        assertThatThrownBy(() -> remove("(a)", 0, Set.of(0), "a")).isInstanceOf(SpliceException.class);
    }

    @Test
    void appendFollowsTheListsSeparator() {
        String compact = "(a,b)";
        EditSet e = new EditSet(compact);
        ListLayout.of(TokenList.of(compact), spans(compact, "a", "b"), 0).append(e, "c");
        assertThat(e.apply()).isEqualTo("(a,b,c)");
        String spaced = "(a, (b))";
        e = new EditSet(spaced);
        ListLayout.of(TokenList.of(spaced), spans(spaced, "a", "b"), 0).append(e, "c");
        assertThat(e.apply()).isEqualTo("(a, (b), c)");
    }

    @Test
    void rewriteReplacesEverythingWhenEveryItemGoesAndNewOnesCome() {
        String text = "set a = 1 where";
        EditSet e = new EditSet(text);
        ListLayout.of(TokenList.of(text), spans(text, "a = 1"), -1).rewrite(e, Set.of(0), List.of("b = 2"));
        assertThat(e.apply()).isEqualTo("set b = 2 where");
    }
}
