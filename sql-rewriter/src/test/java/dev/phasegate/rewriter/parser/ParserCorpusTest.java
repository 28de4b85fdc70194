package dev.phasegate.rewriter.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Parses every statement of the corpus (the shapes real clients send: PgJDBC metadata, psql,
 * Hibernate, Spring Data JDBC, jOOQ, ActiveRecord, Django, SQLAlchemy, Prisma, hand-written
 * SQL with every supported construct), checks that positions map back onto the text, prints
 * the share handled and every failure, and requires 99%.
 */
class ParserCorpusTest {

  @Test
  void parsesAtLeast99PercentOfTheCorpusWithExactPositions() {
    final List<Corpus.Entry> entries = Corpus.entries();
    final List<String> failures = new ArrayList<>();
    for (Corpus.Entry entry : entries) {
      try {
        final List<ParsedStatement> statements = PgSqlParser.parseScript(entry.sql());
        if (statements.size() != 1) {
          failures.add(describe(entry, "expected 1 statement, got " + statements.size()));
          continue;
        }
        final List<String> violations = PositionInvariants.check(entry.sql(), statements.get(0));
        if (!violations.isEmpty()) {
          failures.add(describe(entry, "positions: " + violations));
        }
      } catch (PgParseException e) {
        failures.add(describe(entry, e.getMessage()));
      } catch (RuntimeException e) {
        failures.add(describe(entry, "crashed: " + e));
      }
    }
    final int handled = entries.size() - failures.size();
    final double share = 100.0 * handled / entries.size();
    System.out.printf("parser corpus: %d of %d statements handled (%.1f%%)%n",
        handled, entries.size(), share);
    failures.forEach(f -> System.out.println("  FAILED " + f));

    assertThat(share).as("share of the corpus parsed, failures:%n%s", String.join("\n", failures))
        .isGreaterThanOrEqualTo(99.0);
  }

  @Test
  void corpusHasAtLeast300DistinctStatements() {
    final Set<String> distinct = new HashSet<>();
    for (Corpus.Entry entry : Corpus.entries()) {
      distinct.add(Corpus.withoutCommentLines(entry.sql()));
    }
    assertThat(distinct).hasSizeGreaterThanOrEqualTo(300);
  }

  private static String describe(Corpus.Entry entry, String problem) {
    final String oneLine = Corpus.withoutCommentLines(entry.sql()).replaceAll("\\s+", " ");
    return "corpus.sql:" + entry.line() + " [" + entry.source() + "] "
        + (oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine)
        + "\n      -> " + problem;
  }
}
