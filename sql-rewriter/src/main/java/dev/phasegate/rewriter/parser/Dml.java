package dev.phasegate.rewriter.parser;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Unparse pieces shared by INSERT, UPDATE and DELETE. */
final class Dml {

  private Dml() {
  }

  static void unparseReturning(SqlWriter writer, @Nullable SqlNodeList returningList) {
    if (returningList != null) {
      writer.keyword("RETURNING");
      Nodes.commaList(writer, returningList);
    }
  }

  static void unparseOptional(SqlWriter writer, String keyword, @Nullable SqlNode node) {
    if (node != null) {
      writer.keyword(keyword);
      node.unparse(writer, 0, 0);
    }
  }
}
