package dev.phasegate.rewriter.splice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EditSetTest {

    @Test
    void appliesReplacementsInsertionsAndDeletionsInTextOrder() {
        EditSet e = new EditSet("select a, b from t");
        e.replace(7, 8, "x");
        e.insert(18, " where true");
        e.delete(8, 11);
        assertThat(e.apply()).isEqualTo("select x from t where true");
    }

    @Test
    void insertionsAtOneOffsetKeepTheirOrder() {
        EditSet e = new EditSet("ab");
        e.insert(1, "1");
        e.insert(1, "2");
        assertThat(e.apply()).isEqualTo("a12b");
    }

    @Test
    void anEditInsideADeletionIsDropped() {
        EditSet e = new EditSet("a, b + c, d");
        e.replace(3, 4, "X");
        e.delete(1, 8);
        assertThat(e.apply()).isEqualTo("a, d");
    }

    @Test
    void insertionAtTheEndOfAReplacementFollowsIt() {
        EditSet e = new EditSet("select x from t");
        e.replace(7, 8, "NULL::text");
        e.insert(8, " AS x");
        assertThat(e.apply()).isEqualTo("select NULL::text AS x from t");
    }

    @Test
    void renderAppliesOnlyTheEditsInsideTheRange() {
        EditSet e = new EditSet("f(a) + g(b)");
        e.replace(2, 3, "A");
        e.replace(9, 10, "B");
        e.insert(4, " AS z");
        assertThat(e.render(0, 4)).isEqualTo("f(A)");
        assertThat(e.apply()).isEqualTo("f(A) AS z + g(B)");
    }

    @Test
    void partiallyOverlappingEditsAreRefused() {
        EditSet e = new EditSet("abcdef");
        e.replace(1, 3, "x");
        e.replace(2, 5, "y");
        assertThatThrownBy(e::apply).isInstanceOf(SpliceException.class);
    }

    @Test
    void theSameReplacementTwiceCountsOnce() {
        EditSet e = new EditSet("abc");
        e.replace(1, 2, "X");
        e.replace(1, 2, "X");
        assertThat(e.apply()).isEqualTo("aXc");
    }
}
