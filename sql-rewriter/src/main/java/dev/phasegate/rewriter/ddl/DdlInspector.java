package dev.phasegate.rewriter.ddl;

import static dev.phasegate.config.DdlConfig.Rule.ADD_COLUMN_VOLATILE_DEFAULT;
import static dev.phasegate.config.DdlConfig.Rule.ALTER_TYPE_ON_MANAGED_TABLE;
import static dev.phasegate.config.DdlConfig.Rule.CREATE_INDEX_WITHOUT_CONCURRENTLY;
import static dev.phasegate.config.DdlConfig.Rule.DROP_MANAGED_COLUMN;
import static dev.phasegate.config.DdlConfig.Rule.SET_NOT_NULL_WITHOUT_CHECK;

import dev.phasegate.config.DdlConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.TableName;
import dev.phasegate.rewriter.lex.SqlLexer;
import dev.phasegate.rewriter.lex.Token;
import dev.phasegate.rewriter.lex.TokenType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds risky DDL in a statement text (one or several statements separated by {@code ;}),
 * lexically: keywords are only recognised outside comments, strings, dollar-quoted bodies and
 * quoted identifiers ({@link SqlLexer}). It looks for:
 *
 * <ul>
 *   <li>{@code ALTER TABLE … ADD COLUMN} with a volatile default ({@code clock_timestamp()},
 *       {@code random()}, {@code gen_random_uuid()}, {@code nextval()}, {@code uuid_generate_v1/v1mc/v4()},
 *       a {@code serial} type, an identity or a stored generated column): every existing row is
 *       rewritten under an ACCESS EXCLUSIVE lock. {@code now()}, {@code current_timestamp} and
 *       {@code statement_timestamp()} are <em>stable</em>, not volatile: PostgreSQL 11+ evaluates
 *       them once and stores the value as a fast default, so they are not reported;</li>
 *   <li>{@code ALTER COLUMN … SET NOT NULL}, unless the same text first adds a validated
 *       {@code CHECK (col IS NOT NULL)} on that table (a check added earlier, in another
 *       statement, cannot be seen lexically: the message says so);</li>
 *   <li>{@code CREATE [UNIQUE] INDEX} without {@code CONCURRENTLY}, and {@code ADD PRIMARY KEY/UNIQUE}
 *       without {@code USING INDEX}, unless the table is created in the same text;</li>
 *   <li>{@code ALTER COLUMN … TYPE} on a managed table;</li>
 *   <li>{@code DROP COLUMN} of a managed column or its source while not complete, and
 *       {@code DROP TABLE} of a table holding one.</li>
 * </ul>
 *
 * Unqualified table names resolve through {@code searchPath} to the first schema where the table
 * is managed, else to the first schema of the path. Pure: no I/O, thread-safe.
 */
public final class DdlInspector {

    /**
     * Volatile built-ins that are commonly used as column defaults. A user-defined volatile
     * function cannot be recognised lexically.
     */
    static final Set<String> VOLATILE_FUNCTIONS = Set.of(
            "clock_timestamp", "timeofday", "random", "random_normal", "setseed", "gen_random_uuid",
            "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "nextval", "currval", "lastval");

    private static final Set<String> SERIAL_TYPES = Set.of(
            "serial", "bigserial", "smallserial", "serial2", "serial4", "serial8");

    /** Words that end a column's DEFAULT expression (the next column constraint). */
    private static final Set<String> COLUMN_CONSTRAINT_WORDS = Set.of(
            "constraint", "not", "null", "check", "unique", "primary", "references", "generated", "collate",
            "deferrable", "initially", "default");

    private static final Set<String> TABLE_CONSTRAINT_WORDS = Set.of(
            "constraint", "primary", "unique", "check", "foreign", "exclude");

    private final Set<TableName> managedTables;
    private final Set<ColumnId> managedColumnsNotComplete;
    private final List<String> searchPath;
    /** Tables created earlier in the same text: empty, so indexing them is harmless. */
    private final Set<TableName> createdHere = new HashSet<>();
    /** (table, constraint) → column for {@code CHECK (col IS NOT NULL) NOT VALID} added in this text. */
    private final Map<TableName, Map<String, String>> unvalidatedNotNullChecks = new HashMap<>();
    /** (table, column) proven not null by a validated check added in this text. */
    private final Set<ColumnId> provenNotNull = new HashSet<>();
    private final List<DdlFinding> findings = new ArrayList<>();

    private DdlInspector(Set<TableName> managedTables, Set<ColumnId> managedColumnsNotComplete,
                         List<String> searchPath) {
        this.managedTables = Set.copyOf(managedTables);
        this.managedColumnsNotComplete = Set.copyOf(managedColumnsNotComplete);
        this.searchPath = searchPath.stream()
                .filter(schema -> !schema.startsWith("$") && !schema.startsWith("pg_temp"))
                .toList();
    }

    /**
     * The risky DDL in {@code sql}, in statement order.
     *
     * @param managedTables             tables that have a managed column not yet complete
     * @param managedColumnsNotComplete managed columns not yet complete, and their sources
     * @param searchPath                the session's effective schemas ({@code current_schemas(false)});
     *                                  {@code $user} entries are ignored, substitute them first
     */
    public static List<DdlFinding> inspect(String sql, Set<TableName> managedTables,
                                           Set<ColumnId> managedColumnsNotComplete, List<String> searchPath) {
        DdlInspector inspection = new DdlInspector(managedTables, managedColumnsNotComplete, searchPath);
        for (List<Token> statement : statements(SqlLexer.tokenize(sql))) {
            inspection.statement(statement);
        }
        return List.copyOf(inspection.findings);
    }

    private static List<List<Token>> statements(List<Token> tokens) {
        List<List<Token>> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        for (Token token : tokens) {
            if (token.isSymbol(";")) {
                if (!current.isEmpty()) {
                    statements.add(current);
                }
                current = new ArrayList<>();
            } else {
                current.add(token);
            }
        }
        if (!current.isEmpty()) {
            statements.add(current);
        }
        return statements;
    }

    private void statement(List<Token> s) {
        if (is(s, 0, "alter") && is(s, 1, "table")) {
            alterTable(s);
        } else if (is(s, 0, "create")) {
            int i = 1;
            if (is(s, i, "unique")) {
                i++;
            }
            if (is(s, i, "index")) {
                createIndex(s, i + 1);
            } else {
                createTable(s);
            }
        } else if (is(s, 0, "drop") && is(s, 1, "table")) {
            dropTable(s);
        }
    }

    // ---- CREATE TABLE / DROP TABLE --------------------------------------------------------------

    private void createTable(List<Token> s) {
        int i = 1;
        while (i < s.size() && (is(s, i, "global") || is(s, i, "local") || is(s, i, "temp")
                || is(s, i, "temporary") || is(s, i, "unlogged"))) {
            i++;
        }
        if (!is(s, i, "table")) {
            return;
        }
        i++;
        if (is(s, i, "if") && is(s, i + 1, "not") && is(s, i + 2, "exists")) {
            i += 3;
        }
        QualifiedName name = qualifiedName(s, i);
        if (name != null) {
            createdHere.add(resolve(name.parts()));
        }
    }

    private void dropTable(List<Token> s) {
        int i = 2;
        if (is(s, i, "if") && is(s, i + 1, "exists")) {
            i += 2;
        }
        while (i < s.size()) {
            QualifiedName name = qualifiedName(s, i);
            if (name == null) {
                return;
            }
            TableName table = resolve(name.parts());
            for (ColumnId column : managedColumnsNotComplete) {
                if (column.tableName().equals(table)) {
                    findings.add(new DdlFinding(DROP_MANAGED_COLUMN, table, column.column(), tag(DROP_MANAGED_COLUMN)
                            + "DROP TABLE " + table + " drops " + column.column() + ", a column Phasegate manages (or "
                            + "the source of one) that is not complete; the gateway still rewrites statements "
                            + "that use it. Safe: move its managed columns to complete (or remove them from "
                            + "management) first, then drop the table."));
                }
            }
            i = name.next();
            if (i < s.size() && s.get(i).isSymbol(",")) {
                i++;
            } else {
                return;
            }
        }
    }

    // ---- CREATE INDEX -------------------------------------------------------------------------

    private void createIndex(List<Token> s, int afterIndex) {
        if (is(s, afterIndex, "concurrently")) {
            return;
        }
        int on = -1;
        int depth = 0;
        for (int i = afterIndex; i < s.size(); i++) {
            Token t = s.get(i);
            depth += depthChange(t);
            if (depth == 0 && t.is("on")) {
                on = i;
                break;
            }
        }
        if (on < 0) {
            return;
        }
        int i = on + 1;
        if (is(s, i, "only")) {
            i++;
        }
        QualifiedName name = qualifiedName(s, i);
        if (name == null) {
            return;
        }
        TableName table = resolve(name.parts());
        if (createdHere.contains(table)) {
            return;
        }
        findings.add(new DdlFinding(CREATE_INDEX_WITHOUT_CONCURRENTLY, table, null,
                tag(CREATE_INDEX_WITHOUT_CONCURRENTLY) + "CREATE INDEX on " + table + " without CONCURRENTLY "
                        + "blocks every write to the table until the index is built. Safe: CREATE INDEX "
                        + "CONCURRENTLY (outside a transaction block; afterwards check pg_index.indisvalid and "
                        + "drop an invalid leftover before retrying)."));
    }

    // ---- ALTER TABLE --------------------------------------------------------------------------

    private void alterTable(List<Token> s) {
        int i = 2;
        if (is(s, i, "if") && is(s, i + 1, "exists")) {
            i += 2;
        }
        if (is(s, i, "all")) {
            return; // ALTER TABLE ALL IN TABLESPACE … SET TABLESPACE
        }
        if (is(s, i, "only")) {
            i++;
        }
        QualifiedName name = qualifiedName(s, i);
        if (name == null) {
            return;
        }
        TableName table = resolve(name.parts());
        i = name.next();
        if (i < s.size() && s.get(i).isSymbol("*")) {
            i++;
        }
        for (List<Token> action : splitTopLevel(s.subList(i, s.size()))) {
            alterAction(table, action);
        }
    }

    private void alterAction(TableName table, List<Token> a) {
        if (a.isEmpty()) {
            return;
        }
        if (is(a, 0, "add")) {
            if (is(a, 1, "column")) {
                addColumn(table, a, 2);
            } else if (a.size() > 1 && a.get(1).type() == TokenType.WORD
                    && TABLE_CONSTRAINT_WORDS.contains(a.get(1).name())) {
                addConstraint(table, a);
            } else {
                addColumn(table, a, 1);
            }
        } else if (is(a, 0, "alter")) {
            int i = 1;
            if (is(a, i, "constraint")) {
                return;
            }
            if (is(a, i, "column")) {
                i++;
            }
            if (i >= a.size() || !a.get(i).isName()) {
                return;
            }
            String column = a.get(i).name();
            i++;
            if (is(a, i, "type") || (is(a, i, "set") && is(a, i + 1, "data") && is(a, i + 2, "type"))) {
                alterType(table, column);
            } else if (is(a, i, "set") && is(a, i + 1, "not") && is(a, i + 2, "null")) {
                setNotNull(table, column);
            }
        } else if (is(a, 0, "drop")) {
            int i = 1;
            if (is(a, i, "constraint")) {
                return;
            }
            if (is(a, i, "column")) {
                i++;
            }
            if (is(a, i, "if") && is(a, i + 1, "exists")) {
                i += 2;
            }
            if (i < a.size() && a.get(i).isName()) {
                dropColumn(table, a.get(i).name());
            }
        } else if (is(a, 0, "validate") && is(a, 1, "constraint") && a.size() > 2 && a.get(2).isName()) {
            String column = unvalidatedNotNullChecks.getOrDefault(table, Map.of()).get(a.get(2).name());
            if (column != null) {
                provenNotNull.add(new ColumnId(table.schema(), table.table(), column));
            }
        }
    }

    private void addColumn(TableName table, List<Token> a, int i) {
        if (is(a, i, "if") && is(a, i + 1, "not") && is(a, i + 2, "exists")) {
            i += 3;
        }
        if (i >= a.size() || !a.get(i).isName()) {
            return;
        }
        String column = a.get(i).name();
        i++;
        String what = null;
        if (i < a.size() && a.get(i).type() == TokenType.WORD && SERIAL_TYPES.contains(a.get(i).name())) {
            what = "of type " + a.get(i).name() + ", whose default nextval() is volatile,";
        }
        int depth = 0;
        boolean indexBuilt = false;
        for (int j = i; j < a.size() && what == null; j++) {
            Token t = a.get(j);
            depth += depthChange(t);
            if (depth != 0) {
                continue;
            }
            if (t.is("default")) {
                String function = volatileCall(a, j + 1);
                if (function != null) {
                    what = "with DEFAULT " + function + "(), a volatile function,";
                }
            } else if (t.is("generated")) {
                if (containsWord(a, j, "identity")) {
                    what = "as an identity column, which numbers every existing row,";
                } else if (containsWord(a, j, "stored")) {
                    what = "as a stored generated column, computed for every existing row,";
                }
            } else if (t.is("unique") || t.is("primary")) {
                indexBuilt = true;
            }
        }
        if (what != null) {
            findings.add(new DdlFinding(ADD_COLUMN_VOLATILE_DEFAULT, table, column, tag(ADD_COLUMN_VOLATILE_DEFAULT)
                    + "ALTER TABLE " + table + " ADD COLUMN " + column + " " + what + " rewrites the whole table "
                    + "under an ACCESS EXCLUSIVE lock. Safe: add the column with no default (or a constant one), "
                    + "then ALTER COLUMN " + column + " SET DEFAULT … for new rows, and fill existing rows with a "
                    + "batched backfill."));
        }
        if (indexBuilt && !createdHere.contains(table)) {
            findings.add(indexForConstraint(table, column));
        }
    }

    private void addConstraint(TableName table, List<Token> a) {
        int i = 1;
        String name = null;
        if (is(a, i, "constraint") && a.size() > i + 1 && a.get(i + 1).isName()) {
            name = a.get(i + 1).name();
            i += 2;
        }
        if ((is(a, i, "primary") || is(a, i, "unique")) && !containsSequence(a, i, "using", "index")
                && !createdHere.contains(table)) {
            findings.add(indexForConstraint(table, null));
        } else if (is(a, i, "check")) {
            // CHECK ( col IS NOT NULL ) [NOT VALID]
            int j = i + 1;
            if (a.size() >= j + 6 && a.get(j).isSymbol("(") && a.get(j + 1).isName() && is(a, j + 2, "is")
                    && is(a, j + 3, "not") && is(a, j + 4, "null") && a.get(j + 5).isSymbol(")")) {
                String column = a.get(j + 1).name();
                boolean notValid = is(a, j + 6, "not") && is(a, j + 7, "valid");
                if (!notValid) {
                    provenNotNull.add(new ColumnId(table.schema(), table.table(), column));
                } else if (name != null) {
                    unvalidatedNotNullChecks.computeIfAbsent(table, t -> new HashMap<>()).put(name, column);
                }
            }
        }
    }

    private DdlFinding indexForConstraint(TableName table, String column) {
        return new DdlFinding(CREATE_INDEX_WITHOUT_CONCURRENTLY, table, column, tag(CREATE_INDEX_WITHOUT_CONCURRENTLY)
                + "ALTER TABLE " + table + " ADD … PRIMARY KEY/UNIQUE builds its index while blocking every write "
                + "to the table. Safe: CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT … "
                + "PRIMARY KEY/UNIQUE USING INDEX that index.");
    }

    private void alterType(TableName table, String column) {
        if (!isManaged(table)) {
            return;
        }
        findings.add(new DdlFinding(ALTER_TYPE_ON_MANAGED_TABLE, table, column, tag(ALTER_TYPE_ON_MANAGED_TABLE)
                + "ALTER TABLE " + table + " ALTER COLUMN " + column + " TYPE … on a table with managed columns: "
                + "most type changes rewrite the table under an ACCESS EXCLUSIVE lock, and the managed columns' "
                + "up/down expressions were declared for the current types. Safe: make the change a managed "
                + "column (add a column of the new type with source " + column + ", dual-write, backfill, verify, "
                + "switch reads), or finish the table's managed columns first."));
    }

    private void setNotNull(TableName table, String column) {
        if (provenNotNull.contains(new ColumnId(table.schema(), table.table(), column))) {
            return;
        }
        findings.add(new DdlFinding(SET_NOT_NULL_WITHOUT_CHECK, table, column, tag(SET_NOT_NULL_WITHOUT_CHECK)
                + "ALTER TABLE " + table + " ALTER COLUMN " + column + " SET NOT NULL scans the whole table under "
                + "an ACCESS EXCLUSIVE lock unless a validated CHECK (" + column + " IS NOT NULL) already exists. "
                + "Safe: ADD CONSTRAINT " + column + "_not_null CHECK (" + column + " IS NOT NULL) NOT VALID; "
                + "VALIDATE CONSTRAINT " + column + "_not_null (no write lock); then SET NOT NULL (PostgreSQL 12+ "
                + "uses the check instead of scanning) and drop the check."));
    }

    private void dropColumn(TableName table, String column) {
        ColumnId id = new ColumnId(table.schema(), table.table(), column);
        if (!managedColumnsNotComplete.contains(id)) {
            return;
        }
        findings.add(new DdlFinding(DROP_MANAGED_COLUMN, table, column, tag(DROP_MANAGED_COLUMN)
                + "ALTER TABLE " + table + " DROP COLUMN " + column + ": " + id + " is managed by Phasegate (a "
                + "managed column or the source of one) and not complete; the gateway still rewrites statements "
                + "that use it. Safe: move the managed column to complete (or remove it from management) first, "
                + "then drop " + column + "."));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private boolean isManaged(TableName table) {
        if (managedTables.contains(table)) {
            return true;
        }
        return managedColumnsNotComplete.stream().anyMatch(c -> c.tableName().equals(table));
    }

    private TableName resolve(List<String> parts) {
        int n = parts.size();
        if (n >= 2) {
            return new TableName(parts.get(n - 2), parts.get(n - 1));
        }
        String name = parts.get(0);
        for (String schema : searchPath) {
            if (isManaged(new TableName(schema, name))) {
                return new TableName(schema, name);
            }
        }
        return new TableName(searchPath.isEmpty() ? "public" : searchPath.get(0), name);
    }

    private record QualifiedName(List<String> parts, int next) {
    }

    private static QualifiedName qualifiedName(List<Token> s, int i) {
        if (i >= s.size() || !s.get(i).isName()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        parts.add(s.get(i).name());
        i++;
        while (i + 1 < s.size() && s.get(i).isSymbol(".") && s.get(i + 1).isName()) {
            parts.add(s.get(i + 1).name());
            i += 2;
        }
        return new QualifiedName(parts, i);
    }

    /** The volatile function called first in the expression starting at {@code i}, or null. */
    private static String volatileCall(List<Token> a, int i) {
        int depth = 0;
        for (int j = i; j < a.size(); j++) {
            Token t = a.get(j);
            if (depth == 0 && t.type() == TokenType.WORD && COLUMN_CONSTRAINT_WORDS.contains(t.name())) {
                return null;
            }
            depth += depthChange(t);
            if (t.type() == TokenType.WORD && VOLATILE_FUNCTIONS.contains(t.name()) && j + 1 < a.size()
                    && a.get(j + 1).isSymbol("(")) {
                return t.name();
            }
        }
        return null;
    }

    private static boolean containsWord(List<Token> a, int from, String word) {
        for (int j = from; j < a.size(); j++) {
            if (a.get(j).is(word)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsSequence(List<Token> a, int from, String first, String second) {
        for (int j = from; j + 1 < a.size(); j++) {
            if (a.get(j).is(first) && a.get(j + 1).is(second)) {
                return true;
            }
        }
        return false;
    }

    private static List<List<Token>> splitTopLevel(List<Token> tokens) {
        List<List<Token>> parts = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int depth = 0;
        for (Token t : tokens) {
            depth += depthChange(t);
            if (depth == 0 && t.isSymbol(",")) {
                parts.add(current);
                current = new ArrayList<>();
            } else {
                current.add(t);
            }
        }
        parts.add(current);
        return parts;
    }

    private static int depthChange(Token t) {
        if (t.isSymbol("(") || t.isSymbol("[")) {
            return 1;
        }
        if (t.isSymbol(")") || t.isSymbol("]")) {
            return -1;
        }
        return 0;
    }

    private static boolean is(List<Token> s, int i, String keyword) {
        return i >= 0 && i < s.size() && s.get(i).is(keyword);
    }

    private static String tag(DdlConfig.Rule rule) {
        return "[" + rule.key() + "] ";
    }
}
