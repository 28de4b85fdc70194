package dev.phasegate.gateway.rewrite;

import dev.phasegate.admin.audit.AuditAction;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.gateway.hook.ResultObserver;
import dev.phasegate.gateway.hook.StatementOutcome;
import dev.phasegate.gateway.protocol.backend.DataRow;
import dev.phasegate.gateway.protocol.backend.ErrorResponse;
import dev.phasegate.gateway.protocol.backend.RowDescription;
import dev.phasegate.rewriter.RewritePlan;
import dev.phasegate.rewriter.StatementKind;
import dev.phasegate.rewriter.StatementPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Watches the answer to one simple Query: its statements answer in order, each ending with one
 * CommandComplete (or EmptyQueryResponse, or an ErrorResponse that ends the whole Query), and each
 * may start with a RowDescription. Statement {@code i}'s {@link dev.phasegate.rewriter.ResultFilter}
 * applies to the rows before the {@code i}-th completion; its audit record is written at it.
 */
final class QueryResult implements ResultObserver {

    private final RewritingSession session;
    private final String sql;
    private final PhaseSnapshot snapshot;
    private final DdlGuard.Verdict ddl;
    private final boolean catalogMayChange;
    private final boolean ddlText;
    /** The statements that answer (empty ones between semicolons do not). */
    private final List<StatementPlan> statements;
    private final boolean filters;
    /** What completing a statement does to the session's SQL-level prepared statements; null: nothing. */
    private final SqlPreparedStatements.Followed prepared;
    private int index;
    private RowFilter current;
    private boolean noticesSent;
    private boolean ddlAudited;

    /**
     * @param ddlText          whether the text may hold DDL ({@link DdlGuard#mayBeDdl}, already asked by the session)
     * @param catalogMayChange whether a successful run may change the catalog (DDL, or a commit after DDL)
     * @param prepared         what completing {@code plan}'s statements does to the session's SQL-level
     *                         prepared statements, or {@code null}
     */
    QueryResult(RewritingSession session, String sql, RewritePlan plan, PhaseSnapshot snapshot, DdlGuard.Verdict ddl,
                boolean ddlText, boolean catalogMayChange, SqlPreparedStatements.Followed prepared) {
        this.session = session;
        this.sql = sql;
        this.snapshot = snapshot;
        this.ddl = ddl;
        this.catalogMayChange = catalogMayChange;
        this.ddlText = ddlText;
        this.prepared = prepared;
        this.statements = plan == null ? List.of() : answering(plan.statements());
        boolean any = false;
        for (StatementPlan s : statements) {
            any |= !s.resultFilter().isEmpty();
        }
        this.filters = any;
    }

    private static List<StatementPlan> answering(List<StatementPlan> all) {
        if (all.size() <= 1) {
            return all;
        }
        List<StatementPlan> answering = new ArrayList<>(all.size());
        for (StatementPlan s : all) {
            if (s.kind() != StatementKind.EMPTY) {
                answering.add(s);
            }
        }
        return answering;
    }

    @Override
    public boolean filtersRows() {
        return filters;
    }

    private RowFilter filter() {
        if (current == null) {
            current = new RowFilter(index < statements.size() ? statements.get(index).resultFilter()
                    : dev.phasegate.rewriter.ResultFilter.NONE);
        }
        return current;
    }

    @Override
    public RowDescription onRowDescription(RowDescription description) {
        return filter().description(description);
    }

    @Override
    public DataRow onDataRow(DataRow row) {
        return filter().row(row);
    }

    @Override
    public List<ErrorResponse> notices() {
        if (noticesSent || ddl.warnings().isEmpty()) {
            return List.of();
        }
        noticesSent = true;
        return ddl.notices();
    }

    @Override
    public void onComplete(StatementOutcome outcome) {
        if (outcome.kind() == StatementOutcome.Kind.SKIPPED || outcome.kind() == StatementOutcome.Kind.ACKNOWLEDGED) {
            return;
        }
        RowFilter rows = current;
        current = null;
        if (index < statements.size()) {
            StatementPlan plan = statements.get(index);
            if (prepared != null && outcome.kind() == StatementOutcome.Kind.COMPLETED) {
                prepared.completed(plan);
            }
            StatementAudit audit = session.hook().audit().auditOf(plan, snapshot);
            if (!audit.isEmpty()) {
                Map<ColumnId, Long> mismatches = rows == null ? Map.of() : rows.mismatchesByColumn();
                AuditAction action = audit.action();
                String detail = null;
                if (!mismatches.isEmpty()) {
                    action = AuditAction.SHADOW_MISMATCH;
                    detail = describeMismatches(mismatches, rows.checkedRows());
                }
                session.hook().audit().statement(session.auditSession(), audit, action, snapshot.version(),
                        session.hook().audit().text(plan, text(plan)), outcome.rows(), outcome.durationNanos(),
                        outcome.sqlState(), detail, mismatches);
            }
        }
        index++;
        if (!ddl.isEmpty() && !ddlAudited) {
            ddlAudited = true;
            session.auditDdl(ddl, AuditAction.PASSED, snapshot, sql, outcome.rows(), outcome.durationNanos(),
                    outcome.sqlState());
        }
        if (catalogMayChange && outcome.kind() != StatementOutcome.Kind.FAILED) {
            session.catalogTouched(!ddlText);
        }
    }

    private String text(StatementPlan plan) {
        int start = Math.max(0, Math.min(plan.startOffset(), sql.length()));
        int end = Math.max(start, Math.min(plan.endOffset(), sql.length()));
        return start == 0 && end == sql.length() ? sql : sql.substring(start, end);
    }

    static String describeMismatches(Map<ColumnId, Long> mismatches, long checkedRows) {
        StringBuilder b = new StringBuilder("shadow read mismatch: ");
        boolean first = true;
        for (Map.Entry<ColumnId, Long> e : mismatches.entrySet()) {
            if (!first) {
                b.append(", ");
            }
            first = false;
            b.append(e.getKey()).append(" differs from up(source) in ").append(e.getValue()).append(" of ")
                    .append(checkedRows).append(" row(s)");
        }
        return b.toString();
    }
}
