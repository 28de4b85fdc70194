package dev.phasegate.rewriter.parser.impl;

import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A syntax error found by Phasegate's own grammar rules or lexer (as opposed to JavaCC's
 * {@code ParseException}); turned into a {@code PgParseException} by {@code PgSqlParser}.
 */
public final class PgGrammarException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient SqlParserPos pos;

  public PgGrammarException(String message, SqlParserPos pos) {
    super(message, null, false, false);
    this.pos = pos;
  }

  public SqlParserPos pos() {
    return pos;
  }
}
