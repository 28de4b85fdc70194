package dev.phasegate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static PhasegateConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "phasegate.yml", Map.of());
    }

    @Test
    void minimalFileGetsDefaultsEverywhere() {
        PhasegateConfig config = parse("""
                upstream:
                  host: db.internal
                  database: app
                """);
        assertThat(config.listen()).isEqualTo(new HostPort("127.0.0.1", 6543));
        assertThat(config.upstream().host()).isEqualTo("db.internal");
        assertThat(config.upstream().port()).isEqualTo(5432);
        assertThat(config.upstream().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/app");
        assertThat(config.admin().listen()).isEqualTo(new HostPort("127.0.0.1", 8543));
        assertThat(config.rewriter().onUnparsableWrite()).isEqualTo(UnparsablePolicy.REJECT);
        assertThat(config.rewriter().onUnparsableRead()).isEqualTo(UnparsablePolicy.PASS);
        assertThat(config.tls().enabled()).isFalse();
        assertThat(config.store().kind()).isEqualTo(StoreConfig.Kind.DATABASE);
        assertThat(config.ddl().action(DdlConfig.Rule.DROP_MANAGED_COLUMN)).isEqualTo(DdlConfig.Action.BLOCK);
    }

    @Test
    void substitutesEnvironmentVariablesWithDefaults() {
        PhasegateConfig config = ConfigLoader.parse("""
                upstream:
                  password: ${PG_PASSWORD}
                  user: ${PG_USER:-phasegate}
                  database: ${PG_DB:-app}
                """, "phasegate.yml", Map.of("PG_PASSWORD", "s3cret", "PG_DB", "orders"));
        assertThat(config.upstream().password()).isEqualTo("s3cret");
        assertThat(config.upstream().user()).isEqualTo("phasegate");
        assertThat(config.upstream().database()).isEqualTo("orders");
    }

    @Test
    void unsetVariableWithoutDefaultNamesVariableAndLine() {
        assertThatThrownBy(() -> parse("listen: 127.0.0.1:6543\nupstream:\n  password: ${NOPE}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("phasegate.yml: line 3: environment variable NOPE is not set "
                        + "(write ${NOPE:-default} for a default)");
    }

    @Test
    void unknownKeyIsRejectedWithItsPathAndTheKnownKeys() {
        assertThatThrownBy(() -> parse("upstream:\n  hots: x\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("phasegate.yml: upstream.hots: unknown key; known keys here: host, port");
    }

    @Test
    void badValueNamesKeyAndValue() {
        assertThatThrownBy(() -> parse("upstream:\n  port: seventy\n"))
                .hasMessage("phasegate.yml: upstream.port: expected a whole number from 1 to 65535, got 'seventy'");
        assertThatThrownBy(() -> parse("listen: localhost\n"))
                .hasMessage("phasegate.yml: listen: expected host:port, got 'localhost'");
        assertThatThrownBy(() -> parse("proxy:\n  shutdownGrace: soon\n"))
                .hasMessageContaining("proxy.shutdownGrace: expected a duration like 500ms, 30s, 10m or 1h, got 'soon'");
    }

    @Test
    void invalidYamlNamesTheLine() {
        assertThatThrownBy(() -> parse("upstream:\n  host: [unclosed\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("phasegate.yml: line ");
    }

    @Test
    void readsManagedColumns() {
        PhasegateConfig config = parse("""
                columns:
                  - id: public.users.email_normalized
                    type: text
                    source: email
                    up: lower(email)
                    phase: write
                  - id: shop.orders.note
                    type: text
                """);
        assertThat(config.columns()).hasSize(2);
        var first = config.columns().get(0);
        assertThat(first.id()).isEqualTo(new ColumnId("public", "users", "email_normalized"));
        assertThat(first.phase()).isEqualTo(Phase.WRITE);
        assertThat(first.upExpression()).contains("lower(email)");
        assertThat(config.columns().get(1).phase()).isEqualTo(Phase.HIDDEN);
        assertThat(config.columns().get(1).defaultExpression()).isEqualTo("NULL::text");
    }

    @Test
    void columnErrorsNameTheListItem() {
        assertThatThrownBy(() -> parse("columns:\n  - id: a.b.c\n    type: int\n    phase: later\n"))
                .hasMessageStartingWith("phasegate.yml: columns[0].phase: unknown phase 'later'; expected one of hidden");
        assertThatThrownBy(() -> parse("columns:\n  - id: a.b.c\n    type: int\n    phase: contract\n"))
                .hasMessageContaining("columns[0]: a.b.c: phase 'contract' needs a source column");
        assertThatThrownBy(() -> parse("columns:\n  - id: a.b.c\n    type: int\n  - id: a.b.c\n    type: int\n"))
                .hasMessage("phasegate.yml: columns[1].id: column a.b.c is declared twice");
        assertThatThrownBy(() -> parse("columns:\n  - id: justone\n    type: int\n"))
                .hasMessageContaining("columns[0].id: a column id must look like schema.table.column, got 'justone'");
    }

    @Test
    void tlsNeedsBothFilesAndChecksTheyExist(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> parse("tls:\n  certificate: /nonexistent.pem\n"))
                .hasMessage("phasegate.yml: tls.key: is required when tls.certificate is set");
        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        assertThatThrownBy(() -> parse("tls:\n  certificate: " + cert + "\n  key: " + dir.resolve("missing.pem") + "\n"))
                .hasMessageContaining("tls.key: cannot read file");
    }

    @Test
    void durationsAndSizes() {
        PhasegateConfig config = parse("proxy:\n  shutdownGrace: 1500ms\n  maxFrameBytes: 64mb\n");
        assertThat(config.proxy().shutdownGrace()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.proxy().maxFrameBytes()).isEqualTo(64L << 20);
    }

    @Test
    void socketTransportIsChosenByNameOrAutomatically() {
        assertThat(parse("").proxy().transport()).isEqualTo(ProxyConfig.SocketTransport.AUTO);
        assertThat(parse("proxy:\n  transport: io_uring\n").proxy().transport())
                .isEqualTo(ProxyConfig.SocketTransport.IO_URING);
        assertThat(parse("proxy:\n  transport: epoll\n").proxy().transport())
                .isEqualTo(ProxyConfig.SocketTransport.EPOLL);
        assertThatThrownBy(() -> parse("proxy:\n  transport: kqueue\n"))
                .hasMessageContaining("proxy.transport: expected one of auto, io_uring, epoll, nio, got 'kqueue'");
    }

    @Test
    void theRelayIsOnUnlessTurnedOff() {
        assertThat(parse("").proxy().relay()).isTrue();
        assertThat(parse("proxy:\n  relay: false\n").proxy().relay()).isFalse();
        assertThatThrownBy(() -> parse("proxy:\n  relay: sometimes\n"))
                .hasMessageContaining("proxy.relay: expected true or false, got 'sometimes'");
    }

    @Test
    void missingFileIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yml")))
                .hasMessageEndingWith("nope.yml: file not found");
    }
}
