package dev.phasegate.benchmarks;

import dev.phasegate.config.RewriterConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.rewriter.RewritePlan;
import dev.phasegate.rewriter.SqlRewriter;
import dev.phasegate.rewriter.catalog.Catalog;
import dev.phasegate.rewriter.lex.PreFilter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the rewriter costs per statement on the data path: the pre-filter that lets unmanaged
 * statements through, a plan-cache hit, and a cold plan (parse + resolve + splice, no cache) of a
 * ~200-character INSERT and SELECT on a managed table, and a plan filled in from a literal
 * shape (an UPDATE with inlined values, a new text each time), and a SELECT with a per-request
 * trace comment (a new text each time, planned once). Targets: pre-filter and cache hit
 * under 1 µs, cold plan under 200 µs. Run: see docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 3) // the generated parser is large: C2 needs ~10 s to settle
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class RewriterBenchmark {

    /** 200 characters, names no managed table. */
    static final String UNMANAGED = "SELECT o.id, o.customer_id, o.total, o.created_at, o.status FROM orders o "
            + "JOIN customers c ON c.id = o.customer_id WHERE o.status = 'open' AND c.region = $1 "
            + "ORDER BY o.created_at DESC LIMIT 50";

    /** ~200 characters, an ORM-style upsert on the managed table. */
    static final String INSERT = "INSERT INTO users (email, name, created_at, plan, country) VALUES ($1, $2, now(), "
            + "'free', $3) ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name "
            + "RETURNING id, email, name";

    /** ~200 characters, a read of the managed table naming the managed column. */
    static final String SELECT = "SELECT u.id, u.email, u.email_lower, u.name FROM users u WHERE u.created_at > "
            + "now() - interval '7 days' AND u.email LIKE $1 AND u.plan <> 'closed' ORDER BY u.id DESC LIMIT 100";

    /** Distinct statements of one literal shape, as an application inlining its values sends them. */
    private static final String[] LITERAL_UPDATES = new String[1024];

    static {
        for (int i = 0; i < LITERAL_UPDATES.length; i++) {
            LITERAL_UPDATES[i] = "UPDATE users SET email = 'User" + i + "@Example.com', name = 'User Number " + i
                    + "', plan = 'pro' WHERE id = " + (1000 + i * 7) + " AND country = 'NL' RETURNING id, email";
        }
    }

    private int next;
    private long traceId = 0x4bf92f3577b34da6L;

    @Param({"write", "shadow"})
    public String phase;

    private SqlRewriter rewriter;
    private PhaseSnapshot snapshot;
    private Catalog catalog;
    private PreFilter preFilter;

    @Setup
    public void setUp() {
        rewriter = new SqlRewriter(RewriterConfig.DEFAULTS);
        snapshot = new PhaseSnapshot(7, List.of(new ManagedColumn(ColumnId.parse("public.users.email_lower"), "text",
                "email", "lower(email)", null, null, Phase.parse(phase), 1)));
        catalog = Catalog.builder(1)
                .table("public", "users", "id bigint", "email text", "email_lower text", "name text",
                        "created_at timestamptz", "plan text", "country text")
                .table("public", "orders", "id bigint", "customer_id bigint", "total numeric", "created_at timestamptz",
                        "status text")
                .table("public", "customers", "id bigint", "region text")
                .build();
        preFilter = rewriter.preFilter(snapshot);
        for (String sql : List.of(INSERT, SELECT, LITERAL_UPDATES[0])) {
            RewritePlan plan = rewriter.plan(sql, snapshot, catalog);
            if (!plan.touchesManagedColumns()) {
                throw new IllegalStateException("benchmark statement does not touch the managed column: " + sql);
            }
        }
    }

    @Benchmark
    public boolean preFilterUnmanaged() {
        return preFilter.mayName(UNMANAGED);
    }

    @Benchmark
    public RewritePlan planUnmanaged() {
        return rewriter.plan(UNMANAGED, snapshot, catalog);
    }

    @Benchmark
    public RewritePlan cacheHitSelect() {
        return rewriter.plan(SELECT, snapshot, catalog);
    }

    @Benchmark
    public RewritePlan shapeHitLiteralUpdate() {
        next = (next + 1) & (LITERAL_UPDATES.length - 1);
        return rewriter.plan(LITERAL_UPDATES[next], snapshot, catalog);
    }

    /** The {@link #SELECT} with a trace comment of its own, as sqlcommenter appends one to every statement. */
    @Benchmark
    public RewritePlan commentedSelect() {
        traceId++;
        return rewriter.plan(SELECT + " /*traceparent='00-" + Long.toHexString(traceId) + "a3ce929d0e0e4736-00f067aa0ba902b7-01'*/",
                snapshot, catalog);
    }

    @Benchmark
    public RewritePlan coldPlanInsert() {
        return rewriter.planUncached(INSERT, snapshot, catalog);
    }

    @Benchmark
    public RewritePlan coldPlanSelect() {
        return rewriter.planUncached(SELECT, snapshot, catalog);
    }
}
