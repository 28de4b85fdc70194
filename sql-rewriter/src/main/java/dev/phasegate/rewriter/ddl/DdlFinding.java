package dev.phasegate.rewriter.ddl;

import dev.phasegate.config.DdlConfig;
import dev.phasegate.config.column.TableName;
import java.util.Objects;

/**
 * One risky DDL statement found by {@link DdlInspector}.
 *
 * @param rule    which rule it breaks
 * @param table   the table the statement changes
 * @param column  the column it changes, or {@code null} when the rule is about the table
 *                ({@code CREATE INDEX}, {@code DROP TABLE})
 * @param message what is risky and the safe alternative, naming the rule by its config key; fit
 *                for a NoticeResponse or an ErrorResponse as is
 */
public record DdlFinding(DdlConfig.Rule rule, TableName table, String column, String message) {

    public DdlFinding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(message, "message");
    }

    /** What the gateway does about this finding under {@code config}. */
    public DdlConfig.Action action(DdlConfig config) {
        return config.action(rule);
    }
}
