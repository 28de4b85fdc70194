package dev.phasegate.rewriter.parser;

import dev.phasegate.rewriter.parser.impl.ParseException;
import dev.phasegate.rewriter.parser.impl.PgGrammarException;
import dev.phasegate.rewriter.parser.impl.PgParsers;
import dev.phasegate.rewriter.parser.impl.TokenMgrError;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.Pair;

/**
 * Parses PostgreSQL SQL text into Calcite trees with exact positions.
 *
 * <p>Thread-safe and stateless: every call creates its own generated parser. What the dialect
 * cannot parse raises {@link PgParseException}; it never guesses.
 */
public final class PgSqlParser {

  private PgSqlParser() {
  }

  /**
   * Parses {@code sql} as a script of statements separated by {@code ;}. Empty statements are
   * skipped; a script of only comments and semicolons yields an empty list.
   */
  public static List<ParsedStatement> parseScript(String sql) throws PgParseException {
    Objects.requireNonNull(sql, "sql");
    final TextPositions positions = new TextPositions(sql);
    final List<Pair<SqlNode, SqlParserPos>> parsed;
    try {
      parsed = PgParsers.parseScript(sql, positions);
    } catch (ParseException e) {
      final String token = PgParsers.offendingToken(e);
      final SqlParserPos pos = PgParsers.offendingPos(e);
      throw error(token == null ? "syntax error at end of input"
          : "syntax error at or near \"" + token + "\"", pos, positions, e);
    } catch (PgGrammarException e) {
      throw error(e.getMessage(), e.pos(), positions, e);
    } catch (CalciteContextException e) {
      final SqlParserPos pos = e.getPosLine() > 0
          ? new SqlParserPos(e.getPosLine(), e.getPosColumn(), e.getEndPosLine(),
              e.getEndPosColumn())
          : null;
      final Throwable cause = e.getCause() == null ? e : e.getCause();
      throw error(cause.getMessage(), pos, positions, e);
    } catch (TokenMgrError e) {
      throw error("syntax error: " + e.getMessage(), null, positions, e);
    } catch (RuntimeException e) {
      // Last resort: a grammar action rejected the input in a way we did not anticipate.
      // The caller's policy (reject or pass through) applies, as for any unparsable text.
      throw error("cannot parse: " + e, null, positions, e);
    }
    final List<ParsedStatement> statements = new ArrayList<>(parsed.size());
    for (Pair<SqlNode, SqlParserPos> p : parsed) {
      statements.add(
          new ParsedStatement(p.left, positions.start(p.right), positions.end(p.right)));
    }
    return List.copyOf(statements);
  }

  /** Parses exactly one statement (a trailing {@code ;} is allowed). */
  public static ParsedStatement parseSingle(String sql) throws PgParseException {
    final List<ParsedStatement> statements = parseScript(sql);
    if (statements.size() != 1) {
      final int offset = statements.size() > 1 ? statements.get(1).startOffset() : 0;
      final TextPositions positions = new TextPositions(sql);
      throw new PgParseException(statements.isEmpty()
          ? "expected one statement, found none"
          : "expected one statement, found " + statements.size(),
          positions.line(offset), positions.column(offset), offset, null);
    }
    return statements.get(0);
  }

  private static PgParseException error(String reason, SqlParserPos pos, TextPositions positions,
      Throwable cause) {
    if (pos == null || pos.getLineNum() <= 0) {
      final int end = positions.text().length();
      return new PgParseException(reason, positions.line(end), positions.column(end), end, cause);
    }
    int offset;
    try {
      offset = positions.start(pos);
    } catch (IllegalArgumentException e) {
      offset = positions.text().length();
    }
    return new PgParseException(reason, pos.getLineNum(), pos.getColumnNum(), offset, cause);
  }
}
