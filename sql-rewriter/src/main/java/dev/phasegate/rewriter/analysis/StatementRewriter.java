package dev.phasegate.rewriter.analysis;

import dev.phasegate.config.column.Identifiers;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.TableName;
import dev.phasegate.rewriter.Action;
import dev.phasegate.rewriter.ColumnRole;
import dev.phasegate.rewriter.ShadowCheck;
import dev.phasegate.rewriter.StatementKind;
import dev.phasegate.rewriter.catalog.Catalog;
import dev.phasegate.rewriter.catalog.CatalogTable;
import dev.phasegate.rewriter.lex.TokenType;
import dev.phasegate.rewriter.parse.Shapes;
import dev.phasegate.rewriter.parser.PgCreateTableAs;
import dev.phasegate.rewriter.parser.PgDeclareCursor;
import dev.phasegate.rewriter.parser.PgOperators;
import dev.phasegate.rewriter.parser.PgPrepare;
import dev.phasegate.rewriter.parser.PgSelect;
import dev.phasegate.rewriter.splice.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSelectKeyword;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.JoinConditionType;

/**
 * Plans one parsed statement: resolves every column reference the way PostgreSQL does (innermost
 * query level first, FROM items, aliases, USING merges, CTEs) and, for each one that names a
 * managed column, records the phase's action and splices the edit into the text.
 *
 * <p>Single use: one instance per statement. Throws {@link Unsupported} for what it cannot handle
 * safely; the caller applies the policy.
 */
public final class StatementRewriter {

    private static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max", "array_agg",
            "string_agg", "bool_and", "bool_or", "every", "json_agg", "jsonb_agg", "json_object_agg",
            "jsonb_object_agg", "xmlagg", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp",
            "bit_and", "bit_or", "bit_xor", "corr", "covar_pop", "covar_samp", "regr_count", "percentile_cont",
            "percentile_disc", "mode", "rank", "range_agg", "range_intersect_agg", "any_value");

    /** Functions that take any row and read only its column names and values: a whole-row argument can be narrowed. */
    private static final Set<String> ROW_VALUE_FUNCTIONS = Set.of("row_to_json", "to_json", "to_jsonb", "json_agg",
            "jsonb_agg", "json_agg_strict", "jsonb_agg_strict", "json_build_array", "jsonb_build_array",
            "json_build_object", "jsonb_build_object", "json_object_agg", "jsonb_object_agg");
    /** The alias of the narrowed row: its columns are what JSON keys come from, not its name. */
    private static final String ROW_ALIAS = "phasegate_row";

    private final PlanContext ctx;
    /**
     * Planning the query of a DECLARE … CURSOR, a PREPARE or a CREATE … AS: its source reads are not shadowed,
     * and this says why (null otherwise).
     */
    private Unshadowed unshadowed;

    /** Statements whose rows come back later, where no result filter can drop a check column. */
    private enum Unshadowed {
        CURSOR("cursor", "its rows come back by FETCH, where no check column can be dropped"),
        PREPARED("prepared statement", "its rows come back by EXECUTE, which may also run it into a table "
                + "(CREATE TABLE … AS EXECUTE), where no check column can be dropped"),
        CREATE_AS("CREATE … AS", "its rows go into a table, where no check column can be dropped");

        final String reason;
        final String why;

        Unshadowed(String reason, String why) {
            this.reason = reason;
            this.why = why;
        }
    }

    public StatementRewriter(PlanContext ctx) {
        this.ctx = ctx;
    }

    // ------------------------------------------------------------------------------------------
    // Statements

    /** Plans the statement; returns its kind. */
    public StatementKind statement(SqlNode node) {
        SqlKind kind = node.getKind();
        if (node instanceof SqlExplain explain) {
            SqlNode explained = explain.getExplicandum();
            if (isDml(explained)) {
                throw new Unsupported(null, "EXPLAIN of a data-modifying statement",
                        "EXPLAIN ANALYZE would run the statement without its rewrite");
            }
            query(explained, null, Ctes.EMPTY, false);
            return StatementKind.OTHER;
        }
        if (node instanceof PgDeclareCursor cursor) {
            // The rows come back later, by FETCH, where no result filter follows them: the query
            // is planned as a top-level one, but without shadow checks.
            unshadowed = Unshadowed.CURSOR;
            query(cursor.query(), null, Ctes.EMPTY, true);
            return StatementKind.OTHER;
        }
        if (node instanceof PgCreateTableAs create) {
            if (create.isMaterializedView()) {
                throw new Unsupported(null, "CREATE MATERIALIZED VIEW … AS", "the view keeps its query, and "
                        + "REFRESH would run today's rewrite after every flip");
            }
            // A table filled once: it gets the columns the query returns under the phase (a hidden
            // column is not copied, the new column's reads get its default or down).
            unshadowed = Unshadowed.CREATE_AS;
            QueryOutput output = query(create.query(), null, Ctes.EMPTY, true);
            if (create.columns() != null && !output.omitted().isEmpty()) {
                ManagedColumn m = output.omitted().values().iterator().next();
                throw new Unsupported(m, "CREATE … AS with a column list", "the query's * leaves out " + m.id()
                        + " (phase " + m.phase() + "), so the column names given would no longer match");
            }
            return StatementKind.OTHER;
        }
        if (node instanceof PgPrepare prepare) {
            // Planned as the top-level statement EXECUTE will run; its rows, like a cursor's, are
            // not followed by a result filter.
            unshadowed = Unshadowed.PREPARED;
            if (statement(prepare.statement()) == StatementKind.UTILITY) {
                throw new Unsupported(null, "PREPARE", "the rewriter does not model the prepared statement");
            }
            return StatementKind.OTHER;
        }
        if (node instanceof SqlWith with && isDml(with.body)) {
            Ctes ctes = withItems(with, null, Ctes.EMPTY);
            return dml(with.body, null, ctes, true);
        }
        if (isDml(node)) {
            return dml(node, null, Ctes.EMPTY, true);
        }
        if (kind.belongsTo(SqlKind.QUERY)) {
            if (selectsInto(node)) {
                // SELECT … INTO table: PostgreSQL's CREATE TABLE … AS, rows into a table.
                unshadowed = Unshadowed.CREATE_AS;
            }
            query(node, null, Ctes.EMPTY, true);
            return StatementKind.SELECT;
        }
        if (kind == SqlKind.MERGE || kind.belongsTo(SqlKind.DML)) {
            ctx.write = true;
            throw new Unsupported(null, kind == SqlKind.MERGE ? "MERGE" : kind.toString(),
                    "the rewriter does not model " + kind + " statements");
        }
        return StatementKind.UTILITY;
    }

    /** Whether a top-level query is a {@code SELECT … INTO table} (its ORDER BY / LIMIT around it). */
    private static boolean selectsInto(SqlNode node) {
        SqlNode query = node instanceof SqlOrderBy orderBy ? orderBy.query : node;
        if (query instanceof SqlWith with) {
            query = with.body instanceof SqlOrderBy orderBy ? orderBy.query : with.body;
        }
        return query instanceof PgSelect select && select.getInto() != null;
    }

    private static boolean isDml(SqlNode node) {
        return Shapes.insert(node) != null || Shapes.update(node) != null || Shapes.delete(node) != null;
    }

    private StatementKind dml(SqlNode node, Scope outer, Ctes ctes, boolean top) {
        ctx.write = true;
        Shapes.Insert insert = Shapes.insert(node);
        if (insert != null) {
            new WriteRewriter(ctx, this).insert(insert, outer, ctes);
            return StatementKind.INSERT;
        }
        Shapes.Update update = Shapes.update(node);
        if (update != null) {
            new WriteRewriter(ctx, this).update(update, outer, ctes);
            return StatementKind.UPDATE;
        }
        Shapes.Delete delete = Shapes.delete(node);
        if (delete != null) {
            new WriteRewriter(ctx, this).delete(delete, outer, ctes);
            return StatementKind.DELETE;
        }
        throw new IllegalStateException("not a DML statement: " + node.getKind());
    }

    /** Output of a query: column names (null when unknown) and managed columns a {@code *} left out. */
    record QueryOutput(List<String> columns, Map<String, ManagedColumn> omitted) {
        static final QueryOutput UNKNOWN = new QueryOutput(null, Map.of());
    }

    /** CTE names visible to table references; a persistent list, innermost first. */
    record Ctes(Ctes parent, String name, QueryOutput output) {
        static final Ctes EMPTY = new Ctes(null, null, null);

        Ctes with(String cteName, QueryOutput out) {
            return new Ctes(this, cteName, out);
        }

        QueryOutput find(String cteName) {
            for (Ctes c = this; c != null && c.name != null; c = c.parent) {
                if (c.name.equals(cteName)) {
                    return c.output;
                }
            }
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Queries

    QueryOutput query(SqlNode node, Scope outer, Ctes ctes, boolean top) {
        switch (node.getKind()) {
            case SELECT:
                return select((SqlSelect) node, null, outer, ctes, top);
            case ORDER_BY: {
                SqlOrderBy orderBy = (SqlOrderBy) node;
                if (orderBy.query instanceof SqlSelect select) {
                    QueryOutput out = select(select, orderBy.orderList, outer, ctes, top);
                    expr(orderBy.offset, Scope.of(outer, List.of()), ctes);
                    expr(orderBy.fetch, Scope.of(outer, List.of()), ctes);
                    return out;
                }
                // ORDER BY of a set operation or VALUES names output columns only.
                QueryOutput out = query(orderBy.query, outer, ctes, top);
                expr(orderBy.offset, Scope.of(outer, List.of()), ctes);
                expr(orderBy.fetch, Scope.of(outer, List.of()), ctes);
                return out;
            }
            case WITH: {
                SqlWith with = (SqlWith) node;
                Ctes inner = withItems(with, outer, ctes);
                return query(with.body, outer, inner, top);
            }
            case UNION:
            case INTERSECT:
            case EXCEPT: {
                SqlCall call = (SqlCall) node;
                QueryOutput first = null;
                for (SqlNode operand : call.getOperandList()) {
                    QueryOutput out = query(operand, outer, ctes, false);
                    if (first == null) {
                        first = out;
                    }
                }
                if (top) {
                    noteUnshadowed("set operation", ONE_ROW_PER_TABLE_ROW);
                }
                return first == null ? QueryOutput.UNKNOWN : first;
            }
            case VALUES: {
                SqlCall values = (SqlCall) node;
                Scope scope = Scope.of(outer, List.of());
                int width = -1;
                for (SqlNode row : values.getOperandList()) {
                    expr(row, scope, ctes);
                    if (row instanceof SqlCall r && row.getKind() == SqlKind.ROW) {
                        width = r.operandCount();
                    }
                }
                List<String> names = null;
                if (width >= 0) {
                    names = new ArrayList<>();
                    for (int i = 1; i <= width; i++) {
                        names.add("column" + i);
                    }
                }
                return new QueryOutput(names, Map.of());
            }
            case EXPLICIT_TABLE:
                return explicitTable((SqlCall) node, ctes);
            default:
                if (isDml(node)) {
                    dml(node, outer, ctes, false);
                    return QueryOutput.UNKNOWN;
                }
                expr(node, Scope.of(outer, List.of()), ctes);
                return QueryOutput.UNKNOWN;
        }
    }

    Ctes withItems(SqlWith with, Scope outer, Ctes ctes) {
        Ctes current = ctes;
        boolean recursive = false;
        try {
            recursive = (boolean) SqlWith.class.getMethod("isRecursive").invoke(with);
        } catch (ReflectiveOperationException | RuntimeException e) {
            recursive = ctx.textOf(ctx.positions.subtree(with)).toLowerCase(Locale.ROOT).matches("(?s)\\s*with\\s+recursive\\b.*");
        }
        for (SqlNode n : with.withList) {
            SqlWithItem item = (SqlWithItem) n;
            String name = item.name.getSimple();
            Ctes visible = current;
            if (recursive) {
                // A recursive CTE sees itself; its columns come from its declared list or first branch.
                visible = current.with(name, item.columnList != null ? new QueryOutput(names(item.columnList), Map.of())
                        : QueryOutput.UNKNOWN);
            }
            QueryOutput out;
            if (isDml(item.query)) {
                out = dmlOutput(item.query, outer, visible);
            } else {
                out = query(item.query, outer, visible, false);
            }
            if (item.columnList != null) {
                out = new QueryOutput(names(item.columnList), Map.of());
            }
            current = current.with(name, out);
        }
        return current;
    }

    private QueryOutput dmlOutput(SqlNode node, Scope outer, Ctes ctes) {
        ctx.write = true;
        WriteRewriter w = new WriteRewriter(ctx, this);
        Shapes.Insert insert = Shapes.insert(node);
        if (insert != null) {
            return w.insert(insert, outer, ctes);
        }
        Shapes.Update update = Shapes.update(node);
        if (update != null) {
            return w.update(update, outer, ctes);
        }
        return w.delete(Shapes.delete(node), outer, ctes);
    }

    private static List<String> names(SqlNodeList list) {
        List<String> result = new ArrayList<>();
        for (SqlNode n : list) {
            result.add(((SqlIdentifier) n).getSimple());
        }
        return result;
    }

    private QueryOutput explicitTable(SqlCall call, Ctes ctes) {
        SqlIdentifier name = (SqlIdentifier) call.operand(0);
        RangeItem item = tableItem(name, null, ctes, false);
        if (item.kind == RangeItem.Kind.DERIVED) {
            return new QueryOutput(item.columns, item.omitted);
        }
        if (item.isManagedTable()) {
            recordStarTouch(item);
            if (item.starNeedsExpansion()) {
                List<String> columns = item.appColumns();
                if (columns == null) {
                    throw unknownColumns(item, "TABLE " + item.exposedName);
                }
                List<String> refs = new ArrayList<>();
                for (String c : columns) {
                    refs.add(SqlText.name(c));
                }
                Span span = ctx.extent(call);
                int first = ctx.tokens.firstAtOrAfter(ctx.positions.of(name).start());
                int start = span.start();
                String only = "";
                for (int t = first - 1; t >= 0 && ctx.tokens.is(t, TokenType.WORD); t--) {
                    if (ctx.tokens.isWord(t, "only")) {
                        only = "ONLY ";
                        continue;
                    }
                    if (ctx.tokens.isWord(t, "table")) {
                        start = Math.min(start, ctx.tokens.start(t));
                    }
                    break;
                }
                ctx.edits.replace(start, Math.max(span.end(), ctx.positions.of(name).end()), "SELECT "
                        + String.join(", ", refs) + " FROM " + only + ctx.textOf(ctx.positions.of(name)));
                return new QueryOutput(columns, item.starOmissions());
            }
        }
        return new QueryOutput(item.columns, Map.of());
    }

    private QueryOutput select(SqlSelect select, SqlNodeList outerOrderBy, Scope outer, Ctes ctes, boolean top) {
        Scope scope = new Scope(outer);
        FromNode from = select.getFrom() == null ? null : from(select.getFrom(), scope, outer, ctes);

        SqlNodeList selectList = select.getSelectList();
        List<String> outputNames = new ArrayList<>();
        boolean outputsKnown = true;
        Map<String, ManagedColumn> omitted = new LinkedHashMap<>();
        for (SqlNode item : selectList) {
            if (item instanceof SqlIdentifier id && id.isStar()) {
                StarResult star = star(id, scope, from);
                if (star.columns == null) {
                    outputsKnown = false;
                } else {
                    outputNames.addAll(star.columns);
                }
                omitted.putAll(star.omitted);
                continue;
            }
            outputNames.add(selectItem(item, scope, ctes));
        }

        expr(select.getWhere(), scope, ctes);
        SqlNodeList distinctOn = Shapes.distinctOn(select);
        if (distinctOn != null) {
            orderItems(distinctOn, scope, ctes, outputNames);
        }
        if (select.getGroup() != null) {
            for (SqlNode g : select.getGroup()) {
                groupItem(g, scope, ctes, outputNames);
            }
        }
        expr(select.getHaving(), scope, ctes);
        if (select.getWindowList() != null) {
            for (SqlNode w : select.getWindowList()) {
                expr(w, scope, ctes);
            }
        }
        expr(select.getQualify(), scope, ctes);
        if (select.getOrderList() != null) {
            orderItems(select.getOrderList(), scope, ctes, outputNames);
        }
        if (outerOrderBy != null) {
            orderItems(outerOrderBy, scope, ctes, outputNames);
        }
        expr(select.getOffset(), scope, ctes);
        expr(select.getFetch(), scope, ctes);

        if (top) {
            shadow(select, scope);
        }
        return new QueryOutput(outputsKnown ? outputNames : null, omitted);
    }

    /** Plans one select-list (or RETURNING) item that is not a star; returns its output name. */
    String selectItem(SqlNode item, Scope scope, Ctes ctes) {
        SqlNode expression = item;
        String alias = null;
        if (item.getKind() == SqlKind.AS) {
            SqlCall as = (SqlCall) item;
            expression = as.operand(0);
            alias = ((SqlIdentifier) as.operand(1)).getSimple();
        }
        if (expression instanceof SqlIdentifier id && !id.isStar()) {
            Resolution r = resolve(id, scope);
            if (r.kind == Resolution.Kind.WHOLE_ROW) {
                wholeRow(r.item);
            }
            if (r.kind == Resolution.Kind.COLUMN) {
                columnRead(id, r, true, scope);
            }
        } else if (expression instanceof SqlIdentifier id && id.isStar()) {
            // t.* under an alias is not valid SQL; nothing to do
        } else {
            expr(expression, scope, ctes);
        }
        if (alias != null) {
            return alias;
        }
        String[] figured = new String[1];
        SqlIdentifier nameSource = figureName(expression, figured);
        if (nameSource != null && ctx.replaced.contains(nameSource)) {
            Span span = ctx.extent(item);
            ctx.edits.insert(span.end(), " AS " + SqlText.name(figured[0]));
        }
        return figured[0];
    }

    /**
     * PostgreSQL's FigureColname: the output name of an unaliased select item, and the identifier
     * it comes from (null when it does not come from a column reference).
     */
    static SqlIdentifier figureName(SqlNode e, String[] name) {
        if (e instanceof SqlIdentifier id) {
            name[0] = id.isStar() ? "?column?" : id.names.get(id.names.size() - 1);
            return id;
        }
        if (e instanceof SqlCase c) {
            if (c.getElseOperand() != null && !(c.getElseOperand() instanceof SqlLiteral lit && lit.getValue() == null)) {
                SqlIdentifier inner = figureName(c.getElseOperand(), name);
                if (name[0] != null && !name[0].equals("?column?")) {
                    return inner;
                }
            }
            name[0] = "case";
            return null;
        }
        if (e instanceof SqlCall call) {
            String op = call.getOperator().getName();
            if (call.getKind() == SqlKind.CAST || op.equals("::")) {
                SqlIdentifier inner = figureName(call.operand(0), name);
                if (inner != null || (name[0] != null && !name[0].equals("?column?"))) {
                    return inner;
                }
                SqlNode type = call.operand(1);
                name[0] = type instanceof SqlDataTypeSpec spec
                        ? spec.getTypeName().getSimple().toLowerCase(Locale.ROOT) : "?column?";
                return null;
            }
            if (op.equalsIgnoreCase("COLLATE")) {
                return figureName(call.operand(0), name);
            }
            if (call.getKind() == SqlKind.DOT) {
                SqlNode field = call.operand(1);
                name[0] = field instanceof SqlIdentifier f ? f.getSimple() : "?column?";
                return null;
            }
            if (call.getKind() == SqlKind.SCALAR_QUERY || call.getKind() == SqlKind.SELECT) {
                name[0] = "?column?";
                return null;
            }
            if (call.getOperator() instanceof org.apache.calcite.sql.SqlFunction f && f.getSqlIdentifier() != null) {
                name[0] = f.getSqlIdentifier().names.get(f.getSqlIdentifier().names.size() - 1)
                        .toLowerCase(Locale.ROOT);
                return null;
            }
            if (call.getOperator() instanceof org.apache.calcite.sql.SqlFunction) {
                name[0] = op.toLowerCase(Locale.ROOT);
                return null;
            }
            if (call.getKind() == SqlKind.EXISTS) {
                name[0] = "exists";
                return null;
            }
            if (call.getKind() == SqlKind.ROW) {
                name[0] = "row";
                return null;
            }
            if (call.getKind() == SqlKind.ARRAY_VALUE_CONSTRUCTOR || call.getKind() == SqlKind.ARRAY_QUERY_CONSTRUCTOR) {
                name[0] = "array";
                return null;
            }
        }
        name[0] = "?column?";
        return null;
    }

    private void groupItem(SqlNode g, Scope scope, Ctes ctes, List<String> outputNames) {
        if (g instanceof SqlIdentifier id && id.names.size() == 1 && !id.isStar()) {
            // GROUP BY prefers input columns, then output names (SQL92 leftover).
            Resolution r = resolve(id, scope);
            if (r.kind == Resolution.Kind.NONE && outputNames.contains(id.getSimple())) {
                return;
            }
        }
        expr(g, scope, ctes);
    }

    private void orderItems(SqlNodeList items, Scope scope, Ctes ctes, List<String> outputNames) {
        for (SqlNode o : items) {
            SqlNode e = o;
            while (e.getKind() == SqlKind.DESCENDING || e.getKind() == SqlKind.NULLS_FIRST
                    || e.getKind() == SqlKind.NULLS_LAST) {
                e = ((SqlCall) e).operand(0);
            }
            // A bare name that is an output column name means that output column.
            if (e instanceof SqlIdentifier id && id.names.size() == 1 && outputNames.contains(id.getSimple())) {
                continue;
            }
            expr(e, scope, ctes);
        }
    }

    // ------------------------------------------------------------------------------------------
    // FROM

    /** The shape of a FROM clause, for {@code *}: items and joins with their USING columns. */
    sealed interface FromNode permits FromLeaf, FromJoin {
    }

    record FromLeaf(RangeItem item) implements FromNode {
    }

    record FromJoin(FromNode left, FromNode right, List<String> using) implements FromNode {
    }

    /** Adds the FROM clause's items to {@code scope}; subqueries see {@code outer} (and earlier items if LATERAL). */
    FromNode from(SqlNode node, Scope scope, Scope outer, Ctes ctes) {
        if (node instanceof SqlJoin join) {
            int before = scope.items.size();
            FromNode left = from(join.getLeft(), scope, outer, ctes);
            FromNode right = from(join.getRight(), scope, outer, ctes);
            List<RangeItem> joinItems = new ArrayList<>(scope.items.subList(before, scope.items.size()));
            List<String> using = null;
            if (join.getConditionType() == JoinConditionType.USING) {
                using = names((SqlNodeList) join.getCondition());
                checkMerged(using, joinItems, "JOIN … USING");
            } else if (join.isNatural()) {
                using = naturalColumns(left, right);
                checkMerged(using, joinItems, "NATURAL JOIN");
            } else if (join.getCondition() != null) {
                Scope on = Scope.of(outer, joinItems);
                on.merged.addAll(scope.merged);
                expr(join.getCondition(), on, ctes);
            }
            if (using != null) {
                scope.merged.addAll(using);
            }
            return new FromJoin(left, right, using);
        }
        RangeItem item = fromItem(node, scope, outer, ctes);
        scope.items.add(item);
        return new FromLeaf(item);
    }

    private void checkMerged(List<String> merged, List<RangeItem> items, String construct) {
        for (String c : merged) {
            for (RangeItem item : items) {
                ManagedColumn m = item.managedNew(c);
                if (m != null && Rules.newReadsDefault(m)) {
                    throw new Unsupported(m, construct, construct + " on the managed column " + m.id()
                            + " would compare its real values while phase " + m.phase() + " reads the default");
                }
                for (ManagedColumn s : item.managedSourceOf(c)) {
                    if (Rules.sourceVirtual(s)) {
                        throw new Unsupported(s, construct, construct + " on " + c
                                + ", the virtual source of " + s.id());
                    }
                    ctx.record(s, Action.PASSED, ColumnRole.SOURCE, construct);
                }
            }
        }
    }

    private List<String> naturalColumns(FromNode left, FromNode right) {
        List<String> l = starNames(left);
        List<String> r = starNames(right);
        if (l == null || r == null) {
            List<RangeItem> all = new ArrayList<>();
            leaves(left, all);
            leaves(right, all);
            for (RangeItem item : all) {
                if (item.isManagedTable()) {
                    throw new Unsupported(item.managed.get(0), "NATURAL JOIN",
                            "NATURAL JOIN with a relation whose columns are unknown, over managed table " + item.table);
                }
            }
            return List.of();
        }
        List<String> common = new ArrayList<>();
        for (String c : l) {
            if (r.contains(c) && !common.contains(c)) {
                common.add(c);
            }
        }
        return common;
    }

    /** Physical column names a FROM subtree exposes (before phase rules), or null when unknown. */
    private List<String> starNames(FromNode node) {
        if (node instanceof FromLeaf leaf) {
            return leaf.item.columns;
        }
        FromJoin j = (FromJoin) node;
        List<String> l = starNames(j.left);
        List<String> r = starNames(j.right);
        if (l == null || r == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (j.using != null) {
            out.addAll(j.using);
        }
        for (String c : l) {
            if (j.using == null || !j.using.contains(c)) {
                out.add(c);
            }
        }
        for (String c : r) {
            if (j.using == null || !j.using.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    private static void leaves(FromNode node, List<RangeItem> out) {
        if (node instanceof FromLeaf leaf) {
            out.add(leaf.item);
        } else {
            FromJoin j = (FromJoin) node;
            leaves(j.left, out);
            leaves(j.right, out);
        }
    }

    private RangeItem fromItem(SqlNode node, Scope scope, Scope outer, Ctes ctes) {
        SqlNode target = node;
        SqlIdentifier alias = null;
        List<String> columnAliases = null;
        if (node.getKind() == SqlKind.AS) {
            SqlCall as = (SqlCall) node;
            target = as.operand(0);
            alias = as.operand(1);
            if (as.operandCount() > 2) {
                columnAliases = new ArrayList<>();
                for (int i = 2; i < as.operandCount(); i++) {
                    columnAliases.add(((SqlIdentifier) as.operand(i)).getSimple());
                }
            }
        }
        boolean lateral = false;
        if (target.getKind() == SqlKind.LATERAL) {
            lateral = true;
            target = ((SqlCall) target).operand(0);
        }
        if (target.getKind() == SqlKind.COLLECTION_TABLE) {
            target = ((SqlCall) target).operand(0);
        }
        Scope subOuter = lateral ? Scope.of(outer, scope.items) : outer;
        if (target instanceof SqlIdentifier name) {
            RangeItem item = tableItem(name, alias, ctes, false);
            if (columnAliases != null) {
                if (item.isManagedTable()) {
                    throw new Unsupported(item.managed.get(0), "column alias list",
                            "a column alias list on managed table " + item.table);
                }
                return RangeItem.derived(item.exposedName, item.qualifierSql, renamed(item.columns, columnAliases),
                        item.omitted);
            }
            return item;
        }
        if (target.getKind().belongsTo(SqlKind.QUERY)) {
            QueryOutput out = query(target, subOuter, ctes, false);
            String exposed = alias == null ? null : alias.getSimple();
            List<String> columns = columnAliases != null ? renamed(out.columns, columnAliases) : out.columns;
            return RangeItem.derived(exposed == null ? "" : exposed, alias == null ? null : sql(alias), columns,
                    out.omitted);
        }
        if (target instanceof SqlJoin) {
            // A parenthesised join with an alias hides its items' names; not modelled.
            Scope inner = new Scope(outer);
            from(target, inner, outer, ctes);
            for (RangeItem i : inner.items) {
                if (i.isManagedTable()) {
                    throw new Unsupported(i.managed.get(0), "aliased join", "an aliased parenthesised join over managed table "
                            + i.table);
                }
            }
            return RangeItem.opaque(alias == null ? "" : alias.getSimple(), alias == null ? null : sql(alias));
        }
        // A function in FROM (generate_series, unnest, jsonb_to_recordset, …): its arguments are
        // expressions over the outer scope (and earlier FROM items: functions are implicitly LATERAL).
        expr(target, Scope.of(outer, scope.items), ctes);
        String exposed = alias != null ? alias.getSimple() : functionName(target);
        String qualifier = alias != null ? sql(alias) : SqlText.name(exposed);
        if (columnAliases != null) {
            return RangeItem.derived(exposed, qualifier, columnAliases, Map.of());
        }
        return RangeItem.opaque(exposed, qualifier);
    }

    private static String functionName(SqlNode node) {
        if (node instanceof SqlCall call && call.getOperator() instanceof org.apache.calcite.sql.SqlFunction f) {
            SqlIdentifier id = f.getSqlIdentifier();
            if (id != null) {
                return id.names.get(id.names.size() - 1);
            }
            return f.getName().toLowerCase(Locale.ROOT);
        }
        if (node instanceof SqlCall call) {
            return call.getOperator().getName().toLowerCase(Locale.ROOT);
        }
        return "";
    }

    private static List<String> renamed(List<String> columns, List<String> aliases) {
        if (columns == null) {
            return aliases.isEmpty() ? null : null;
        }
        List<String> out = new ArrayList<>(columns);
        for (int i = 0; i < aliases.size() && i < out.size(); i++) {
            out.set(i, aliases.get(i));
        }
        return out;
    }

    /** The SQL text of an identifier as written. */
    String sql(SqlIdentifier id) {
        return ctx.textOf(ctx.positions.of(id));
    }

    /**
     * A table reference: a CTE if one of that name is visible, else a relation on the search path.
     */
    RangeItem tableItem(SqlIdentifier name, SqlIdentifier alias, Ctes ctes, boolean qualifiedOnly) {
        List<String> names = name.names;
        String table = names.get(names.size() - 1);
        String exposed = alias != null ? alias.getSimple() : table;
        String qualifier = alias != null ? sql(alias) : ctx.textOf(ctx.positions.component(name, names.size() - 1));
        if (names.size() == 1) {
            QueryOutput cte = ctes.find(table);
            if (cte != null) {
                return RangeItem.derived(exposed, qualifier, cte.columns, cte.omitted);
            }
        }
        TableName tableName = null;
        CatalogTable catalogTable = null;
        if (names.size() == 1) {
            Optional<CatalogTable> found = ctx.catalog.resolve(table, ctx.searchPath);
            if (found.isPresent()) {
                catalogTable = found.get();
                tableName = catalogTable.name();
            } else {
                for (String schema : Catalog.effectivePath(ctx.searchPath)) {
                    TableName candidate = new TableName(schema, table);
                    if (!ctx.snapshot.columnsOf(candidate).isEmpty()) {
                        tableName = candidate;
                        break;
                    }
                }
            }
        } else {
            tableName = new TableName(names.get(names.size() - 2), table);
            catalogTable = ctx.catalog.table(tableName).orElse(null);
        }
        if (tableName == null) {
            return RangeItem.opaque(exposed, qualifier);
        }
        List<ManagedColumn> managed = new ArrayList<>();
        for (ManagedColumn m : ctx.snapshot.columnsOf(tableName)) {
            if (m.phase() != Phase.COMPLETE) {
                managed.add(m);
            }
        }
        if (catalogTable == null && managed.isEmpty()) {
            return RangeItem.opaque(exposed, qualifier);
        }
        return RangeItem.table(exposed, qualifier, alias != null, tableName, catalogTable, managed, qualifiedOnly);
    }

    // ------------------------------------------------------------------------------------------
    // Stars

    record StarResult(List<String> columns, Map<String, ManagedColumn> omitted) {
    }

    /** Plans {@code *} or {@code t.*} in a select list; expands it when a managed column must be left out. */
    StarResult star(SqlIdentifier star, Scope scope, FromNode from) {
        if (star.names.size() > 1) {
            String qualifier = star.names.get(star.names.size() - 2);
            RangeItem item = null;
            for (Scope s = scope; s != null && item == null; s = s.parent) {
                item = star.names.size() > 2
                        ? s.itemForTable(star.names.get(star.names.size() - 3), qualifier) : s.itemNamed(qualifier);
            }
            if (item == null) {
                return new StarResult(null, Map.of());
            }
            recordStarTouch(item);
            if (item.starNeedsExpansion()) {
                List<String> columns = item.appColumns();
                if (columns == null) {
                    throw unknownColumns(item, item.exposedName + ".*");
                }
                List<String> refs = new ArrayList<>();
                for (String c : columns) {
                    refs.add(SqlText.qualified(item.qualifierSql, c));
                }
                replaceStar(star, refs);
                return new StarResult(columns, item.starOmissions());
            }
            return new StarResult(item.kind == RangeItem.Kind.DERIVED ? item.columns : item.appColumns(), item.omitted);
        }
        if (from == null) {
            return new StarResult(List.of(), Map.of());
        }
        List<RangeItem> all = new ArrayList<>();
        leaves(from, all);
        boolean expand = false;
        Map<String, ManagedColumn> omitted = new LinkedHashMap<>();
        for (RangeItem item : all) {
            recordStarTouch(item);
            expand |= item.starNeedsExpansion();
            omitted.putAll(item.starOmissions());
            omitted.putAll(item.omitted);
        }
        if (!expand) {
            return new StarResult(outputNames(from), omitted);
        }
        List<String[]> refs = expandStar(from, all.size() == 1, false);
        List<String> texts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        boolean namesKnown = true;
        for (String[] r : refs) {
            texts.add(r[0]);
            if (r[1] == null) {
                namesKnown = false;
            } else {
                names.add(r[1]);
            }
        }
        replaceStar(star, texts);
        return new StarResult(namesKnown ? names : null, omitted);
    }

    private List<String> outputNames(FromNode from) {
        if (from instanceof FromLeaf leaf) {
            RangeItem item = leaf.item;
            return item.kind == RangeItem.Kind.TABLE ? item.appColumns() : item.columns;
        }
        FromJoin j = (FromJoin) from;
        List<String> l = outputNames(j.left);
        List<String> r = outputNames(j.right);
        if (l == null || r == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (j.using != null) {
            out.addAll(j.using);
        }
        for (String c : l) {
            if (j.using == null || !j.using.contains(c)) {
                out.add(c);
            }
        }
        for (String c : r) {
            if (j.using == null || !j.using.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The references a {@code *} over this FROM subtree stands for: {text, output name}; the name is
     * null for a {@code q.*} kept as is. With USING, the merged columns come first, unqualified.
     */
    private List<String[]> expandStar(FromNode node, boolean single, boolean needNames) {
        List<String[]> out = new ArrayList<>();
        if (node instanceof FromLeaf leaf) {
            RangeItem item = leaf.item;
            if (item.starNeedsExpansion() || needNames) {
                List<String> columns = item.kind == RangeItem.Kind.TABLE ? item.appColumns() : item.columns;
                if (columns == null) {
                    throw unknownColumns(item, "*");
                }
                for (String c : columns) {
                    out.add(new String[] {single ? SqlText.name(c) : SqlText.qualified(item.qualifierSql, c), c});
                }
            } else {
                if (item.qualifierSql == null) {
                    throw new Unsupported(null, "*", "a * over a subquery without an alias");
                }
                out.add(new String[] {item.qualifierSql + ".*", null});
            }
            return out;
        }
        FromJoin j = (FromJoin) node;
        boolean merging = j.using != null && !j.using.isEmpty();
        List<String[]> l = expandStar(j.left, false, needNames || merging);
        List<String[]> r = expandStar(j.right, false, needNames || merging);
        if (merging) {
            for (String u : j.using) {
                out.add(new String[] {SqlText.name(u), u});
            }
        }
        for (String[] x : l) {
            if (!merging || !j.using.contains(x[1])) {
                out.add(x);
            }
        }
        for (String[] x : r) {
            if (!merging || !j.using.contains(x[1])) {
                out.add(x);
            }
        }
        return out;
    }

    private void replaceStar(SqlIdentifier star, List<String> refs) {
        replaceIdentifier(star, String.join(", ", refs));
    }

    /** Replaces the text of an identifier, a {@code t.*} with its star. */
    private void replaceIdentifier(SqlIdentifier star, String text) {
        Span span = ctx.positions.of(star);
        Span balanced = ctx.extent(star);
        int start = Math.min(span.start(), balanced.start());
        int end = Math.max(span.end(), balanced.end());
        // The star token itself ends the identifier.
        int last = ctx.tokens.lastEndingAtOrBefore(end);
        if (last >= 0 && ctx.tokens.type(last) == TokenType.OPERATOR && ctx.tokens.image(last).equals("*")) {
            end = ctx.tokens.end(last);
        }
        ctx.edits.replace(start, end, text);
    }

    private void recordStarTouch(RangeItem item) {
        recordRowTouch(item, "*");
    }

    /** A {@code *} or a whole-row value ({@code construct}) over {@code item}: each managed column's part in it. */
    private void recordRowTouch(RangeItem item, String construct) {
        if (item.kind != RangeItem.Kind.TABLE) {
            return;
        }
        for (ManagedColumn m : item.managed) {
            if (Rules.newHiddenFromStar(m)) {
                ctx.record(m, Action.STRIPPED, ColumnRole.NEW, "left out of " + construct);
            } else if (Rules.sourceVirtual(m)) {
                ctx.record(m, Action.STRIPPED, ColumnRole.SOURCE, "source left out of " + construct);
            } else {
                ctx.record(m, Action.PASSED, ColumnRole.TABLE, construct);
            }
            if (Rules.shadowReads(m)) {
                item.sourceReads.add(m);
            }
        }
    }

    private Unsupported unknownColumns(RangeItem item, String construct) {
        ManagedColumn m = item.managed.isEmpty() ? null : item.managed.get(0);
        return new Unsupported(m, construct, "the catalog does not list the columns of " + item
                + ", so " + construct + " cannot be spelled out");
    }

    // ------------------------------------------------------------------------------------------
    // Shadow reads

    private void shadow(SqlSelect select, Scope scope) {
        List<RangeItem> candidates = new ArrayList<>();
        for (RangeItem item : scope.items) {
            if (item.kind == RangeItem.Kind.TABLE && !item.sourceReads.isEmpty()) {
                candidates.add(item);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        if (unshadowed != null) {
            noteUnshadowed(unshadowed.reason, unshadowed.why);
            passUnshadowed(candidates, unshadowed.reason);
            return;
        }
        String reason = groupingConstruct(select);
        if (reason != null) {
            noteUnshadowed(reason, ONE_ROW_PER_TABLE_ROW);
            passUnshadowed(candidates, reason);
            return;
        }
        SqlNodeList list = select.getSelectList();
        Span last = ctx.extent(list.get(list.size() - 1));
        StringBuilder appended = new StringBuilder();
        for (RangeItem item : candidates) {
            if (item.qualifierSql == null) {
                continue;
            }
            for (ManagedColumn m : item.sourceReads) {
                ExpressionTemplate up = ctx.templates.up(m, item.catalogTable);
                String check = SqlText.qualified(item.qualifierSql, m.name()) + " IS NOT DISTINCT FROM "
                        + SqlText.operand(up.render(c -> SqlText.qualified(item.qualifierSql, c)));
                appended.append(", ").append(check);
                ctx.shadowChecks.add(new ShadowCheck(m.id(), item.exposedName, check));
                ctx.record(m, Action.SHADOWED, ColumnRole.SOURCE, "dual read of " + item.exposedName);
            }
        }
        int end = last.end();
        // After a star's expansion the insertion still goes after the last item's text.
        ctx.edits.insert(end, appended.toString());
    }

    private void passUnshadowed(List<RangeItem> candidates, String reason) {
        for (RangeItem item : candidates) {
            for (ManagedColumn m : item.sourceReads) {
                ctx.record(m, Action.PASSED, ColumnRole.SOURCE, "dual read skipped: " + reason);
            }
        }
    }

    /** The construct that merges table rows in {@code select}'s result (so no check per row), or null. */
    private static String groupingConstruct(SqlSelect select) {
        if (select.isDistinct() || Shapes.distinctOn(select) != null) {
            return "DISTINCT";
        }
        if (select.getGroup() != null && !select.getGroup().isEmpty()) {
            return "GROUP BY";
        }
        if (select.getHaving() != null) {
            return "HAVING";
        }
        return hasAggregate(select.getSelectList()) ? "aggregate" : null;
    }

    /** Why grouped and combined results go unshadowed (the usual {@link #noteUnshadowed} explanation). */
    private static final String ONE_ROW_PER_TABLE_ROW = "the shadow check needs one result row per table row";

    private void noteUnshadowed(String reason, String why) {
        boolean anyShadow = false;
        for (ManagedColumn m : ctx.snapshot.columns()) {
            anyShadow |= Rules.shadowReads(m);
        }
        if (!anyShadow) {
            return;
        }
        ctx.note("dual read skipped (" + reason + "): " + why);
    }

    private static boolean hasAggregate(SqlNode node) {
        if (node == null) {
            return false;
        }
        if (node instanceof SqlNodeList list) {
            for (SqlNode n : list) {
                if (hasAggregate(n)) {
                    return true;
                }
            }
            return false;
        }
        if (node instanceof SqlCall call) {
            if (call.getKind() == SqlKind.OVER) {
                return false; // window functions keep one row per input row
            }
            if (call.getKind().belongsTo(SqlKind.QUERY)) {
                return false;
            }
            if (call.getOperator().isAggregator()) {
                return true;
            }
            if (call.getOperator() instanceof org.apache.calcite.sql.SqlFunction
                    && AGGREGATES.contains(call.getOperator().getName().toLowerCase(Locale.ROOT))) {
                return true;
            }
            for (SqlNode operand : call.getOperandList()) {
                if (hasAggregate(operand)) {
                    return true;
                }
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------
    // Expressions

    void expr(SqlNode node, Scope scope, Ctes ctes) {
        if (node == null) {
            return;
        }
        if (node instanceof SqlIdentifier id) {
            identifier(id, scope, false);
            return;
        }
        if (node instanceof SqlNodeList list) {
            for (SqlNode n : list) {
                expr(n, scope, ctes);
            }
            return;
        }
        if (node instanceof SqlLiteral || node instanceof SqlDynamicParam || node instanceof SqlDataTypeSpec
                || node instanceof SqlIntervalQualifier) {
            return;
        }
        if (node instanceof SqlCall call && call.getOperator() == PgOperators.CURRENT_OF) {
            return; // WHERE CURRENT OF cursor: the name is a cursor's, not a column's
        }
        if (node.getKind().belongsTo(SqlKind.QUERY) || isDml(node)) {
            query(node, scope, ctes, false);
            return;
        }
        if (node instanceof SqlCase c) {
            expr(c.getValueOperand(), scope, ctes);
            expr(c.getWhenOperands(), scope, ctes);
            expr(c.getThenOperands(), scope, ctes);
            expr(c.getElseOperand(), scope, ctes);
            return;
        }
        if (node instanceof SqlWindow w) {
            expr(w.getPartitionList(), scope, ctes);
            expr(w.getOrderList(), scope, ctes);
            for (SqlNode bound : new SqlNode[] {w.getLowerBound(), w.getUpperBound()}) {
                if (bound != null && !(bound instanceof SqlLiteral)) {
                    expr(bound, scope, ctes);
                }
            }
            return;
        }
        if (node instanceof SqlCall call) {
            String op = call.getOperator().getName();
            switch (call.getKind()) {
                case AS, CAST, DOT, ARGUMENT_ASSIGNMENT -> {
                    expr(call.operand(0), scope, ctes);
                    return;
                }
                case OVER -> {
                    expr(call.operand(0), scope, ctes);
                    if (!(call.operand(1) instanceof SqlIdentifier)) {
                        expr(call.operand(1), scope, ctes);
                    }
                    return;
                }
                default -> {
                }
            }
            if (op.equals("::") || op.equalsIgnoreCase("COLLATE")) {
                expr(call.operand(0), scope, ctes);
                return;
            }
            boolean rowsToJson = ROW_VALUE_FUNCTIONS.contains(op.toLowerCase(Locale.ROOT));
            for (SqlNode operand : call.getOperandList()) {
                if (rowsToJson && operand instanceof SqlIdentifier id) {
                    identifier(id, scope, true);
                } else {
                    expr(operand, scope, ctes);
                }
            }
        }
    }

    /** A read of a resolved column: the phase's read rule. */
    void columnRead(SqlIdentifier id, Resolution r, boolean selectItem, Scope from) {
        RangeItem item = r.item;
        String column = r.column;
        if (item.kind == RangeItem.Kind.DERIVED) {
            if ((item.columns == null || !item.columns.contains(column)) && item.omitted.containsKey(column)) {
                ManagedColumn m = item.omitted.get(column);
                replaceWithDefault(id, m, selectItem);
            }
            return;
        }
        if (item.kind != RangeItem.Kind.TABLE || item.managed.isEmpty()) {
            return;
        }
        ManagedColumn m = item.managedNew(column);
        if (m != null) {
            if (Rules.newReadsDefault(m)) {
                replaceWithDefault(id, m, selectItem);
            } else {
                ctx.record(m, Action.PASSED, ColumnRole.NEW, "read");
            }
        }
        boolean replaced = false;
        for (ManagedColumn s : item.managedSourceOf(column)) {
            if (Rules.sourceVirtual(s)) {
                if (replaced) {
                    ctx.record(s, Action.PASSED, ColumnRole.SOURCE, "read (virtual through another column)");
                    continue;
                }
                ExpressionTemplate down = ctx.templates.down(s, item.catalogTable);
                if (down == null) {
                    throw new Unsupported(s, "read of a virtual source without down",
                            "column " + column + " is the virtual source of " + s.id() + " (phase contract) and "
                                    + "the column declares no down expression to read it through");
                }
                if (item.qualifierSql == null || shadowedBetween(from, r.scope, item)) {
                    throw new Unsupported(s, "read of a virtual source", "cannot qualify the read of " + column
                            + ": the name " + item.exposedName + " means another FROM item where it is read");
                }
                String text = down.render(c -> SqlText.qualified(item.qualifierSql, c));
                Span span = ctx.positions.of(id);
                ctx.edits.replace(span.start(), span.end(), selectItem ? text : SqlText.operand(text));
                ctx.replaced.add(id);
                ctx.record(s, Action.REWRITTEN, ColumnRole.SOURCE, "read through down");
                replaced = true;
            } else {
                ctx.record(s, Action.PASSED, ColumnRole.SOURCE, "read");
                if (Rules.shadowReads(s)) {
                    item.sourceReads.add(s);
                }
            }
        }
    }

    /**
     * Whether a query level between {@code from} (where the reference is) and {@code found} (where
     * it resolved) has a FROM item of the same name, so that a qualified name written at
     * {@code from} would mean that item instead.
     */
    private static boolean shadowedBetween(Scope from, Scope found, RangeItem item) {
        for (Scope s = from; s != null && s != found; s = s.parent) {
            for (RangeItem other : s.items) {
                if (other != item && other.exposedName.equals(item.exposedName)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void replaceWithDefault(SqlIdentifier id, ManagedColumn m, boolean selectItem) {
        String text = m.defaultExpression();
        Span span = ctx.positions.of(id);
        ctx.edits.replace(span.start(), span.end(), selectItem ? text : SqlText.operand(text));
        ctx.replaced.add(id);
        ctx.record(m, Action.DEFAULTED, ColumnRole.NEW, "read returns the default");
    }

    /**
     * An identifier in an expression: a column read, or a whole-row value ({@code u}, or {@code u.*}
     * inside an expression). A row that would expose a column the phase hides is narrowed when
     * {@code jsonValue} (an argument of a JSON function) and follows the policy otherwise.
     */
    private void identifier(SqlIdentifier id, Scope scope, boolean jsonValue) {
        RangeItem row = null;
        if (id.isStar()) {
            if (id.names.size() > 1) {
                String qualifier = id.names.get(id.names.size() - 2);
                for (Scope s = scope; s != null && row == null; s = s.parent) {
                    row = s.itemNamed(qualifier);
                }
            }
        } else {
            Resolution r = resolve(id, scope);
            if (r.kind == Resolution.Kind.COLUMN) {
                columnRead(id, r, false, scope);
                return;
            }
            row = r.kind == Resolution.Kind.WHOLE_ROW ? r.item : null;
        }
        if (row == null) {
            return;
        }
        if (jsonValue && exposedByWholeRow(row) != null) {
            replaceWholeRow(id, row);
        } else {
            wholeRow(row);
        }
    }

    /**
     * {@code row_to_json(u)} and the like: the row becomes an anonymous record of the columns
     * {@code *} would list, with their names (the JSON keys), and stays NULL where an outer join
     * left {@code u} out.
     */
    private void replaceWholeRow(SqlIdentifier operand, RangeItem item) {
        List<String> columns = item.appColumns();
        if (columns == null) {
            throw unknownColumns(item, "whole-row reference");
        }
        if (item.qualifierSql == null) {
            throw new Unsupported(null, "whole-row reference", "a whole-row reference to an unnamed FROM item");
        }
        List<String> refs = new ArrayList<>(columns.size());
        for (String c : columns) {
            refs.add(SqlText.qualified(item.qualifierSql, c));
        }
        replaceIdentifier(operand, "CASE WHEN " + item.qualifierSql + " IS NULL THEN NULL ELSE (SELECT "
                + ROW_ALIAS + " FROM (SELECT " + String.join(", ", refs) + ") AS " + ROW_ALIAS + ") END");
        recordRowTouch(item, "a whole-row reference");
    }

    /** A whole-row value of {@code item} where it cannot be narrowed: refused if it would expose a column. */
    private void wholeRow(RangeItem item) {
        // A derived row already lacks the columns its own * left out.
        ManagedColumn m = exposedByWholeRow(item);
        if (m != null) {
            throw new Unsupported(m, "whole-row reference", "a whole-row reference to " + item.exposedName
                    + " would expose " + m.id() + " (phase " + m.phase() + ")");
        }
    }

    /** The first managed column a whole row of the table {@code item} carries that the phase hides from {@code *}. */
    private static ManagedColumn exposedByWholeRow(RangeItem item) {
        if (item.kind == RangeItem.Kind.TABLE) {
            for (ManagedColumn m : item.managed) {
                if (Rules.newHiddenFromStar(m) || Rules.sourceVirtual(m)) {
                    return m;
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------
    // Resolution

    /** Where a column reference points. */
    record Resolution(Kind kind, RangeItem item, String column, Scope scope) {
        enum Kind { COLUMN, MERGED, WHOLE_ROW, NONE }

        static final Resolution NONE = new Resolution(Kind.NONE, null, null, null);

        Resolution(Kind kind, RangeItem item, String column) {
            this(kind, item, column, null);
        }
    }

    Resolution resolve(SqlIdentifier id, Scope scope) {
        List<String> names = id.names;
        if (names.size() == 1) {
            return resolveUnqualified(names.get(0), scope);
        }
        String column = names.get(names.size() - 1);
        String qualifier = names.get(names.size() - 2);
        String schema = names.size() >= 3 ? names.get(names.size() - 3) : null;
        for (Scope s = scope; s != null; s = s.parent) {
            RangeItem item = schema == null ? s.itemNamed(qualifier) : s.itemForTable(schema, qualifier);
            if (item != null) {
                if (item.columns != null && !item.hasColumn(column)) {
                    return Resolution.NONE;
                }
                return new Resolution(Resolution.Kind.COLUMN, item, column, s);
            }
        }
        return Resolution.NONE;
    }

    private Resolution resolveUnqualified(String column, Scope scope) {
        boolean uncertain = false;
        String uncertainAt = null;
        for (Scope s = scope; s != null; s = s.parent) {
            if (s.merged.contains(column)) {
                return new Resolution(Resolution.Kind.MERGED, null, column);
            }
            RangeItem definite = null;
            boolean duplicate = false;
            RangeItem maybe = null;
            for (RangeItem item : s.items) {
                if (item.qualifiedOnly) {
                    continue;
                }
                if (item.hasColumn(column)) {
                    if (definite != null) {
                        duplicate = true;
                    } else {
                        definite = item;
                    }
                } else if (item.mayHaveColumn(column)) {
                    maybe = item;
                }
            }
            if (definite != null) {
                boolean relevant = isManagedName(definite, column);
                if (duplicate) {
                    if (relevant) {
                        throw new Unsupported(managedOf(definite, column), "ambiguous reference",
                                "the reference to " + column + " is ambiguous");
                    }
                    return Resolution.NONE;
                }
                if ((maybe != null || uncertain) && relevant) {
                    throw new Unsupported(managedOf(definite, column), "ambiguous reference",
                            "the reference to " + column + " could also name a column of "
                                    + (maybe != null ? describe(maybe) : uncertainAt)
                                    + ", whose columns are not known");
                }
                return new Resolution(Resolution.Kind.COLUMN, definite, column, s);
            }
            if (maybe != null) {
                uncertain = true;
                uncertainAt = describe(maybe);
            }
        }
        // Not a column: perhaps a whole-row reference to a FROM item.
        for (Scope s = scope; s != null; s = s.parent) {
            RangeItem item = s.itemNamed(column);
            if (item != null && !item.qualifiedOnly) {
                return new Resolution(Resolution.Kind.WHOLE_ROW, item, null);
            }
        }
        return Resolution.NONE;
    }

    private static String describe(RangeItem item) {
        return item.exposedName.isEmpty() ? "an unnamed FROM item" : item.exposedName;
    }

    private static boolean isManagedName(RangeItem item, String column) {
        if (item.kind == RangeItem.Kind.DERIVED) {
            return item.omitted.containsKey(column) && (item.columns == null || !item.columns.contains(column));
        }
        return item.managedNew(column) != null || !item.managedSourceOf(column).isEmpty();
    }

    private static ManagedColumn managedOf(RangeItem item, String column) {
        if (item.kind == RangeItem.Kind.DERIVED) {
            return item.omitted.get(column);
        }
        ManagedColumn m = item.managedNew(column);
        if (m != null) {
            return m;
        }
        List<ManagedColumn> s = item.managedSourceOf(column);
        return s.isEmpty() ? null : s.get(0);
    }

    PlanContext context() {
        return ctx;
    }

    /** Used by the write rewriter to plan star items and other select-list items of RETURNING. */
    List<String> returning(SqlNodeList list, Scope scope, FromNode from, Ctes ctes) {
        List<String> names = new ArrayList<>();
        boolean known = true;
        for (SqlNode item : list) {
            if (item instanceof SqlIdentifier id && id.isStar()) {
                StarResult star = star(id, scope, from);
                if (star.columns == null) {
                    known = false;
                } else {
                    names.addAll(star.columns);
                }
                continue;
            }
            names.add(selectItem(item, scope, ctes));
        }
        return known ? names : null;
    }

    static Set<String> columnNames(SqlNodeList list) {
        Set<String> result = new LinkedHashSet<>();
        for (SqlNode n : list) {
            SqlIdentifier id = (SqlIdentifier) n;
            result.add(id.names.get(0));
        }
        return result;
    }

    static String quote(String name) {
        return Identifiers.quoteIfNeeded(name);
    }

    static boolean isDefault(SqlNode node) {
        return node != null && node.getKind() == SqlKind.DEFAULT;
    }

    static boolean isRow(SqlNode node) {
        return node instanceof SqlBasicCall && node.getKind() == SqlKind.ROW;
    }
}
