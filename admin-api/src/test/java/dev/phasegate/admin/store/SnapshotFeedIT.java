package dev.phasegate.admin.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.testing.PostgresExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SnapshotFeedIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final ColumnId ID = ColumnId.parse("public.users.email_lower");

    private static DatabasePhaseStore open(String database) {
        return DatabasePhaseStore.open(PG.server().jdbcUrl(database), PG.user(), PG.password(),
                Duration.ofMillis(500), Clock.systemUTC());
    }

    private static String freshDatabase(String name) {
        String db = PG.database() + "_" + name;
        PG.server().admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)", "CREATE DATABASE " + db);
        return db;
    }

    private static void drop(String db) {
        PG.server().admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true",
                "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    }

    @Test
    void twoGatewaysSeeAChangeWithinOneSecondThroughNotifications() throws Exception {
        String db = freshDatabase("two");
        // A poll interval far above one second: only NOTIFY can make this test pass in time.
        Duration slowPoll = Duration.ofSeconds(30);
        try (DatabasePhaseStore storeA = open(db); DatabasePhaseStore storeB = open(db);
             SnapshotFeed feedA = new SnapshotFeed(storeA, slowPoll, Clock.systemUTC()).start();
             SnapshotFeed feedB = new SnapshotFeed(storeB, slowPoll, Clock.systemUTC()).start()) {
            awaitListening(feedA);
            awaitListening(feedB);
            List<Long> seenByB = new CopyOnWriteArrayList<>();
            feedB.subscribe(s -> seenByB.add(s.version()));

            ManagedColumn registered = storeA.register(
                    ManagedColumn.declared(ID, "text", "email", "lower(email)", null, null), ChangeNote.of("a", ""));
            long start = System.nanoTime();
            ManagedColumn write = storeA.changePhase(ID, registered.version(), Phase.WRITE, ChangeNote.of("a", ""));
            long version = storeA.currentVersion();

            assertThat(feedA.awaitVersion(version, Duration.ofSeconds(1))).isTrue();
            assertThat(feedB.awaitVersion(version, Duration.ofSeconds(1))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(feedB.current().column(ID)).contains(write);
            assertThat(seenByB).isSorted();
            assertThat(feedB.status().ready()).isTrue();
            assertThat(feedB.status().notifications()).isTrue();
        } finally {
            drop(db);
        }
    }

    @Test
    void withoutNotificationsThePollFindsTheChange() throws Exception {
        String db = freshDatabase("poll");
        try (DatabasePhaseStore store = open(db)) {
            PhaseStore pollOnly = new ForwardingStore(store) {
                @Override
                public ChangeSignal openChangeSignal() {
                    return ChangeSignal.NONE;
                }
            };
            try (SnapshotFeed feed = new SnapshotFeed(pollOnly, Duration.ofMillis(200), Clock.systemUTC()).start()) {
                store.register(ManagedColumn.declared(ID, "text", "email", null, null, null), ChangeNote.of("a", ""));
                assertThat(feed.awaitVersion(store.currentVersion(), Duration.ofSeconds(1))).isTrue();
            }
        } finally {
            drop(db);
        }
    }

    @Test
    void anUnreachableStoreKeepsTheSnapshotReportsNotReadyAndRecovers() throws Exception {
        String db = freshDatabase("gone");
        try (DatabasePhaseStore store = open(db);
             SnapshotFeed feed = new SnapshotFeed(store, Duration.ofMillis(200), Clock.systemUTC()).start()) {
            ManagedColumn registered = store.register(
                    ManagedColumn.declared(ID, "text", "email", null, null, null), ChangeNote.of("a", ""));
            store.changePhase(ID, registered.version(), Phase.WRITE, ChangeNote.of("a", ""));
            long version = store.currentVersion();
            assertThat(feed.awaitVersion(version, Duration.ofSeconds(2))).isTrue();
            PhaseSnapshot before = feed.current();

            PG.server().admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS false",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");

            awaitStatus(feed, false, Duration.ofSeconds(10));
            assertThat(feed.current()).isSameAs(before);
            assertThat(feed.status().problem()).isNotBlank();
            assertThat(feed.status().snapshotVersion()).isEqualTo(version);

            PG.server().admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
            awaitStatus(feed, true, Duration.ofSeconds(15));
            assertThat(feed.current().version()).isEqualTo(version);
            assertThat(feed.current().column(ID).orElseThrow().phase()).isEqualTo(Phase.WRITE);
        } finally {
            drop(db);
        }
    }

    @Test
    void aStoreThatGoesBackInVersionIsNotFollowed() throws Exception {
        String db = freshDatabase("back");
        try (DatabasePhaseStore store = open(db);
             SnapshotFeed feed = new SnapshotFeed(store, Duration.ofMillis(100), Clock.systemUTC()).start()) {
            ManagedColumn registered = store.register(
                    ManagedColumn.declared(ID, "text", "email", null, null, null), ChangeNote.of("a", ""));
            store.changePhase(ID, registered.version(), Phase.WRITE, ChangeNote.of("a", ""));
            long version = store.currentVersion();
            assertThat(feed.awaitVersion(version, Duration.ofSeconds(2))).isTrue();
            List<Long> published = new CopyOnWriteArrayList<>();
            feed.subscribe(s -> published.add(s.version()));

            // As if the store were restored from an older backup: older version, older phase.
            try (var c = java.sql.DriverManager.getConnection(PG.server().jdbcUrl(db), PG.user(), PG.password());
                 var s = c.createStatement()) {
                s.execute("UPDATE phasegate.columns SET phase = 'hidden', version = 1");
                s.execute("UPDATE phasegate.store_version SET version = 1");
            }

            awaitStatus(feed, false, Duration.ofSeconds(5));
            assertThat(feed.status().problem()).contains("older than the snapshot in force");
            assertThat(feed.current().version()).isEqualTo(version);
            assertThat(feed.current().column(ID).orElseThrow().phase()).isEqualTo(Phase.WRITE);
            assertThat(published).containsExactly(version);
        } finally {
            drop(db);
        }
    }

    @Test
    void aFeedThatCannotReadAtStartRefusesToStart() throws Exception {
        String db = freshDatabase("nostart");
        try (DatabasePhaseStore store = open(db)) {
            PhaseStore broken = new ForwardingStore(store) {
                @Override
                public long currentVersion() {
                    throw new PhaseStoreException.Unavailable("down", null);
                }
            };
            assertThatThrownBy(() -> new SnapshotFeed(broken, Duration.ofMillis(100), Clock.systemUTC()).start())
                    .isInstanceOf(PhaseStoreException.Unavailable.class).hasMessageContaining("down");
        } finally {
            drop(db);
        }
    }

    private static void awaitListening(SnapshotFeed feed) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!feed.status().notifications() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(feed.status().notifications()).as("listening").isTrue();
    }

    private static void awaitStatus(SnapshotFeed feed, boolean ready, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (feed.status().ready() != ready && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(feed.status().ready()).as("ready, status %s", feed.status()).isEqualTo(ready);
    }
}
