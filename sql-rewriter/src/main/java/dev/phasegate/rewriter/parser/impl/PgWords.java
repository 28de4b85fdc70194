package dev.phasegate.rewriter.parser.impl;

/**
 * Matches PostgreSQL words that are not Calcite keywords (CONFLICT, DO, NOTHING, SHARE, NOWAIT,
 * LOCKED, MATERIALIZED, OPERATOR, ISNULL, NOTNULL, DISCARD): the grammar recognizes them by
 * spelling, so they remain valid identifiers everywhere else. Plain static code, usable inside
 * JavaCC's lookahead routines (which may not throw ParseException).
 */
public final class PgWords {

  private PgWords() {
  }

  /** Whether {@code t} is the unquoted word {@code word}, in any case. */
  public static boolean is(Token t, String word) {
    return t != null && t.kind != PgSqlParserImplConstants.EOF && t.image != null
        && t.image.equalsIgnoreCase(word);
  }
}
