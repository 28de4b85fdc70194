package dev.phasegate.rewriter;

import java.util.List;

/** What a statement is, as far as planning is concerned. */
public enum StatementKind {
    SELECT,
    INSERT,
    UPDATE,
    DELETE,
    MERGE,
    COPY,
    /** Schema changes and maintenance (ALTER, CREATE INDEX, DROP, TRUNCATE, VACUUM, …): passed unchanged. */
    DDL,
    /** Session and transaction control (BEGIN, SET, SHOW, SAVEPOINT, LISTEN, …): passed unchanged. */
    UTILITY,
    /** Anything else PostgreSQL accepts: EXPLAIN and DECLARE … CURSOR (their query is planned), PREPARE, DO, … */
    OTHER,
    /** Only whitespace and comments. */
    EMPTY,
    /** A simple-query string with several statements; see {@link RewritePlan#statements()}. */
    MULTIPLE,
    /** Not classified: the pre-filter saw no managed table, so the text was never looked at further. */
    UNCLASSIFIED;

    /** The kind of a query string of these statements: theirs when one, else {@link #EMPTY} or {@link #MULTIPLE}. */
    public static StatementKind of(List<StatementPlan> statements) {
        if (statements.isEmpty()) {
            return EMPTY;
        }
        return statements.size() == 1 ? statements.get(0).kind() : MULTIPLE;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
