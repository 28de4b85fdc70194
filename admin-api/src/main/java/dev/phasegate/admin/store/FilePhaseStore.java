package dev.phasegate.admin.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.admin.json.AdminJson;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.config.guard.GuardRailResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The phase store as one JSON file, for the embedded demo and single-gateway setups. Every change
 * writes the whole state to a temporary file in the same directory, forces it to disk and renames
 * it over the old one, so a crash leaves either the old or the new state, never a torn file.
 *
 * <p>One process owns the file: a lock on {@code <file>.lock} is held while the store is open, and
 * a second store on the same file fails to open instead of silently diverging.
 */
public final class FilePhaseStore implements PhaseStore {

    private static final int FORMAT = 1;

    private final Path file;
    private final Clock clock;
    private final FileChannel lockChannel;
    private final FileLock lock;

    // Guarded by this.
    private long version;
    private final Map<ColumnId, ManagedColumn> columns = new TreeMap<>();
    private final List<PhaseChange> history = new ArrayList<>();
    private final Map<ColumnId, Map<String, StoredFact>> facts = new TreeMap<>();

    private FilePhaseStore(Path file, Clock clock, FileChannel lockChannel, FileLock lock) {
        this.file = file;
        this.clock = clock;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (or creates on first change) the store in {@code file}.
     *
     * @throws PhaseStoreException.Unavailable when the file cannot be read or another store holds it
     */
    public static FilePhaseStore open(Path file, Clock clock) {
        Path absolute = file.toAbsolutePath();
        FileChannel channel = null;
        try {
            Path parent = absolute.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            channel = FileChannel.open(absolute.resolveSibling(absolute.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new PhaseStoreException.Unavailable("the phase store file " + absolute
                        + " is in use by another gateway (the file store serves one gateway; use store.type: database "
                        + "to share phases)", null);
            }
            FilePhaseStore store = new FilePhaseStore(absolute, clock, channel, lock);
            store.read();
            return store;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new PhaseStoreException.Unavailable("cannot open the phase store file " + absolute + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized PhaseSnapshot load() {
        return new PhaseSnapshot(version, columns.values());
    }

    @Override
    public synchronized long currentVersion() {
        return version;
    }

    @Override
    public synchronized Optional<ManagedColumn> find(ColumnId id) {
        return Optional.ofNullable(columns.get(id));
    }

    @Override
    public synchronized ManagedColumn register(ManagedColumn column, ChangeNote note) {
        if (columns.containsKey(column.id())) {
            throw new PhaseStoreException.AlreadyExists(column.id());
        }
        ManagedColumn stored = new ManagedColumn(column.id(), column.type(), column.source(), column.up(),
                column.down(), column.defaultValue(), column.phase(), 1);
        long next = version + 1;
        PhaseChange change = new PhaseChange(stored.id(), PhaseChange.Kind.REGISTER, null, stored.phase(),
                clock.instant(), note.who(), note.reason(), note.forced(), note.guardRails(), 1, next);
        commit(() -> {
            columns.put(stored.id(), stored);
            history.add(change);
            version = next;
        }, () -> {
            columns.remove(stored.id());
            history.remove(history.size() - 1);
            version = next - 1;
        });
        return stored;
    }

    @Override
    public synchronized ManagedColumn changePhase(ColumnId id, long expectedVersion, Phase target, ChangeNote note) {
        ManagedColumn current = checked(id, expectedVersion);
        ManagedColumn updated = current.withPhase(target);
        long next = version + 1;
        PhaseChange change = new PhaseChange(id, PhaseChange.Kind.of(current.phase(), target), current.phase(), target,
                clock.instant(), note.who(), note.reason(), note.forced(), note.guardRails(), updated.version(), next);
        commit(() -> {
            columns.put(id, updated);
            history.add(change);
            version = next;
        }, () -> {
            columns.put(id, current);
            history.remove(history.size() - 1);
            version = next - 1;
        });
        return updated;
    }

    @Override
    public synchronized void delete(ColumnId id, long expectedVersion, ChangeNote note) {
        ManagedColumn current = checked(id, expectedVersion);
        Map<String, StoredFact> oldFacts = facts.get(id);
        long next = version + 1;
        PhaseChange change = new PhaseChange(id, PhaseChange.Kind.DELETE, current.phase(), current.phase(),
                clock.instant(), note.who(), note.reason(), note.forced(), note.guardRails(), current.version() + 1, next);
        commit(() -> {
            columns.remove(id);
            facts.remove(id);
            history.add(change);
            version = next;
        }, () -> {
            columns.put(id, current);
            if (oldFacts != null) {
                facts.put(id, oldFacts);
            }
            history.remove(history.size() - 1);
            version = next - 1;
        });
    }

    @Override
    public synchronized List<PhaseChange> history(ColumnId id) {
        return history.stream().filter(change -> change.column().equals(id)).toList();
    }

    @Override
    public synchronized void putFact(ColumnId id, String kind, JsonNode value) {
        if (!columns.containsKey(id)) {
            throw new PhaseStoreException.UnknownColumn(id);
        }
        Map<String, StoredFact> byKind = facts.computeIfAbsent(id, k -> new TreeMap<>());
        StoredFact old = byKind.get(kind);
        StoredFact fact = new StoredFact(kind, value.deepCopy(), clock.instant());
        commit(() -> byKind.put(kind, fact), () -> {
            if (old == null) {
                byKind.remove(kind);
            } else {
                byKind.put(kind, old);
            }
        });
    }

    @Override
    public synchronized Optional<StoredFact> fact(ColumnId id, String kind) {
        return Optional.ofNullable(facts.getOrDefault(id, Map.of()).get(kind));
    }

    @Override
    public synchronized Map<String, StoredFact> facts(ColumnId id) {
        return new LinkedHashMap<>(facts.getOrDefault(id, Map.of()));
    }

    @Override
    public ChangeSignal openChangeSignal() {
        // Only this process writes the file; local changes are published by the service directly.
        return ChangeSignal.NONE;
    }

    @Override
    public String describe() {
        return "file " + file;
    }

    @Override
    public synchronized void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // The channel close below releases it as well.
        }
        closeQuietly(lockChannel);
    }

    // ---------------------------------------------------------------------------------------------

    private ManagedColumn checked(ColumnId id, long expectedVersion) {
        ManagedColumn current = columns.get(id);
        if (current == null) {
            throw new PhaseStoreException.UnknownColumn(id);
        }
        if (current.version() != expectedVersion) {
            throw new PhaseStoreException.VersionConflict(id, expectedVersion, current.version());
        }
        return current;
    }

    /** Applies a change in memory, persists it, and undoes it in memory if persisting fails. */
    private void commit(Runnable apply, Runnable undo) {
        apply.run();
        try {
            write();
        } catch (IOException | RuntimeException e) {
            undo.run();
            throw new PhaseStoreException.Unavailable("cannot write the phase store file " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private void write() throws IOException {
        StateFile state = new StateFile(FORMAT, version,
                columns.values().stream().map(ColumnEntry::of).toList(),
                history.stream().map(HistoryEntry::of).toList(),
                factEntries());
        byte[] bytes = AdminJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(state);
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                out.write(bytes);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + file + " cannot rename atomically", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        forceDirectory();
    }

    /** Makes the rename itself durable where the platform allows fsync on a directory. */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported everywhere (e.g. Windows); the rename is still atomic.
        }
    }

    private void read() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        StateFile state = AdminJson.mapper().readValue(file.toFile(), StateFile.class);
        if (state.format() != FORMAT) {
            throw new IOException("unsupported phase store file format " + state.format() + " (expected " + FORMAT + ")");
        }
        version = state.version();
        for (ColumnEntry entry : state.columns()) {
            ManagedColumn column = entry.toColumn();
            columns.put(column.id(), column);
        }
        for (HistoryEntry entry : state.history()) {
            history.add(entry.toChange());
        }
        for (FactEntry entry : state.facts()) {
            facts.computeIfAbsent(entry.column(), k -> new TreeMap<>())
                    .put(entry.kind(), new StoredFact(entry.kind(), entry.value(), entry.updatedAt()));
        }
    }

    private List<FactEntry> factEntries() {
        List<FactEntry> entries = new ArrayList<>();
        facts.forEach((id, byKind) -> byKind.values().forEach(
                fact -> entries.add(new FactEntry(id, fact.kind(), fact.value(), fact.updatedAt()))));
        return entries;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing to do.
            }
        }
    }

    // The file format: explicit records so that renaming a domain field never silently changes it.

    record StateFile(int format, long version, List<ColumnEntry> columns, List<HistoryEntry> history,
                     List<FactEntry> facts) {
        StateFile {
            columns = columns == null ? List.of() : columns;
            history = history == null ? List.of() : history;
            facts = facts == null ? List.of() : facts;
        }
    }

    record ColumnEntry(ColumnId id, String type, String source, String up, String down, String defaultValue,
                       Phase phase, long version) {
        static ColumnEntry of(ManagedColumn c) {
            return new ColumnEntry(c.id(), c.type(), c.source(), c.up(), c.down(), c.defaultValue(), c.phase(),
                    c.version());
        }

        ManagedColumn toColumn() {
            return new ManagedColumn(id, type, source, up, down, defaultValue, phase, version);
        }
    }

    record HistoryEntry(ColumnId column, String kind, Phase from, Phase to, Instant at, String who, String reason,
                        boolean forced, List<GuardRailResult> guardRails, long columnVersion, long storeVersion) {
        static HistoryEntry of(PhaseChange c) {
            return new HistoryEntry(c.column(), c.kind().wireName(), c.from(), c.to(), c.at(), c.who(), c.reason(),
                    c.forced(), c.guardRails(), c.columnVersion(), c.storeVersion());
        }

        PhaseChange toChange() {
            return new PhaseChange(column, PhaseChange.Kind.parse(kind), from, to, at, who, reason, forced,
                    guardRails == null ? List.of() : guardRails, columnVersion, storeVersion);
        }
    }

    record FactEntry(ColumnId column, String kind, JsonNode value, Instant updatedAt) {
    }
}
