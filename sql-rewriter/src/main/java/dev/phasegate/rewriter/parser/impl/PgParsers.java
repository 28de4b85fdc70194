package dev.phasegate.rewriter.parser.impl;

import dev.phasegate.rewriter.parser.TextPositions;
import java.util.List;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.Pair;

/**
 * Creates and runs the generated parser configured for PostgreSQL: double-quoted identifiers
 * that keep their case, unquoted ones folded to lower case, tab size 1 (a tab is one column),
 * PostgreSQL's conformance, and {@link PgTokenManager} as the lexer. One parser per call;
 * nothing is shared between calls.
 */
public final class PgParsers {

  private PgParsers() {
  }

  /**
   * Parses a script into statements, each with the position of its first and last token.
   *
   * @throws ParseException, TokenMgrError, PgGrammarException or Calcite's
   *     CalciteContextException, for the caller to translate
   */
  public static List<Pair<SqlNode, SqlParserPos>> parseScript(String sql, TextPositions positions)
      throws ParseException {
    // The parser is built around our lexer directly: no throw-away default lexer and stream.
    final PgCharStream stream = new PgCharStream(sql);
    final PgTokenManager lexer = new PgTokenManager(stream, sql, positions);
    lexer.SwitchTo(PgSqlParserImplConstants.DQID);
    final PgSqlParserImpl parser = new PgSqlParserImpl(lexer);
    parser.setOriginalSql(sql);
    parser.setQuotedCasing(Casing.UNCHANGED);
    parser.setUnquotedCasing(Casing.TO_LOWER);
    parser.setIdentifierMaxLength(Integer.MAX_VALUE);
    parser.setConformance(PgConformance.INSTANCE);
    parser.setTimeUnitCodes(SqlParser.Config.DEFAULT.timeUnitCodes());
    return parser.PgStmtList();
  }

  /** The text of the token a {@link ParseException} stopped at, or null at end of input. */
  public static String offendingToken(ParseException e) {
    final Token t = e.currentToken == null ? null : e.currentToken.next;
    return t == null || t.kind == PgSqlParserImplConstants.EOF ? null : t.image;
  }

  /** Position of the token a {@link ParseException} stopped at, or null if unknown. */
  public static SqlParserPos offendingPos(ParseException e) {
    final Token t = e.currentToken == null ? null : e.currentToken.next;
    if (t == null) {
      return null;
    }
    if (t.kind == PgSqlParserImplConstants.EOF) {
      final Token last = e.currentToken;
      return new SqlParserPos(last.endLine, last.endColumn, last.endLine, last.endColumn);
    }
    return new SqlParserPos(t.beginLine, t.beginColumn, t.endLine, t.endColumn);
  }
}
