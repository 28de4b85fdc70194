package dev.phasegate.rewriter.parse;

import java.util.ArrayList;
import java.util.List;
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

    public static Insert insert(SqlNode node) {
        if (node instanceof SqlInsert insert) {
            SqlNode source = insert.getSource();
            return new Insert(node, (SqlIdentifier) insert.getTargetTable(), null, insert.getTargetColumnList(),
                    source, false, null, null);
        }
        return null;
    }

    public static Update update(SqlNode node) {
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
        if (node instanceof SqlDelete delete) {
            return new Delete(node, (SqlIdentifier) delete.getTargetTable(), delete.getAlias(), null,
                    delete.getCondition(), null);
        }
        return null;
    }

    /** {@code DISTINCT ON (…)} of a SELECT, or null. */
    public static SqlNodeList distinctOn(SqlNode select) {
        return null;
    }
}
