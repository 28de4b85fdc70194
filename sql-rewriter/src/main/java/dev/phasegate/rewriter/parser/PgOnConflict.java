package dev.phasegate.rewriter.parser;

import java.util.Arrays;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code ON CONFLICT [ (cols) [WHERE pred] | ON CONSTRAINT name ] DO NOTHING | DO UPDATE SET ...
 * [WHERE ...]} of an INSERT. In DO UPDATE, {@code EXCLUDED.col} is an ordinary two-part
 * {@link SqlIdentifier}. Its position runs from {@code ON} to the end of the clause.
 */
public final class PgOnConflict extends SqlCall {

  private final SqlOperator operator = new NodeOperator("PG_ON_CONFLICT", SqlKind.OTHER,
      (pos, o) -> new PgOnConflict(pos, (SqlNodeList) o.get(0), o.get(1),
          (SqlIdentifier) o.get(2), doNothing(), NodeOperator.listOf(o.get(3)), o.get(4)));

  private final @Nullable SqlNodeList conflictTarget;
  private final @Nullable SqlNode indexPredicate;
  private final @Nullable SqlIdentifier constraintName;
  private final boolean doNothing;
  private final SqlNodeList updateList;
  private final @Nullable SqlNode updateWhere;

  public PgOnConflict(SqlParserPos pos, @Nullable SqlNodeList conflictTarget,
      @Nullable SqlNode indexPredicate, @Nullable SqlIdentifier constraintName, boolean doNothing,
      List<PgSetClause> updates, @Nullable SqlNode updateWhere) {
    super(pos);
    this.conflictTarget = conflictTarget;
    this.indexPredicate = indexPredicate;
    this.constraintName = constraintName;
    this.doNothing = doNothing;
    this.updateList = new SqlNodeList(updates,
        updates.isEmpty() ? pos : SqlParserPos.sum(updates));
    this.updateWhere = updateWhere;
  }

  /** The {@code (col, expr, ...)} conflict target, parentheses included; null if absent. */
  public @Nullable SqlNodeList getConflictTarget() {
    return conflictTarget;
  }

  /** The {@code WHERE} predicate after the conflict target (partial unique index), or null. */
  public @Nullable SqlNode getIndexPredicate() {
    return indexPredicate;
  }

  /** The name in {@code ON CONSTRAINT name}, or null. */
  public @Nullable SqlIdentifier getConstraintName() {
    return constraintName;
  }

  public boolean doNothing() {
    return doNothing;
  }

  /** The SET clauses of {@code DO UPDATE}; empty for {@code DO NOTHING}. */
  @SuppressWarnings("unchecked")
  public List<PgSetClause> getUpdates() {
    return (List<PgSetClause>) (List<?>) updateList.getList();
  }

  /** The same SET clauses as a node list whose position spans them all. */
  public SqlNodeList getUpdateList() {
    return updateList;
  }

  /** The {@code WHERE} of {@code DO UPDATE}, or null. */
  public @Nullable SqlNode getUpdateWhere() {
    return updateWhere;
  }

  @Override
  public SqlOperator getOperator() {
    return operator;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return Arrays.asList(conflictTarget, indexPredicate, constraintName, updateList, updateWhere);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("ON CONFLICT");
    if (conflictTarget != null) {
      Nodes.parenthesizedList(writer, conflictTarget);
      if (indexPredicate != null) {
        writer.keyword("WHERE");
        indexPredicate.unparse(writer, 0, 0);
      }
    } else if (constraintName != null) {
      writer.keyword("ON CONSTRAINT");
      constraintName.unparse(writer, 0, 0);
    }
    if (doNothing) {
      writer.keyword("DO NOTHING");
      return;
    }
    writer.keyword("DO UPDATE SET");
    Nodes.commaList(writer, updateList);
    if (updateWhere != null) {
      writer.keyword("WHERE");
      updateWhere.unparse(writer, 0, 0);
    }
  }
}
