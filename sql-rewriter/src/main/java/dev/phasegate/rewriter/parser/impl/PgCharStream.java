package dev.phasegate.rewriter.parser.impl;

import java.io.IOException;
import java.io.StringReader;

/**
 * JavaCC's character stream over one in-memory SQL text, with a tab size of 1 (a tab is one
 * column, as in Calcite's own {@code SqlParser}).
 *
 * <p>The generated lexer learns about the end of input from an {@link IOException}; the stock
 * stream allocates a fresh one, stack trace and all, every time the lexer looks past the last
 * character, which was the largest single cost of parsing a short statement. This one signals
 * the end with an exception that has no stack trace.
 */
final class PgCharStream extends SimpleCharStream {

  private final int length;

  PgCharStream(String sql) {
    // The buffer holds the whole text plus slack, so it is filled once and never grows.
    super(new StringReader(sql), 1, 1, sql.length() + 16);
    this.length = sql.length();
    setTabSize(1);
  }

  @Override
  protected void FillBuff() throws IOException {
    if (maxNextCharInd < length) {
      super.FillBuff();
      return;
    }
    // What the stock stream does on end of input, minus the costly exception.
    --bufpos;
    backup(0);
    if (tokenBegin == -1) {
      tokenBegin = bufpos;
    }
    throw new EndOfInput();
  }

  /** End of input, without a stack trace. */
  private static final class EndOfInput extends IOException {

    private static final long serialVersionUID = 1L;

    EndOfInput() {
      super("end of input");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
