package dev.phasegate.admin.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.admin.audit.AuditAction;
import dev.phasegate.admin.audit.AuditColumn;
import dev.phasegate.admin.audit.AuditLog;
import dev.phasegate.admin.audit.AuditRecord;
import dev.phasegate.config.AuditConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.Phase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PhasegateMetricsTest {

    private static final ColumnId EMAIL = ColumnId.parse("public.users.email_lower");

    @Test
    void dataPathMetersAppearWithThePhasegatePrefix() {
        try (PhasegateMetrics metrics = new PhasegateMetrics()) {
            metrics.clientConnected();
            metrics.clientConnected();
            metrics.clientDisconnected();
            metrics.upstreamConnected();
            metrics.countStatement(EMAIL, Phase.WRITE, AuditAction.REWRITTEN);
            metrics.countStatement(EMAIL, Phase.WRITE, AuditAction.REWRITTEN);
            metrics.countShadowMismatch(EMAIL);
            metrics.recordRewrite(120_000);
            metrics.countUnmanagedStatement();
            metrics.countSearchPathQuestion(true);

            String text = metrics.scrape();

            assertThat(text).contains("phasegate_client_connections 1.0")
                    .contains("phasegate_client_connections_opened_total 2.0")
                    .contains("phasegate_upstream_connections 1.0")
                    .contains("phasegate_statements_total{action=\"rewritten\",column=\"public.users.email_lower\","
                            + "phase=\"write\"} 2.0")
                    .contains("phasegate_shadow_mismatches_total{column=\"public.users.email_lower\"} 1.0")
                    .contains("phasegate_rewrite_seconds_count 1")
                    .contains("phasegate_statements_unmanaged_total 1.0")
                    .contains("phasegate_search_path_questions_total{outcome=\"answered\"} 1.0")
                    .contains("phasegate_search_path_questions_total{outcome=\"refused\"} 0.0");
        }
    }

    @Test
    void jvmMetersAreRenamedUnderThePrefix() {
        try (PhasegateMetrics metrics = new PhasegateMetrics()) {
            String text = metrics.scrape();

            assertThat(text).contains("phasegate_jvm_memory_used_bytes").contains("phasegate_jvm_threads_live_threads")
                    .contains("phasegate_jvm_gc_");
            List<String> samples = Arrays.stream(text.split("\n")).filter(l -> !l.startsWith("#")).toList();
            assertThat(samples).allMatch(l -> l.startsWith("phasegate_"), "every sample is prefixed");
        }
    }

    @Test
    void boundSuppliersAreReadAtScrapeTime() throws Exception {
        try (PhasegateMetrics metrics = new PhasegateMetrics();
             AuditLog audit = new AuditLog(new AuditConfig(null, true, 4096, 1, 16, 16), "gw", Duration.ofHours(1),
                     Clock.systemUTC())) {
            AtomicLong hits = new AtomicLong();
            metrics.bindPlanCache(hits::get, () -> 3, () -> 7);
            metrics.bindPlanCacheShapes(() -> 4, () -> 2);
            metrics.bindAuditLog(audit);
            metrics.bindPhaseStore(() -> 42, () -> true, () -> 1500);
            metrics.bindBufferPool("test", new PhasegateMetrics.BufferPoolStats() {
                @Override
                public long usedHeapMemory() {
                    return 1024;
                }

                @Override
                public long usedDirectMemory() {
                    return 2048;
                }
            });
            for (int i = 0; i < 20; i++) { // not started: 16 queued, 4 dropped
                audit.record(new AuditRecord(Instant.now(), "gw", null, List.of(AuditColumn.of(EMAIL, Phase.WRITE)),
                        1, AuditAction.PASSED, null, null, -1, -1, null, null));
            }
            hits.set(5);

            String text = metrics.scrape();

            assertThat(text).contains("phasegate_plan_cache_hits_total 5.0")
                    .contains("phasegate_plan_cache_misses_total 3.0")
                    .contains("phasegate_plan_cache_size 7.0")
                    .contains("phasegate_plan_cache_shape_hits_total 4.0")
                    .contains("phasegate_plan_cache_unusable_shapes_total 2.0")
                    .contains("phasegate_audit_queue_depth 16.0")
                    .contains("phasegate_audit_dropped_total 4.0")
                    .contains("phasegate_phase_snapshot_version 42.0")
                    .contains("phasegate_phase_store_ready 1.0")
                    .contains("phasegate_phase_snapshot_age_seconds 1.5")
                    .contains("phasegate_netty_allocator_memory_used_bytes{allocator=\"test\",memory=\"direct\"} 2048.0");
        }
    }

    @Test
    void theStatementCounterIsCachedPerColumnPhaseAndAction() {
        try (PhasegateMetrics metrics = new PhasegateMetrics()) {
            assertThat(metrics.statementCounter(EMAIL, Phase.READ, AuditAction.PASSED))
                    .isSameAs(metrics.statementCounter(EMAIL, Phase.READ, AuditAction.PASSED))
                    .isNotSameAs(metrics.statementCounter(EMAIL, Phase.READ, AuditAction.REWRITTEN));
        }
    }
}
