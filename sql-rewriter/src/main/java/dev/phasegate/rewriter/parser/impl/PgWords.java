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

  /** Whether {@code t} is a keyword token (any word the lexer did not read as an identifier). */
  public static boolean isKeyword(Token t) {
    if (t == null || t.image == null || t.image.isEmpty()
        || t.kind == PgSqlParserImplConstants.IDENTIFIER
        || t.kind == PgSqlParserImplConstants.EOF) {
      return false;
    }
    final char first = t.image.charAt(0);
    if (!Character.isLetter(first) && first != '_') {
      return false;
    }
    for (int i = 1; i < t.image.length(); i++) {
      final char c = t.image.charAt(i);
      if (!Character.isLetterOrDigit(c) && c != '_') {
        return false;
      }
    }
    return true;
  }

  /** Aggregates that take ORDER BY in their arguments and that Calcite does not know. */
  public static boolean isOrderedAggregate(Token t) {
    return t != null && t.kind == PgSqlParserImplConstants.IDENTIFIER
        && ORDERED_AGGREGATES.contains(t.image.toLowerCase(java.util.Locale.ROOT));
  }

  private static final java.util.Set<String> ORDERED_AGGREGATES = java.util.Set.of(
      "jsonb_agg", "json_agg", "jsonb_object_agg", "json_object_agg", "xmlagg");

  /** Whether {@code t} is the unquoted word {@code word}, in any case. */
  public static boolean is(Token t, String word) {
    return t != null && t.kind != PgSqlParserImplConstants.EOF && t.image != null
        && t.image.equalsIgnoreCase(word);
  }
}
