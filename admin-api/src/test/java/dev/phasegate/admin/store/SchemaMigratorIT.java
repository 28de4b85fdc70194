package dev.phasegate.admin.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phasegate.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

class SchemaMigratorIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private PGSimpleDataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(PG.server().jdbcUrl(database));
        ds.setUser(PG.user());
        ds.setPassword(PG.password());
        return ds;
    }

    private String freshDatabase(String name) {
        String db = PG.database() + "_" + name;
        PG.server().admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)", "CREATE DATABASE " + db);
        return db;
    }

    @Test
    void migratingTwiceAppliesEachScriptOnce() throws Exception {
        String db = freshDatabase("twice");
        SchemaMigrator migrator = new SchemaMigrator(dataSource(db));

        SchemaMigrator.Result first = migrator.migrate();
        SchemaMigrator.Result second = migrator.migrate();

        assertThat(first.applied()).containsExactly(1, 2, 10);
        assertThat(second.applied()).isEmpty();
        assertThat(second.schemaVersion()).isEqualTo(10);
        assertThat(versions(db)).containsExactly(1, 2, 10);
    }

    @Test
    void gatewaysStartingTogetherMigrateOnceWithoutErrors() throws Exception {
        String db = freshDatabase("race");
        int gateways = 6;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(gateways);
        try {
            List<Future<SchemaMigrator.Result>> results = new ArrayList<>();
            for (int i = 0; i < gateways; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return new SchemaMigrator(dataSource(db)).migrate();
                }));
            }
            go.countDown();
            int applied = 0;
            for (Future<SchemaMigrator.Result> r : results) {
                applied += r.get().applied().size();
            }
            assertThat(applied).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
        assertThat(versions(db)).containsExactly(1, 2, 10);
    }

    @Test
    void aScriptChangedAfterItWasAppliedIsRefused() {
        String db = freshDatabase("edited");
        new SchemaMigrator(dataSource(db)).migrate();
        SchemaMigrator.Migration original = SchemaMigrator.classpathMigrations(getClass().getClassLoader()).get(0);
        SchemaMigrator.Migration edited = new SchemaMigrator.Migration(original.version(), original.description(),
                original.resource(), original.sql() + "\n-- edited", "different-checksum");

        assertThatThrownBy(() -> new SchemaMigrator(dataSource(db), List.of(edited)).migrate())
                .isInstanceOf(PhaseStoreException.Unavailable.class)
                .hasMessageContaining("was changed after it was applied");
    }

    @Test
    void aFailingScriptLeavesNothingHalfApplied() throws Exception {
        String db = freshDatabase("failing");
        new SchemaMigrator(dataSource(db)).migrate();
        List<SchemaMigrator.Migration> withBroken = new ArrayList<>(
                SchemaMigrator.classpathMigrations(getClass().getClassLoader()));
        withBroken.add(new SchemaMigrator.Migration(99, "broken", "test", 
                "CREATE TABLE phasegate.half (id int); SELECT no_such_function()", "x"));

        assertThatThrownBy(() -> new SchemaMigrator(dataSource(db), withBroken).migrate())
                .hasMessageContaining("migration V99");
        try (Connection c = dataSource(db).getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('phasegate.half') IS NULL")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
        }
        assertThat(versions(db)).containsExactly(1, 2, 10);
    }

    @Test
    void theIndexListsEveryScriptInTheDirectory() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("src/main/resources/db/phasegate");
        List<String> onDisk;
        try (var files = java.nio.file.Files.list(dir)) {
            onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
        }
        List<String> listed = SchemaMigrator.classpathMigrations(getClass().getClassLoader()).stream()
                .map(m -> m.resource().substring(SchemaMigrator.LOCATION.length())).sorted().toList();
        assertThat(listed).isEqualTo(onDisk);
    }

    private List<Integer> versions(String db) throws Exception {
        List<Integer> versions = new ArrayList<>();
        try (Connection c = dataSource(db).getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM phasegate.schema_version ORDER BY version")) {
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
        }
        return versions;
    }
}
