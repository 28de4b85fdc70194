package dev.phasegate.config.column;

import java.util.Objects;
import java.util.Optional;

/**
 * A column under Phasegate's management, with the phase it is in.
 *
 * @param id            {@code schema.table.column} of the new column
 * @param type          the new column's SQL type, as written in DDL ({@code text}, {@code numeric(12,2)})
 * @param source        the existing column this one replaces or is derived from, or {@code null}
 *                      for a pure addition
 * @param up            SQL expression over the row computing the new value from the old one, or
 *                      {@code null} for the default {@code source::type}
 * @param down          SQL expression computing the old value from the new one, or {@code null}
 * @param defaultValue  what reads of the new column return while it is not readable, or
 *                      {@code null} for {@code NULL::type}
 * @param phase         the current phase
 * @param version       incremented on every change of this column; the phase store's optimistic lock
 */
public record ManagedColumn(
        ColumnId id,
        String type,
        String source,
        String up,
        String down,
        String defaultValue,
        Phase phase,
        long version) {

    public ManagedColumn {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(phase, "phase");
        type = requireText(type, "type");
        source = blankToNull(source);
        up = blankToNull(up);
        down = blankToNull(down);
        defaultValue = blankToNull(defaultValue);
        if (source != null && source.equals(id.column())) {
            throw new IllegalArgumentException(id + ": source must name another column than the managed one");
        }
        if (!PhaseSteps.allows(source != null, phase)) {
            throw new IllegalArgumentException(id + ": phase '" + phase + "' needs a source column; a pure addition "
                    + "moves " + PhaseSteps.describe(false));
        }
    }

    /** A column as declared, in phase {@code hidden}, version 1. */
    public static ManagedColumn declared(ColumnId id, String type, String source, String up, String down,
                                         String defaultValue) {
        return new ManagedColumn(id, type, source, up, down, defaultValue, Phase.HIDDEN, 1);
    }

    public boolean hasSource() {
        return source != null;
    }

    public Optional<ColumnId> sourceId() {
        return Optional.ofNullable(source).map(id::sibling);
    }

    /** The new column's name. */
    public String name() {
        return id.column();
    }

    /**
     * The expression that computes the new value from the row: {@code up} if declared, else
     * {@code source::type}; empty for a pure addition without {@code up}.
     */
    public Optional<String> upExpression() {
        if (up != null) {
            return Optional.of(up);
        }
        if (source != null) {
            return Optional.of(Identifiers.quoteIfNeeded(source) + "::" + type);
        }
        return Optional.empty();
    }

    public Optional<String> downExpression() {
        return Optional.ofNullable(down);
    }

    /** What reads of the new column return while it is not readable. */
    public String defaultExpression() {
        return defaultValue != null ? defaultValue : "NULL::" + type;
    }

    public ManagedColumn withPhase(Phase newPhase) {
        return new ManagedColumn(id, type, source, up, down, defaultValue, newPhase, version + 1);
    }

    private static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        return value.trim();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
