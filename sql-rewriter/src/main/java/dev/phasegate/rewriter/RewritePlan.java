package dev.phasegate.rewriter;

import dev.phasegate.config.column.ColumnId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the gateway does with one query string: send it as is ({@link Unchanged}), send another
 * text ({@link Rewritten}), or refuse it ({@link Rejected}). Immutable; cached by text and
 * snapshot and catalog versions.
 */
public sealed interface RewritePlan permits RewritePlan.Unchanged, RewritePlan.Rewritten, RewritePlan.Rejected {

    /** The text the client sent. */
    String originalSql();

    /** The text to send upstream: the original itself when unchanged; {@code null} when rejected. */
    String sql();

    /** The statement's kind, {@link StatementKind#MULTIPLE} for several statements. */
    StatementKind kind();

    /** One plan per statement in the string; empty when the pre-filter let the text through unseen. */
    List<StatementPlan> statements();

    /** Whether the text sent differs from the text received. */
    default boolean changed() {
        return false;
    }

    /** Every column action of every statement, in order. */
    default List<ColumnAction> actions() {
        List<StatementPlan> statements = statements();
        if (statements.size() == 1) {
            return statements.get(0).actions();
        }
        List<ColumnAction> all = new ArrayList<>();
        for (StatementPlan s : statements) {
            all.addAll(s.actions());
        }
        return List.copyOf(all);
    }

    /** The managed columns the string touches; empty means: nothing to audit. */
    default Set<ColumnId> columns() {
        Set<ColumnId> ids = new LinkedHashSet<>();
        for (StatementPlan s : statements()) {
            for (ColumnAction a : s.actions()) {
                ids.add(a.column());
            }
        }
        return Set.copyOf(ids);
    }

    /** Whether any managed column is touched, i.e. whether the statement is audited. */
    default boolean touchesManagedColumns() {
        for (StatementPlan s : statements()) {
            if (!s.actions().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The result filter of the only (or first) statement; {@link ResultFilter#NONE} if none. */
    default ResultFilter resultFilter() {
        return statements().isEmpty() ? ResultFilter.NONE : statements().get(0).resultFilter();
    }

    /** Present only when placeholders were dropped or renumbered. */
    default Optional<ParameterMap> parameterMap() {
        return Optional.empty();
    }

    default Optional<RewriteError> error() {
        return Optional.empty();
    }

    /** Send {@code originalSql} byte for byte. */
    record Unchanged(String originalSql, StatementKind kind, List<StatementPlan> statements) implements RewritePlan {
        public Unchanged {
            Objects.requireNonNull(originalSql, "originalSql");
            Objects.requireNonNull(kind, "kind");
            statements = List.copyOf(statements);
        }

        @Override
        public String sql() {
            return originalSql;
        }
    }

    /** Send {@code sql} instead; apply the result filters and the parameter map. */
    record Rewritten(String originalSql, String sql, StatementKind kind, List<StatementPlan> statements,
                     ParameterMap parameters) implements RewritePlan {
        public Rewritten {
            Objects.requireNonNull(originalSql, "originalSql");
            Objects.requireNonNull(sql, "sql");
            Objects.requireNonNull(kind, "kind");
            statements = List.copyOf(statements);
        }

        @Override
        public boolean changed() {
            return !sql.equals(originalSql);
        }

        @Override
        public Optional<ParameterMap> parameterMap() {
            return Optional.ofNullable(parameters);
        }
    }

    /** Do not send anything; answer the client with {@code error}. */
    record Rejected(String originalSql, StatementKind kind, List<StatementPlan> statements, RewriteError reason)
            implements RewritePlan {
        public Rejected {
            Objects.requireNonNull(originalSql, "originalSql");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
            statements = List.copyOf(statements);
        }

        @Override
        public String sql() {
            return null;
        }

        @Override
        public Optional<RewriteError> error() {
            return Optional.of(reason);
        }
    }
}
