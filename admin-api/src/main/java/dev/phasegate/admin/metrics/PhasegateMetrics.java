package dev.phasegate.admin.metrics;

import dev.phasegate.admin.audit.AuditAction;
import dev.phasegate.admin.audit.AuditLog;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.Phase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The Prometheus registry and every Phasegate meter. Names below are Micrometer names; the
 * Prometheus exposition turns dots into underscores and adds unit and {@code _total} suffixes
 * (given in each constant's doc).
 *
 * <p>Hot-path methods ({@link #clientConnected()}, {@link #countStatement}, {@link #recordRewrite},
 * {@link #countShadowMismatch}) do not allocate once a column's meters exist: meters are
 * pre-registered or cached in arrays indexed by enum ordinal.
 */
public final class PhasegateMetrics implements AutoCloseable {

    /** Micrometer name prefix of every Phasegate meter. */
    public static final String PREFIX = "phasegate.";

    /** Gauge: client connections open now. Prometheus: {@code phasegate_client_connections}. */
    public static final String CLIENT_CONNECTIONS = "phasegate.client.connections";
    /** Counter: client connections accepted. {@code phasegate_client_connections_opened_total}. */
    public static final String CLIENT_CONNECTIONS_OPENED = "phasegate.client.connections.opened";
    /** Gauge: upstream (PostgreSQL) connections open now. {@code phasegate_upstream_connections}. */
    public static final String UPSTREAM_CONNECTIONS = "phasegate.upstream.connections";
    /** Counter: upstream connections opened. {@code phasegate_upstream_connections_opened_total}. */
    public static final String UPSTREAM_CONNECTIONS_OPENED = "phasegate.upstream.connections.opened";
    /** Counter: upstream connection attempts that failed. {@code phasegate_upstream_connect_failures_total}. */
    public static final String UPSTREAM_CONNECT_FAILURES = "phasegate.upstream.connect.failures";

    /**
     * Counter: statements touching a managed column, tagged {@code column}, {@code phase},
     * {@code action} (a statement touching two columns counts once for each).
     * {@code phasegate_statements_total}.
     */
    public static final String STATEMENTS = "phasegate.statements";
    /** Counter: statements that touch no managed column (passed through). {@code phasegate_statements_unmanaged_total}. */
    public static final String STATEMENTS_UNMANAGED = "phasegate.statements.unmanaged";
    /**
     * Counter: questions the gateway asked the server about a session's search_path, tagged
     * {@code outcome} ({@code answered|refused}). {@code phasegate_search_path_questions_total}.
     */
    public static final String SEARCH_PATH_QUESTIONS = "phasegate.search.path.questions";
    /** Timer: time to plan (pre-filter, parse, rewrite) one statement. {@code phasegate_rewrite_seconds_*}. */
    public static final String REWRITE_TIME = "phasegate.rewrite";
    /** Function counter: plan-cache hits. {@code phasegate_plan_cache_hits_total}. */
    public static final String PLAN_CACHE_HITS = "phasegate.plan.cache.hits";
    /** Function counter: plan-cache misses. {@code phasegate_plan_cache_misses_total}. */
    public static final String PLAN_CACHE_MISSES = "phasegate.plan.cache.misses";
    /** Function counter: of the hits, plans filled in from a literal shape. {@code phasegate_plan_cache_shape_hits_total}. */
    public static final String PLAN_CACHE_SHAPE_HITS = "phasegate.plan.cache.shape.hits";
    /** Function counter: literal shapes found unusable (their statements are planned one by one). {@code phasegate_plan_cache_unusable_shapes_total}. */
    public static final String PLAN_CACHE_UNUSABLE_SHAPES = "phasegate.plan.cache.unusable.shapes";
    /** Gauge: plans cached now. {@code phasegate_plan_cache_size}. */
    public static final String PLAN_CACHE_SIZE = "phasegate.plan.cache.size";
    /** Counter: dual reads that found a mismatch, tagged {@code column}. {@code phasegate_shadow_mismatches_total}. */
    public static final String SHADOW_MISMATCHES = "phasegate.shadow.mismatches";

    /** Gauge: audit records waiting for the writer. {@code phasegate_audit_queue_depth}. */
    public static final String AUDIT_QUEUE_DEPTH = "phasegate.audit.queue.depth";
    /** Function counter: audit records dropped because the queue was full. {@code phasegate_audit_dropped_total}. */
    public static final String AUDIT_DROPPED = "phasegate.audit.dropped";
    /** Function counter: audit records appended to the file. {@code phasegate_audit_written_total}. */
    public static final String AUDIT_WRITTEN = "phasegate.audit.written";
    /** Function counter: audit records the file could not take (kept in memory). {@code phasegate_audit_write_failures_total}. */
    public static final String AUDIT_WRITE_FAILURES = "phasegate.audit.write.failures";

    /** Gauge: version of the phase snapshot in force. {@code phasegate_phase_snapshot_version}. */
    public static final String SNAPSHOT_VERSION = "phasegate.phase.snapshot.version";
    /** Gauge: 1 when the phase store is readable and the snapshot confirmed, else 0. {@code phasegate_phase_store_ready}. */
    public static final String STORE_READY = "phasegate.phase.store.ready";
    /** Gauge: seconds since the store last confirmed the snapshot. {@code phasegate_phase_snapshot_age_seconds}. */
    public static final String SNAPSHOT_AGE = "phasegate.phase.snapshot.age";
    /**
     * Counter: admin phase changes made through this gateway, tagged {@code column}, {@code kind}
     * ({@code forward|backward|register|delete}) and {@code forced}. {@code phasegate_phase_changes_total}.
     */
    public static final String PHASE_CHANGES = "phasegate.phase.changes";
    /** Counter: admin API requests, tagged {@code method} and {@code status}. {@code phasegate_admin_requests_total}. */
    public static final String ADMIN_REQUESTS = "phasegate.admin.requests";

    /** Gauge: bytes used by a Netty buffer allocator, tagged {@code allocator}, {@code memory} (heap|direct). {@code phasegate_netty_allocator_memory_used_bytes}. */
    public static final String BUFFER_POOL_USED = "phasegate.netty.allocator.memory.used";
    /** Gauge: arenas of a pooled Netty allocator, tagged {@code allocator}, {@code memory}. {@code phasegate_netty_allocator_arenas}. */
    public static final String BUFFER_POOL_ARENAS = "phasegate.netty.allocator.arenas";
    /** Gauge: thread-local caches of a pooled Netty allocator. {@code phasegate_netty_allocator_threadlocal_caches}. */
    public static final String BUFFER_POOL_THREAD_CACHES = "phasegate.netty.allocator.threadlocal.caches";

    /**
     * JVM meters (memory, buffer pools, GC, threads, classes, CPU, uptime) are Micrometer's standard
     * binders renamed under this prefix: {@code jvm.memory.used} becomes
     * {@code phasegate_jvm_memory_used_bytes}, {@code process.cpu.usage} {@code phasegate_process_cpu_usage}.
     */
    public static final String JVM_PREFIX = "phasegate.jvm.";

    private static final Phase[] PHASES = Phase.values();
    private static final AuditAction[] ACTIONS = AuditAction.values();

    private final PrometheusMeterRegistry registry;
    private final AtomicLong clientConnections = new AtomicLong();
    private final AtomicLong upstreamConnections = new AtomicLong();
    private final Counter clientOpened;
    private final Counter upstreamOpened;
    private final Counter upstreamFailures;
    private final Counter unmanaged;
    private final Counter pathAnswered;
    private final Counter pathRefused;
    private final Timer rewrite;
    private final ConcurrentHashMap<ColumnId, Counter[]> statements = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ColumnId, Counter> mismatches = new ConcurrentHashMap<>();
    private final JvmGcMetrics gc;
    // Function counters hold their object weakly; these keep the suppliers alive.
    private final List<Object> strong = new ArrayList<>();

    public PhasegateMetrics() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String name = id.getName();
                if (name.startsWith("jvm.") || name.startsWith("process.") || name.startsWith("system.")) {
                    return id.withName(PREFIX + name);
                }
                return id;
            }
        });
        Gauge.builder(CLIENT_CONNECTIONS, clientConnections, AtomicLong::get).strongReference(true)
                .description("Client connections open now").register(registry);
        Gauge.builder(UPSTREAM_CONNECTIONS, upstreamConnections, AtomicLong::get).strongReference(true)
                .description("Upstream connections open now").register(registry);
        clientOpened = Counter.builder(CLIENT_CONNECTIONS_OPENED).description("Client connections accepted")
                .register(registry);
        upstreamOpened = Counter.builder(UPSTREAM_CONNECTIONS_OPENED).description("Upstream connections opened")
                .register(registry);
        upstreamFailures = Counter.builder(UPSTREAM_CONNECT_FAILURES).description("Failed upstream connection attempts")
                .register(registry);
        unmanaged = Counter.builder(STATEMENTS_UNMANAGED).description("Statements touching no managed column")
                .register(registry);
        pathAnswered = Counter.builder(SEARCH_PATH_QUESTIONS).tag("outcome", "answered")
                .description("Questions to the server about a session's search_path").register(registry);
        pathRefused = Counter.builder(SEARCH_PATH_QUESTIONS).tag("outcome", "refused")
                .description("Questions to the server about a session's search_path").register(registry);
        rewrite = Timer.builder(REWRITE_TIME).description("Time to plan one statement (pre-filter, parse, rewrite)")
                .serviceLevelObjectives(Duration.ofNanos(50_000), Duration.ofNanos(200_000), Duration.ofMillis(1),
                        Duration.ofMillis(5), Duration.ofMillis(25))
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The registry, for binding more meters. Name them under {@link #PREFIX} and document them here. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition (format 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    // --- data path -------------------------------------------------------------------------------

    public void clientConnected() {
        clientConnections.incrementAndGet();
        clientOpened.increment();
    }

    public void clientDisconnected() {
        clientConnections.decrementAndGet();
    }

    public void upstreamConnected() {
        upstreamConnections.incrementAndGet();
        upstreamOpened.increment();
    }

    public void upstreamDisconnected() {
        upstreamConnections.decrementAndGet();
    }

    public void upstreamConnectFailed() {
        upstreamFailures.increment();
    }

    /** Counts a statement that touched no managed column. */
    public void countUnmanagedStatement() {
        unmanaged.increment();
    }

    /** Counts a question to the server about a session's search_path and whether it was answered. */
    public void countSearchPathQuestion(boolean answered) {
        (answered ? pathAnswered : pathRefused).increment();
    }

    /** Counts a statement touching {@code column} in {@code phase} with {@code action}. */
    public void countStatement(ColumnId column, Phase phase, AuditAction action) {
        statementCounter(column, phase, action).increment();
    }

    /**
     * The counter {@link #countStatement} increments, for callers that cache it with a plan.
     */
    public Counter statementCounter(ColumnId column, Phase phase, AuditAction action) {
        Counter[] counters = statements.computeIfAbsent(column, c -> new Counter[PHASES.length * ACTIONS.length]);
        int slot = phase.ordinal() * ACTIONS.length + action.ordinal();
        Counter counter = counters[slot];
        if (counter == null) {
            // Registration is idempotent in Micrometer; a racing thread gets the same meter.
            counter = Counter.builder(STATEMENTS).description("Statements touching a managed column")
                    .tag("column", column.toString()).tag("phase", phase.wireName()).tag("action", action.wireName())
                    .register(registry);
            counters[slot] = counter;
        }
        return counter;
    }

    /** Records the planning time of one statement. */
    public void recordRewrite(long nanos) {
        rewrite.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void countShadowMismatch(ColumnId column) {
        mismatches.computeIfAbsent(column, c -> Counter.builder(SHADOW_MISMATCHES)
                .description("Dual reads that found a mismatch").tag("column", c.toString()).register(registry))
                .increment();
    }

    // --- bindings --------------------------------------------------------------------------------

    /** Exposes the plan cache's hit and miss counts and size. */
    public synchronized void bindPlanCache(LongSupplier hits, LongSupplier misses, LongSupplier size) {
        strong.add(hits);
        strong.add(misses);
        strong.add(size);
        FunctionCounter.builder(PLAN_CACHE_HITS, hits, s -> s.getAsLong()).description("Plan-cache hits")
                .register(registry);
        FunctionCounter.builder(PLAN_CACHE_MISSES, misses, s -> s.getAsLong()).description("Plan-cache misses")
                .register(registry);
        Gauge.builder(PLAN_CACHE_SIZE, size, s -> s.getAsLong()).strongReference(true).description("Plans cached")
                .register(registry);
    }

    /** Exposes how often the plan cache filled a plan in from a literal shape, and the shapes it could not use. */
    public synchronized void bindPlanCacheShapes(LongSupplier shapeHits, LongSupplier unusableShapes) {
        strong.add(shapeHits);
        strong.add(unusableShapes);
        FunctionCounter.builder(PLAN_CACHE_SHAPE_HITS, shapeHits, s -> s.getAsLong())
                .description("Plan-cache hits filled in from a literal shape").register(registry);
        FunctionCounter.builder(PLAN_CACHE_UNUSABLE_SHAPES, unusableShapes, s -> s.getAsLong())
                .description("Literal shapes whose plan differed from their first statement's").register(registry);
    }

    /** Exposes the audit log's queue depth, drops, writes and write failures. */
    public synchronized void bindAuditLog(AuditLog audit) {
        strong.add(audit);
        Gauge.builder(AUDIT_QUEUE_DEPTH, audit, AuditLog::queueDepth).strongReference(true)
                .description("Audit records waiting for the writer").register(registry);
        FunctionCounter.builder(AUDIT_DROPPED, audit, AuditLog::dropped)
                .description("Audit records dropped because the queue was full").register(registry);
        FunctionCounter.builder(AUDIT_WRITTEN, audit, AuditLog::written)
                .description("Audit records appended to the file").register(registry);
        FunctionCounter.builder(AUDIT_WRITE_FAILURES, audit, AuditLog::writeFailures)
                .description("Audit records the file could not take").register(registry);
    }

    /** Exposes the phase snapshot in force, whether the store is ready and how old the confirmation is. */
    public synchronized void bindPhaseStore(LongSupplier snapshotVersion, BooleanSupplier ready,
                                            LongSupplier ageMillis) {
        strong.add(snapshotVersion);
        strong.add(ready);
        strong.add(ageMillis);
        Gauge.builder(SNAPSHOT_VERSION, snapshotVersion, s -> s.getAsLong()).strongReference(true)
                .description("Version of the phase snapshot in force").register(registry);
        Gauge.builder(STORE_READY, ready, s -> s.getAsBoolean() ? 1 : 0).strongReference(true)
                .description("1 when the phase store is readable and the snapshot confirmed").register(registry);
        Gauge.builder(SNAPSHOT_AGE, ageMillis, s -> s.getAsLong() / 1000.0).strongReference(true).baseUnit("seconds")
                .description("Seconds since the store last confirmed the snapshot").register(registry);
    }

    /**
     * Exposes a Netty buffer allocator's numbers (the http package adapts Netty's allocator
     * metrics to this, keeping Netty out of this package).
     *
     * @param allocator a name for the tag ({@code default}, {@code admin})
     */
    public synchronized void bindBufferPool(String allocator, BufferPoolStats stats) {
        strong.add(stats);
        Gauge.builder(BUFFER_POOL_USED, stats, BufferPoolStats::usedHeapMemory).strongReference(true)
                .tag("allocator", allocator).tag("memory", "heap").baseUnit("bytes")
                .description("Bytes used by a Netty buffer allocator").register(registry);
        Gauge.builder(BUFFER_POOL_USED, stats, BufferPoolStats::usedDirectMemory).strongReference(true)
                .tag("allocator", allocator).tag("memory", "direct").baseUnit("bytes")
                .description("Bytes used by a Netty buffer allocator").register(registry);
        if (stats.pooled()) {
            Gauge.builder(BUFFER_POOL_ARENAS, stats, BufferPoolStats::heapArenas).strongReference(true)
                    .tag("allocator", allocator).tag("memory", "heap").description("Arenas of a pooled allocator")
                    .register(registry);
            Gauge.builder(BUFFER_POOL_ARENAS, stats, BufferPoolStats::directArenas).strongReference(true)
                    .tag("allocator", allocator).tag("memory", "direct").description("Arenas of a pooled allocator")
                    .register(registry);
            Gauge.builder(BUFFER_POOL_THREAD_CACHES, stats, BufferPoolStats::threadLocalCaches).strongReference(true)
                    .tag("allocator", allocator).description("Thread-local caches of a pooled allocator")
                    .register(registry);
        }
    }

    /** Counts an admin phase change. */
    public void countPhaseChange(ColumnId column, String kind, boolean forced) {
        Counter.builder(PHASE_CHANGES).description("Phase changes made through this gateway")
                .tag("column", column.toString()).tag("kind", kind).tag("forced", Boolean.toString(forced))
                .register(registry).increment();
    }

    /** Counts an admin API request. */
    public void countAdminRequest(String method, int status) {
        Counter.builder(ADMIN_REQUESTS).description("Admin API requests")
                .tag("method", method).tag("status", Integer.toString(status)).register(registry).increment();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    /** A buffer allocator's numbers, read when Prometheus scrapes. */
    public interface BufferPoolStats {
        long usedHeapMemory();

        long usedDirectMemory();

        /** Whether arena and cache numbers below are meaningful (a pooled allocator). */
        default boolean pooled() {
            return false;
        }

        default int heapArenas() {
            return 0;
        }

        default int directArenas() {
            return 0;
        }

        default int threadLocalCaches() {
            return 0;
        }
    }
}
