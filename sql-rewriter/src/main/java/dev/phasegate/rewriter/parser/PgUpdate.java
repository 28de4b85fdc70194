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
 * PostgreSQL's UPDATE: {@code UPDATE [ONLY] t [[AS] alias] SET ... [FROM ...] [WHERE ...]
 * [RETURNING ...]}. The FROM list is Calcite's FROM representation (a table reference, or a
 * {@code SqlJoin} tree where commas are {@code JoinType.COMMA}), as in {@code SqlSelect#getFrom}.
 */
public final class PgUpdate extends PgDml {

  private final SqlOperator operator = new NodeOperator("PG_UPDATE", SqlKind.UPDATE,
      (pos, o) -> new PgUpdate(pos, (SqlIdentifier) o.get(0), (SqlIdentifier) o.get(1),
          NodeOperator.listOf(o.get(2)), o.get(3), o.get(4), (SqlNodeList) o.get(5)));

  private final SqlNodeList setList;
  private final @Nullable SqlNode from;
  private final @Nullable SqlNode where;

  public PgUpdate(SqlParserPos pos, SqlIdentifier targetTable, @Nullable SqlIdentifier alias,
      List<PgSetClause> setClauses, @Nullable SqlNode from, @Nullable SqlNode where,
      @Nullable SqlNodeList returningList) {
    super(pos, targetTable, alias, returningList);
    this.setList = new SqlNodeList(setClauses, SqlParserPos.sum(setClauses));
    this.from = from;
    this.where = where;
  }

  /** The SET clauses, in text order. */
  @SuppressWarnings("unchecked")
  public List<PgSetClause> getSetClauses() {
    return (List<PgSetClause>) (List<?>) setList.getList();
  }

  /** The same SET clauses as a node list whose position spans them all (not the keyword). */
  public SqlNodeList getSetList() {
    return setList;
  }

  public @Nullable SqlNode getFrom() {
    return from;
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
    return SqlKind.UPDATE;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return Arrays.asList(targetTable, alias, setList, from, where, returningList);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    unparseTarget(writer, "UPDATE");
    writer.keyword("SET");
    Nodes.commaList(writer, setList);
    unparseOptional(writer, "FROM", from);
    unparseOptional(writer, "WHERE", where);
    unparseReturning(writer);
  }
}
