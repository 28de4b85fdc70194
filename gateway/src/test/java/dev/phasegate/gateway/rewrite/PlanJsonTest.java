package dev.phasegate.gateway.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class PlanJsonTest {

    @Test
    void aStatementThatCouldNotBePlannedHasTheFieldsOfAPlanWithNothingToSendAndTheError() {
        JsonNode failed = PlanJson.failed("XX000", "the rewriter failed: boom");

        assertThat(failed.fieldNames()).toIterable().containsExactly("sql", "changed", "statement", "columns",
                "resultFilter", "parameterMap", "error");
        assertThat(failed.get("sql").isNull()).isTrue();
        assertThat(failed.get("changed").asBoolean()).isFalse();
        assertThat(failed.get("statement").isNull()).isTrue();
        assertThat(failed.get("columns")).isEmpty();
        assertThat(failed.get("resultFilter").get("droppedColumns")).isEmpty();
        assertThat(failed.get("resultFilter").get("shadowChecks")).isEmpty();
        assertThat(failed.get("parameterMap").isNull()).isTrue();
        assertThat(failed.get("error").get("sqlstate").asText()).isEqualTo("XX000");
        assertThat(failed.get("error").get("message").asText()).isEqualTo("the rewriter failed: boom");
        assertThat(failed.get("error").get("construct").isNull()).isTrue();
        assertThat(failed.get("error").get("column").isNull()).isTrue();
    }
}
