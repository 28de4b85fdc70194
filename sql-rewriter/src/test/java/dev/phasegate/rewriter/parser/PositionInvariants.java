package dev.phasegate.rewriter.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Checks, over a whole tree, that positions map back onto the text: every node's range lies
 * inside its statement, identifiers slice to their (quoted or folded) names, parameters to
 * {@code $n} or {@code ?}, numbers to their digits. Returns the violations found.
 */
final class PositionInvariants {

  private final String sql;
  private final TextPositions positions;
  private final List<String> violations = new ArrayList<>();

  private PositionInvariants(String sql) {
    this.sql = sql;
    this.positions = new TextPositions(sql);
  }

  static List<String> check(String sql, ParsedStatement statement) {
    final PositionInvariants checker = new PositionInvariants(sql);
    checker.visit(statement.node(), statement.startOffset(), statement.endOffset());
    return checker.violations;
  }

  private void visit(SqlNode node, int lo, int hi) {
    if (node == null) {
      return;
    }
    if (node instanceof SqlNodeList list && list.isEmpty()) {
      return; // Calcite gives empty lists (no GROUP BY, no hints...) arbitrary positions
    }
    if (node instanceof SqlLiteral literal
        && (literal.getValue() instanceof Boolean || literal.getValue() instanceof Enum)) {
      return; // flags (join type, NATURAL, RECURSIVE, DISTINCT...) need not map to text
    }
    final SqlParserPos pos = node.getParserPosition();
    final int start;
    final int end;
    try {
      start = positions.start(pos);
      end = positions.end(pos);
    } catch (IllegalArgumentException e) {
      violations.add(describe(node) + ": position " + pos + " outside the text");
      return;
    }
    if (start < lo || end > hi || start >= end) {
      violations.add(describe(node) + ": range [" + start + ", " + end + ") outside ["
          + lo + ", " + hi + ")");
      return;
    }
    final String slice = sql.substring(start, end);
    if (node instanceof SqlIdentifier id && !id.isStar() && id.names.size() == 1
        && !(id.getParserPosition().isQuoted())) {
      final String name = id.names.get(0);
      final String unquoted = stripParentheses(slice).toLowerCase(Locale.ROOT).replace(" ", "");
      final String quoted = "\"" + name.replace("\"", "\"\"") + "\"";
      if (!unquoted.equals(name) && !stripParentheses(slice).equals(quoted)) {
        violations.add("identifier " + id + " slices to '" + slice + "'");
      }
    }
    if (node instanceof SqlDynamicParam p) {
      if (!slice.equals("?") && !slice.equals("$" + (p.getIndex() + 1))) {
        violations.add("parameter " + p.getIndex() + " slices to '" + slice + "'");
      }
    }
    if (node instanceof SqlNumericLiteral n && !slice.startsWith("(")) {
      final String digits = n.toValue();
      if (digits != null && !slice.replace("+", "").equalsIgnoreCase(digits)
          && !slice.contains(".") && !slice.toLowerCase(Locale.ROOT).contains("e")) {
        violations.add("number " + digits + " slices to '" + slice + "'");
      }
    }
    if (node instanceof SqlWindow window && window.getDeclName() != null) {
      // "w AS (...)": the window's position covers the specification, not its name
      visit(window.getDeclName(), lo, hi);
      for (SqlNode operand : window.getOperandList()) {
        if (operand != window.getDeclName()) {
          visit(operand, start, end);
        }
      }
    } else if (node instanceof SqlCall call) {
      for (SqlNode operand : call.getOperandList()) {
        visit(operand, start, end);
      }
      if (node instanceof PgSelect select) {
        visit(select.getDistinctOn(), start, end);
        for (PgLockingClause clause : select.getLockingClauses()) {
          visit(clause, lo, hi);
        }
      }
    } else if (node instanceof SqlNodeList list) {
      for (SqlNode item : list) {
        visit(item, start, end);
      }
    } else if (node instanceof SqlDataTypeSpec || node instanceof SqlLiteral) {
      // leaves
    }
  }

  private static String stripParentheses(String s) {
    String t = s.strip();
    while (t.startsWith("(") && t.endsWith(")")) {
      t = t.substring(1, t.length() - 1).strip();
    }
    return t;
  }

  private static String describe(SqlNode node) {
    return node.getClass().getSimpleName() + " " + node.getKind();
  }
}
