package dev.phasegate.rewriter.parser;

import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What PostgreSQL's INSERT, UPDATE and DELETE have in common: the target table, its
 * {@code AS alias} and the RETURNING list, and how they unparse.
 */
public abstract sealed class PgDml extends SqlCall permits PgInsert, PgUpdate, PgDelete {

  protected final SqlIdentifier targetTable;
  protected final @Nullable SqlIdentifier alias;
  protected final @Nullable SqlNodeList returningList;

  protected PgDml(SqlParserPos pos, SqlIdentifier targetTable, @Nullable SqlIdentifier alias,
      @Nullable SqlNodeList returningList) {
    super(pos);
    this.targetTable = Objects.requireNonNull(targetTable, "targetTable");
    this.alias = alias;
    this.returningList = returningList;
  }

  public SqlIdentifier getTargetTable() {
    return targetTable;
  }

  /** The {@code AS alias} name, or null. */
  public @Nullable SqlIdentifier getAlias() {
    return alias;
  }

  /** The RETURNING items (position spans the items, not the keyword), or null. */
  public @Nullable SqlNodeList getReturningList() {
    return returningList;
  }

  /** {@code keyword table [AS alias]}. */
  protected void unparseTarget(SqlWriter writer, String keyword) {
    writer.keyword(keyword);
    targetTable.unparse(writer, 0, 0);
    if (alias != null) {
      writer.keyword("AS");
      alias.unparse(writer, 0, 0);
    }
  }

  protected void unparseReturning(SqlWriter writer) {
    if (returningList != null) {
      writer.keyword("RETURNING");
      Nodes.commaList(writer, returningList);
    }
  }

  protected static void unparseOptional(SqlWriter writer, String keyword, @Nullable SqlNode node) {
    if (node != null) {
      writer.keyword(keyword);
      node.unparse(writer, 0, 0);
    }
  }
}
