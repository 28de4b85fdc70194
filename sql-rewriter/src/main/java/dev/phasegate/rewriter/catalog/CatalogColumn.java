package dev.phasegate.rewriter.catalog;

import java.util.Objects;

/**
 * A column as PostgreSQL stores it.
 *
 * @param name the column's name, folded as stored
 * @param type its type as {@code format_type} prints it ({@code text}, {@code numeric(12,2)})
 */
public record CatalogColumn(String name, String type) {
    public CatalogColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
