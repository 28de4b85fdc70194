package dev.phasegate.gateway.runtime;

import static dev.phasegate.gateway.it.Eventually.assertThatEventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.phasegate.config.UpstreamConfig;
import dev.phasegate.config.column.TableName;
import dev.phasegate.rewriter.catalog.Catalog;
import dev.phasegate.rewriter.catalog.CatalogColumn;
import dev.phasegate.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The catalog source against a real PostgreSQL: one connection serves every re-read and idles
 * outside a transaction; a re-read loads the columns only when the catalogs changed, whoever
 * changed them; a connection PostgreSQL drops is replaced within the re-read that finds it dead.
 */
class CatalogSourceIT {

    private static final TableName ITEMS = new TableName("public", "items");
    /** The catalog connections to the test database, for a query to complete. */
    private static final String CATALOG_BACKENDS = " FROM pg_stat_activity WHERE application_name = "
            + "'phasegate-catalog' AND datname = current_database()";

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension("CREATE TABLE items (id int PRIMARY KEY, label text)");

    private CatalogSource source;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
        PG.execute("DROP TABLE IF EXISTS extra", "DROP TABLE IF EXISTS extra2", "DROP INDEX IF EXISTS items_label", "ALTER TABLE items DROP COLUMN IF EXISTS note");
    }

    private CatalogSource start(Duration period) {
        source = new CatalogSource(new UpstreamConfig(PG.host(), PG.port(), PG.database(), PG.user(), PG.password(),
                Duration.ofSeconds(5)), period).start();
        return source;
    }

    private static List<String> itemColumns(Catalog catalog) {
        return catalog.table(ITEMS).orElseThrow().columns().stream().map(CatalogColumn::name).toList();
    }

    /** Backend pid and state of each catalog connection to the test database. */
    private static List<String> catalogBackends() {
        List<String> backends = new ArrayList<>();
        try (Connection c = PG.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pid, state" + CATALOG_BACKENDS + " ORDER BY pid")) {
            while (rs.next()) {
                backends.add(rs.getInt(1) + " " + rs.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the catalog connections: " + e.getMessage(), e);
        }
        return backends;
    }

    @Test
    void reReadsShareOneIdleConnectionAndLoadTheColumnsOnlyWhenTheCatalogsChanged() throws Exception {
        CatalogSource catalogs = start(Duration.ZERO);
        Catalog first = catalogs.current();
        assertThat(itemColumns(first)).containsExactly("id", "label");
        List<String> backends = catalogBackends();
        assertThat(backends).hasSize(1);
        assertThat(backends.get(0)).endsWith(" idle");

        for (int i = 0; i < 3; i++) {
            assertThat(catalogs.refresh()).isSameAs(first);
        }
        assertThat(catalogs.columnLoads()).isEqualTo(1);
        assertThat(catalogBackends()).isEqualTo(backends);

        PG.execute("ALTER TABLE items ADD COLUMN note text");
        Catalog changed = catalogs.refresh();
        assertThat(changed.version()).isEqualTo(first.version() + 1);
        assertThat(itemColumns(changed)).containsExactly("id", "label", "note");
        assertThat(catalogs.columnLoads()).isEqualTo(2);
        assertThat(catalogBackends()).isEqualTo(backends);
    }

    @Test
    void aChangeOutsideTheColumnsMovesTheStampButKeepsTheVersion() throws Exception {
        CatalogSource catalogs = start(Duration.ZERO);
        Catalog first = catalogs.current();
        PG.execute("CREATE INDEX items_label ON items (label)");
        assertThat(catalogs.refresh()).isSameAs(first);
        assertThat(catalogs.columnLoads()).isEqualTo(2);
        assertThat(catalogs.refresh()).isSameAs(first);
        assertThat(catalogs.columnLoads()).isEqualTo(2);
    }

    @Test
    void everyKindOfColumnChangeIsSeen() throws Exception {
        CatalogSource catalogs = start(Duration.ZERO);
        PG.execute("CREATE TABLE extra (a int, b int)");
        assertThat(catalogs.refresh().table(new TableName("public", "extra"))).isPresent();
        PG.execute("ALTER TABLE extra RENAME COLUMN b TO c");
        assertThat(catalogs.refresh().table(new TableName("public", "extra")).orElseThrow().columns())
                .extracting(CatalogColumn::name).containsExactly("a", "c");
        PG.execute("ALTER TABLE extra ALTER COLUMN c TYPE bigint");
        assertThat(catalogs.refresh().table(new TableName("public", "extra")).orElseThrow().columns())
                .extracting(CatalogColumn::type).containsExactly("integer", "bigint");
        PG.execute("ALTER TABLE extra DROP COLUMN c");
        assertThat(catalogs.refresh().table(new TableName("public", "extra")).orElseThrow().columns())
                .extracting(CatalogColumn::name).containsExactly("a");
        PG.execute("DROP TABLE extra");
        assertThat(catalogs.refresh().table(new TableName("public", "extra"))).isEmpty();
        assertThat(catalogs.columnLoads()).isEqualTo(6);
    }

    @Test
    void aChangeWhoseRowsTransactionIdsSumToThoseOfTheRowsItReplacesIsSeen() throws Exception {
        // Transaction a renames a column created by transaction a - 1 and one created by a + 1 (which
        // committed first): pg_attribute loses two rows whose creating ids sum to 2a and gains two
        // rows created by a. A stamp of counts and plain sums of ids cannot see that.
        CatalogSource catalogs = start(Duration.ZERO);
        try (Connection renaming = PG.connect(); Statement s = renaming.createStatement()) {
            PG.execute("CREATE TABLE extra (a int)");
            renaming.setAutoCommit(false);
            long a = longOf(s, "SELECT pg_current_xact_id()::text::bigint");
            PG.execute("CREATE TABLE extra2 (b int)");
            long before = longOf(s, "SELECT xmin::text::bigint FROM pg_attribute WHERE attrelid = 'extra'::regclass AND attname = 'a'");
            long after = longOf(s, "SELECT xmin::text::bigint FROM pg_attribute WHERE attrelid = 'extra2'::regclass AND attname = 'b'");
            assumeTrue(before == a - 1 && after == a + 1,
                    "another transaction took an id in between (" + before + ", " + a + ", " + after + ")");
            assertThat(catalogs.refresh().table(new TableName("public", "extra2"))).isPresent();

            s.execute("ALTER TABLE extra RENAME COLUMN a TO renamed_a");
            s.execute("ALTER TABLE extra2 RENAME COLUMN b TO renamed_b");
            renaming.commit();
        }
        Catalog changed = catalogs.refresh();
        assertThat(changed.table(new TableName("public", "extra")).orElseThrow().columns())
                .extracting(CatalogColumn::name).containsExactly("renamed_a");
        assertThat(changed.table(new TableName("public", "extra2")).orElseThrow().columns())
                .extracting(CatalogColumn::name).containsExactly("renamed_b");
    }

    private static long longOf(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aConnectionPostgresDroppedIsReplacedWithinTheReReadThatFindsItDead() throws Exception {
        CatalogSource catalogs = start(Duration.ZERO);
        String before = catalogBackends().get(0);
        PG.execute("SELECT pg_terminate_backend(pid)" + CATALOG_BACKENDS);
        PG.execute("ALTER TABLE items ADD COLUMN note text");

        assertThat(itemColumns(catalogs.refresh())).containsExactly("id", "label", "note");
        List<String> after = catalogBackends();
        assertThat(after).hasSize(1);
        assertThat(after.get(0)).isNotEqualTo(before).endsWith(" idle");
    }

    @Test
    void periodicReReadsPickUpDdlRunElsewhere() throws Exception {
        CatalogSource catalogs = start(Duration.ofMillis(100));
        PG.execute("ALTER TABLE items ADD COLUMN note text");
        assertThatEventually(() -> assertThat(itemColumns(catalogs.current()))
                .as("the periodic re-read never saw the new column").contains("note"));
        assertThat(catalogBackends()).hasSize(1);
    }

    @Test
    void closingEndsTheConnectionAndFurtherReReads() throws Exception {
        CatalogSource catalogs = start(Duration.ZERO);
        catalogs.close();
        assertThatEventually(() -> assertThat(catalogBackends()).as("the catalog backend outlived close()").isEmpty());
        assertThatThrownBy(catalogs::refresh).isInstanceOf(SQLException.class).hasMessageContaining("closed");
    }

    @Test
    void aDatabaseThatCannotBeReadFailsTheStartNamingItAndTheUser() {
        UpstreamConfig missing = new UpstreamConfig(PG.host(), PG.port(), "no_such_database", PG.user(),
                PG.password(), Duration.ofSeconds(5));
        assertThatThrownBy(() -> new CatalogSource(missing, Duration.ZERO).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot read the catalog of " + missing.jdbcUrl() + " as " + PG.user())
                .hasMessageContaining("no_such_database");
    }
}
