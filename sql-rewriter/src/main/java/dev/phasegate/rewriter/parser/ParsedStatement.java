package dev.phasegate.rewriter.parser;

import java.util.Objects;
import org.apache.calcite.sql.SqlNode;

/**
 * One parsed statement of a script: its tree and the character range {@code [startOffset,
 * endOffset)} it occupies in the original text, from its first token to its last one (leading
 * comments and the terminating semicolon excluded).
 */
public record ParsedStatement(SqlNode node, int startOffset, int endOffset) {

  public ParsedStatement {
    Objects.requireNonNull(node, "node");
    if (startOffset < 0 || endOffset < startOffset) {
      throw new IllegalArgumentException("bad range [" + startOffset + ", " + endOffset + ")");
    }
  }
}
