package dev.phasegate.rewriter.parser;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE [TEMP | UNLOGGED] TABLE name [(column, …)] AS query} or {@code CREATE MATERIALIZED
 * VIEW name [(column, …)] AS query}: a table filled from a query. The query is planned like a
 * top-level one; the table's options are kept only in the text.
 */
public final class PgCreateTableAs extends SqlCall {

  private static final SqlOperator OPERATOR = new NodeOperator("PG_CREATE_TABLE_AS", SqlKind.OTHER,
      (pos, o) -> new PgCreateTableAs(pos, ((SqlLiteral) Objects.requireNonNull(o.get(0))).booleanValue(),
          (SqlIdentifier) Objects.requireNonNull(o.get(1)), (SqlNodeList) o.get(2),
          Objects.requireNonNull(o.get(3))));

  private final boolean materializedView;
  private final SqlIdentifier name;
  private final SqlNodeList columns;
  private final SqlNode query;

  public PgCreateTableAs(SqlParserPos pos, boolean materializedView, SqlIdentifier name, SqlNodeList columns,
      SqlNode query) {
    super(pos);
    this.materializedView = materializedView;
    this.name = Objects.requireNonNull(name, "name");
    this.columns = columns;
    this.query = Objects.requireNonNull(query, "query");
  }

  /** {@code CREATE MATERIALIZED VIEW} rather than {@code CREATE TABLE}. */
  public boolean isMaterializedView() {
    return materializedView;
  }

  /** The table's name. */
  public SqlIdentifier name() {
    return name;
  }

  /** The column names given before AS, or {@code null} when the query's names are used. */
  public SqlNodeList columns() {
    return columns;
  }

  /** The query whose rows fill the table. */
  public SqlNode query() {
    return query;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return Arrays.asList(SqlLiteral.createBoolean(materializedView, SqlParserPos.ZERO), name, columns, query);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(materializedView ? "CREATE MATERIALIZED VIEW" : "CREATE TABLE");
    name.unparse(writer, 0, 0);
    if (columns != null) {
      SqlWriter.Frame frame = writer.startList("(", ")");
      for (SqlNode c : columns) {
        writer.sep(",");
        c.unparse(writer, 0, 0);
      }
      writer.endList(frame);
    }
    writer.keyword("AS");
    query.unparse(writer, 0, 0);
  }
}
