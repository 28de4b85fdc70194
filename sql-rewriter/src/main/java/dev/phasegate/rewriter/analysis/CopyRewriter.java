package dev.phasegate.rewriter.analysis;

import dev.phasegate.config.column.Identifiers;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.TableName;
import dev.phasegate.rewriter.Action;
import dev.phasegate.rewriter.ColumnRole;
import dev.phasegate.rewriter.catalog.Catalog;
import dev.phasegate.rewriter.catalog.CatalogTable;
import dev.phasegate.rewriter.lex.TokenList;
import dev.phasegate.rewriter.lex.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * COPY, planned lexically ({@code COPY [ONLY] table [(columns)] FROM | TO …}): the parser does not
 * model it and its data never passes through the rewriter. What can be made safe is: a COPY that
 * names no managed column where it matters passes; a COPY without a column list in a phase that
 * hides the new column gets the application's column list. COPY … FROM cannot dual-write and a
 * COPY of a query is not looked into: those follow the policy.
 */
public final class CopyRewriter {

    private final PlanContext ctx;
    private final int from;
    private final int to;

    /** Plans the statement at {@code [from, to)} of the context's text. */
    public CopyRewriter(PlanContext ctx, int from, int to) {
        this.ctx = ctx;
        this.from = from;
        this.to = to;
    }

    public void plan() {
        TokenList t = ctx.tokens;
        int i = t.firstAtOrAfter(from);
        int end = t.lastEndingAtOrBefore(to);
        if (!t.isWord(i, "copy")) {
            throw new IllegalStateException("not a COPY statement");
        }
        i++;
        if (t.is(i, TokenType.LEFT_PAREN)) {
            throw new Unsupported(null, "COPY (query)", "COPY of a query over a managed table");
        }
        if (t.isWord(i, "only")) {
            i++;
        }
        List<String> nameParts = new ArrayList<>();
        int nameEnd = i;
        while (i <= end && (t.is(i, TokenType.WORD) || t.is(i, TokenType.QUOTED_IDENTIFIER))) {
            nameParts.add(fold(t, i));
            nameEnd = t.end(i);
            i++;
            if (t.is(i, TokenType.DOT)) {
                i++;
            } else {
                break;
            }
        }
        if (nameParts.isEmpty()) {
            throw new Unsupported(null, "COPY", "a COPY the rewriter cannot read");
        }
        List<String> columns = null;
        if (t.is(i, TokenType.LEFT_PAREN)) {
            int close = t.match(i);
            columns = new ArrayList<>();
            for (int k = i + 1; k < close; k++) {
                if (t.is(k, TokenType.WORD) || t.is(k, TokenType.QUOTED_IDENTIFIER)) {
                    columns.add(fold(t, k));
                }
            }
            i = close + 1;
        }
        boolean copyFrom;
        if (t.isWord(i, "from")) {
            copyFrom = true;
        } else if (t.isWord(i, "to")) {
            copyFrom = false;
        } else {
            throw new Unsupported(null, "COPY", "a COPY the rewriter cannot read");
        }
        ctx.write = copyFrom;

        String table = nameParts.get(nameParts.size() - 1);
        TableName tableName = null;
        CatalogTable catalogTable = null;
        if (nameParts.size() == 1) {
            catalogTable = ctx.catalog.resolve(table, ctx.searchPath).orElse(null);
            if (catalogTable != null) {
                tableName = catalogTable.name();
            } else {
                for (String schema : Catalog.effectivePath(ctx.searchPath)) {
                    if (!ctx.snapshot.columnsOf(new TableName(schema, table)).isEmpty()) {
                        tableName = new TableName(schema, table);
                        break;
                    }
                }
            }
        } else {
            tableName = new TableName(nameParts.get(nameParts.size() - 2), table);
            catalogTable = ctx.catalog.table(tableName).orElse(null);
        }
        if (tableName == null) {
            return;
        }
        List<ManagedColumn> managed = new ArrayList<>();
        for (ManagedColumn m : ctx.snapshot.columnsOf(tableName)) {
            if (m.phase() != Phase.COMPLETE) {
                managed.add(m);
            }
        }
        if (managed.isEmpty()) {
            return;
        }
        String direction = copyFrom ? "COPY … FROM" : "COPY … TO";
        if (columns != null) {
            for (ManagedColumn m : managed) {
                boolean namesNew = columns.contains(m.name());
                boolean namesSource = m.hasSource() && columns.contains(m.source());
                boolean unsafe = copyFrom
                        ? (namesNew && (Rules.stripsNewWrites(m) || Rules.dualWrites(m)))
                                || (namesSource && (Rules.dualWrites(m) || Rules.sourceVirtual(m)))
                        : (namesNew && Rules.newReadsDefault(m)) || (namesSource && Rules.sourceVirtual(m));
                if (unsafe) {
                    throw new Unsupported(m, direction, direction + " naming "
                            + (namesNew ? m.name() : m.source()) + " cannot follow phase " + m.phase() + " of " + m.id());
                }
                if (namesNew || namesSource) {
                    ctx.record(m, Action.PASSED, namesNew ? ColumnRole.NEW : ColumnRole.SOURCE, direction);
                }
            }
            return;
        }
        // No column list: the whole row, as the application sees it.
        boolean hides = false;
        for (ManagedColumn m : managed) {
            boolean safe = copyFrom ? Rules.stripsNewWrites(m) || m.phase() == Phase.COMPLETE
                    : Rules.newReadsDefault(m) || m.phase() == Phase.READ;
            if (!safe) {
                throw new Unsupported(m, direction, direction + " of the whole table cannot follow phase "
                        + m.phase() + " of " + m.id());
            }
            hides |= Rules.newHiddenFromStar(m);
        }
        if (!hides) {
            for (ManagedColumn m : managed) {
                ctx.record(m, Action.PASSED, ColumnRole.TABLE, direction);
            }
            return;
        }
        if (catalogTable == null) {
            throw new Unsupported(managed.get(0), direction, "the catalog does not list the columns of " + tableName);
        }
        RangeItem item = RangeItem.table(table, table, false, tableName, catalogTable, managed, false);
        List<String> names = new ArrayList<>();
        for (String c : item.appColumns()) {
            names.add(Identifiers.quoteIfNeeded(c));
        }
        ctx.edits.insert(nameEnd, " (" + String.join(", ", names) + ")");
        for (ManagedColumn m : managed) {
            if (Rules.newHiddenFromStar(m)) {
                ctx.record(m, Action.STRIPPED, ColumnRole.NEW, "left out of " + direction);
            }
        }
    }

    private static String fold(TokenList t, int i) {
        String image = t.image(i);
        return t.type(i) == TokenType.WORD ? image.toLowerCase(Locale.ROOT) : Identifiers.fold(image);
    }
}
