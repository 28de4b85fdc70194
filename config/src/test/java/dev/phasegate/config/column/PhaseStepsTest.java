package dev.phasegate.config.column;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phasegate.config.column.PhaseSteps.Kind;
import org.junit.jupiter.api.Test;

class PhaseStepsTest {

    private static final ColumnId ID = ColumnId.parse("public.users.email_lower");

    private static ManagedColumn replacing(Phase phase) {
        return new ManagedColumn(ID, "text", "email", "lower(email)", null, null, phase, 1);
    }

    private static ManagedColumn adding(Phase phase) {
        return new ManagedColumn(ID, "text", null, null, null, null, phase, 1);
    }

    @Test
    void oneStepForwardAndBackIsLegal() {
        assertThat(PhaseSteps.classify(replacing(Phase.HIDDEN), Phase.WRITE)).isEqualTo(Kind.FORWARD);
        assertThat(PhaseSteps.classify(replacing(Phase.SHADOW), Phase.WRITE)).isEqualTo(Kind.BACKWARD);
        assertThat(PhaseSteps.classify(replacing(Phase.READ), Phase.READ)).isEqualTo(Kind.SAME);
    }

    @Test
    void skippingAndLeavingCompleteAreIllegal() {
        assertThat(PhaseSteps.classify(replacing(Phase.HIDDEN), Phase.READ)).isEqualTo(Kind.ILLEGAL);
        assertThat(PhaseSteps.classify(replacing(Phase.COMPLETE), Phase.CONTRACT)).isEqualTo(Kind.ILLEGAL);
        assertThat(PhaseSteps.explainIllegal(replacing(Phase.COMPLETE), Phase.CONTRACT)).contains("cannot move back");
        assertThat(PhaseSteps.explainIllegal(replacing(Phase.HIDDEN), Phase.READ))
                .contains("one step at a time").contains("hidden → write → shadow → read → contract → complete");
    }

    @Test
    void pureAdditionSkipsShadowAndContract() {
        assertThat(PhaseSteps.classify(adding(Phase.WRITE), Phase.READ)).isEqualTo(Kind.FORWARD);
        assertThat(PhaseSteps.classify(adding(Phase.WRITE), Phase.SHADOW)).isEqualTo(Kind.ILLEGAL);
        assertThat(PhaseSteps.next(adding(Phase.READ))).contains(Phase.COMPLETE);
        assertThat(PhaseSteps.previous(adding(Phase.READ))).contains(Phase.WRITE);
        assertThatThrownBy(() -> adding(Phase.CONTRACT)).hasMessageContaining("needs a source column");
    }

    @Test
    void snapshotFindsColumnsByTableAndSkipsCompleteInPreFilterNames() {
        PhaseSnapshot snapshot = PhaseSnapshot.empty().with(replacing(Phase.WRITE))
                .with(new ManagedColumn(ColumnId.parse("public.orders.note"), "text", null, null, null, null,
                        Phase.COMPLETE, 1));
        assertThat(snapshot.version()).isEqualTo(2);
        assertThat(snapshot.columnsOf(new TableName("public", "users"))).hasSize(1);
        assertThat(snapshot.managedTableNames()).containsExactly("users");
        assertThat(snapshot.without(ID).columnsOf(new TableName("public", "users"))).isEmpty();
    }

    @Test
    void upDefaultsToSourceCastAndDefaultToTypedNull() {
        ManagedColumn column = new ManagedColumn(ID, "bigint", "Legacy Id", null, null, null, Phase.HIDDEN, 1);
        assertThat(column.upExpression()).contains("\"Legacy Id\"::bigint");
        assertThat(column.defaultExpression()).isEqualTo("NULL::bigint");
    }
}
