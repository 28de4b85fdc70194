package dev.phasegate.rewriter.parse;

import java.util.ArrayList;
import java.util.List;
import dev.phasegate.rewriter.parser.PgDelete;
import dev.phasegate.rewriter.parser.PgInsert;
import dev.phasegate.rewriter.parser.PgOnConflict;
import dev.phasegate.rewriter.parser.PgSelect;
import dev.phasegate.rewriter.parser.PgSetClause;
import dev.phasegate.rewriter.parser.PgUpdate;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUpdate;

/**
 * Parser-neutral views of the statements the rewriter treats specially. The one place that knows
 * the parser's DML node classes: everything downstream works on these records.
 */
public final class Shapes {

    private Shapes() {
    }

    /** An assignment {@code col = value} or {@code (a, b) = value}. {@code node} may be null (no own node). */
    public record SetItem(SqlNode node, List<SqlIdentifier> targets, SqlNode value, boolean multiColumn) {
    }

    public record OnConflict(SqlNode node, SqlNodeList conflictTarget, SqlNode indexPredicate,
                             SqlIdentifier constraint, boolean doNothing, List<SetItem> updates,
                             SqlNodeList updateList, SqlNode where) {
    }

    public record Insert(SqlNode node, SqlIdentifier target, SqlIdentifier alias, SqlNodeList columns,
                         SqlNode source, boolean defaultValues, OnConflict onConflict, SqlNodeList returning) {
    }

    public record Update(SqlNode node, SqlIdentifier target, SqlIdentifier alias, List<SetItem> set,
                         SqlNode from, SqlNode where, SqlNodeList returning) {
    }

    public record Delete(SqlNode node, SqlIdentifier target, SqlIdentifier alias, SqlNode using, SqlNode where,
                         SqlNodeList returning) {
    }

    private static List<SetItem> setItems(List<PgSetClause> clauses) {
        List<SetItem> items = new ArrayList<>(clauses.size());
        for (PgSetClause c : clauses) {
            List<SqlIdentifier> targets = new ArrayList<>();
            for (SqlNode t : c.getTargetColumns()) {
                targets.add((SqlIdentifier) t);
            }
            items.add(new SetItem(c, targets, c.getValue(), c.isMultiColumn()));
        }
        return items;
    }

    public static Insert insert(SqlNode node) {
        if (node instanceof PgInsert pg) {
            OnConflict oc = null;
            PgOnConflict c = pg.getOnConflict();
            if (c != null) {
                oc = new OnConflict(c, c.getConflictTarget(), c.getIndexPredicate(), c.getConstraintName(),
                        c.doNothing(), setItems(c.getUpdates()), c.getUpdateList(), c.getUpdateWhere());
            }
            return new Insert(pg, pg.getTargetTable(), pg.getAlias(), pg.getTargetColumnList(), pg.getSource(),
                    pg.isDefaultValues(), oc, pg.getReturningList());
        }
        if (node instanceof SqlInsert insert) {
            SqlNode source = insert.getSource();
            return new Insert(node, (SqlIdentifier) insert.getTargetTable(), null, insert.getTargetColumnList(),
                    source, false, null, null);
        }
        return null;
    }

    public static Update update(SqlNode node) {
        if (node instanceof PgUpdate pg) {
            return new Update(pg, pg.getTargetTable(), pg.getAlias(), setItems(pg.getSetClauses()), pg.getFrom(),
                    pg.getWhere(), pg.getReturningList());
        }
        if (node instanceof SqlUpdate update) {
            List<SetItem> items = new ArrayList<>();
            SqlNodeList targets = update.getTargetColumnList();
            SqlNodeList values = update.getSourceExpressionList();
            for (int i = 0; i < targets.size(); i++) {
                items.add(new SetItem(null, List.of((SqlIdentifier) targets.get(i)), values.get(i), false));
            }
            return new Update(node, (SqlIdentifier) update.getTargetTable(), update.getAlias(), items, null,
                    update.getCondition(), null);
        }
        return null;
    }

    public static Delete delete(SqlNode node) {
        if (node instanceof PgDelete pg) {
            return new Delete(pg, pg.getTargetTable(), pg.getAlias(), pg.getUsing(), pg.getWhere(),
                    pg.getReturningList());
        }
        if (node instanceof SqlDelete delete) {
            return new Delete(node, (SqlIdentifier) delete.getTargetTable(), delete.getAlias(), null,
                    delete.getCondition(), null);
        }
        return null;
    }

    /** {@code DISTINCT ON (…)} of a SELECT, or null. */
    public static SqlNodeList distinctOn(SqlNode select) {
        return select instanceof PgSelect pg ? pg.getDistinctOn() : null;
    }
}
