package dev.phasegate.rewriter.parser;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * One assignment of an UPDATE or of ON CONFLICT DO UPDATE: {@code col = value} or, multi-column,
 * {@code (a, b) = (x, y)} / {@code (a, b) = ROW(x, y)} / {@code (a, b) = (SELECT ...)}.
 *
 * <p>Its own position covers {@code col = value}. For a multi-column clause the target list's
 * position includes the parentheses; for a single column it is the column's own position.
 * A {@code DEFAULT} value is Calcite's {@code DEFAULT} call ({@code SqlKind.DEFAULT}).
 */
public final class PgSetClause extends SqlCall {

  private final SqlOperator operator = new NodeOperator("PG_SET_CLAUSE", SqlKind.OTHER,
      (pos, o) -> new PgSetClause(pos, (SqlNodeList) o.get(0), o.get(1), isMultiColumn()));

  private final SqlNodeList targetColumns;
  private final SqlNode value;
  private final boolean multiColumn;

  public PgSetClause(SqlParserPos pos, SqlNodeList targetColumns, SqlNode value,
      boolean multiColumn) {
    super(pos);
    this.targetColumns = Objects.requireNonNull(targetColumns, "targetColumns");
    this.value = Objects.requireNonNull(value, "value");
    this.multiColumn = multiColumn;
  }

  /** The assigned columns, each a {@link SqlIdentifier}; one element unless multi-column. */
  public SqlNodeList getTargetColumns() {
    return targetColumns;
  }

  /** The first (for a single-column clause, the only) target column. */
  public SqlIdentifier getTargetColumn() {
    return (SqlIdentifier) targetColumns.get(0);
  }

  public SqlNode getValue() {
    return value;
  }

  /** Whether the targets were written as a parenthesized list, {@code (a, b) = ...}. */
  public boolean isMultiColumn() {
    return multiColumn;
  }

  @Override
  public SqlOperator getOperator() {
    return operator;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return Arrays.asList(targetColumns, value);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    if (multiColumn) {
      Nodes.parenthesizedList(writer, targetColumns);
    } else {
      targetColumns.get(0).unparse(writer, 0, 0);
    }
    writer.sep("=");
    value.unparse(writer, 0, 0);
  }
}
