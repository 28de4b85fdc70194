package dev.phasegate.rewriter.parser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The parser corpus, {@code /parser/corpus.sql}: entries separated by a line holding only
 * {@code ;;}, each one statement (leading {@code --} comment lines allowed). An entry holding
 * only comments is not a statement. {@code /parser/corpus-schema.sql} creates what they need.
 */
final class Corpus {

  private static final Pattern SEPARATOR = Pattern.compile("(?m)^;;\\s*$");

  /** One corpus statement and the 1-based line of the file where its entry starts. */
  record Entry(int line, String source, String sql) {
  }

  private Corpus() {
  }

  static List<Entry> entries() {
    final String text = resource("/parser/corpus.sql");
    final List<Entry> entries = new ArrayList<>();
    int line = 1;
    for (String chunk : SEPARATOR.split(text)) {
      final String sql = chunk.strip();
      final String source = sql.lines().filter(l -> l.startsWith("-- source:"))
          .map(l -> l.substring("-- source:".length()).strip()).findFirst().orElse("");
      if (!onlyComments(sql)) {
        entries.add(new Entry(line, source, sql));
      }
      line += (int) chunk.chars().filter(c -> c == '\n').count() + 1;
    }
    return entries;
  }

  static String schema() {
    return resource("/parser/corpus-schema.sql");
  }

  /** The statement without its comment lines, to tell distinct statements apart. */
  static String withoutCommentLines(String sql) {
    final StringBuilder b = new StringBuilder();
    sql.lines().filter(l -> !l.strip().startsWith("--")).forEach(l -> b.append(l).append('\n'));
    return b.toString().strip();
  }

  private static boolean onlyComments(String sql) {
    return withoutCommentLines(sql).isEmpty();
  }

  private static String resource(String name) {
    try (InputStream in = Corpus.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
