package dev.phasegate.admin.schema;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * One line of a schema report: a field of the column or table, what the declaration expects,
 * what PostgreSQL has, and what that means.
 *
 * @param field    {@code table}, {@code column}, {@code type}, {@code nullability}, {@code default},
 *                 {@code generated}, {@code source}, {@code sourceNullability}, {@code up}, {@code down},
 *                 {@code index}, {@code trigger:<name>}, {@code constraint:<name>}
 * @param status   see {@link Status}
 * @param expected what the declaration asks for, or null when it asks nothing
 * @param actual   what was found upstream, or null when nothing was found
 * @param message  the finding in the operator's words (and the fix, for a problem)
 */
public record FieldCheck(String field, Status status, String expected, String actual, String message) {

    /** How a field compares. Only {@link #PROBLEM} refuses the step to {@code write}. */
    public enum Status {
        /** As declared. */
        OK,
        /** Differs in a way that breaks the gateway's rewriting: the step to {@code write} is refused. */
        PROBLEM,
        /** Could fight dual writes or the backfill; look at it. */
        WARNING,
        /** Stated for completeness. */
        INFO,
        /** Nothing is configured to compare with (e.g. no expected index). */
        NOT_CONFIGURED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return wireName();
        }
    }

    static FieldCheck ok(String field, String expected, String actual, String message) {
        return new FieldCheck(field, Status.OK, expected, actual, message);
    }

    static FieldCheck problem(String field, String expected, String actual, String message) {
        return new FieldCheck(field, Status.PROBLEM, expected, actual, message);
    }

    static FieldCheck warning(String field, String expected, String actual, String message) {
        return new FieldCheck(field, Status.WARNING, expected, actual, message);
    }

    static FieldCheck info(String field, String actual, String message) {
        return new FieldCheck(field, Status.INFO, null, actual, message);
    }
}
