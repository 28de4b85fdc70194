package dev.phasegate.config.guard;

/**
 * One guard rail's verdict on a step.
 *
 * @param rule    a stable identifier ({@code schema}, {@code backfill}, …) scripts can match on
 * @param status  met, unmet, or not yet known (which refuses like unmet)
 * @param message what was checked and found, in the operator's words
 */
public record GuardRailResult(String rule, Status status, String message) {

    public enum Status { MET, UNMET, UNKNOWN }

    public static GuardRailResult met(String rule, String message) {
        return new GuardRailResult(rule, Status.MET, message);
    }

    public static GuardRailResult unmet(String rule, String message) {
        return new GuardRailResult(rule, Status.UNMET, message);
    }

    public static GuardRailResult unknown(String rule, String message) {
        return new GuardRailResult(rule, Status.UNKNOWN, message);
    }

    public boolean blocks() {
        return status != Status.MET;
    }
}
