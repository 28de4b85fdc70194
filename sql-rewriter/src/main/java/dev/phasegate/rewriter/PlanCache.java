package dev.phasegate.rewriter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.phasegate.rewriter.lex.CommentEdges;
import dev.phasegate.rewriter.lex.FillTemplate;
import dev.phasegate.rewriter.lex.LiteralShape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

/**
 * Plans by statement text, phase-snapshot version and catalog version: a flip or a catalog refresh
 * makes every old entry unreachable (they age out), so a cached plan never outlives what it was
 * computed from. Bounded by entry count (Caffeine's W-TinyLFU eviction). Thread-safe.
 *
 * <p>Statements that inline their values ({@code WHERE id = 42}) are new texts every time, so
 * the cache also keeps one plan per {@link LiteralShape literal shape} ({@code WHERE id = $1})
 * and fills each statement's literals into it. A shape is trusted only after its first statement
 * proved it: the plan filled from the shape must equal, field for field, the plan computed from
 * the statement itself. Shapes where they differ (a literal that is syntax, such as a type
 * modifier in {@code varchar(20)}) are remembered as unusable and their statements planned one by one.
 *
 * <p>Statements that carry a per-request comment before or after them (a trace id) are new texts
 * every time too: their plan is the plan of the text between the {@link CommentEdges comment
 * edges}, with the edges put back around it.
 */
public final class PlanCache {

    /** A text planned under given versions, for sessions whose table names resolve through {@code searchPath}. */
    private record Key(String sql, long snapshotVersion, long catalogVersion, List<String> searchPath) {
    }

    /**
     * A shape's plan ({@code null} when the shape proved unusable) and, when the plan rewrites the
     * text, the rewritten text split at its placeholders ({@code null} when it names one that is
     * out of range).
     */
    private record Template(RewritePlan plan, FillTemplate text) {

        static final Template UNUSABLE = new Template(null, null);

        static Template of(RewritePlan shaped) {
            if (!(shaped instanceof RewritePlan.Rewritten r)) {
                return new Template(shaped, null);
            }
            ParameterMap map = r.parameters();
            IntUnaryOperator numbering = map == null ? IntUnaryOperator.identity() : map::oldNumber;
            try {
                return new Template(shaped, FillTemplate.of(r.sql(), numbering));
            } catch (IllegalArgumentException e) {
                return new Template(shaped, null);
            }
        }
    }

    private final Cache<Key, RewritePlan> plans;
    private final Cache<Key, Template> shapes;
    private final long maximumSize;
    private final LongAdder hits = new LongAdder();
    private final LongAdder shapeHits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder unusableShapes = new LongAdder();

    public PlanCache(long maximumSize) {
        if (maximumSize < 0) {
            throw new IllegalArgumentException("maximumSize must not be negative");
        }
        this.maximumSize = maximumSize;
        // Upkeep (eviction, access order) on the calling thread: a few pointer moves, cheaper than
        // handing it to the common pool, which wakes a thread that competes with the event loop.
        this.plans = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
        this.shapes = Caffeine.newBuilder().maximumSize(Math.max(1, maximumSize / 4)).executor(Runnable::run).build();
    }

    /**
     * The cached plan of {@code sql}, the plan filled in from its shape's, or the one
     * {@code planner} computes (once per key, even under contention).
     *
     * @param planner plans a text without any cache (called with {@code sql}, its core between comment
     *                edges, or the shape of either)
     */
    public RewritePlan get(String sql, long snapshotVersion, long catalogVersion, List<String> searchPath,
                           Function<String, RewritePlan> planner) {
        Key key = new Key(sql, snapshotVersion, catalogVersion, searchPath);
        RewritePlan cached = plans.getIfPresent(key);
        if (cached != null) {
            hits.increment();
            return cached;
        }
        CommentEdges edges = CommentEdges.of(sql);
        if (edges == null) {
            return notCached(key, planner);
        }
        Key coreKey = new Key(edges.core(), snapshotVersion, catalogVersion, searchPath);
        RewritePlan core = plans.getIfPresent(coreKey);
        if (core != null) {
            hits.increment();
        } else {
            core = notCached(coreKey, planner);
        }
        return around(edges, core);
    }

    /** The plan of a text the cache does not hold by text: filled in from its shape's, or planned. */
    private RewritePlan notCached(Key key, Function<String, RewritePlan> planner) {
        String sql = key.sql();
        LiteralShape shape = LiteralShape.of(sql);
        if (shape == null) {
            return planByText(key, planner);
        }
        Key shapeKey = new Key(shape.key(), key.snapshotVersion(), key.catalogVersion(), key.searchPath());
        Template template = shapes.getIfPresent(shapeKey);
        if (template == null) {
            // First statement of this shape: plan both, keep the shape if they agree.
            RewritePlan direct = miss(planner, sql);
            Template shaped = Template.of(planner.apply(shape.text()));
            boolean usable = direct.equals(fill(shaped, shape));
            if (!usable) {
                unusableShapes.increment();
            }
            shapes.put(shapeKey, usable ? shaped : Template.UNUSABLE);
            plans.put(key, direct);
            return direct;
        }
        // A usable shape's plan fills every statement of the shape: the placeholders its rewrite
        // uses are the shape's, whose count the key fixes.
        RewritePlan filled = template.plan() == null ? null : fill(template, shape);
        if (filled == null) {
            return planByText(key, planner);
        }
        shapeHits.increment();
        return filled;
    }

    private RewritePlan planByText(Key key, Function<String, RewritePlan> planner) {
        return plans.get(key, k -> miss(planner, k.sql()));
    }

    private RewritePlan miss(Function<String, RewritePlan> planner, String sql) {
        misses.increment();
        return planner.apply(sql);
    }

    /**
     * The plan of {@code shape.original()} derived from the plan of its shape: literals put back
     * into the text sent, statement offsets moved to where they are in the original; {@code null}
     * when the rewrite made up a placeholder the shape does not have.
     */
    private static RewritePlan fill(Template template, LiteralShape shape) {
        RewritePlan shaped = template.plan();
        String rewritten = null;
        if (shaped instanceof RewritePlan.Rewritten) {
            if (template.text() == null) {
                return null;
            }
            try {
                rewritten = template.text().fill(shape);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return rebased(shaped, shape.original(), shape::toOriginal, rewritten, null);
    }

    /**
     * The plan of {@code edges.original()} derived from the plan of its core: the edges put back
     * around the text sent, statement offsets moved by the leading edge's length.
     */
    private static RewritePlan around(CommentEdges edges, RewritePlan core) {
        IntUnaryOperator shift = offset -> offset + edges.coreStart();
        if (core instanceof RewritePlan.Rewritten r) {
            return rebased(core, edges.original(), shift, edges.around(r.sql()), r.parameters());
        }
        return rebased(core, edges.original(), shift, null, null);
    }

    /**
     * {@code plan} as the plan of another text with the same statements: {@code original} is what
     * the client sent, statement offsets are moved by {@code offsets}, and a rewrite sends
     * {@code rewritten} with {@code parameters}.
     */
    private static RewritePlan rebased(RewritePlan plan, String original, IntUnaryOperator offsets, String rewritten,
                                       ParameterMap parameters) {
        List<StatementPlan> statements = new ArrayList<>(plan.statements().size());
        for (StatementPlan s : plan.statements()) {
            statements.add(new StatementPlan(s.index(), s.kind(), s.write(), offsets.applyAsInt(s.startOffset()),
                    offsets.applyAsInt(s.endOffset()), s.rewritten(), s.actions(), s.resultFilter(), s.notes()));
        }
        if (plan instanceof RewritePlan.Rewritten r) {
            return new RewritePlan.Rewritten(original, rewritten, r.kind(), statements, parameters);
        }
        if (plan instanceof RewritePlan.Rejected j) {
            return new RewritePlan.Rejected(original, j.kind(), statements, j.reason());
        }
        return new RewritePlan.Unchanged(original, plan.kind(), statements);
    }

    /** Plans served from the cache: by text, or filled in from a shape. */
    public long hitCount() {
        return hits.sum() + shapeHits.sum();
    }

    /** Of {@link #hitCount()}, those filled in from a literal shape. */
    public long shapeHitCount() {
        return shapeHits.sum();
    }

    /** Plans computed. */
    public long missCount() {
        return misses.sum();
    }

    /** Shapes whose first statement's plan differed from the shape's (their statements are planned one by one). */
    public long unusableShapeCount() {
        return unusableShapes.sum();
    }

    /** Approximate number of cached plans (texts and shapes). */
    public long size() {
        return plans.estimatedSize() + shapes.estimatedSize();
    }

    public long maximumSize() {
        return maximumSize;
    }

    public void invalidateAll() {
        plans.invalidateAll();
        shapes.invalidateAll();
    }
}
