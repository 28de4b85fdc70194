package dev.phasegate.rewriter.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.calcite.sql.parser.SqlParserPos;
import org.junit.jupiter.api.Test;

class TextPositionsTest {

  @Test
  void convertsOneBasedInclusivePositionsToHalfOpenOffsets() {
    final TextPositions positions = new TextPositions("SELECT abc");
    final SqlParserPos abc = new SqlParserPos(1, 8, 1, 10);
    assertThat(positions.start(abc)).isEqualTo(7);
    assertThat(positions.end(abc)).isEqualTo(10);
    assertThat(positions.slice(abc)).isEqualTo("abc");
  }

  @Test
  void linesEndAtLfCrLfAndLoneCr() {
    final TextPositions positions = new TextPositions("a\nb\r\nc\rd");
    assertThat(positions.offset(2, 1)).isEqualTo(2);
    assertThat(positions.offset(3, 1)).isEqualTo(5);
    assertThat(positions.offset(4, 1)).isEqualTo(7);
    assertThat(positions.line(7)).isEqualTo(4);
    assertThat(positions.column(7)).isEqualTo(1);
  }

  @Test
  void aTabIsOneColumnAsInCalcite() {
    final TextPositions positions = new TextPositions("\t\tx");
    assertThat(positions.offset(1, 3)).isEqualTo(2);
  }

  @Test
  void columnsCountUtf16Units() {
    final TextPositions positions = new TextPositions("'😀' x");
    assertThat(positions.offset(1, 6)).isEqualTo(5);
  }

  @Test
  void multiLineRanges() {
    final String text = "UPDATE t\n  SET a = 1,\n      b = 2";
    final TextPositions positions = new TextPositions(text);
    assertThat(positions.slice(new SqlParserPos(2, 7, 3, 11))).isEqualTo("a = 1,\n      b = 2");
  }

  @Test
  void positionsOutsideTheTextAreRejected() {
    final TextPositions positions = new TextPositions("x");
    assertThatThrownBy(() -> positions.start(SqlParserPos.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> positions.offset(2, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
