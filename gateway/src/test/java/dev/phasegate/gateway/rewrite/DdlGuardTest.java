package dev.phasegate.gateway.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.config.DdlConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.PhaseSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class DdlGuardTest {

    @Test
    void findsStatementsThatStartWithAlterCreateOrDrop() {
        assertThat(DdlGuard.mayBeDdl("ALTER TABLE t ADD COLUMN c int")).isTrue();
        assertThat(DdlGuard.mayBeDdl("  /* x */ create index on t (c)")).isTrue();
        assertThat(DdlGuard.mayBeDdl("SELECT 1; DROP TABLE t")).isTrue();
        assertThat(DdlGuard.mayBeDdl("SELECT 'drop table t'")).isFalse();
        assertThat(DdlGuard.mayBeDdl("UPDATE t SET created = now()")).isFalse();
        assertThat(DdlGuard.mayBeDdl("-- alter\nSELECT 1")).isFalse();
    }

    @Test
    void blocksDroppingAManagedColumnAndWarnsOnTheRest() {
        DdlGuard guard = new DdlGuard(DdlConfig.defaults(), List.of("public"));
        PhaseSnapshot snapshot = new PhaseSnapshot(1, List.of(ManagedColumn.declared(
                ColumnId.parse("public.users.email_lower"), "text", "email", "lower(email)", null, null)));
        DdlGuard.Verdict drop = guard.inspect("ALTER TABLE users DROP COLUMN email_lower", snapshot);
        assertThat(drop.blocked()).isTrue();
        assertThat(drop.error().sqlState()).isEqualTo("0A000");
        assertThat(drop.error().message()).contains("dropManagedColumn");
        DdlGuard.Verdict index = guard.inspect("CREATE INDEX ON orders (id)", snapshot);
        assertThat(index.blocked()).isFalse();
        assertThat(index.notices()).singleElement().satisfies(n -> {
            assertThat(n.severity()).isEqualTo("WARNING");
            assertThat(n.message()).contains("createIndexWithoutConcurrently");
        });
        assertThat(guard.inspect("CREATE INDEX CONCURRENTLY ON orders (id)", snapshot).isEmpty()).isTrue();
    }
}
