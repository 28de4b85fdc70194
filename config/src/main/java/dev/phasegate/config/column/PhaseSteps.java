package dev.phasegate.config.column;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Which phases a column goes through and which moves between them are legal. Pure functions:
 * whether a legal step is also <em>safe</em> right now is the guard rails' question.
 */
public final class PhaseSteps {

    private static final List<Phase> WITH_SOURCE =
            List.of(Phase.HIDDEN, Phase.WRITE, Phase.SHADOW, Phase.READ, Phase.CONTRACT, Phase.COMPLETE);
    private static final List<Phase> PURE_ADDITION =
            List.of(Phase.HIDDEN, Phase.WRITE, Phase.READ, Phase.COMPLETE);

    /** How a requested move relates to the current phase. */
    public enum Kind { SAME, FORWARD, BACKWARD, ILLEGAL }

    private PhaseSteps() {
    }

    /** The phases, in order, that a column with or without a source goes through. */
    public static List<Phase> sequence(boolean hasSource) {
        return hasSource ? WITH_SOURCE : PURE_ADDITION;
    }

    public static boolean allows(boolean hasSource, Phase phase) {
        return sequence(hasSource).contains(phase);
    }

    public static String describe(boolean hasSource) {
        return sequence(hasSource).stream().map(Phase::wireName).collect(Collectors.joining(" → "));
    }

    /**
     * Classifies a move: forward means exactly one step on; backward means exactly one step back;
     * everything else (skipping a phase, leaving {@code complete}, a phase this column does not
     * have) is illegal.
     */
    public static Kind classify(ManagedColumn column, Phase target) {
        List<Phase> sequence = sequence(column.hasSource());
        int from = sequence.indexOf(column.phase());
        int to = sequence.indexOf(target);
        if (to < 0) {
            return Kind.ILLEGAL;
        }
        if (to == from) {
            return Kind.SAME;
        }
        if (to == from + 1) {
            return Kind.FORWARD;
        }
        // The gateway has let go in COMPLETE: going back would resurrect rewriting over data
        // nobody dual-wrote since, so it is not a rollback step.
        if (to == from - 1 && column.phase() != Phase.COMPLETE) {
            return Kind.BACKWARD;
        }
        return Kind.ILLEGAL;
    }

    /** Why a move is illegal, in words an operator understands. */
    public static String explainIllegal(ManagedColumn column, Phase target) {
        List<Phase> sequence = sequence(column.hasSource());
        if (!sequence.contains(target)) {
            return column.id() + " has no phase '" + target + "': it moves " + describe(column.hasSource());
        }
        if (column.phase() == Phase.COMPLETE) {
            return column.id() + " is complete: the gateway has let go of it and it cannot move back";
        }
        return "cannot move " + column.id() + " from '" + column.phase() + "' to '" + target
                + "': phases move one step at a time (" + describe(column.hasSource()) + ")";
    }

    public static java.util.Optional<Phase> next(ManagedColumn column) {
        List<Phase> sequence = sequence(column.hasSource());
        int i = sequence.indexOf(column.phase());
        return i + 1 < sequence.size() ? java.util.Optional.of(sequence.get(i + 1)) : java.util.Optional.empty();
    }

    public static java.util.Optional<Phase> previous(ManagedColumn column) {
        List<Phase> sequence = sequence(column.hasSource());
        int i = sequence.indexOf(column.phase());
        return i > 0 && column.phase() != Phase.COMPLETE
                ? java.util.Optional.of(sequence.get(i - 1)) : java.util.Optional.empty();
    }
}
