package dev.phasegate.gateway.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupSearchPathTest {

    @Test
    void aValueIsReadAsPostgresqlReadsIt() {
        assertThat(StartupSearchPath.schemas("tenant_a", "alice")).containsExactly("tenant_a");
        assertThat(StartupSearchPath.schemas(" App , \"My Schema\",public", "alice"))
                .containsExactly("app", "My Schema", "public");
        assertThat(StartupSearchPath.schemas("\"$user\", public", "alice")).containsExactly("alice", "public");
        assertThat(StartupSearchPath.schemas("$user", "alice")).containsExactly("alice");
        assertThat(StartupSearchPath.schemas("\"a\"\"b\"", "alice")).containsExactly("a\"b");
        assertThat(StartupSearchPath.schemas("", "alice")).isEmpty();
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
        assertThat(StartupSearchPath.of(both, "alice")).containsExactly("from_parameter");
        assertThat(StartupSearchPath.of(Map.of("options", "-c search_path=b,public"), "alice"))
                .containsExactly("b", "public");
        assertThat(StartupSearchPath.of(Map.of("user", "alice", "application_name", "x"), "alice")).isNull();
    }
}
