package dev.phasegate.rewriter.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whatever the input, the parser answers with a tree or a {@link PgParseException} whose
 * offset lies inside the text: never another exception. Fed with every corpus statement cut
 * short at many points, and with a few damaged variants.
 */
class ParserRobustnessTest {

  @Test
  void truncatedAndDamagedStatementsFailCleanly() {
    final List<String> crashes = new ArrayList<>();
    int inputs = 0;
    for (Corpus.Entry entry : Corpus.entries()) {
      final String sql = entry.sql();
      final int step = Math.max(1, sql.length() / 25);
      for (int cut = 1; cut < sql.length(); cut += step) {
        inputs += 4;
        check(sql.substring(0, cut), crashes);
        check(sql.substring(cut), crashes);
        check(sql.substring(0, cut) + "'" + sql.substring(cut), crashes);
        check(sql.substring(0, cut) + "$" + sql.substring(cut), crashes);
      }
    }
    System.out.printf("robustness: %d damaged inputs, %d crashes%n", inputs, crashes.size());
    assertThat(crashes).isEmpty();
  }

  private static void check(String sql, List<String> crashes) {
    try {
      PgSqlParser.parseScript(sql);
    } catch (PgParseException e) {
      if (e.offset() < 0 || e.offset() > sql.length() || e.line() < 1 || e.column() < 1) {
        crashes.add("bad position " + e.getMessage() + " for: " + sql);
      }
    } catch (RuntimeException | StackOverflowError e) {
      if (crashes.size() < 20) {
        crashes.add(e + " for: " + sql.replace('\n', ' '));
      }
    }
  }
}
