package dev.phasegate.rewriter.parser;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code DECLARE name [BINARY] [ASENSITIVE | INSENSITIVE] [[NO] SCROLL] CURSOR [{WITH | WITHOUT}
 * HOLD] FOR query}: a server-side cursor, as psycopg's named cursors and Django's
 * {@code QuerySet.iterator()} open them. Its rows come back later, by {@code FETCH}; the query is
 * planned like any other. The options are kept only in the text.
 */
public final class PgDeclareCursor extends SqlCall {

  private static final SqlOperator OPERATOR = new NodeOperator("PG_DECLARE_CURSOR", SqlKind.OTHER,
      (pos, o) -> new PgDeclareCursor(pos, (SqlIdentifier) Objects.requireNonNull(o.get(0)),
          Objects.requireNonNull(o.get(1))));

  private final SqlIdentifier name;
  private final SqlNode query;

  public PgDeclareCursor(SqlParserPos pos, SqlIdentifier name, SqlNode query) {
    super(pos);
    this.name = Objects.requireNonNull(name, "name");
    this.query = Objects.requireNonNull(query, "query");
  }

  /** The cursor's name, as FETCH, MOVE and CLOSE use it. */
  public SqlIdentifier name() {
    return name;
  }

  /** The query whose rows the cursor returns. */
  public SqlNode query() {
    return query;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name, query);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("DECLARE");
    name.unparse(writer, 0, 0);
    writer.keyword("CURSOR FOR");
    query.unparse(writer, 0, 0);
  }
}
