package dev.phasegate.gateway.rewrite;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.phasegate.admin.audit.AuditAction;
import dev.phasegate.admin.audit.AuditColumn;
import dev.phasegate.admin.audit.AuditLog;
import dev.phasegate.admin.audit.AuditRecord;
import dev.phasegate.admin.audit.AuditSession;
import dev.phasegate.admin.audit.StatementFingerprinter;
import dev.phasegate.admin.metrics.PhasegateMetrics;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.rewriter.ColumnAction;
import dev.phasegate.rewriter.StatementPlan;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns what the data path saw into audit records and statement counts. Never blocks: records go
 * to {@link AuditLog#record}, which queues or counts a drop. Statement text is redacted once per
 * distinct text and fingerprinted once per distinct redacted text: an application that inlines
 * its values sends a new text per row, but its statements share a few redacted forms, and hashing
 * is the costly part. Thread-safe.
 */
final class AuditEmitter {

    /**
     * A client's statement text as its audit records carry it: its fingerprint and the text,
     * redacted when {@code audit.redactLiterals} is on. Worked out once per prepared statement
     * ({@link RewritingSession.Prepared#auditText}) and once per literal shape ({@link
     * #text(StatementPlan, String)}), so repeated statements hand the audit writer the same
     * strings, whose encoding it remembers by identity.
     */
    record Text(String fingerprint, String statement) {
    }

    private static final Text NO_TEXT = new Text(null, null);

    /** The audited text of the statements whose plans share {@code actions}. */
    private record ShapeText(List<ColumnAction> actions, Text text) {
    }

    /** A redacted form, one object per distinct form, and its fingerprint. */
    private record Redacted(String text, String fingerprint) {
    }

    private final AuditLog log;
    private final PhasegateMetrics metrics;
    private final StatementFingerprinter fingerprinter;
    private final boolean redact;
    private final String gatewayId;
    private final Clock clock;
    private final Cache<String, Text> texts;
    private final Cache<String, Redacted> redactions;
    private final StatementAudit.Memo audits = new StatementAudit.Memo();
    private final ShapeText[] shapeTexts = new ShapeText[256];

    AuditEmitter(AuditLog log, PhasegateMetrics metrics, StatementFingerprinter fingerprinter, boolean redact,
                 String gatewayId, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.metrics = metrics;
        this.fingerprinter = fingerprinter;
        this.redact = redact;
        this.gatewayId = gatewayId;
        this.clock = clock;
        // Upkeep on the calling thread: it is a few pointer moves, cheaper than waking a pool thread.
        this.texts = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();
        this.redactions = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();
    }

    /** The audit view of one planned statement (remembered for the plans of recent statements). */
    StatementAudit auditOf(StatementPlan plan, PhaseSnapshot snapshot) {
        return audits.of(plan, snapshot);
    }

    PhasegateMetrics metrics() {
        return metrics;
    }

    /**
     * Records one statement.
     *
     * @param text          the client's text of this one statement, as {@link #text} made it
     * @param rows          rows from the CommandComplete tag, or -1
     * @param durationNanos from forwarding to completion, or -1
     * @param sqlState      the error's SQLSTATE, or {@code null}
     * @param mismatches    shadow mismatches found per column (their columns count as {@code shadow_mismatch})
     */
    void statement(AuditSession session, StatementAudit audit, AuditAction action, long snapshotVersion,
                   Text text, long rows, long durationNanos, String sqlState, String detail,
                   Map<ColumnId, Long> mismatches) {
        log.record(new AuditRecord(clock.instant(), gatewayId, session, audit.columns(), snapshotVersion, action,
                text.fingerprint(), text.statement(), rows, durationNanos < 0 ? -1 : durationNanos / 1000, sqlState,
                detail));
        if (metrics != null) {
            for (AuditColumn column : audit.columns()) {
                AuditAction counted = mismatches.containsKey(column.id()) ? AuditAction.SHADOW_MISMATCH
                        : action == AuditAction.REJECTED ? AuditAction.REJECTED
                        : audit.perColumn().getOrDefault(column.id(), action);
                metrics.statementCounter(column.id(), column.phase(), counted).increment();
            }
            for (ColumnId column : mismatches.keySet()) {
                metrics.countShadowMismatch(column);
            }
        }
    }

    /** Records a statement the DDL guard acted on (it may touch no managed column). */
    void ddl(AuditSession session, List<AuditColumn> columns, AuditAction action, long snapshotVersion,
             String statement, long rows, long durationNanos, String sqlState, String detail) {
        Text text = text(statement);
        log.record(new AuditRecord(clock.instant(), gatewayId, session, columns, snapshotVersion, action,
                text.fingerprint(), text.statement(), rows, durationNanos < 0 ? -1 : durationNanos / 1000, sqlState,
                detail));
    }

    void countUnmanaged() {
        if (metrics != null) {
            metrics.countUnmanagedStatement();
        }
    }

    void countSearchPathQuestion(boolean answered) {
        if (metrics != null) {
            metrics.countSearchPathQuestion(answered);
        }
    }

    void recordRewrite(long nanos) {
        if (metrics != null) {
            metrics.recordRewrite(nanos);
        }
    }

    /**
     * The audited form of one statement of a Query, whose plan is {@code plan}. Statements that
     * inline their values have a new text each time, but a plan filled in from a literal shape
     * shares its action list with every plan of that shape (see {@link StatementAudit.Memo}), and
     * such statements redact and fingerprint alike: their literals are whole tokens, which both
     * make {@code ?}, and everything else is the shape's text. So the first statement's text is
     * remembered by that list (direct-mapped, fixed in size), and the others are not lexed again.
     * Without redaction the record carries each statement's own text, with the shared fingerprint.
     */
    Text text(StatementPlan plan, String statement) {
        List<ColumnAction> actions = plan.actions();
        int slot = System.identityHashCode(actions) & (shapeTexts.length - 1);
        ShapeText known = shapeTexts[slot];
        if (known == null || known.actions() != actions) {
            known = new ShapeText(actions, text(statement));
            shapeTexts[slot] = known;
        } else if (!redact) {
            return new Text(known.text().fingerprint(), statement);
        }
        return known.text();
    }

    /** The audited form of a statement text. */
    Text text(String statement) {
        if (statement == null) {
            return NO_TEXT;
        }
        Text known = texts.getIfPresent(statement);
        if (known != null) {
            return known;
        }
        // Texts with the same redacted form differ only in literals, comments and layout: the
        // fingerprint ignores all three, so the redacted form can key it. Its first object stands
        // for it in every record after (the sessions that prepare one statement share it).
        String redacted = fingerprinter.redact(statement);
        Redacted form = redactions.get(redacted, r -> new Redacted(r, fingerprinter.fingerprint(statement)));
        Text text = new Text(form.fingerprint(), redact ? form.text() : statement);
        if (redacted.equals(statement)) {
            // Only texts redaction leaves as they are (no literals, no comments) are kept: one with
            // inlined values or a per-request comment is usually new each time
            // (WHERE id = 42, then 43, …), and caching it would evict a useful entry per statement.
            texts.put(statement, text);
        }
        return text;
    }
}
