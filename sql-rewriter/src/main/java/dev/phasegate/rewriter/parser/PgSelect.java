package dev.phasegate.rewriter.parser;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Every SELECT the PostgreSQL dialect parses: Calcite's {@link SqlSelect} plus what PostgreSQL
 * adds to it, {@code DISTINCT ON (...)}, {@code INTO table} and locking clauses ({@code FOR UPDATE}
 * ...).
 *
 * <p>The extras are not operands (Calcite's operand indexes of a SELECT stay as they are), so a
 * {@code SqlVisitor} or {@code SqlShuttle} does not reach them: read them with
 * {@link #getDistinctOn()}, {@link #getInto()} and {@link #getLockingClauses()}. A locking clause written after
 * ORDER BY / LIMIT of the SELECT still belongs to this node (the {@code SqlOrderBy} wraps it).
 */
public final class PgSelect extends SqlSelect {

  private final @Nullable SqlNodeList distinctOn;
  private List<PgLockingClause> lockingClauses = List.of();
  private @Nullable PgSelectInto into;

  public PgSelect(SqlParserPos pos, @Nullable SqlNodeList distinctOn,
      @Nullable SqlNodeList keywordList, SqlNodeList selectList, @Nullable SqlNode from,
      @Nullable SqlNode where, @Nullable SqlNodeList groupBy, @Nullable SqlNode having,
      @Nullable SqlNodeList windowDecls, @Nullable SqlNode qualify,
      @Nullable SqlNodeList orderBy, @Nullable SqlNode offset, @Nullable SqlNode fetch,
      @Nullable SqlNodeList hints) {
    super(pos, keywordList, selectList, from, where, groupBy, having, windowDecls, qualify,
        orderBy, offset, fetch, hints);
    this.distinctOn = distinctOn;
  }

  /** The {@code (a, b)} of {@code DISTINCT ON (a, b)}, parentheses included; null if absent. */
  public @Nullable SqlNodeList getDistinctOn() {
    return distinctOn;
  }

  /** {@code FOR UPDATE | NO KEY UPDATE | SHARE | KEY SHARE ...} clauses, in text order. */
  public List<PgLockingClause> getLockingClauses() {
    return lockingClauses;
  }

  /** The table of {@code SELECT … INTO table}, or null: the rows go to the client. */
  public @Nullable PgSelectInto getInto() {
    return into;
  }

  /** Called once by the parser when it meets {@code INTO} after the select list. */
  public void attachInto(PgSelectInto target) {
    if (into != null) {
      throw new IllegalStateException("INTO already attached");
    }
    into = Objects.requireNonNull(target, "target");
  }

  /** Called once by the parser when it meets the locking clauses after ORDER BY / LIMIT. */
  public void attachLocking(List<PgLockingClause> clauses) {
    if (!lockingClauses.isEmpty()) {
      throw new IllegalStateException("locking clauses already attached");
    }
    lockingClauses = List.copyOf(Objects.requireNonNull(clauses, "clauses"));
  }

  @Override
  public SqlNode clone(SqlParserPos pos) {
    final PgSelect copy = new PgSelect(pos, distinctOn,
        (SqlNodeList) getOperandList().get(0), getSelectList(), getFrom(), getWhere(), getGroup(),
        getHaving(), getWindowList(), getQualify(), getOrderList(), getOffset(), getFetch(),
        getHints());
    copy.lockingClauses = lockingClauses;
    copy.into = into;
    return copy;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    super.unparse(writer, leftPrec, rightPrec);
    for (PgLockingClause clause : lockingClauses) {
      clause.unparse(writer, 0, 0);
    }
  }
}
