package dev.phasegate.rewriter.parser.impl;

import dev.phasegate.rewriter.parser.TextPositions;
import java.io.IOException;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * PostgreSQL's lexical rules on top of the token manager JavaCC generated from Calcite's
 * grammar. Before each token it handles, itself, what Calcite's lexer gets wrong for
 * PostgreSQL, and hands everything else to the generated lexer:
 *
 * <ul>
 *   <li>white space and comments: {@code --} to end of line, {@code /* ... *}{@code /} nested
 *       (Calcite's do not nest, and it reads {@code /*+} as a hint);
 *   <li>{@code $n} parameters and dollar-quoted strings {@code $$..$$}, {@code $tag$..$tag$}
 *       (Calcite reads {@code $} as a letter and would make identifiers of them);
 *   <li>double-quoted identifiers, which in PostgreSQL may span lines.
 * </ul>
 *
 * <p>It keeps the generated lexer's character stream in step by consuming the characters it
 * handles from that stream, so line and column numbers stay JavaCC's own.
 */
final class PgTokenManager extends PgSqlParserImplTokenManager {

  private final String sql;
  private final TextPositions positions;
  /** Offset of the next character the stream will deliver. */
  private int offset;

  PgTokenManager(SimpleCharStream stream, String sql, TextPositions positions) {
    super(stream);
    this.sql = sql;
    this.positions = positions;
  }

  @Override
  public Token getNextToken() {
    skipBlanksAndComments();
    if (offset < sql.length()) {
      final char c = sql.charAt(offset);
      if (c == '$') {
        return dollar();
      }
      if (c == '"') {
        return quotedIdentifier();
      }
    }
    final Token t;
    try {
      t = super.getNextToken();
    } catch (TokenMgrError e) {
      throw error("syntax error at or near \"" + sql.charAt(offset) + "\"", offset, 1);
    }
    if (t.kind != EOF) {
      offset = positions.offset(t.endLine, t.endColumn) + 1;
    }
    return t;
  }

  private void skipBlanksAndComments() {
    final int n = sql.length();
    int i = offset;
    while (i < n) {
      final char c = sql.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b') {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        i += 2;
        while (i < n && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        final int start = i;
        int depth = 1;
        i += 2;
        while (depth > 0) {
          if (i + 1 >= n) {
            throw error("unterminated /* comment", start, 2);
          }
          final char a = sql.charAt(i);
          final char b = sql.charAt(i + 1);
          if (a == '*' && b == '/') {
            depth--;
            i += 2;
          } else if (a == '/' && b == '*') {
            depth++;
            i += 2;
          } else {
            i++;
          }
        }
      } else {
        break;
      }
    }
    consume(i - offset);
  }

  private Token dollar() {
    final int start = offset;
    final int n = sql.length();
    int i = start + 1;
    if (i < n && isDigit(sql.charAt(i))) {
      while (i < n && isDigit(sql.charAt(i))) {
        i++;
      }
      return token(PG_PARAM, i - start);
    }
    if (i < n && isTagStart(sql.charAt(i))) {
      while (i < n && isTagPart(sql.charAt(i))) {
        i++;
      }
    }
    if (i >= n || sql.charAt(i) != '$') {
      throw error("syntax error at or near \"$\"", start, 1);
    }
    final String delimiter = sql.substring(start, i + 1);
    final int close = sql.indexOf(delimiter, i + 1);
    if (close < 0) {
      throw error("unterminated dollar-quoted string at or near \"" + delimiter + "\"",
          start, delimiter.length());
    }
    return token(PG_DOLLAR_STRING, close + delimiter.length() - start);
  }

  private Token quotedIdentifier() {
    final int start = offset;
    final int n = sql.length();
    int i = start + 1;
    while (true) {
      if (i >= n) {
        throw error("unterminated quoted identifier", start, 1);
      }
      if (sql.charAt(i) == '"') {
        if (i + 1 < n && sql.charAt(i + 1) == '"') {
          i += 2;
          continue;
        }
        break;
      }
      i++;
    }
    if (i == start + 1) {
      throw error("zero-length delimited identifier at or near \"\"\"\"", start, 2);
    }
    return token(QUOTED_IDENTIFIER, i + 1 - start);
  }

  /** Makes a token of the next {@code length} characters, consuming them from the stream. */
  private Token token(int kind, int length) {
    final Token t = Token.newToken(kind);
    t.kind = kind;
    t.image = sql.substring(offset, offset + length);
    try {
      input_stream.BeginToken();
      for (int k = 1; k < length; k++) {
        input_stream.readChar();
      }
    } catch (IOException e) {
      throw new IllegalStateException("character stream out of step with the SQL text", e);
    }
    t.beginLine = input_stream.getBeginLine();
    t.beginColumn = input_stream.getBeginColumn();
    t.endLine = input_stream.getEndLine();
    t.endColumn = input_stream.getEndColumn();
    offset += length;
    return t;
  }

  private void consume(int count) {
    try {
      for (int k = 0; k < count; k++) {
        input_stream.readChar();
      }
    } catch (IOException e) {
      throw new IllegalStateException("character stream out of step with the SQL text", e);
    }
    offset += count;
  }

  private PgGrammarException error(String message, int at, int length) {
    final int end = Math.min(sql.length(), at + length) - 1;
    return new PgGrammarException(message,
        new SqlParserPos(positions.line(at), positions.column(at),
            positions.line(end), positions.column(end)));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isTagStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= '\u0080';
  }

  private static boolean isTagPart(char c) {
    return isTagStart(c) || isDigit(c);
  }
}
