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
 * PostgreSQL's DELETE: {@code DELETE FROM [ONLY] t [[AS] alias] [USING ...] [WHERE ...]
 * [RETURNING ...]}. USING is in Calcite's FROM representation, like {@link PgUpdate#getFrom()}.
 */
public final class PgDelete extends PgDml {

  private final SqlOperator operator = new NodeOperator("PG_DELETE", SqlKind.DELETE,
      (pos, o) -> new PgDelete(pos, (SqlIdentifier) o.get(0), (SqlIdentifier) o.get(1),
          o.get(2), o.get(3), (SqlNodeList) o.get(4)));

  private final @Nullable SqlNode using;
  private final @Nullable SqlNode where;

  public PgDelete(SqlParserPos pos, SqlIdentifier targetTable, @Nullable SqlIdentifier alias,
      @Nullable SqlNode using, @Nullable SqlNode where, @Nullable SqlNodeList returningList) {
    super(pos, targetTable, alias, returningList);
    this.using = using;
    this.where = where;
  }

  public @Nullable SqlNode getUsing() {
    return using;
  }

  public @Nullable SqlNode getWhere() {
    return where;
  }

  @Override
  public SqlOperator getOperator() {
    return operator;
  }

  @Override
  public SqlKind getKind() {
    return SqlKind.DELETE;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return Arrays.asList(targetTable, alias, using, where, returningList);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    unparseTarget(writer, "DELETE FROM");
    unparseOptional(writer, "USING", using);
    unparseOptional(writer, "WHERE", where);
    unparseReturning(writer);
  }
}
