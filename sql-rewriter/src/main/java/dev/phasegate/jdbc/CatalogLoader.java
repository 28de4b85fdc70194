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

    /**
     * Row count, sum of creating transaction ids and sum of their hashes, of each catalog a
     * {@link #load} depends on. Every DDL that can change what {@code load} returns inserts,
     * updates or deletes a row in one of them (an update writes a new row version with the DDL's
     * transaction id), so the stamp moves with it; VACUUM and ANALYZE update {@code pg_class} in
     * place and leave it alone. The plain sum alone can stand still: a transaction that renames a
     * column created by the transaction just before it and one created by the transaction just
     * after it (which committed first) replaces rows of ids summing to twice its own; the sum of
     * hashes moves then, short of a 32-bit coincidence.
     * Changes outside {@code load}'s scope (indexes, temporary tables) move it too and cost one
     * re-read that finds the same columns. Scanning four catalogs without joins, sorting or
     * {@code format_type} takes about a millisecond where {@code load} takes several.
     */
    static final String STAMP_QUERY = """
            SELECT concat_ws(' ',
                   (SELECT %1$s FROM pg_catalog.pg_namespace),
                   (SELECT %1$s FROM pg_catalog.pg_class),
                   (SELECT %1$s FROM pg_catalog.pg_attribute),
                   (SELECT %1$s FROM pg_catalog.pg_type))""".formatted(
            "count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) || ':' "
                    + "|| coalesce(sum(hashint8(xmin::text::bigint)), 0)");

    private CatalogLoader() {
    }

    /**
     * A cheap stamp of the catalogs {@link #load} reads: equal stamps read in two snapshots mean
     * {@code load} would return the same columns in both (short of a change whose new rows' ids
     * and their hashes both sum to exactly those of the rows it removed). Read it in the same
     * snapshot as the {@code load} it vouches for (one repeatable-read transaction), or a change
     * between the two reads goes unnoticed.
     */
    public static String stamp(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(STAMP_QUERY); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
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
