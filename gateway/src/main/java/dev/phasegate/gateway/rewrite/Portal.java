package dev.phasegate.gateway.rewrite;

import dev.phasegate.admin.audit.AuditAction;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.gateway.hook.ResultObserver;
import dev.phasegate.gateway.hook.StatementOutcome;
import dev.phasegate.gateway.protocol.backend.DataRow;
import dev.phasegate.gateway.protocol.backend.ErrorResponse;
import dev.phasegate.gateway.protocol.backend.RowDescription;
import dev.phasegate.rewriter.ResultFilter;
import dev.phasegate.rewriter.lex.SearchPathCommand;
import java.util.List;
import java.util.Map;

/**
 * A portal bound from a statement this session follows: the plan it runs (fixed at Bind, whatever
 * happens to the statement later), its row filter (shared by the Executes of a portal fetched in
 * chunks, so shadow mismatches add up), and its audit, written once when it completes or fails — or
 * when it is dropped half-read.
 */
final class Portal {

    private final RewritingSession session;
    private final String sql;
    /** Fixed at Bind: the statement may be prepared again under its name before this portal completes. */
    private final AuditEmitter.Text text;
    private final PhaseSnapshot snapshot;
    private final StatementAudit audit;
    private final DdlGuard.Verdict ddl;
    private final boolean isDdl;
    private final boolean commits;
    private final RowFilter rows;
    /** What completing it does to the session's SQL-level prepared statements; null: nothing. */
    private final Runnable completion;
    /** What running it does to the session's search_path; null: nothing. */
    private final SearchPathCommand searchPathCommand;
    private boolean suspended;
    private long suspendedNanos;
    private boolean noticesSent;
    private boolean audited;

    Portal(RewritingSession session, RewritingSession.Prepared statement) {
        this.session = session;
        this.sql = statement.sql;
        this.snapshot = statement.snapshot;
        this.audit = statement.audit;
        this.text = audit.isEmpty() ? null : statement.auditText(session.hook().audit());
        this.ddl = statement.ddl;
        this.isDdl = statement.isDdl;
        this.commits = statement.commits;
        this.rows = new RowFilter(statement.filter());
        this.completion = statement.completion();
        this.searchPathCommand = statement.searchPathCommand;
    }

    SearchPathCommand searchPathCommand() {
        return searchPathCommand;
    }

    ResultFilter filter() {
        return rows.filter();
    }

    /** The observer of one Execute of this portal. */
    ResultObserver execution() {
        return new Execution();
    }

    /** The portal is gone (closed, rebound, session ended): audit it if it was left suspended. */
    void discard() {
        if (suspended && !audited) {
            finish(rows.isEmpty() ? -1 : rows.seenRows(), suspendedNanos, null);
        }
    }

    private void finish(long rowCount, long nanos, String sqlState) {
        audited = true;
        if (!audit.isEmpty()) {
            Map<ColumnId, Long> mismatches = rows.mismatchesByColumn();
            AuditAction action = audit.action();
            String detail = null;
            if (!mismatches.isEmpty()) {
                action = AuditAction.SHADOW_MISMATCH;
                detail = QueryResult.describeMismatches(mismatches, rows.checkedRows());
            }
            session.hook().audit().statement(session.auditSession(), audit, action, snapshot.version(), text,
                    rowCount, nanos, sqlState, detail, mismatches);
        }
        if (!ddl.isEmpty()) {
            session.auditDdl(ddl, AuditAction.PASSED, snapshot, sql, rowCount, nanos, sqlState);
        }
    }

    private final class Execution implements ResultObserver {

        @Override
        public boolean filtersRows() {
            return !rows.isEmpty();
        }

        @Override
        public RowDescription onRowDescription(RowDescription description) {
            return rows.description(description);
        }

        @Override
        public DataRow onDataRow(DataRow row) {
            return rows.row(row);
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
            switch (outcome.kind()) {
                case SUSPENDED -> {
                    suspended = true;
                    suspendedNanos += outcome.durationNanos();
                }
                case COMPLETED, EMPTY, FAILED -> {
                    if (audited) {
                        return;
                    }
                    // A portal read in chunks: each chunk's tag counts only its own rows.
                    long rowCount = !suspended ? outcome.rows() : rows.isEmpty() ? -1 : rows.seenRows();
                    finish(rowCount, suspendedNanos + outcome.durationNanos(), outcome.sqlState());
                    suspended = false;
                    if (completion != null && outcome.kind() == StatementOutcome.Kind.COMPLETED) {
                        completion.run();
                    }
                    if ((isDdl || commits) && outcome.kind() != StatementOutcome.Kind.FAILED) {
                        session.catalogTouched(!isDdl);
                    }
                }
                default -> {
                    // SKIPPED: never ran.
                }
            }
        }
    }
}
