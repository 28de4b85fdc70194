package dev.phasegate.rewriter.splice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.rewriter.ParameterMap;
import org.junit.jupiter.api.Test;

class ParameterRenumberingTest {

    @Test
    void noMapWhenEveryParameterSurvives() {
        ParameterRenumbering.Result r = ParameterRenumbering.renumber("a = $1 and b = $2", "a = $1 and b = $2, c = $1");
        assertThat(r.map()).isNull();
        assertThat(r.sql()).isEqualTo("a = $1 and b = $2, c = $1");
    }

    @Test
    void laterParametersMoveDownOverADroppedOne() {
        ParameterRenumbering.Result r = ParameterRenumbering.renumber("set x = $1, y = $2 where id = $3",
                "set y = $2 where id = $3");
        assertThat(r.sql()).isEqualTo("set y = $1 where id = $2");
        ParameterMap m = r.map();
        assertThat(m.originalCount()).isEqualTo(3);
        assertThat(m.newCount()).isEqualTo(2);
        assertThat(m.newNumber(1)).isZero();
        assertThat(m.newNumber(2)).isEqualTo(1);
        assertThat(m.newNumber(3)).isEqualTo(2);
        assertThat(m.droppedOldNumbers()).containsExactly(1);
        assertThat(m.newIndex(2)).isEqualTo(1);
        assertThat(m.newIndex(0)).isEqualTo(-1);
        assertThat(m.oldNumber(1)).isEqualTo(2);
    }

    @Test
    void parametersInsideLiteralsAndCommentsAreNotTouched() {
        ParameterRenumbering.Result r = ParameterRenumbering.renumber("a = $1, b = $2 /* $2 */",
                "b = $2 /* $2 */ and c = '$2'");
        assertThat(r.sql()).isEqualTo("b = $1 /* $2 */ and c = '$2'");
    }

    @Test
    void parametersBeyondTheTextKeepTheirPlaceAfterTheUsedOnes() {
        ParameterMap m = ParameterMap.of(new int[] {0, 1});
        assertThat(m.newNumber(3)).isEqualTo(2);
        assertThat(m.oldNumber(2)).isEqualTo(3);
    }
}
