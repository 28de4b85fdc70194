package dev.phasegate.gateway.rewrite;

import dev.phasegate.admin.audit.AuditAction;
import dev.phasegate.admin.audit.AuditColumn;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.rewriter.Action;
import dev.phasegate.rewriter.ColumnAction;
import dev.phasegate.rewriter.ColumnRole;
import dev.phasegate.rewriter.StatementPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the audit says about one planned statement: the columns it touched with the three flags
 * the guard rails count ({@code readsSource}, {@code writesSource}, {@code newOnlyWrite}), and the
 * statement's action. Derived once per plan from the rewriter's {@link ColumnAction}s; immutable.
 *
 * <p>The flags err on the side that keeps a guard rail closed: a statement whose use of a source
 * cannot be told apart (an unparsed statement under the pass policy, an unknown detail in a write)
 * counts as both reading and writing it. {@code SELECT *} reads the source while the source is a
 * real column (every phase but {@code contract}), even where the new column is left out of the
 * star. A statement the gateway refused ran nothing and sets no flag.
 *
 * @param columns one entry per managed column touched (never a {@code complete} one)
 * @param action  the statement's action, before a shadow mismatch found at run time
 * @param perColumn each column's own most significant action, for the statement counter
 */
record StatementAudit(List<AuditColumn> columns, AuditAction action, Map<ColumnId, AuditAction> perColumn) {

    static final StatementAudit NONE = new StatementAudit(List.of(), AuditAction.PASSED, Map.of());

    boolean isEmpty() {
        return columns.isEmpty();
    }

    /** How significant an action is for the one action a statement's record carries (higher wins). */
    static int rank(AuditAction action) {
        return switch (action) {
            case REJECTED -> 8;
            case SHADOW_MISMATCH -> 7;
            case SHADOWED -> 6;
            case UNPARSED -> 5;
            case REWRITTEN -> 4;
            case STRIPPED -> 3;
            case DEFAULTED -> 2;
            case PASSED -> 1;
            default -> 0;
        };
    }

    static AuditAction of(Action action) {
        return switch (action) {
            case PASSED -> AuditAction.PASSED;
            case REWRITTEN -> AuditAction.REWRITTEN;
            case STRIPPED -> AuditAction.STRIPPED;
            case DEFAULTED -> AuditAction.DEFAULTED;
            case SHADOWED -> AuditAction.SHADOWED;
            case REJECTED -> AuditAction.REJECTED;
            case UNPARSED -> AuditAction.UNPARSED;
        };
    }

    /** The audit view of one statement's plan; {@link #NONE} when it touches no managed column. */
    static StatementAudit of(StatementPlan plan, PhaseSnapshot snapshot) {
        if (plan.actions().isEmpty()) {
            return NONE;
        }
        return of(plan.actions(), plan.write(), snapshot);
    }

    /**
     * Remembers the audit view of recent statements' plans. A plan filled in from a literal shape
     * is a new object for every statement, but it shares its action list with the shape's plan, so
     * that list (by identity), the write flag and the snapshot version identify the view.
     * Direct-mapped and fixed in size; entries are immutable, so a racing write only replaces one
     * valid entry with another.
     */
    static final class Memo {

        private record Entry(List<ColumnAction> actions, boolean write, long snapshotVersion, StatementAudit audit) {
        }

        private final Entry[] slots = new Entry[256];

        StatementAudit of(StatementPlan plan, PhaseSnapshot snapshot) {
            List<ColumnAction> actions = plan.actions();
            if (actions.isEmpty()) {
                return NONE;
            }
            int slot = System.identityHashCode(actions) & (slots.length - 1);
            Entry e = slots[slot];
            if (e != null && e.actions == actions && e.write == plan.write() && e.snapshotVersion == snapshot.version()) {
                return e.audit;
            }
            StatementAudit audit = StatementAudit.of(actions, plan.write(), snapshot);
            slots[slot] = new Entry(actions, plan.write(), snapshot.version(), audit);
            return audit;
        }
    }

    static StatementAudit of(List<ColumnAction> actions, boolean write, PhaseSnapshot snapshot) {
        Map<ColumnId, Flags> byColumn = new LinkedHashMap<>();
        AuditAction statementAction = null;
        for (ColumnAction a : actions) {
            if (a.phase() == Phase.COMPLETE) {
                continue; // the gateway has let go of it
            }
            Flags f = byColumn.computeIfAbsent(a.column(), id -> new Flags(a.phase()));
            AuditAction action = of(a.action());
            if (f.action == null || rank(action) > rank(f.action)) {
                f.action = action;
            }
            if (statementAction == null || rank(action) > rank(statementAction)) {
                statementAction = action;
            }
            Optional<ManagedColumn> column = snapshot.column(a.column());
            boolean hasSource = column.map(ManagedColumn::hasSource).orElse(true);
            classify(a, write, hasSource, f);
        }
        if (byColumn.isEmpty()) {
            return NONE;
        }
        List<AuditColumn> columns = new ArrayList<>(byColumn.size());
        Map<ColumnId, AuditAction> perColumn = new LinkedHashMap<>();
        boolean refused = statementAction == AuditAction.REJECTED;
        byColumn.forEach((id, f) -> {
            columns.add(refused ? AuditColumn.of(id, f.phase)
                    : new AuditColumn(id, f.phase, f.readsSource, f.writesSource, f.newOnlyWrite));
            perColumn.put(id, f.action);
        });
        return new StatementAudit(List.copyOf(columns), statementAction, Map.copyOf(perColumn));
    }

    private static final class Flags {
        final Phase phase;
        AuditAction action;
        boolean readsSource;
        boolean writesSource;
        boolean newOnlyWrite;

        Flags(Phase phase) {
            this.phase = phase;
        }
    }

    /**
     * Reads the rewriter's action details (see {@code StatementRewriter}, {@code WriteRewriter},
     * {@code CopyRewriter}); {@code StatementAuditTest} pins them against real plans.
     */
    private static void classify(ColumnAction a, boolean write, boolean hasSource, Flags f) {
        String detail = a.detail();
        if (a.action() == Action.UNPARSED || a.action() == Action.REJECTED) {
            if (hasSource) {
                f.readsSource = true;
                f.writesSource |= write;
            }
            return;
        }
        switch (a.role()) {
            case SOURCE -> {
                if (detail.equals("source left out of *")) {
                    return; // contract: the star no longer reads the (virtual) source
                }
                if (isRead(detail)) {
                    f.readsSource = true;
                } else if (isWrite(detail)) {
                    f.writesSource = true;
                } else if (detail.startsWith("COPY")) {
                    if (detail.contains("FROM")) {
                        f.writesSource = true;
                    } else {
                        f.readsSource = true;
                    }
                } else {
                    f.readsSource = true;
                    f.writesSource |= write;
                }
            }
            case TABLE -> {
                if (!hasSource) {
                    return;
                }
                if (detail.startsWith("COPY")) {
                    if (detail.contains("FROM")) {
                        f.writesSource = true;
                    } else {
                        f.readsSource = true;
                    }
                } else {
                    f.readsSource = true; // "*" in read: the star includes the source
                }
            }
            case NEW -> {
                if (detail.contains("no down to derive the source")) {
                    f.newOnlyWrite = true;
                }
                if (hasSource && detail.equals("left out of *")) {
                    f.readsSource = true; // the star still reads the source
                }
                if (hasSource && detail.equals("left out of the implicit column list")) {
                    f.writesSource = true; // INSERT without a column list writes every visible column
                }
            }
            default -> {
            }
        }
    }

    private static boolean isRead(String detail) {
        return detail.equals("read") || detail.startsWith("read ") || detail.startsWith("dual read")
                || detail.equals("*") || detail.startsWith("JOIN") || detail.equals("NATURAL JOIN");
    }

    private static boolean isWrite(String detail) {
        return detail.startsWith("dual write") || detail.startsWith("virtual source written")
                || detail.contains("assignment") || detail.startsWith("INSERT") || detail.startsWith("UPDATE")
                || detail.startsWith("ON CONFLICT") || detail.startsWith("MERGE")
                || detail.contains("implicit column list");
    }

    /** The audit view of a plan's columns when the exact statement is not known (a rejection of the whole text). */
    static StatementAudit rejected(List<ColumnAction> actions, PhaseSnapshot snapshot) {
        StatementAudit audit = of(actions, false, snapshot);
        if (audit.isEmpty()) {
            return audit;
        }
        List<AuditColumn> cols = new ArrayList<>();
        Map<ColumnId, AuditAction> per = new LinkedHashMap<>();
        for (AuditColumn c : audit.columns()) {
            cols.add(AuditColumn.of(c.id(), c.phase()));
            per.put(c.id(), AuditAction.REJECTED);
        }
        return new StatementAudit(List.copyOf(cols), AuditAction.REJECTED, Map.copyOf(per));
    }
}
