package dev.phasegate.rewriter.parser;

import java.util.Objects;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The {@code INTO [TEMPORARY | TEMP | UNLOGGED] [TABLE] name} of a SELECT: PostgreSQL creates the
 * table from the SELECT's rows, as CREATE TABLE … AS does. Not a node of its own; read it with
 * {@link PgSelect#getInto()}.
 *
 * @param table the new table's name
 * @param pos   where the clause is, from INTO to the name
 */
public record PgSelectInto(SqlIdentifier table, SqlParserPos pos) {

  public PgSelectInto {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(pos, "pos");
  }
}
