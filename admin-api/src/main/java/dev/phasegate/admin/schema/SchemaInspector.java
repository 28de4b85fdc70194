package dev.phasegate.admin.schema;

import dev.phasegate.config.column.Identifiers;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Compares a managed column as PostgreSQL has it with its declaration, reading {@code pg_catalog}.
 *
 * <p>Types are compared as {@code format_type()} spells them on both sides: the declared type is
 * first resolved with {@code '<type>'::regtype} (which also proves it is a type name and nothing
 * else), then, to keep its modifier ({@code varchar(255)}, {@code numeric(12,2)}), by declaring it
 * on a temporary table in a transaction that is rolled back. So {@code varchar(255)} matches
 * {@code character varying(255)}, {@code int} matches {@code integer}, and {@code varchar(100)}
 * does not match {@code varchar(255)}.
 *
 * <p>Catalog reads take no lock on the table; the {@code up}/{@code down} checks ({@code EXPLAIN
 * SELECT}) take ACCESS SHARE for an instant, under a short {@code lock_timeout}.
 */
public final class SchemaInspector {

    private static final int ROW = 1;
    private static final int BEFORE = 1 << 1;
    private static final int INSERT = 1 << 2;
    private static final int UPDATE = 1 << 4;
    private static final int INSTEAD = 1 << 6;

    private final DataSource dataSource;

    public SchemaInspector(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The report with no expected index configured. */
    public SchemaReport inspect(ManagedColumn column) throws SQLException {
        return inspect(column, null);
    }

    /** The report, checking {@code expectedIndex} too when it is not null. */
    public SchemaReport inspect(ManagedColumn column, ExpectedIndex expectedIndex) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '2s'; SET LOCAL statement_timeout = '30s'");
                return new Inspection(c, column, expectedIndex).run();
            } finally {
                c.rollback(); // nothing is kept: the type probe's temporary table goes with it
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private record Attribute(int number, String type, long typeOid, boolean notNull, String defaultExpression,
                             String identity, String generated) {
        boolean hasDefault() {
            return defaultExpression != null || !identity.isEmpty();
        }
    }

    /** One inspection: a connection in a transaction that will be rolled back. */
    private static final class Inspection {
        private final Connection c;
        private final ManagedColumn column;
        private final ExpectedIndex expectedIndex;
        private final TableName table;
        private final List<FieldCheck> fields = new ArrayList<>();

        Inspection(Connection c, ManagedColumn column, ExpectedIndex expectedIndex) {
            this.c = c;
            this.column = column;
            this.expectedIndex = expectedIndex;
            this.table = column.id().tableName();
        }

        SchemaReport run() throws SQLException {
            String id = column.id().toString();
            Optional<Long> tableOid = table();
            if (tableOid.isEmpty()) {
                return new SchemaReport(id, false, false, false, fields);
            }
            long oid = tableOid.get();
            Optional<Attribute> attribute = attribute(oid, column.name());
            if (attribute.isEmpty()) {
                fields.add(FieldCheck.problem("column", column.name() + " " + column.type(), null, column.name()
                        + " does not exist in " + table + "; add it first: ALTER TABLE " + table.toSql()
                        + " ADD COLUMN " + Identifiers.quoteIfNeeded(column.name()) + " " + column.type()));
            } else {
                fields.add(FieldCheck.ok("column", column.name(), column.name(), column.name() + " exists in " + table));
                Attribute a = attribute.get();
                type(a);
                nullability(a);
                defaults(a);
                generated(a);
            }
            Optional<Attribute> source = Optional.empty();
            if (column.hasSource()) {
                source = attribute(oid, column.source());
                source(source);
            }
            if (attribute.isPresent()) {
                Optional<String> up = column.upExpression();
                if (up.isEmpty()) {
                    fields.add(FieldCheck.info("up", null, "no up: a pure addition, nothing computes " + column.name()
                            + " from other columns"));
                } else if (source.isPresent() || !column.hasSource()) {
                    check("up", up.get()); // with the source missing, that problem is already reported
                }
                column.downExpression().ifPresent(down -> check("down", down));
            }
            index(oid);
            triggers(oid, attribute, source);
            constraints(oid, attribute, source);
            boolean passes = fields.stream().noneMatch(f -> f.status() == FieldCheck.Status.PROBLEM);
            return new SchemaReport(id, true, attribute.isPresent(), passes, fields);
        }

        private Optional<Long> table() throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT c.oid, c.relkind FROM pg_class c JOIN pg_namespace n "
                    + "ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
                ps.setString(1, table.schema());
                ps.setString(2, table.table());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        fields.add(FieldCheck.problem("table", table.toString(), null, "table " + table
                                + " does not exist"));
                        return Optional.empty();
                    }
                    String kind = rs.getString(2);
                    if (!kind.equals("r") && !kind.equals("p")) {
                        fields.add(FieldCheck.problem("table", "table", relkind(kind), table + " is a " + relkind(kind)
                                + ", not a table: the gateway cannot dual-write it"));
                        return Optional.empty();
                    }
                    fields.add(FieldCheck.ok("table", table.toString(), table.toString(), table + " exists"));
                    return Optional.of(rs.getLong(1));
                }
            }
        }

        private Optional<Attribute> attribute(long tableOid, String name) throws SQLException {
            String sql = "SELECT a.attnum, format_type(a.atttypid, a.atttypmod), a.atttypid, a.attnotnull, "
                    + "pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated FROM pg_attribute a "
                    + "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                    + "WHERE a.attrelid = ? AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, tableOid);
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String generated = rs.getString(7);
                    String defaultExpression = "s".equals(generated) ? null : rs.getString(5);
                    return Optional.of(new Attribute(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4),
                            defaultExpression, rs.getString(6), generated));
                }
            }
        }

        private void type(Attribute a) throws SQLException {
            String declared = column.type();
            long declaredOid;
            try {
                declaredOid = savepoint(() -> {
                    try (PreparedStatement ps = c.prepareStatement("SELECT ?::regtype::oid")) {
                        ps.setString(1, declared);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            return rs.getLong(1);
                        }
                    }
                });
            } catch (SQLException e) {
                fields.add(FieldCheck.problem("type", declared, a.type(), "the declared type '" + declared
                        + "' is not a type PostgreSQL knows (" + e.getMessage() + "); fix the column's declaration"));
                return;
            }
            String expected = declaredSpelling(declared);
            if (expected == null) {
                // No temporary tables allowed: compare the base types only.
                if (a.typeOid() == declaredOid) {
                    fields.add(FieldCheck.ok("type", declared, a.type(), "type is " + a.type() + " (the type modifier "
                            + "could not be checked: no TEMP privilege)"));
                } else {
                    fields.add(FieldCheck.problem("type", declared, a.type(), "type is " + a.type() + ", declared "
                            + declared));
                }
                return;
            }
            if (expected.equals(a.type())) {
                fields.add(FieldCheck.ok("type", expected, a.type(), "type is " + a.type() + " as declared"
                        + (expected.equals(declared) ? "" : " (" + declared + ")")));
            } else {
                fields.add(FieldCheck.problem("type", expected, a.type(), "type is " + a.type() + ", declared "
                        + declared + (expected.equals(declared) ? "" : " (" + expected + ")")
                        + "; change the column (ALTER TABLE " + table.toSql() + " ALTER COLUMN "
                        + Identifiers.quoteIfNeeded(column.name()) + " TYPE " + declared + ") or the declaration"));
            }
        }

        /** The declared type as format_type() spells it with its modifier, or null when it cannot be probed. */
        private String declaredSpelling(String declared) {
            try {
                return savepoint(() -> {
                    try (Statement s = c.createStatement()) {
                        // Safe to splice: ::regtype above accepted it, which only a type name passes.
                        s.execute("CREATE TEMP TABLE phasegate_type_probe (probe " + declared + ") ON COMMIT DROP");
                        try (ResultSet rs = s.executeQuery("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                                + "WHERE attrelid = 'pg_temp.phasegate_type_probe'::regclass AND attname = 'probe'")) {
                            rs.next();
                            return rs.getString(1);
                        }
                    }
                }, true);
            } catch (SQLException e) {
                return null;
            }
        }

        private void nullability(Attribute a) {
            String actual = a.notNull() ? "NOT NULL" : "NULL";
            if (a.notNull() && !a.hasDefault()) {
                fields.add(FieldCheck.problem("nullability", "NULL, or NOT NULL with a DEFAULT", actual,
                        column.name() + " is NOT NULL without a default: while the column is hidden the gateway "
                                + "strips it from INSERTs, and in write an INSERT that sets neither it nor "
                                + (column.hasSource() ? column.source() : "it")
                                + " leaves it NULL, so those INSERTs would fail with a not-null violation. Add a "
                                + "DEFAULT, or drop NOT NULL now and add it back after the backfill (with a "
                                + "validated CHECK (" + column.name() + " IS NOT NULL) first)"));
            } else {
                fields.add(FieldCheck.ok("nullability", null, actual, column.name() + " is " + actual
                        + (a.notNull() ? " with a default" : "")));
            }
        }

        private void defaults(Attribute a) {
            String actual = a.defaultExpression() != null ? a.defaultExpression()
                    : !a.identity().isEmpty() ? "identity" : null;
            fields.add(FieldCheck.info("default", actual, actual == null ? column.name() + " has no default"
                    : column.name() + " defaults to " + actual));
        }

        private void generated(Attribute a) {
            if ("s".equals(a.generated())) {
                fields.add(FieldCheck.problem("generated", "a plain column", "generated always (stored)", column.name()
                        + " is a generated column: PostgreSQL refuses writes to it, so the gateway cannot dual-write "
                        + "or backfill it; make it a plain column"));
            } else if ("a".equals(a.identity())) {
                fields.add(FieldCheck.problem("generated", "a plain column", "generated always as identity",
                        column.name() + " is GENERATED ALWAYS AS IDENTITY: PostgreSQL refuses explicit values for it "
                                + "(without OVERRIDING SYSTEM VALUE), so dual writes would fail; use BY DEFAULT"));
            }
        }

        private void source(Optional<Attribute> source) {
            String name = column.source();
            if (source.isEmpty()) {
                fields.add(FieldCheck.problem("source", name, null, "the source column " + name + " does not exist in "
                        + table + "; up and dual writes read it"));
                return;
            }
            Attribute s = source.get();
            fields.add(FieldCheck.ok("source", name, name + " " + s.type(), "source " + name + " exists (" + s.type()
                    + ")"));
            if (s.notNull() && !s.hasDefault()) {
                fields.add(FieldCheck.warning("sourceNullability", "NULL, or NOT NULL with a DEFAULT", "NOT NULL",
                        "the source " + name + " is NOT NULL without a default: in contract the gateway stops "
                                + "writing it, so INSERTs would then fail; drop NOT NULL on " + name
                                + " before contract"));
            }
        }

        private void check(String field, String expression) {
            try {
                savepoint(() -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("EXPLAIN SELECT (" + expression + ") FROM " + table.toSql());
                    }
                    return null;
                });
                fields.add(FieldCheck.ok(field, expression, expression, field + " evaluates over " + table));
            } catch (SQLException e) {
                fields.add(FieldCheck.problem(field, expression, null, field + " (" + expression
                        + ") does not evaluate over " + table + ": " + e.getMessage()));
            }
        }

        private void index(long tableOid) throws SQLException {
            List<String> onColumn = new ArrayList<>();
            List<String> invalid = new ArrayList<>();
            boolean found = false;
            String sql = "SELECT ic.relname, i.indisunique, i.indisvalid FROM pg_index i "
                    + "JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_attribute a ON a.attrelid = i.indrelid "
                    + "AND a.attnum = i.indkey[0] WHERE i.indrelid = ? AND a.attname = ? ORDER BY ic.relname";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, tableOid);
                ps.setString(2, column.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String name = rs.getString(1);
                        boolean unique = rs.getBoolean(2);
                        boolean valid = rs.getBoolean(3);
                        onColumn.add(name + (unique ? " (unique)" : "") + (valid ? "" : " (INVALID)"));
                        if (!valid) {
                            invalid.add(name);
                        }
                        if (expectedIndex != null && valid && (!expectedIndex.unique() || unique)
                                && (expectedIndex.name() == null || expectedIndex.name().equals(name))) {
                            found = true;
                        }
                    }
                }
            }
            String actual = onColumn.isEmpty() ? null : String.join(", ", onColumn);
            if (expectedIndex == null) {
                fields.add(new FieldCheck("index", FieldCheck.Status.NOT_CONFIGURED, null, actual,
                        "no index is configured to be expected" + (actual == null ? "" : "; found " + actual)));
            } else {
                String expected = (expectedIndex.unique() ? "unique " : "") + "index "
                        + (expectedIndex.name() == null ? "" : expectedIndex.name() + " ") + "on " + column.name();
                if (found) {
                    fields.add(FieldCheck.ok("index", expected, actual, "found " + actual));
                } else {
                    fields.add(FieldCheck.problem("index", expected, actual, "no valid " + expected
                            + (invalid.isEmpty() ? "" : " (" + String.join(", ", invalid) + " is INVALID: a failed "
                            + "CREATE INDEX CONCURRENTLY; drop it and build it again)")
                            + "; create it with CREATE INDEX CONCURRENTLY"));
                }
            }
            if (expectedIndex == null && !invalid.isEmpty()) {
                fields.add(FieldCheck.warning("index", null, actual, String.join(", ", invalid) + " is INVALID (a "
                        + "failed CREATE INDEX CONCURRENTLY): it costs every write and serves no read; drop it"));
            }
        }

        private void triggers(long tableOid, Optional<Attribute> attribute, Optional<Attribute> source)
                throws SQLException {
            String sql = "SELECT t.tgname, pg_get_triggerdef(t.oid), t.tgenabled, t.tgtype, t.tgattr::int2[] "
                    + "FROM pg_trigger t WHERE t.tgrelid = ? AND NOT t.tgisinternal ORDER BY t.tgname";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, tableOid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String name = rs.getString(1);
                        String definition = rs.getString(2);
                        boolean disabled = "D".equals(rs.getString(3));
                        int type = rs.getInt(4);
                        List<Integer> ofColumns = ints(rs.getArray(5));
                        boolean row = (type & ROW) != 0;
                        boolean before = (type & BEFORE) != 0 && (type & INSTEAD) == 0;
                        boolean onInsert = (type & INSERT) != 0;
                        boolean onUpdate = (type & UPDATE) != 0;
                        boolean touchesOurs = ofColumns.isEmpty()
                                || attribute.map(a -> ofColumns.contains(a.number())).orElse(false)
                                || source.map(s -> ofColumns.contains(s.number())).orElse(false);
                        String field = "trigger:" + name;
                        if (disabled) {
                            fields.add(FieldCheck.info(field, definition, "trigger " + name + " is disabled"));
                        } else if (row && before && (onInsert || (onUpdate && touchesOurs))) {
                            fields.add(FieldCheck.warning(field, null, definition, "BEFORE row trigger " + name
                                    + " runs after the gateway computed " + column.name()
                                    + (column.hasSource() ? " from " + column.source() : "") + ": if it changes either,"
                                    + " " + column.name() + " stops matching up(row) and verification will count "
                                    + "it; check what it does" + (onUpdate ? ", and note every row the backfill "
                                    + "changes fires it" : "")));
                        } else if (row && onUpdate && touchesOurs) {
                            fields.add(FieldCheck.warning(field, null, definition, "row trigger " + name
                                    + " fires for every row the backfill changes (one UPDATE per row): expect that "
                                    + "much extra work (audit rows, queue messages…) during the backfill"));
                        } else {
                            fields.add(FieldCheck.info(field, definition, "trigger " + name
                                    + " does not change rows before they are written"));
                        }
                    }
                }
            }
        }

        private void constraints(long tableOid, Optional<Attribute> attribute, Optional<Attribute> source)
                throws SQLException {
            List<Integer> ours = new ArrayList<>();
            attribute.ifPresent(a -> ours.add(a.number()));
            source.ifPresent(s -> ours.add(s.number()));
            if (ours.isEmpty()) {
                return;
            }
            String sql = "SELECT con.conname, con.contype, pg_get_constraintdef(con.oid), con.conrelid::regclass::text, "
                    + "CASE WHEN con.conrelid = ? AND con.conkey && ?::int2[] THEN con.conkey::int2[] END, "
                    + "CASE WHEN con.confrelid = ? AND con.contype = 'f' AND con.confkey && ?::int2[] "
                    + "THEN con.confkey::int2[] END FROM pg_constraint con "
                    + "WHERE (con.conrelid = ? AND con.contype IN ('c', 'f', 'u', 'x') AND con.conkey && ?::int2[]) "
                    + "OR (con.confrelid = ? AND con.contype = 'f' AND con.confkey && ?::int2[]) ORDER BY con.conname";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                java.sql.Array attnums = c.createArrayOf("int2", ours.toArray());
                for (int i = 1; i <= 8; i += 2) {
                    ps.setLong(i, tableOid);
                    ps.setArray(i + 1, attnums);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String name = rs.getString(1);
                        String kind = rs.getString(2);
                        String definition = rs.getString(3);
                        String owner = rs.getString(4);
                        List<Integer> own = ints(rs.getArray(5));
                        List<Integer> referencedKeys = ints(rs.getArray(6));
                        String field = "constraint:" + name;
                        if (!own.isEmpty()) {
                            boolean onNew = attribute.map(a -> own.contains(a.number())).orElse(false);
                            String subject = onNew ? column.name() : column.source();
                            String message = switch (kind) {
                                case "c" -> "CHECK " + name + " on " + subject + ": every value "
                                        + (onNew ? "up(row) computes, and the default while hidden," : "down(new) computes")
                                        + " must pass it, or dual writes and the backfill fail";
                                case "u", "x" -> (kind.equals("u") ? "UNIQUE " : "EXCLUDE ") + name + " on " + subject
                                        + ": " + (onNew ? "up(row)" : "down(new)") + " must not map two rows to one "
                                        + "value, or dual writes and the backfill fail";
                                default -> "foreign key " + name + " on " + subject + ": every value dual-written or "
                                        + "backfilled must exist in the referenced table";
                            };
                            fields.add(FieldCheck.warning(field, null, definition, message));
                        }
                        if (!referencedKeys.isEmpty()) {
                            boolean toNew = attribute.map(a -> referencedKeys.contains(a.number())).orElse(false);
                            String subject = toNew ? column.name() : column.source();
                            fields.add(FieldCheck.warning(own.isEmpty() ? field : field + ":referenced", null,
                                    definition, "foreign key " + name + " of " + owner + " references " + subject
                                            + ": " + (toNew ? "rows there must match values computed by up(row)"
                                            : "it must move to " + column.name() + " before " + subject
                                            + " can be dropped at complete")));
                        }
                    }
                }
            }
        }

        private interface SqlCall<T> {
            T call() throws SQLException;
        }

        private <T> T savepoint(SqlCall<T> call) throws SQLException {
            return savepoint(call, false);
        }

        /** Runs {@code call} under a savepoint, so a failure (or, with {@code undo}, any effect) does not last. */
        private <T> T savepoint(SqlCall<T> call, boolean undo) throws SQLException {
            java.sql.Savepoint sp = c.setSavepoint();
            try {
                T result = call.call();
                if (undo) {
                    c.rollback(sp);
                } else {
                    c.releaseSavepoint(sp);
                }
                return result;
            } catch (SQLException e) {
                c.rollback(sp);
                throw e;
            }
        }

        private static List<Integer> ints(java.sql.Array array) throws SQLException {
            List<Integer> result = new ArrayList<>();
            if (array != null) {
                for (Object value : (Object[]) array.getArray()) {
                    result.add(((Number) value).intValue());
                }
            }
            return result;
        }

        private static String relkind(String kind) {
            return switch (kind) {
                case "v" -> "view";
                case "m" -> "materialized view";
                case "f" -> "foreign table";
                case "i", "I" -> "index";
                case "S" -> "sequence";
                case "c" -> "composite type";
                default -> "relation of kind " + kind;
            };
        }
    }
}
