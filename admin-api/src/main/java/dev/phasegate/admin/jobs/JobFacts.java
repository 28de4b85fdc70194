package dev.phasegate.admin.jobs;

import dev.phasegate.admin.schema.SchemaInspector;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.guard.GuardRailFacts;
import dev.phasegate.config.guard.GuardRailFacts.SchemaFact;
import dev.phasegate.config.guard.GuardRailFacts.VerificationFact;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The guard-rail facts the jobs establish for a column: the schema check, the last completed
 * backfill, the last verification and the last completed reverse backfill. {@link #gather} reads
 * them now and returns a pure function that adds them to the facts the control plane gathered
 * itself (phase history, shadow counters, audit counts), so the two compose:
 * {@code facts = jobFacts.gather(column).apply(controlPlaneFacts)}.
 *
 * <p>Only runs made with the column's current expressions count: after {@code up} or {@code down}
 * changes, earlier runs computed other values.
 *
 * <p>A backfill covers the rows whose keys existed when it started; rows inserted later are
 * covered by the gateway's dual writes only if the column was already in {@code write}. So a run
 * that <em>started</em> before the column entered {@code write} (known from the incoming facts'
 * {@code enteredWriteAt}) is reported as completed at its start, which the guard rail reads as
 * "finished before entering write: run it again". The same holds for a reverse backfill that
 * started before the column entered its current phase ({@code enteredPhaseAt}).
 */
public final class JobFacts {

    private final JobStore store;
    private final SchemaInspector inspector;

    /** Facts read through {@code dataSource}, the upstream database holding schema {@code phasegate}. */
    public JobFacts(DataSource dataSource) {
        this(new JobStore(dataSource), new SchemaInspector(dataSource));
    }

    JobFacts(JobStore store, SchemaInspector inspector) {
        this.store = store;
        this.inspector = inspector;
    }

    /**
     * Reads the facts of {@code column} now.
     *
     * @throws JobException 503 when the database cannot be read (the facts are then unknown,
     *                      which must not pass for "not met")
     */
    public UnaryOperator<GuardRailFacts> gather(ManagedColumn column) {
        try {
            SchemaFact schema = inspector.inspect(column).toFact();
            String id = column.id().toString();
            Optional<BackfillRun> forward = column.upExpression().isEmpty() ? Optional.empty()
                    : store.latestCompletedBackfill(id, Direction.FORWARD, column.name(), column.upExpression().get());
            Optional<BackfillRun> reverse = column.hasSource() && column.downExpression().isPresent()
                    ? store.latestCompletedBackfill(id, Direction.REVERSE, column.source(), column.downExpression().get())
                    : Optional.empty();
            Optional<VerificationRun> verification = column.upExpression().isPresent()
                    ? store.latestCompletedVerification(id, VerificationRun.MODE_UP, column.upExpression().get())
                    : store.latestCompletedVerification(id, VerificationRun.MODE_NULL, null);
            return facts -> {
                GuardRailFacts result = facts.withSchema(schema);
                if (forward.isPresent()) {
                    result = result.withBackfillCompletedAt(coveredAt(forward.get(), facts.enteredWriteAt()));
                }
                if (reverse.isPresent()) {
                    result = result.withReverseBackfillCompletedAt(coveredAt(reverse.get(), facts.enteredPhaseAt()));
                }
                if (verification.isPresent()) {
                    VerificationRun v = verification.get();
                    // In mode 'null' (a pure addition without up) NULLs are expected, not mismatches.
                    long mismatches = VerificationRun.MODE_UP.equals(v.mode()) ? v.mismatches() : 0;
                    result = result.withVerification(new VerificationFact(v.finishedAt(), v.rowsChecked(), mismatches));
                }
                return result;
            };
        } catch (SQLException e) {
            throw JobException.unavailable("could not read the job facts of " + column.id() + ": " + e.getMessage(), e);
        }
    }

    /** The finish time, or the start when the run started before {@code since} (it may miss rows). */
    private static Instant coveredAt(BackfillRun run, Optional<Instant> since) {
        if (since.isPresent() && run.startedAt().isBefore(since.get())) {
            return run.startedAt();
        }
        return run.finishedAt();
    }
}
