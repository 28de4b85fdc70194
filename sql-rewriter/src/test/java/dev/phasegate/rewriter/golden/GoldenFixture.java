package dev.phasegate.rewriter.golden;

import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.rewriter.catalog.Catalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The schema of golden/fixture.txt: catalog and managed columns, with phases set per case. */
public final class GoldenFixture {

    /** A declared table, for creating it on a real PostgreSQL. */
    public record Table(String schema, String name, List<String[]> columns) {
    }

    private final Catalog catalog;
    private final List<Table> tables;
    private final Map<String, ManagedColumn> managed; // by bare column name

    private GoldenFixture(Catalog catalog, List<Table> tables, Map<String, ManagedColumn> managed) {
        this.catalog = catalog;
        this.tables = tables;
        this.managed = managed;
    }

    public static GoldenFixture load() {
        try (InputStream in = GoldenFixture.class.getResourceAsStream("/golden/fixture.txt")) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GoldenFixture parse(String text) {
        Catalog.Builder builder = Catalog.builder(1);
        List<Table> tables = new ArrayList<>();
        Map<String, ManagedColumn> managed = new LinkedHashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String head = line.substring(0, colon);
            String body = line.substring(colon + 1).strip();
            if (head.startsWith("table ")) {
                String[] qualified = head.substring(6).strip().split("\\.");
                List<String[]> columns = new ArrayList<>();
                for (String spec : body.split("\\|")) {
                    String s = spec.strip();
                    int space = s.indexOf(' ');
                    String name = s.substring(0, space);
                    String type = s.substring(space + 1).strip();
                    builder.column(qualified[0], qualified[1], name, type);
                    columns.add(new String[] {name, type});
                }
                tables.add(new Table(qualified[0], qualified[1], columns));
            } else if (head.startsWith("managed ")) {
                ColumnId id = ColumnId.parse(head.substring(8).strip());
                Map<String, String> fields = new LinkedHashMap<>();
                for (String part : body.split("\\|")) {
                    String p = part.strip();
                    int eq = p.indexOf('=');
                    fields.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
                }
                managed.put(id.column(), new ManagedColumn(id, fields.get("type"), fields.get("source"),
                        fields.get("up"), fields.get("down"), fields.get("default"), Phase.COMPLETE, 1));
            } else {
                throw new IllegalArgumentException("fixture: cannot read line '" + line + "'");
            }
        }
        return new GoldenFixture(builder.build(), List.copyOf(tables), managed);
    }

    public Catalog catalog() {
        return catalog;
    }

    public List<Table> tables() {
        return tables;
    }

    public ManagedColumn column(String name) {
        ManagedColumn m = managed.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no managed column '" + name + "' in the fixture");
        }
        return m;
    }

    public Map<String, ManagedColumn> columns() {
        return managed;
    }

    /** A snapshot with these phases (by bare column name); every other managed column is complete. */
    public PhaseSnapshot snapshot(Map<String, Phase> phases) {
        List<ManagedColumn> columns = new ArrayList<>();
        long version = 1;
        for (ManagedColumn m : managed.values()) {
            Phase p = phases.getOrDefault(m.name(), Phase.COMPLETE);
            version = version * 8 + p.ordinal(); // distinct phases, distinct versions (plans are cached by version)
            if (!m.hasSource() && (p == Phase.SHADOW || p == Phase.CONTRACT)) {
                throw new IllegalArgumentException(m.name() + " has no source and cannot be in phase " + p);
            }
            columns.add(new ManagedColumn(m.id(), m.type(), m.source(), m.up(), m.down(), m.defaultValue(), p, 1));
        }
        return new PhaseSnapshot(version, columns);
    }
}
