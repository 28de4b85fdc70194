package dev.phasegate.rewriter.analysis;

import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.rewriter.catalog.CatalogTable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed {@code up}/{@code down} templates, shared across plans (the same few expressions are used
 * by every statement on a managed table). Bounded: cleared when it grows past a few thousand
 * entries, which only a pathological number of column versions reaches.
 */
public final class Templates {

    private static final int MAX = 4096;

    private final Map<Key, ExpressionTemplate> cache = new ConcurrentHashMap<>();

    private record Key(String expression, ManagedColumn column, CatalogTable table) {
    }

    /** {@code up} over the table's row, or null for a pure addition without {@code up}. */
    ExpressionTemplate up(ManagedColumn m, CatalogTable table) {
        return m.upExpression().map(e -> get(e, m, table)).orElse(null);
    }

    /** {@code down} over the table's row, or null when the column has none. */
    ExpressionTemplate down(ManagedColumn m, CatalogTable table) {
        return m.downExpression().map(e -> get(e, m, table)).orElse(null);
    }

    private ExpressionTemplate get(String expression, ManagedColumn m, CatalogTable table) {
        if (cache.size() > MAX) {
            cache.clear();
        }
        return cache.computeIfAbsent(new Key(expression, m, table), k -> ExpressionTemplate.of(expression,
                c -> c.equals(m.name()) || c.equals(m.source()) || (table != null && table.has(c))));
    }
}
