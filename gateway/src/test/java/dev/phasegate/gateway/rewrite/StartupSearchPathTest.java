package dev.phasegate.gateway.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupSearchPathTest {

    /** The schemas a session of alice's that sets {@code value} at startup resolves names through. */
    private static List<String> schemas(String value) {
        return new SessionSearchPath(StartupSearchPath.of(Map.of("search_path", value)), "alice").schemas();
    }

    @Test
    void aValueIsReadAsPostgresqlReadsIt() {
        assertThat(schemas("tenant_a")).containsExactly("tenant_a");
        assertThat(schemas(" App , \"My Schema\",public")).containsExactly("app", "My Schema", "public");
        assertThat(schemas("\"$user\", public")).containsExactly("alice", "public");
        assertThat(schemas("$user")).containsExactly("alice");
        assertThat(schemas("\"a\"\"b\"")).containsExactly("a\"b");
        assertThat(schemas("")).isEmpty();
    }

    @Test
    void optionsGiveItByEveryFormOfTheSwitch() {
        assertThat(StartupSearchPath.fromOptions("-c search_path=tenant_a")).isEqualTo("tenant_a");
        assertThat(StartupSearchPath.fromOptions("-csearch_path=a,b -c statement_timeout=5s")).isEqualTo("a,b");
        assertThat(StartupSearchPath.fromOptions("--search-path=x")).isEqualTo("x");
        assertThat(StartupSearchPath.fromOptions("-c search_path=my\\ schema")).isEqualTo("my schema");
        assertThat(StartupSearchPath.fromOptions("-c statement_timeout=5s")).isNull();
    }

    @Test
    void theParameterWinsOverOptionsAndNeitherMeansNone() {
        Map<String, String> both = new LinkedHashMap<>();
        both.put("search_path", "from_parameter");
        both.put("options", "-c search_path=from_options");
        assertThat(StartupSearchPath.of(both)).containsExactly("from_parameter");
        assertThat(StartupSearchPath.of(Map.of("options", "-c search_path=b,public")))
                .containsExactly("b", "public");
        assertThat(StartupSearchPath.of(Map.of("user", "alice", "application_name", "x"))).isNull();
    }
}
