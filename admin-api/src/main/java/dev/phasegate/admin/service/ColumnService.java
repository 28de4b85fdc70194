package dev.phasegate.admin.service;

import dev.phasegate.admin.audit.AuditAction;
import dev.phasegate.admin.audit.AuditLog;
import dev.phasegate.admin.audit.AuditRecord;
import dev.phasegate.admin.metrics.PhasegateMetrics;
import dev.phasegate.admin.store.ChangeNote;
import dev.phasegate.admin.store.ConfigSeeder;
import dev.phasegate.admin.store.PhaseChange;
import dev.phasegate.admin.store.PhaseStore;
import dev.phasegate.admin.store.PhaseStoreException;
import dev.phasegate.config.GuardRailConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.config.column.PhaseSteps;
import dev.phasegate.config.guard.GuardRailFacts;
import dev.phasegate.config.guard.GuardRailResult;
import dev.phasegate.config.guard.GuardRails;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Registers, moves, rolls back and deletes managed columns.
 *
 * <p>A phase change is checked in this order: the column exists (else NOT_FOUND); the step is
 * legal per {@link PhaseSteps} (else BAD_REQUEST {@code illegal_step}: never overridable); the
 * guard rails for the step are met, with facts gathered now (else CONFLICT
 * {@code guard_rails_unmet} listing every unmet rule, unless {@code force} with a non-empty reason,
 * which is then recorded as forced). The store applies it with an optimistic lock on the version
 * read at the start, so two operators racing cannot both move a column from the same phase.
 *
 * <p>Every change and every refusal is audited; after a change {@link #onChange} listeners run
 * (the snapshot feed re-reads, so this gateway has the new phase in force before the API answers).
 */
public final class ColumnService {

    /** Longest name PostgreSQL keeps (NAMEDATALEN - 1 bytes). */
    private static final int MAX_IDENTIFIER_BYTES = 63;

    private final PhaseStore store;
    private final GuardRailFactsSource facts;
    private final GuardRailConfig config;
    private final AuditLog audit;
    private final Clock clock;
    private final PhasegateMetrics metrics;
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private volatile ConfigSeeder.Report seedReport = new ConfigSeeder.Report(List.of(), List.of());

    /**
     * @param facts   every facts source, composed (see {@link #defaultFacts} and {@link GuardRailFactsSource#compose})
     * @param metrics may be {@code null}
     */
    public ColumnService(PhaseStore store, GuardRailFactsSource facts, GuardRailConfig config, AuditLog audit,
                         PhasegateMetrics metrics, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.facts = Objects.requireNonNull(facts, "facts");
        this.config = Objects.requireNonNull(config, "config");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * The facts this package knows, from this gateway's own audit: history first, then the audit.
     * Compose the jobs' sources after these. With several gateways use
     * {@link #defaultFacts(PhaseStore, dev.phasegate.admin.audit.AuditCounts, GuardRailConfig)} with
     * {@link dev.phasegate.admin.audit.SharedAuditCounts}.
     */
    public static List<GuardRailFactsSource> defaultFacts(PhaseStore store, AuditLog audit, GuardRailConfig config) {
        return defaultFacts(store, audit.counts(), config);
    }

    /** History first, then the given audit counts. */
    public static List<GuardRailFactsSource> defaultFacts(PhaseStore store, dev.phasegate.admin.audit.AuditCounts counts,
                                                          GuardRailConfig config) {
        return List.of(new HistoryFactsSource(store), new AuditFactsSource(counts, config));
    }

    /** Runs {@code listener} after every change this service makes (e.g. {@code feed::refresh}). */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    /** Makes the configuration file's differences from the store visible in the API. */
    public void configReport(ConfigSeeder.Report report) {
        this.seedReport = Objects.requireNonNull(report, "report");
    }

    public ConfigSeeder.Report configReport() {
        return seedReport;
    }

    // --- queries ---------------------------------------------------------------------------------

    /** Every managed column as stored now. */
    public PhaseSnapshot columns() {
        return guard(store::load);
    }

    /**
     * Everything about one column.
     *
     * @throws ServiceException NOT_FOUND
     */
    public ColumnDetails describe(ColumnId id) {
        ManagedColumn column = require(id);
        return describe(column);
    }

    private ColumnDetails describe(ManagedColumn column) {
        return guard(() -> {
            Instant now = clock.instant();
            GuardRailFacts known = facts.contribute(column, GuardRailFacts.none(now));
            Optional<ColumnDetails.Step> next = PhaseSteps.next(column)
                    .map(p -> new ColumnDetails.Step(p, GuardRails.evaluate(column, p, known, config)));
            Optional<ColumnDetails.Step> previous = PhaseSteps.previous(column)
                    .map(p -> new ColumnDetails.Step(p, GuardRails.evaluate(column, p, known, config)));
            Instant windowStart = now.minus(config.auditWindow());
            Instant coverage = audit.coverageStart();
            Instant since = coverage.isAfter(windowStart) ? coverage : windowStart;
            return new ColumnDetails(column, store.history(column.id()), since,
                    audit.counters().byAction(column.id(), since), next, previous,
                    seedReport.driftOf(column.id()), store.facts(column.id()));
        });
    }

    /** The guard rails of moving {@code id} to {@code target}, with facts gathered now. */
    public List<GuardRailResult> guardRails(ColumnId id, Phase target) {
        ManagedColumn column = require(id);
        return guard(() -> GuardRails.evaluate(column, target, facts.contribute(column,
                GuardRailFacts.none(clock.instant())), config));
    }

    // --- changes ---------------------------------------------------------------------------------

    /**
     * Registers a column. A column registered in another phase than {@code hidden} skips every
     * guard rail on the way, so that needs {@code force} and a reason.
     *
     * @throws ServiceException BAD_REQUEST for invalid names or a phase the column cannot have;
     *                          CONFLICT when it is already managed
     */
    public ColumnDetails register(ManagedColumn declared, String reason, boolean force, Actor actor) {
        validateNames(declared);
        String why = reason == null ? "" : reason.strip();
        if (declared.phase() != Phase.HIDDEN && !(force && !why.isEmpty())) {
            throw ServiceException.badRequest("phase_needs_force", "registering " + declared.id() + " directly in '"
                    + declared.phase() + "' skips every guard rail before it; register it in 'hidden', or pass "
                    + "force: true with a reason");
        }
        ManagedColumn stored;
        try {
            stored = guard(() -> store.register(declared, new ChangeNote(actor.name(), why,
                    declared.phase() != Phase.HIDDEN, List.of())));
        } catch (PhaseStoreException.AlreadyExists e) {
            throw ServiceException.conflict("already_managed", e.getMessage(), e.getMessage());
        }
        ColumnDetails details = describe(stored);
        record(actor, stored, details.storeVersion(), AuditAction.REGISTERED, "registered in " + stored.phase()
                + reasonSuffix(why));
        count(stored.id(), PhaseChange.Kind.REGISTER, false);
        changed();
        return details;
    }

    /**
     * Moves a column to {@code target}: one step forward (guard rails) or one step back (rollback
     * guard rails). Asking for the phase it is in changes nothing and succeeds.
     *
     * @throws ServiceException NOT_FOUND; BAD_REQUEST ({@code illegal_step}, {@code reason_required});
     *                          CONFLICT ({@code guard_rails_unmet} with a {@link Refusal},
     *                          {@code concurrent_change})
     */
    public ColumnDetails changePhase(ColumnId id, Phase target, String reason, boolean force, Actor actor) {
        ManagedColumn column = require(id);
        String why = reason == null ? "" : reason.strip();
        PhaseSteps.Kind kind = PhaseSteps.classify(column, target);
        switch (kind) {
            case SAME -> {
                return describe(column);
            }
            case ILLEGAL -> {
                String explanation = PhaseSteps.explainIllegal(column, target);
                record(actor, column, -1, AuditAction.PHASE_REFUSED, "illegal step " + column.phase() + " → "
                        + target + ": " + explanation + reasonSuffix(why));
                throw ServiceException.badRequest("illegal_step", explanation);
            }
            case FORWARD, BACKWARD -> {
                return step(column, target, why, force, actor);
            }
        }
        throw new IllegalStateException("unhandled step kind " + kind);
    }

    /**
     * Moves a column one step back, if that loses no writes (or {@code force} with a reason).
     *
     * @throws ServiceException NOT_FOUND; CONFLICT ({@code no_step_back}, {@code guard_rails_unmet},
     *                          {@code concurrent_change}); BAD_REQUEST ({@code reason_required})
     */
    public ColumnDetails rollback(ColumnId id, String reason, boolean force, Actor actor) {
        ManagedColumn column = require(id);
        String why = reason == null ? "" : reason.strip();
        Optional<Phase> previous = PhaseSteps.previous(column);
        if (previous.isEmpty()) {
            String explanation = column.phase() == Phase.COMPLETE
                    ? column.id() + " is complete: the gateway has let go of it and it cannot move back"
                    : column.id() + " is in '" + column.phase() + "', the first phase: there is nothing to roll back";
            record(actor, column, -1, AuditAction.PHASE_REFUSED, "rollback refused: " + explanation + reasonSuffix(why));
            throw ServiceException.conflict("no_step_back", explanation, explanation);
        }
        return step(column, previous.get(), why, force, actor);
    }

    /**
     * Stops managing a column. Only in {@code hidden} (nothing was written through it) or
     * {@code complete} (the gateway let go).
     *
     * @throws ServiceException NOT_FOUND; CONFLICT ({@code delete_refused}, {@code concurrent_change})
     */
    public void delete(ColumnId id, String reason, Actor actor) {
        ManagedColumn column = require(id);
        String why = reason == null ? "" : reason.strip();
        if (column.phase() != Phase.HIDDEN && column.phase() != Phase.COMPLETE) {
            String explanation = column.id() + " is in '" + column.phase() + "': a column can only be deleted in "
                    + "'hidden' (roll it back first) or 'complete' (finish the migration)";
            record(actor, column, -1, AuditAction.PHASE_REFUSED, "delete refused: " + explanation + reasonSuffix(why));
            throw ServiceException.conflict("delete_refused", explanation, explanation);
        }
        try {
            guard(() -> {
                store.delete(id, column.version(), ChangeNote.of(actor.name(), why));
                return null;
            });
        } catch (PhaseStoreException.VersionConflict e) {
            throw concurrent(e);
        } catch (PhaseStoreException.UnknownColumn e) {
            throw ServiceException.notFound("no managed column " + id);
        }
        record(actor, column, guard(store::currentVersion), AuditAction.DELETED, "deleted in " + column.phase()
                + reasonSuffix(why));
        count(id, PhaseChange.Kind.DELETE, false);
        changed();
    }

    /** Why a step was refused: the body of the 409. */
    public record Refusal(ColumnId column, Phase from, Phase to, List<GuardRailResult> unmet,
                          List<GuardRailResult> met) {
    }

    // ---------------------------------------------------------------------------------------------

    private ColumnDetails step(ManagedColumn column, Phase target, String why, boolean force, Actor actor) {
        if (force && why.isEmpty()) {
            throw ServiceException.badRequest("reason_required", "force overrides guard rails and is audited: give a "
                    + "non-empty reason");
        }
        List<GuardRailResult> results = guard(() -> GuardRails.evaluate(column, target,
                facts.contribute(column, GuardRailFacts.none(clock.instant())), config));
        List<GuardRailResult> unmet = results.stream().filter(GuardRailResult::blocks).toList();
        boolean backward = target.ordinal() < column.phase().ordinal();
        if (!unmet.isEmpty() && !force) {
            record(actor, column, -1, AuditAction.PHASE_REFUSED, column.phase() + " → " + target + " refused: "
                    + rules(unmet) + reasonSuffix(why));
            List<GuardRailResult> met = results.stream().filter(r -> !r.blocks()).toList();
            String message = (backward ? "rolling " : "moving ") + column.id() + " from '" + column.phase() + "' to '"
                    + target + "' is refused: " + unmet.stream().map(GuardRailResult::message)
                    .collect(Collectors.joining("; "));
            throw ServiceException.conflict("guard_rails_unmet", message,
                    new Refusal(column.id(), column.phase(), target, unmet, met));
        }
        boolean forced = !unmet.isEmpty();
        ManagedColumn updated;
        try {
            updated = guard(() -> store.changePhase(column.id(), column.version(), target,
                    new ChangeNote(actor.name(), why, forced, results)));
        } catch (PhaseStoreException.VersionConflict e) {
            throw concurrent(e);
        } catch (PhaseStoreException.UnknownColumn e) {
            throw ServiceException.notFound("no managed column " + column.id());
        }
        ColumnDetails details = describe(updated);
        String detail = column.phase() + " → " + target + (forced ? " (forced over " + rules(unmet) + ")" : "")
                + reasonSuffix(why);
        record(actor, updated, details.storeVersion(), backward ? AuditAction.ROLLED_BACK : AuditAction.PHASE_CHANGED,
                detail);
        count(column.id(), backward ? PhaseChange.Kind.BACKWARD : PhaseChange.Kind.FORWARD, forced);
        changed();
        return details;
    }

    private ManagedColumn require(ColumnId id) {
        return guard(() -> store.find(id)).orElseThrow(() -> ServiceException.notFound("no managed column " + id));
    }

    private void record(Actor actor, ManagedColumn column, long storeVersion, AuditAction action, String detail) {
        if (storeVersion < 0) {
            try {
                storeVersion = store.currentVersion();
            } catch (PhaseStoreException e) {
                // Unknown; the record is still worth keeping.
            }
        }
        audit.record(AuditRecord.admin(clock.instant(), audit.gatewayId(), actor.toAuditSession(), column.id(),
                column.phase(), storeVersion, action, detail));
    }

    private void count(ColumnId id, PhaseChange.Kind kind, boolean forced) {
        if (metrics != null) {
            metrics.countPhaseChange(id, kind.wireName(), forced);
        }
    }

    private void changed() {
        for (Runnable listener : changeListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ColumnService.class).warn("A change listener failed", e);
            }
        }
    }

    private static ServiceException concurrent(PhaseStoreException.VersionConflict e) {
        return ServiceException.conflict("concurrent_change", e.getMessage(), e.getMessage());
    }

    private static String rules(List<GuardRailResult> results) {
        return results.stream().map(GuardRailResult::rule).collect(Collectors.joining(", "));
    }

    private static String reasonSuffix(String why) {
        return why.isEmpty() ? "" : "; reason: " + why;
    }

    /** Runs a store call, turning "store unreachable" into UNAVAILABLE. */
    private static <T> T guard(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (PhaseStoreException.Unavailable e) {
            throw ServiceException.unavailable(e.getMessage(), e);
        }
    }

    static void validateNames(ManagedColumn column) {
        List<String> problems = new ArrayList<>();
        Map<String, String> names = new LinkedHashMap<>();
        names.put("schema", column.id().schema());
        names.put("table", column.id().table());
        names.put("column", column.id().column());
        if (column.source() != null) {
            names.put("source", column.source());
        }
        names.forEach((what, name) -> {
            String problem = identifierProblem(name);
            if (problem != null) {
                problems.add(what + " '" + name + "' " + problem);
            }
        });
        if (column.type().contains(";")) {
            problems.add("type '" + column.type() + "' must be a type name, not a statement");
        }
        if (!problems.isEmpty()) {
            throw ServiceException.badRequest("invalid_column", String.join("; ", problems));
        }
    }

    private static String identifierProblem(String name) {
        if (name.isBlank()) {
            return "is empty";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            return "is longer than PostgreSQL's " + MAX_IDENTIFIER_BYTES + "-byte identifiers";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || c == '.') {
                return "contains '" + (c == '.' ? "." : "\\u" + String.format("%04x", (int) c)) + "'";
            }
        }
        if (!name.equals(name.strip())) {
            return "has surrounding spaces";
        }
        return null;
    }
}
