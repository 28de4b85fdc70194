package dev.phasegate.rewriter.parser;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Transaction control: BEGIN / START TRANSACTION, COMMIT / END, ROLLBACK, SAVEPOINT s,
 * RELEASE [SAVEPOINT] s, ROLLBACK [WORK] TO [SAVEPOINT] s. Transaction modes and
 * {@code AND [NO] CHAIN} are kept only in {@link #text()}.
 */
public final class PgTransactionStatement extends SqlCall {

  /** What the statement does. */
  public enum Kind { BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE_SAVEPOINT, ROLLBACK_TO_SAVEPOINT }

  private final SqlOperator operator = new NodeOperator("PG_TRANSACTION", SqlKind.OTHER_DDL,
      (pos, o) -> new PgTransactionStatement(pos, kind(),
          o.isEmpty() ? null : (SqlIdentifier) o.get(0), text()));

  private final Kind kind;
  private final @Nullable SqlIdentifier savepointName;
  private final String text;

  public PgTransactionStatement(SqlParserPos pos, Kind kind,
      @Nullable SqlIdentifier savepointName, String text) {
    super(pos);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.savepointName = savepointName;
    this.text = Objects.requireNonNull(text, "text");
  }

  public Kind kind() {
    return kind;
  }

  /** The savepoint of SAVEPOINT, RELEASE and ROLLBACK TO; null otherwise. */
  public @Nullable SqlIdentifier savepointName() {
    return savepointName;
  }

  /** The statement's original text. */
  public String text() {
    return text;
  }

  @Override
  public SqlOperator getOperator() {
    return operator;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return savepointName == null ? List.of() : Collections.singletonList(savepointName);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.literal(text);
  }
}
