package dev.phasegate.admin.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WherePredicateTest {

    @ParameterizedTest
    @ValueSource(strings = {"id > 10", "status = 'a;b'", "(a OR b) AND c", "note = $$)$$", "tags @> ARRAY['x']"})
    void oneExpressionIsAccepted(String where) {
        assertThat(WherePredicate.check(where)).isEqualTo(where);
    }

    @Test
    void blankMeansNone() {
        assertThat(WherePredicate.check(null)).isNull();
        assertThat(WherePredicate.check("  ")).isNull();
        assertThat(WherePredicate.check("/* nothing */")).isNull();
    }

    @Test
    void aLineCommentCannotSwallowTheClosingParenthesis() {
        assertThat(WherePredicate.check("id > 1 -- big ones")).isEqualTo("id > 1 -- big ones\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true; DROP TABLE users", "id = 1) OR (true", "(id = 1", "id IN (1, 2]"})
    void statementsAndUnbalancedBracketsAreRejected(String where) {
        assertThatThrownBy(() -> WherePredicate.check(where))
                .isInstanceOfSatisfying(JobException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
}
