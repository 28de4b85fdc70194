package dev.phasegate.rewriter.parser;

/**
 * SQL text the PostgreSQL dialect cannot parse. Carries the reason and where it was found:
 * 1-based line and column (UTF-16 units) and the 0-based character offset into the text.
 */
public final class PgParseException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String reason;
  private final int line;
  private final int column;
  private final int offset;

  public PgParseException(String reason, int line, int column, int offset, Throwable cause) {
    super(reason + " (line " + line + ", column " + column + ", offset " + offset + ")", cause);
    this.reason = reason;
    this.line = line;
    this.column = column;
    this.offset = offset;
  }

  /** The reason alone, without the position, e.g. {@code syntax error at or near "FORM"}. */
  public String reason() {
    return reason;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** 0-based character offset into the parsed text. */
  public int offset() {
    return offset;
  }
}
