package dev.phasegate.rewriter.parser;

import java.util.Arrays;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The operator of a Phasegate node. Calcite rebuilds calls through their operator
 * ({@code SqlCall#clone}, a {@code SqlShuttle} that changed a child): this one rebuilds the
 * node's own class, with the node's flags, instead of a generic {@code SqlBasicCall}.
 */
final class NodeOperator extends SqlSpecialOperator {

  /** Rebuilds a node from new operands, in {@code getOperandList()} order. */
  @FunctionalInterface
  interface Factory {
    SqlCall create(SqlParserPos pos, List<@Nullable SqlNode> operands);
  }

  private final Factory factory;

  NodeOperator(String name, SqlKind kind, Factory factory) {
    super(name, kind);
    this.factory = factory;
  }

  @Override
  public SqlCall createCall(@Nullable SqlLiteral functionQualifier, SqlParserPos pos,
      @Nullable SqlNode... operands) {
    return factory.create(pos, Arrays.asList(operands));
  }

  @SuppressWarnings("unchecked")
  static <T> List<T> listOf(@Nullable SqlNode node) {
    return node == null ? List.of() : (List<T>) (List<?>) ((org.apache.calcite.sql.SqlNodeList) node).getList();
  }
}
