package dev.phasegate.rewriter.analysis;

import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.rewriter.Action;
import dev.phasegate.rewriter.ColumnRole;
import dev.phasegate.rewriter.lex.TokenList;
import dev.phasegate.rewriter.lex.TokenType;
import dev.phasegate.rewriter.parse.Shapes;
import dev.phasegate.rewriter.splice.Extents;
import dev.phasegate.rewriter.splice.ListLayout;
import dev.phasegate.rewriter.splice.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;

/**
 * The write side of the phase table: INSERT column lists and rows, UPDATE and ON CONFLICT SET
 * lists. {@code up} and {@code down} are evaluated over the row as it will be after the write, so
 * the value being assigned is substituted for the column it is assigned to, never the column
 * itself (in an UPDATE, a column on the right-hand side still holds the old value).
 */
final class WriteRewriter {

    private final PlanContext ctx;
    private final StatementRewriter sr;
    private final TokenList tokens;

    WriteRewriter(PlanContext ctx, StatementRewriter sr) {
        this.ctx = ctx;
        this.sr = sr;
        this.tokens = ctx.tokens;
    }

    // ------------------------------------------------------------------------------------------
    // INSERT

    StatementRewriter.QueryOutput insert(Shapes.Insert ins, Scope outer, StatementRewriter.Ctes ctes) {
        RangeItem target = sr.tableItem(ins.target(), ins.alias(), StatementRewriter.Ctes.EMPTY, false);
        SqlNode source = ins.source();

        // Reads inside the source first, so that values copied into up/down carry their own rewrites.
        List<SqlCall> rows = null;
        SqlSelect select = null;
        Set<Integer> strippedPositions = strippedPositions(ins, target);
        if (source != null) {
            if (source.getKind() == SqlKind.VALUES) {
                rows = new ArrayList<>();
                Scope valuesScope = Scope.of(outer, List.of());
                for (SqlNode row : ((SqlCall) source).getOperandList()) {
                    SqlCall r = (SqlCall) row;
                    rows.add(r);
                    if (r.getKind() != SqlKind.ROW) {
                        sr.expr(r, valuesScope, ctes);
                        continue;
                    }
                    for (int k = 0; k < r.operandCount(); k++) {
                        if (!strippedPositions.contains(k)) {
                            sr.expr(r.operand(k), valuesScope, ctes);
                        }
                    }
                }
            } else {
                sr.query(source, outer, ctes, false);
                select = simpleSelect(source);
            }
        }

        if (target.isManagedTable()) {
            planInsertColumns(ins, target, rows, select);
        }

        if (ins.onConflict() != null) {
            onConflict(ins.onConflict(), target, outer, ctes);
        }
        List<String> outputs = null;
        if (ins.returning() != null) {
            Scope scope = Scope.of(outer, List.of(target));
            outputs = sr.returning(ins.returning(), scope, new StatementRewriter.FromLeaf(target), ctes);
        }
        return new StatementRewriter.QueryOutput(outputs, Map.of());
    }

    /** Positions in an explicit column list whose values are stripped whole (hidden new columns). */
    private static Set<Integer> strippedPositions(Shapes.Insert ins, RangeItem target) {
        Set<Integer> result = new TreeSet<>();
        if (ins.columns() == null || !target.isManagedTable()) {
            return result;
        }
        for (int i = 0; i < ins.columns().size(); i++) {
            ManagedColumn m = target.managedNew(((SqlIdentifier) ins.columns().get(i)).names.get(0));
            if (m != null && Rules.stripsNewWrites(m)) {
                result.add(i);
            }
        }
        return result;
    }

    private static SqlSelect simpleSelect(SqlNode source) {
        if (source instanceof SqlSelect s) {
            return s;
        }
        if (source instanceof SqlOrderBy o && o.query instanceof SqlSelect s) {
            return s;
        }
        return null;
    }

    /** Where each inserted column's value comes from, row by row. */
    private interface Rows {
        int count();

        /** The value of column {@code index} in row {@code row}, as it will read after the rewrite. */
        String value(int row, int index, String column);
    }

    private void planInsertColumns(Shapes.Insert ins, RangeItem target, List<SqlCall> rows, SqlSelect select) {
        currentTarget = target;
        boolean explicit = ins.columns() != null;
        int width = -1;
        if (rows != null && !rows.isEmpty()) {
            width = rows.get(0).operandCount();
        } else if (select != null && !hasStar(select.getSelectList())) {
            width = select.getSelectList().size();
        }
        List<String> columns;
        if (explicit) {
            columns = new ArrayList<>();
            for (SqlNode n : ins.columns()) {
                SqlIdentifier id = (SqlIdentifier) n;
                columns.add(id.names.get(0));
                if (id.names.size() > 1 && managesName(target, id.names.get(0))) {
                    throw new Unsupported(managedFor(target, id.names.get(0)), "INSERT into a field",
                            "INSERT into a field or element of a managed column");
                }
            }
        } else if (ins.defaultValues() || ins.source() == null) {
            return;
        } else {
            List<String> app = target.appColumns();
            if (app == null) {
                throw new Unsupported(target.managed.get(0), "INSERT without a column list",
                        "the catalog does not list the columns of " + target.table);
            }
            if (width < 0) {
                if (needsColumnNames(target)) {
                    throw new Unsupported(target.managed.get(0), "INSERT … SELECT without a column list",
                            "INSERT without a column list from a query whose width is not known, into " + target.table);
                }
                return;
            }
            if (width > app.size()) {
                return; // PostgreSQL will refuse it: more values than (visible) columns
            }
            columns = new ArrayList<>(app.subList(0, width));
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            index.putIfAbsent(columns.get(i), i);
        }

        Rows values = rows(rows, select);
        Set<Integer> strip = new TreeSet<>();
        List<String> appendedColumns = new ArrayList<>();
        List<Function<Integer, String>> appendedValues = new ArrayList<>();

        for (ManagedColumn m : target.managed) {
            boolean hasNew = index.containsKey(m.name());
            boolean hasSource = m.hasSource() && index.containsKey(m.source());
            if (Rules.stripsNewWrites(m)) {
                if (hasNew) {
                    strip.add(index.get(m.name()));
                    ctx.record(m, Action.STRIPPED, ColumnRole.NEW, "INSERT value stripped");
                }
                if (hasSource) {
                    ctx.record(m, Action.PASSED, ColumnRole.SOURCE, "INSERT");
                }
            } else if (Rules.dualWrites(m)) {
                if (hasNew && !hasSource && m.hasSource()) {
                    ExpressionTemplate down = ctx.templates.down(m, target.catalogTable);
                    if (down == null) {
                        ctx.record(m, Action.PASSED, ColumnRole.NEW, "INSERT (no down to derive the source)");
                        continue;
                    }
                    requireValues(values, m, "INSERT");
                    requireInputs(down, index, m, "down");
                    appendedColumns.add(m.source());
                    appendedValues.add(row -> down.render(c -> values.value(row, index.get(c), c)));
                    ctx.record(m, Action.REWRITTEN, ColumnRole.NEW, "dual write: source = down(new)");
                } else if (!hasNew) {
                    ExpressionTemplate up = ctx.templates.up(m, target.catalogTable);
                    if (up == null || !intersects(up.columns(), index.keySet())) {
                        continue;
                    }
                    requireValues(values, m, "INSERT");
                    requireInputs(up, index, m, "up");
                    appendedColumns.add(m.name());
                    appendedValues.add(row -> up.render(c -> values.value(row, index.get(c), c)));
                    ctx.record(m, Action.REWRITTEN, ColumnRole.SOURCE, "dual write: new = up(source)");
                } else {
                    ctx.record(m, Action.PASSED, ColumnRole.NEW, "INSERT");
                }
            } else if (Rules.sourceVirtual(m)) {
                if (hasSource && hasNew) {
                    strip.add(index.get(m.source()));
                    ctx.record(m, Action.STRIPPED, ColumnRole.SOURCE, "INSERT value of the virtual source dropped");
                } else if (hasSource) {
                    ExpressionTemplate up = ctx.templates.up(m, target.catalogTable);
                    requireValues(values, m, "INSERT");
                    requireInputs(up, index, m, "up");
                    strip.add(index.get(m.source()));
                    appendedColumns.add(m.name());
                    appendedValues.add(row -> up.render(c -> values.value(row, index.get(c), c)));
                    ctx.record(m, Action.REWRITTEN, ColumnRole.SOURCE, "virtual source written through up");
                } else if (hasNew) {
                    ctx.record(m, Action.PASSED, ColumnRole.NEW, "INSERT");
                }
            } else if (hasNew) {
                ctx.record(m, Action.PASSED, ColumnRole.NEW, "INSERT");
            }
        }

        boolean reorder = !explicit && !physicalPrefix(target, columns);
        if (reorder) {
            for (ManagedColumn m : target.managed) {
                if (Rules.newHiddenFromStar(m)) {
                    ctx.record(m, Action.STRIPPED, ColumnRole.NEW, "left out of the implicit column list");
                } else if (Rules.sourceVirtual(m)) {
                    ctx.record(m, Action.STRIPPED, ColumnRole.SOURCE, "left out of the implicit column list");
                }
            }
        }
        if (strip.isEmpty() && appendedColumns.isEmpty() && !reorder) {
            return;
        }
        if (strip.size() == columns.size() && appendedColumns.isEmpty()) {
            allColumnsStripped(ins, rows, target);
            return;
        }
        // Column list
        List<String> appendedNames = new ArrayList<>();
        for (String c : appendedColumns) {
            appendedNames.add(SqlText.name(c));
        }
        if (explicit) {
            List<Span> spans = new ArrayList<>();
            for (SqlNode n : ins.columns()) {
                spans.add(ctx.positions.of(n));
            }
            ListLayout.of(tokens, spans, opener(ins.columns(), spans)).rewrite(ctx.edits, strip, appendedNames);
        } else {
            List<String> all = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                if (!strip.contains(i)) {
                    all.add(SqlText.name(columns.get(i)));
                }
            }
            all.addAll(appendedNames);
            SqlIdentifier after = ins.alias() != null ? ins.alias() : ins.target();
            ctx.edits.insert(ctx.positions.of(after).end(), " (" + String.join(", ", all) + ")");
        }
        // Values
        if (rows != null) {
            for (int r = 0; r < rows.size(); r++) {
                SqlCall row = rows.get(r);
                List<Span> spans = new ArrayList<>();
                for (SqlNode e : row.getOperandList()) {
                    spans.add(ctx.positions.subtree(e));
                }
                List<String> appended = new ArrayList<>();
                for (Function<Integer, String> f : appendedValues) {
                    appended.add(f.apply(r));
                }
                ListLayout.of(tokens, spans, opener(row, spans)).rewrite(ctx.edits, strip, appended);
            }
        } else if (select != null) {
            List<Span> spans = new ArrayList<>();
            for (SqlNode e : select.getSelectList()) {
                spans.add(ctx.positions.subtree(e));
            }
            List<String> appended = new ArrayList<>();
            for (Function<Integer, String> f : appendedValues) {
                appended.add(f.apply(0));
            }
            ListLayout.of(tokens, spans, -1).rewrite(ctx.edits, strip, appended);
        } else {
            throw new Unsupported(target.managed.get(0), "INSERT from a set operation or WITH query",
                    "INSERT into managed table " + target.table + " from a query the rewriter cannot edit column by column");
        }
    }

    private boolean needsColumnNames(RangeItem target) {
        for (ManagedColumn m : target.managed) {
            if (Rules.dualWrites(m) || Rules.sourceVirtual(m) || Rules.newHiddenFromStar(m)) {
                return true;
            }
        }
        return false;
    }

    private static boolean physicalPrefix(RangeItem target, List<String> columns) {
        if (target.columns == null || target.columns.size() < columns.size()) {
            return false;
        }
        return target.columns.subList(0, columns.size()).equals(columns);
    }

    private void allColumnsStripped(Shapes.Insert ins, List<SqlCall> rows, RangeItem target) {
        if (rows != null && rows.size() == 1 && ins.columns() != null) {
            Span from = ctx.extent(ins.columns());
            Span to = ctx.extent(ins.source());
            int start = Math.min(from.start(), to.start());
            // "(cols)" may be outside the list node's own position: include the parentheses.
            int first = tokens.firstAtOrAfter(start);
            if (first > 0 && tokens.is(first - 1, TokenType.LEFT_PAREN)) {
                start = tokens.start(first - 1);
            }
            ctx.edits.replace(start, to.end(), "DEFAULT VALUES");
            return;
        }
        throw new Unsupported(target.managed.get(0), "INSERT of only stripped columns",
                "every inserted column of " + target.table + " is stripped in its phase");
    }

    private Rows rows(List<SqlCall> rows, SqlSelect select) {
        if (rows != null) {
            return new Rows() {
                @Override
                public int count() {
                    return rows.size();
                }

                @Override
                public String value(int row, int index, String column) {
                    return valueText(rows.get(row).operand(index), column);
                }
            };
        }
        if (select != null && !hasStar(select.getSelectList())) {
            return new Rows() {
                @Override
                public int count() {
                    return 1;
                }

                @Override
                public String value(int row, int index, String column) {
                    SqlNode item = select.getSelectList().get(index);
                    if (item.getKind() == SqlKind.AS) {
                        item = ((SqlCall) item).operand(0);
                    }
                    return valueText(item, column);
                }
            };
        }
        return null;
    }

    private void requireValues(Rows values, ManagedColumn m, String construct) {
        if (values == null) {
            throw new Unsupported(m, construct + " from a *, set operation or WITH query",
                    "the values for " + m.id() + " come from a query the rewriter cannot edit column by column "
                            + "(a *, a set operation or a WITH query)");
        }
    }

    private void requireInputs(ExpressionTemplate t, Map<String, Integer> index, ManagedColumn m, String which) {
        for (String c : t.columns()) {
            if (!index.containsKey(c)) {
                throw new Unsupported(m, "INSERT without every input of " + which,
                        which + " of " + m.id() + " reads " + c + ", which the INSERT does not set");
            }
        }
    }

    /**
     * The text of an assigned value, for substitution into up/down. A bare parameter or constant
     * gets its column's type: that is the value the row will hold (PostgreSQL coerces it on
     * assignment), {@code up} must see it typed ({@code '12.50'::numeric(12,2)::bigint} works
     * where {@code '12.50'::bigint} fails), and a constant is then written the way a parameter
     * in its place would be, which lets a plan serve every statement of its literal shape.
     */
    private String valueText(SqlNode value, String column) {
        if (StatementRewriter.isDefault(value)) {
            throw new Unsupported(null, "DEFAULT", "a DEFAULT value for " + column
                    + " cannot be carried into a dual write");
        }
        String text = ctx.rendered(value);
        if (value instanceof SqlDynamicParam || value instanceof SqlNumericLiteral
                || value instanceof SqlCharStringLiteral) {
            String type = columnType(column);
            if (type != null) {
                return text + "::" + type;
            }
        }
        return text;
    }

    private RangeItem currentTarget;

    private String columnType(String column) {
        if (currentTarget == null || currentTarget.catalogTable == null) {
            return null;
        }
        return currentTarget.catalogTable.column(column).map(c -> c.type()).orElse(null);
    }

    private static boolean hasStar(SqlNodeList list) {
        for (SqlNode n : list) {
            if (n instanceof SqlIdentifier id && id.isStar()) {
                return true;
            }
        }
        return false;
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        for (String x : a) {
            if (b.contains(x)) {
                return true;
            }
        }
        return false;
    }

    private static boolean managesName(RangeItem target, String column) {
        return target.managedNew(column) != null || !target.managedSourceOf(column).isEmpty();
    }

    private static ManagedColumn managedFor(RangeItem target, String column) {
        ManagedColumn m = target.managedNew(column);
        return m != null ? m : target.managedSourceOf(column).get(0);
    }

    // ------------------------------------------------------------------------------------------
    // ON CONFLICT

    private void onConflict(Shapes.OnConflict oc, RangeItem target, Scope outer, StatementRewriter.Ctes ctes) {
        RangeItem excluded = RangeItem.table("excluded", "excluded", true, target.table, target.catalogTable,
                target.managed, true);
        Scope scope = Scope.of(outer, List.of(target, excluded));
        if (oc.conflictTarget() != null) {
            for (SqlNode n : oc.conflictTarget()) {
                if (n instanceof SqlIdentifier id && id.names.size() == 1 && target.kind == RangeItem.Kind.TABLE) {
                    String c = id.getSimple();
                    ManagedColumn m = target.managedNew(c);
                    if (m != null && Rules.newReadsDefault(m)) {
                        throw new Unsupported(m, "ON CONFLICT target", "ON CONFLICT (" + c + ") names " + m.id()
                                + ", which is not readable in phase " + m.phase());
                    }
                    for (ManagedColumn s : target.managedSourceOf(c)) {
                        if (Rules.sourceVirtual(s)) {
                            throw new Unsupported(s, "ON CONFLICT target", "ON CONFLICT (" + c
                                    + ") names the virtual source of " + s.id() + " (phase contract)");
                        }
                    }
                    continue;
                }
                sr.expr(n, Scope.of(outer, List.of(target)), ctes);
            }
        }
        sr.expr(oc.indexPredicate(), Scope.of(outer, List.of(target)), ctes);
        if (!oc.doNothing() && !oc.updates().isEmpty()) {
            setList(oc.updates(), target, "ON CONFLICT DO UPDATE", scope, ctes);
        }
        sr.expr(oc.where(), scope, ctes);
    }

    // ------------------------------------------------------------------------------------------
    // UPDATE and DELETE

    StatementRewriter.QueryOutput update(Shapes.Update up, Scope outer, StatementRewriter.Ctes ctes) {
        RangeItem target = sr.tableItem(up.target(), up.alias(), StatementRewriter.Ctes.EMPTY, false);
        Scope scope = new Scope(outer);
        scope.items.add(target);
        StatementRewriter.FromNode tree = new StatementRewriter.FromLeaf(target);
        if (up.from() != null) {
            StatementRewriter.FromNode from = sr.from(up.from(), scope, outer, ctes);
            tree = new StatementRewriter.FromJoin(tree, from, null);
        }
        setList(up.set(), target, "UPDATE", scope, ctes);
        sr.expr(up.where(), scope, ctes);
        List<String> outputs = null;
        if (up.returning() != null) {
            outputs = sr.returning(up.returning(), scope, tree, ctes);
        }
        return new StatementRewriter.QueryOutput(outputs, Map.of());
    }

    StatementRewriter.QueryOutput delete(Shapes.Delete del, Scope outer, StatementRewriter.Ctes ctes) {
        RangeItem target = sr.tableItem(del.target(), del.alias(), StatementRewriter.Ctes.EMPTY, false);
        Scope scope = new Scope(outer);
        scope.items.add(target);
        StatementRewriter.FromNode tree = new StatementRewriter.FromLeaf(target);
        if (del.using() != null) {
            StatementRewriter.FromNode using = sr.from(del.using(), scope, outer, ctes);
            tree = new StatementRewriter.FromJoin(tree, using, null);
        }
        sr.expr(del.where(), scope, ctes);
        List<String> outputs = null;
        if (del.returning() != null) {
            outputs = sr.returning(del.returning(), scope, tree, ctes);
        }
        return new StatementRewriter.QueryOutput(outputs, Map.of());
    }

    /** Which SET item assigns a column, and which element of a multi-column item. */
    private record Assignment(int item, int element) {
    }

    /** The SET list of an UPDATE or ON CONFLICT DO UPDATE: strip, dual-write, virtualise. */
    private void setList(List<Shapes.SetItem> items, RangeItem target, String construct, Scope scope,
                         StatementRewriter.Ctes ctes) {
        currentTarget = target;
        // Reads in the values first (values copied into up/down carry their own rewrites), except
        // in assignments that will be stripped whole.
        for (int i = 0; i < items.size(); i++) {
            if (!strippedWhole(items.get(i), target)) {
                sr.expr(items.get(i).value(), scope, ctes);
            }
        }
        if (!target.isManagedTable()) {
            return;
        }
        Map<String, Assignment> assigned = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            List<SqlIdentifier> targets = items.get(i).targets();
            for (int k = 0; k < targets.size(); k++) {
                SqlIdentifier id = targets.get(k);
                String column = id.names.get(0);
                if (id.names.size() > 1 && managesName(target, column)) {
                    throw new Unsupported(managedFor(target, column), construct + " of a field",
                            "assignment to a field or element of " + column);
                }
                assigned.putIfAbsent(column, new Assignment(i, k));
            }
        }
        Map<Integer, Set<Integer>> stripElements = new LinkedHashMap<>();
        List<String> appends = new ArrayList<>();
        String selfAssign = null;
        String q = target.qualifierSql;
        for (ManagedColumn m : target.managed) {
            boolean hasNew = assigned.containsKey(m.name());
            boolean hasSource = m.hasSource() && assigned.containsKey(m.source());
            Function<String, String> row = c -> assigned.containsKey(c)
                    ? assignedValue(items, assigned.get(c), c, m) : SqlText.qualified(q, c);
            if (Rules.stripsNewWrites(m)) {
                if (hasNew) {
                    Assignment a = assigned.get(m.name());
                    stripElements.computeIfAbsent(a.item, x -> new TreeSet<>()).add(a.element);
                    ctx.record(m, Action.STRIPPED, ColumnRole.NEW, construct + " assignment stripped");
                    selfAssign = SqlText.name(m.name()) + " = " + SqlText.qualified(q, m.name());
                }
                if (hasSource) {
                    ctx.record(m, Action.PASSED, ColumnRole.SOURCE, construct);
                }
            } else if (Rules.dualWrites(m)) {
                if (hasNew && !hasSource && m.hasSource()) {
                    ExpressionTemplate down = ctx.templates.down(m, target.catalogTable);
                    if (down == null) {
                        ctx.record(m, Action.PASSED, ColumnRole.NEW, construct + " (no down to derive the source)");
                        continue;
                    }
                    appends.add(SqlText.name(m.source()) + " = " + down.render(row));
                    ctx.record(m, Action.REWRITTEN, ColumnRole.NEW, "dual write: source = down(new)");
                } else if (!hasNew) {
                    ExpressionTemplate up = ctx.templates.up(m, target.catalogTable);
                    if (up == null || !intersects(up.columns(), assigned.keySet())) {
                        continue;
                    }
                    appends.add(SqlText.name(m.name()) + " = " + up.render(row));
                    ctx.record(m, Action.REWRITTEN, ColumnRole.SOURCE, "dual write: new = up(source)");
                } else {
                    ctx.record(m, Action.PASSED, ColumnRole.NEW, construct);
                }
            } else if (Rules.sourceVirtual(m)) {
                if (hasSource) {
                    Assignment a = assigned.get(m.source());
                    if (!hasNew) {
                        ExpressionTemplate up = ctx.templates.up(m, target.catalogTable);
                        appends.add(SqlText.name(m.name()) + " = " + up.render(row));
                        ctx.record(m, Action.REWRITTEN, ColumnRole.SOURCE, "virtual source written through up");
                    } else {
                        ctx.record(m, Action.STRIPPED, ColumnRole.SOURCE, "assignment to the virtual source dropped");
                    }
                    stripElements.computeIfAbsent(a.item, x -> new TreeSet<>()).add(a.element);
                } else if (hasNew) {
                    ctx.record(m, Action.PASSED, ColumnRole.NEW, construct);
                }
            } else if (hasNew) {
                ctx.record(m, Action.PASSED, ColumnRole.NEW, construct);
            }
        }
        if (stripElements.isEmpty() && appends.isEmpty()) {
            return;
        }
        // Strip whole items, or elements of multi-column items.
        Set<Integer> removeItems = new TreeSet<>();
        for (Map.Entry<Integer, Set<Integer>> e : stripElements.entrySet()) {
            Shapes.SetItem item = items.get(e.getKey());
            if (e.getValue().size() >= item.targets().size()) {
                removeItems.add(e.getKey());
            } else {
                stripFromMulti(item, e.getValue());
            }
        }
        List<Span> spans = new ArrayList<>();
        for (Shapes.SetItem item : items) {
            spans.add(setItemSpan(item));
        }
        ListLayout layout = ListLayout.of(tokens, spans, -1);
        if (removeItems.size() == items.size() && appends.isEmpty()) {
            // Every assignment stripped: keep the statement (and its row count, locks, RETURNING)
            // with a no-op assignment of the hidden column to itself.
            appends.add(selfAssign);
        }
        layout.rewrite(ctx.edits, removeItems, appends);
    }

    /** Whether every target of the assignment is stripped in its phase (hidden new column, or a
     *  virtual source assigned together with its new column). */
    private static boolean strippedWhole(Shapes.SetItem item, RangeItem target) {
        if (!target.isManagedTable()) {
            return false;
        }
        for (SqlIdentifier t : item.targets()) {
            String c = t.names.get(0);
            ManagedColumn m = target.managedNew(c);
            if (m != null && Rules.stripsNewWrites(m)) {
                continue;
            }
            return false;
        }
        return true;
    }

    private Span setItemSpan(Shapes.SetItem item) {
        Span span = ctx.positions.subtree(item.value());
        for (SqlIdentifier t : item.targets()) {
            span = span.union(ctx.positions.of(t));
        }
        if (item.node() != null && ctx.positions.known(item.node().getParserPosition())) {
            span = span.union(ctx.positions.of(item.node()));
        }
        return Extents.balanced(tokens, span);
    }

    private void stripFromMulti(Shapes.SetItem item, Set<Integer> elements) {
        List<SqlNode> remainingValues = multiValues(item);
        if (remainingValues != null && item.targets().size() - elements.size() == 1) {
            // "(a) = (x)" is not valid SQL: what is left becomes a plain "a = x".
            for (int k = 0; k < item.targets().size(); k++) {
                if (!elements.contains(k)) {
                    String target = ctx.textOf(ctx.positions.of(item.targets().get(k)));
                    Span span = setItemSpan(item);
                    ctx.edits.replace(span.start(), span.end(), target + " = " + ctx.rendered(remainingValues.get(k)));
                    return;
                }
            }
        }
        List<Span> targetSpans = new ArrayList<>();
        for (SqlIdentifier t : item.targets()) {
            targetSpans.add(ctx.positions.of(t));
        }
        int targetOpener = openerBefore(targetSpans);
        ListLayout.of(tokens, targetSpans, targetOpener).remove(ctx.edits, elements);
        List<SqlNode> values = multiValues(item);
        if (values == null) {
            throw new Unsupported(null, "multi-column assignment from a subquery",
                    "a (a, b) = (SELECT …) assignment that includes a managed column");
        }
        List<Span> valueSpans = new ArrayList<>();
        for (SqlNode v : values) {
            valueSpans.add(ctx.positions.subtree(v));
        }
        ListLayout.of(tokens, valueSpans, opener(item.value(), valueSpans)).remove(ctx.edits, elements);
    }

    /** The element values of a multi-column assignment's row, or null for a subquery. */
    private static List<SqlNode> multiValues(Shapes.SetItem item) {
        SqlNode v = item.value();
        if (v.getKind() == SqlKind.ROW) {
            return ((SqlCall) v).getOperandList();
        }
        if (v instanceof SqlNodeList list) {
            return list.getList();
        }
        if (item.targets().size() == 1) {
            return List.of(v);
        }
        return null;
    }

    private String assignedValue(List<Shapes.SetItem> items, Assignment a, String column, ManagedColumn m) {
        Shapes.SetItem item = items.get(a.item);
        if (!item.multiColumn()) {
            return valueText(item.value(), column);
        }
        List<SqlNode> values = multiValues(item);
        if (values == null) {
            throw new Unsupported(m, "multi-column assignment from a subquery",
                    "(…) = (SELECT …) assigns " + column + ", which " + m.id() + " must follow");
        }
        return valueText(values.get(a.element), column);
    }

    // ------------------------------------------------------------------------------------------
    // Token helpers

    /** The opening parenthesis of the list that holds these items (a row, a column list), or -1. */
    private int opener(SqlNode listNode, List<Span> items) {
        if (listNode != null && ctx.positions.known(listNode.getParserPosition())) {
            int[] t = Extents.tokens(tokens, ctx.positions.of(listNode));
            if (t != null) {
                if (tokens.is(t[0], TokenType.LEFT_PAREN) && tokens.match(t[0]) == t[1]) {
                    return t[0];
                }
                if (tokens.is(t[0], TokenType.WORD) && tokens.is(t[0] + 1, TokenType.LEFT_PAREN)
                        && tokens.match(t[0] + 1) == t[1]) {
                    return t[0] + 1;
                }
            }
        }
        return openerBefore(items);
    }

    /** The nearest parenthesis before the first item whose match lies after the last item, or -1. */
    private int openerBefore(List<Span> items) {
        int[] first = Extents.tokens(tokens, items.get(0));
        int[] last = Extents.tokens(tokens, items.get(items.size() - 1));
        if (first == null || last == null) {
            return -1;
        }
        for (int i = first[0] - 1; i >= 0 && tokens.is(i, TokenType.LEFT_PAREN); i--) {
            if (tokens.match(i) > last[1]) {
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings("unused")
    private static Set<String> set(List<String> list) {
        return new LinkedHashSet<>(list);
    }
}
