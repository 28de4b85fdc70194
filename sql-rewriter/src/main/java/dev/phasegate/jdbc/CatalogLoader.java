package dev.phasegate.jdbc;

import dev.phasegate.rewriter.catalog.Catalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads a {@link Catalog} from {@code pg_catalog}: every user-visible column of every table, view,
 * materialized view, foreign and partitioned table, in attribute order, with
 * {@code format_type} spelling. {@code pg_toast} is skipped; {@code pg_catalog} and
 * {@code information_schema} are included so that references resolve exactly as PostgreSQL
 * resolves them even in statements that join system relations.
 */
public final class CatalogLoader {

    static final String QUERY = """
            SELECT n.nspname, c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)
              FROM pg_catalog.pg_attribute a
              JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE a.attnum > 0 AND NOT a.attisdropped
               AND c.relkind IN ('r', 'v', 'm', 'f', 'p')
               AND n.nspname <> 'pg_toast' AND n.nspname NOT LIKE 'pg_temp_%' AND n.nspname NOT LIKE 'pg_toast_temp_%'
             ORDER BY n.nspname, c.relname, a.attnum""";

    private CatalogLoader() {
    }

    /**
     * Loads the catalog visible to {@code connection}'s user.
     *
     * @param version the version to stamp on the snapshot (higher than the previous one)
     */
    public static Catalog load(Connection connection, long version) throws SQLException {
        Catalog.Builder builder = Catalog.builder(version);
        try (PreparedStatement ps = connection.prepareStatement(QUERY); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                builder.column(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
            }
        }
        return builder.build();
    }
}
