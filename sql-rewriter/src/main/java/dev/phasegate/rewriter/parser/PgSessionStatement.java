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
 * Session statements: {@code SET [SESSION | LOCAL] name {TO | =} value}, {@code SET TIME ZONE},
 * {@code RESET name | ALL}, {@code SHOW name | ALL}, {@code DISCARD ...}. The value is not parsed:
 * it is part of {@link #text()}.
 */
public final class PgSessionStatement extends SqlCall {

  /** What the statement does. */
  public enum Kind { SET, RESET, SHOW, DISCARD }

  private final SqlOperator operator = new NodeOperator("PG_SESSION", SqlKind.OTHER_DDL,
      (pos, o) -> new PgSessionStatement(pos, kind(),
          o.isEmpty() ? null : (SqlIdentifier) o.get(0), text()));

  private final Kind kind;
  private final @Nullable SqlIdentifier name;
  private final String text;

  public PgSessionStatement(SqlParserPos pos, Kind kind, @Nullable SqlIdentifier name,
      String text) {
    super(pos);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.name = name;
    this.text = Objects.requireNonNull(text, "text");
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The parameter set, reset or shown ({@code timezone} for TIME ZONE); null for ALL,
   * DISCARD, and SET forms without a parameter name.
   */
  public @Nullable SqlIdentifier name() {
    return name;
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
    return name == null ? List.of() : Collections.singletonList(name);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.literal(text);
  }
}
