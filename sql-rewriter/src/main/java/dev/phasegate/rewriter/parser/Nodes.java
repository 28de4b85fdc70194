package dev.phasegate.rewriter.parser;

import java.util.List;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;

/** Unparse helpers shared by the node classes (used for toString and debugging only). */
final class Nodes {

  private Nodes() {
  }

  static void commaList(SqlWriter writer, List<? extends SqlNode> nodes) {
    final SqlWriter.Frame frame = writer.startList("", "");
    for (SqlNode node : nodes) {
      writer.sep(",");
      node.unparse(writer, 0, 0);
    }
    writer.endList(frame);
  }

  static void parenthesizedList(SqlWriter writer, List<? extends SqlNode> nodes) {
    final SqlWriter.Frame frame = writer.startList("(", ")");
    for (SqlNode node : nodes) {
      writer.sep(",");
      node.unparse(writer, 0, 0);
    }
    writer.endList(frame);
  }
}
