package dev.phasegate.rewriter.parser;

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
 * {@code PREPARE name [(type, …)] AS statement}: an SQL-level prepared statement, run later by
 * {@code EXECUTE name [(value, …)]}. The statement (a query, INSERT, UPDATE, DELETE, or a WITH
 * over one of them) is planned like a top-level one.
 */
public final class PgPrepare extends SqlCall {

  private static final SqlOperator OPERATOR = new NodeOperator("PG_PREPARE", SqlKind.OTHER,
      (pos, o) -> new PgPrepare(pos, (SqlIdentifier) Objects.requireNonNull(o.get(0)),
          (SqlNodeList) Objects.requireNonNull(o.get(1)), Objects.requireNonNull(o.get(2))));

  private final SqlIdentifier name;
  private final SqlNodeList parameterTypes;
  private final SqlNode statement;

  public PgPrepare(SqlParserPos pos, SqlIdentifier name, SqlNodeList parameterTypes, SqlNode statement) {
    super(pos);
    this.name = Objects.requireNonNull(name, "name");
    this.parameterTypes = Objects.requireNonNull(parameterTypes, "parameterTypes");
    this.statement = Objects.requireNonNull(statement, "statement");
  }

  /** The name EXECUTE and DEALLOCATE use. */
  public SqlIdentifier name() {
    return name;
  }

  /** The declared types of {@code $1 … $n}; empty when PostgreSQL infers them. */
  public SqlNodeList parameterTypes() {
    return parameterTypes;
  }

  /** The statement EXECUTE runs. */
  public SqlNode statement() {
    return statement;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name, parameterTypes, statement);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("PREPARE");
    name.unparse(writer, 0, 0);
    if (!parameterTypes.isEmpty()) {
      SqlWriter.Frame frame = writer.startList("(", ")");
      for (SqlNode type : parameterTypes) {
        writer.sep(",");
        type.unparse(writer, 0, 0);
      }
      writer.endList(frame);
    }
    writer.keyword("AS");
    statement.unparse(writer, 0, 0);
  }
}
