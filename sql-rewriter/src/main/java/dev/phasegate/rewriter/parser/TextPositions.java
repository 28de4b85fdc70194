package dev.phasegate.rewriter.parser;

import java.util.Arrays;
import java.util.Objects;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Converts Calcite parser positions into character offsets of one SQL text.
 *
 * <p>Calcite's {@link SqlParserPos} is 1-based line and column, end inclusive. Columns count
 * UTF-16 code units, and the parser is run with a tab size of 1, so a tab is one column (Calcite's
 * {@code SqlParser} does the same). A line ends at {@code \n}, {@code \r\n} or a lone {@code \r},
 * exactly as JavaCC's character stream counts lines.
 *
 * <p>Built once per text (a line-start table); immutable and thread-safe.
 */
public final class TextPositions {

  private final String text;
  /** lineStarts[i] is the offset of the first character of line i + 1. */
  private final int[] lineStarts;

  public TextPositions(String text) {
    this.text = Objects.requireNonNull(text, "text");
    int[] starts = new int[16];
    int count = 0;
    starts[count++] = 0;
    final int n = text.length();
    for (int i = 0; i < n; i++) {
      final char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (count == starts.length) {
          starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count++] = i + 1;
      }
    }
    this.lineStarts = Arrays.copyOf(starts, count);
  }

  /** The text these positions refer to. */
  public String text() {
    return text;
  }

  /** Offset of the first character covered by {@code pos}. */
  public int start(SqlParserPos pos) {
    return offset(pos.getLineNum(), pos.getColumnNum());
  }

  /** Offset just past the last character covered by {@code pos} (exclusive end). */
  public int end(SqlParserPos pos) {
    return offset(pos.getEndLineNum(), pos.getEndColumnNum()) + 1;
  }

  /** The text covered by {@code pos}. */
  public String slice(SqlParserPos pos) {
    return text.substring(start(pos), end(pos));
  }

  /** Offset of the character at 1-based {@code line} and {@code column}. */
  public int offset(int line, int column) {
    if (line < 1 || line > lineStarts.length || column < 1) {
      throw new IllegalArgumentException(
          "position line " + line + ", column " + column + " is outside the text");
    }
    final int offset = lineStarts[line - 1] + column - 1;
    if (offset > text.length()) {
      throw new IllegalArgumentException(
          "position line " + line + ", column " + column + " is outside the text");
    }
    return offset;
  }

  /** 1-based line of the character at {@code offset}. */
  public int line(int offset) {
    int i = Arrays.binarySearch(lineStarts, offset);
    return i >= 0 ? i + 1 : -i - 1;
  }

  /** 1-based column of the character at {@code offset}. */
  public int column(int offset) {
    return offset - lineStarts[line(offset) - 1] + 1;
  }
}
