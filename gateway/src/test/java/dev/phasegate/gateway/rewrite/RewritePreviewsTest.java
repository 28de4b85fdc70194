package dev.phasegate.gateway.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.config.RewriterConfig;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.rewriter.SqlRewriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rewrite preview's answer when the rewriter cannot plan at all: the plan's shape, with the error. */
class RewritePreviewsTest {

    @Test
    void aRewriterThatFailsIsReportedInThePlansShapeWithNothingToSend() {
        RewritePreviews previews = new RewritePreviews(new SqlRewriter(RewriterConfig.DEFAULTS), () -> {
            throw new IllegalStateException("the catalog is not loaded yet");
        });

        JsonNode answer = previews.preview("SELECT 1", new PhaseSnapshot(1, List.of()), null);

        assertThat(answer.get("sql").isNull()).isTrue();
        assertThat(answer.get("changed").asBoolean()).isFalse();
        assertThat(answer.get("columns")).isEmpty();
        assertThat(answer.get("resultFilter").get("droppedColumns")).isEmpty();
        assertThat(answer.get("parameterMap").isNull()).isTrue();
        assertThat(answer.get("error").get("sqlstate").asText()).isEqualTo("XX000");
        assertThat(answer.get("error").get("message").asText())
                .isEqualTo("the rewriter failed: java.lang.IllegalStateException: the catalog is not loaded yet");
        assertThat(answer.fieldNames()).toIterable().containsExactly("sql", "changed", "statement", "columns",
                "resultFilter", "parameterMap", "error");
    }
}
