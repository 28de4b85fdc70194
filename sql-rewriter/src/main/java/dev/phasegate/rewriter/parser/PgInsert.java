package dev.phasegate.rewriter.parser;

import java.util.Arrays;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * PostgreSQL's INSERT: {@code INSERT INTO t [AS alias] [(cols)] { VALUES ... | query | DEFAULT
 * VALUES } [ON CONFLICT ...] [RETURNING ...]}.
 *
 * <p>The source is a {@code VALUES} call ({@code SqlKind.VALUES}, one {@code ROW} operand per row,
 * {@code DEFAULT} items as Calcite's DEFAULT call), a {@link PgSelect}, a set operation, a
 * {@code SqlWith}, or a {@code SqlOrderBy} around one of those; null for DEFAULT VALUES.
 */
public final class PgInsert extends PgDml {

  private final SqlOperator operator = new NodeOperator("PG_INSERT", SqlKind.INSERT,
      (pos, o) -> new PgInsert(pos, (SqlIdentifier) o.get(0), (SqlIdentifier) o.get(1),
          (SqlNodeList) o.get(2), o.get(3), isDefaultValues(), (PgOnConflict) o.get(4),
          (SqlNodeList) o.get(5)));

  private final @Nullable SqlNodeList targetColumnList;
  private final @Nullable SqlNode source;
  private final boolean defaultValues;
  private final @Nullable PgOnConflict onConflict;

  public PgInsert(SqlParserPos pos, SqlIdentifier targetTable, @Nullable SqlIdentifier alias,
      @Nullable SqlNodeList targetColumnList, @Nullable SqlNode source, boolean defaultValues,
      @Nullable PgOnConflict onConflict, @Nullable SqlNodeList returningList) {
    super(pos, targetTable, alias, returningList);
    this.targetColumnList = targetColumnList;
    this.source = source;
    this.defaultValues = defaultValues;
    this.onConflict = onConflict;
  }

  /** The {@code (a, b)} column list, parentheses included in its position; null if absent. */
  public @Nullable SqlNodeList getTargetColumnList() {
    return targetColumnList;
  }

  /** VALUES, query or WITH; null for {@code DEFAULT VALUES}. */
  public @Nullable SqlNode getSource() {
    return source;
  }

  public boolean isDefaultValues() {
    return defaultValues;
  }

  public @Nullable PgOnConflict getOnConflict() {
    return onConflict;
  }

  @Override
  public SqlOperator getOperator() {
    return operator;
  }

  @Override
  public SqlKind getKind() {
    return SqlKind.INSERT;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return Arrays.asList(targetTable, alias, targetColumnList, source, onConflict, returningList);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    unparseTarget(writer, "INSERT INTO");
    if (targetColumnList != null) {
      Nodes.parenthesizedList(writer, targetColumnList);
    }
    if (defaultValues) {
      writer.keyword("DEFAULT VALUES");
    } else if (source != null) {
      source.unparse(writer, 0, 0);
    }
    if (onConflict != null) {
      onConflict.unparse(writer, 0, 0);
    }
    unparseReturning(writer);
  }
}
