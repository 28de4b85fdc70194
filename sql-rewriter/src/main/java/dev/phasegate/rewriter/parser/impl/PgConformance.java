package dev.phasegate.rewriter.parser.impl;

import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;

/**
 * What PostgreSQL accepts, where it differs from Calcite's lenient Babel conformance: no
 * MySQL {@code LIMIT start, count}, no {@code MINUS}, no string literal as a column alias, no
 * Snowflake-style {@code :path} access; explicit ROW(...) anywhere.
 */
final class PgConformance extends SqlDelegatingConformance {

  static final PgConformance INSTANCE = new PgConformance();

  private PgConformance() {
    super(SqlConformanceEnum.BABEL);
  }

  @Override
  public boolean isLimitStartCountAllowed() {
    return false;
  }

  @Override
  public boolean isMinusAllowed() {
    return false;
  }

  @Override
  public boolean allowCharLiteralAlias() {
    return false;
  }

  @Override
  public boolean isColonFieldAccessAllowed() {
    return false;
  }

  @Override
  public boolean allowExplicitRowValueConstructor() {
    return true;
  }

  @Override
  public boolean isOffsetLimitAllowed() {
    return true;
  }
}
