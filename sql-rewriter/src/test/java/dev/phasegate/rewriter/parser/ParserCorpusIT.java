package dev.phasegate.rewriter.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import dev.phasegate.testing.PostgresExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Proves the corpus is real PostgreSQL: creates {@code corpus-schema.sql} in a transaction and
 * PREPAREs every corpus statement against it (PostgreSQL's own parse analysis, with the types
 * of {@code $n} inferred; nothing is executed), then rolls back. Transaction-control and
 * session statements, which cannot be prepared, are executed on a second, autocommit
 * connection, inside a throw-away transaction where needed.
 *
 * <p>Runs on the shared {@link PostgresExtension} fixture (its own fresh database).
 */
class ParserCorpusIT {

  @RegisterExtension
  static final PostgresExtension PG = new PostgresExtension();

  @Test
  void everyCorpusStatementIsValidPostgresql() throws Exception {

    final List<String> failures = new ArrayList<>();
    int checked = 0;
    try (Connection tx = PG.connect();
        Connection auto = PG.connect();
        Statement txStatement = tx.createStatement();
        Statement autoStatement = auto.createStatement()) {
      tx.setAutoCommit(false);
      txStatement.execute(Corpus.schema());
      for (Corpus.Entry entry : Corpus.entries()) {
        final String sql = Corpus.withoutCommentLines(entry.sql());
        final SqlNodeKind kind = SqlNodeKind.of(sql);
        checked++;
        try {
          switch (kind) {
            case TRANSACTION -> runTransactionStatement(autoStatement, sql);
            case SESSION -> autoStatement.execute(sql);
            // PREPARE does not take DECLARE: open the cursor in the transaction and close it.
            case CURSOR -> inSavepoint(txStatement, sql, "CLOSE ALL");
            case PREPARABLE -> inSavepoint(txStatement, "PREPARE corpus_statement AS " + sql,
                "DEALLOCATE corpus_statement");
          }
        } catch (SQLException e) {
          failures.add("corpus.sql:" + entry.line() + " [" + entry.source() + "] "
              + e.getMessage().replace('\n', ' '));
        }
      }
      tx.rollback();
    }
    System.out.printf("corpus on PostgreSQL: %d of %d statements valid%n",
        checked - failures.size(), checked);
    failures.forEach(f -> System.out.println("  INVALID " + f));
    assertThat(failures).isEmpty();
  }

  /** Runs the statements in a savepoint of the open transaction, which an error rolls back to. */
  private static void inSavepoint(Statement tx, String... statements) throws SQLException {
    tx.execute("SAVEPOINT corpus");
    try {
      for (String statement : statements) {
        tx.execute(statement);
      }
      tx.execute("RELEASE SAVEPOINT corpus");
    } catch (SQLException e) {
      tx.execute("ROLLBACK TO SAVEPOINT corpus");
      throw e;
    }
  }

  private static void runTransactionStatement(Statement auto, String sql) throws SQLException {
    final PgTransactionStatement statement;
    try {
      statement = (PgTransactionStatement) PgSqlParser.parseSingle(sql).node();
    } catch (PgParseException e) {
      throw new SQLException("not parsed: " + e.getMessage(), e);
    }
    switch (statement.kind()) {
      case BEGIN -> {
        auto.execute(sql);
        auto.execute("ROLLBACK");
      }
      case COMMIT, ROLLBACK, SAVEPOINT -> {
        auto.execute("BEGIN");
        auto.execute(sql);
        auto.execute("ROLLBACK");
      }
      case RELEASE_SAVEPOINT, ROLLBACK_TO_SAVEPOINT -> {
        auto.execute("BEGIN");
        auto.execute("SAVEPOINT " + quotedName(sql, statement));
        auto.execute(sql);
        auto.execute("ROLLBACK");
      }
    }
  }

  /** The savepoint name exactly as written in the statement. */
  private static String quotedName(String sql, PgTransactionStatement statement) {
    return new TextPositions(sql).slice(statement.savepointName().getParserPosition());
  }

  /** How a corpus statement can be checked. */
  private enum SqlNodeKind {
    PREPARABLE, TRANSACTION, SESSION, CURSOR;

    static SqlNodeKind of(String sql) {
      try {
        final Object node = PgSqlParser.parseSingle(sql).node();
        if (node instanceof PgTransactionStatement) {
          return TRANSACTION;
        }
        if (node instanceof PgSessionStatement) {
          return SESSION;
        }
        if (node instanceof PgDeclareCursor) {
          return CURSOR;
        }
      } catch (PgParseException e) {
        // not parsed by us: still check it is valid PostgreSQL
      }
      return PREPARABLE;
    }
  }
}
