package dev.phasegate.rewriter.parser;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/** {@code FOR UPDATE [OF t, ...] [NOWAIT | SKIP LOCKED]} and its siblings, on a {@link PgSelect}. */
public final class PgLockingClause extends SqlCall {

  /** The lock strength. */
  public enum Strength {
    UPDATE("UPDATE"), NO_KEY_UPDATE("NO KEY UPDATE"), SHARE("SHARE"), KEY_SHARE("KEY SHARE");

    private final String sql;

    Strength(String sql) {
      this.sql = sql;
    }

    public String sql() {
      return sql;
    }
  }

  /** What to do about rows locked by others. */
  public enum WaitPolicy { WAIT, NOWAIT, SKIP_LOCKED }

  private final SqlOperator operator = new NodeOperator("PG_LOCKING_CLAUSE", SqlKind.OTHER,
      (pos, o) -> new PgLockingClause(pos, strength(),
          o.isEmpty() ? null : (SqlNodeList) o.get(0), waitPolicy()));

  private final Strength strength;
  private final @Nullable SqlNodeList ofTables;
  private final WaitPolicy waitPolicy;

  public PgLockingClause(SqlParserPos pos, Strength strength, @Nullable SqlNodeList ofTables,
      WaitPolicy waitPolicy) {
    super(pos);
    this.strength = Objects.requireNonNull(strength, "strength");
    this.ofTables = ofTables;
    this.waitPolicy = Objects.requireNonNull(waitPolicy, "waitPolicy");
  }

  public Strength strength() {
    return strength;
  }

  /** The tables after {@code OF}, or null when the clause locks every table of the query. */
  public @Nullable SqlNodeList ofTables() {
    return ofTables;
  }

  public WaitPolicy waitPolicy() {
    return waitPolicy;
  }

  @Override
  public SqlOperator getOperator() {
    return operator;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ofTables == null ? List.of() : Collections.singletonList(ofTables);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("FOR " + strength.sql());
    if (ofTables != null) {
      writer.keyword("OF");
      Nodes.commaList(writer, ofTables);
    }
    if (waitPolicy == WaitPolicy.NOWAIT) {
      writer.keyword("NOWAIT");
    } else if (waitPolicy == WaitPolicy.SKIP_LOCKED) {
      writer.keyword("SKIP LOCKED");
    }
  }
}
