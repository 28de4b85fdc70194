package dev.phasegate.rewriter.parser;

import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlPostfixOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.type.ReturnTypes;

/**
 * PostgreSQL operators that Calcite lacks. They exist for parsing only (no validation or
 * planning): each is a left-associative binary operator named as written.
 *
 * <p>Precedence follows PostgreSQL's table: "any other operator" (jsonb, array, text search,
 * {@code OPERATOR(...)}) binds tighter than comparison, LIKE and IN, and looser than
 * {@code + -}; {@code ^} binds tighter than {@code * /}, {@code AT TIME ZONE} tighter still and
 * {@code COLLATE} tightest.
 */
public final class PgOperators {

  /** Precedence of PostgreSQL's "any other operator" class (Calcite: = is 30, + is 40). */
  public static final int OTHER_PRECEDENCE = 36;

  public static final SqlBinaryOperator JSON_GET = other("->");
  public static final SqlBinaryOperator JSON_GET_TEXT = other("->>");
  public static final SqlBinaryOperator PATH_GET = other("#>");
  public static final SqlBinaryOperator PATH_GET_TEXT = other("#>>");
  public static final SqlBinaryOperator DELETE_PATH = other("#-");
  public static final SqlBinaryOperator CONTAINS = other("@>");
  public static final SqlBinaryOperator CONTAINED_BY = other("<@");
  public static final SqlBinaryOperator HAS_KEY = other("?");
  public static final SqlBinaryOperator HAS_ANY_KEY = other("?|");
  public static final SqlBinaryOperator HAS_ALL_KEYS = other("?&");
  public static final SqlBinaryOperator OVERLAPS = other("&&");
  public static final SqlBinaryOperator TEXT_MATCH = other("@@");
  public static final SqlBinaryOperator DISTANCE = other("<->");
  public static final SqlBinaryOperator BITWISE_XOR = other("#");
  public static final SqlBinaryOperator BITWISE_OR = other("|");
  public static final SqlBinaryOperator POWER = binary("^", 70);
  public static final SqlBinaryOperator AT_TIME_ZONE = binary("AT TIME ZONE", 80);
  public static final SqlBinaryOperator COLLATE = binary("COLLATE", 90);

  /** {@code name type} in a column definition list, {@code AS x(a int, b text)}. */
  public static final SqlSpecialOperator COLUMN_DEFINITION =
      new SqlSpecialOperator("COLUMN DEFINITION", SqlKind.OTHER);

  /**
   * {@code WHERE CURRENT OF cursor} in UPDATE and DELETE: the row a cursor stands on. Its one
   * operand is the cursor's name, which names no column.
   */
  public static final SqlSpecialOperator CURRENT_OF = new SqlSpecialOperator("CURRENT OF", SqlKind.OTHER);

  /** {@code f(...) WITH ORDINALITY} in FROM. */
  public static final SqlPostfixOperator WITH_ORDINALITY =
      new SqlPostfixOperator("WITH ORDINALITY", SqlKind.OTHER, 2, ReturnTypes.ARG0, null, null);

  private PgOperators() {
  }

  /** {@code OPERATOR(schema.op)}: named by its text inside the parentheses. */
  public static SqlOperator explicit(String name) {
    return other("OPERATOR(" + name + ")");
  }

  private static SqlBinaryOperator other(String name) {
    return binary(name, OTHER_PRECEDENCE);
  }

  private static SqlBinaryOperator binary(String name, int precedence) {
    return new SqlBinaryOperator(name, SqlKind.OTHER, precedence, true, ReturnTypes.ARG0, null,
        null);
  }
}
