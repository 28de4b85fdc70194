package dev.phasegate.rewriter.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PgSqlParserTest {

  // ---------------------------------------------------------------- helpers

  private static ParsedStatement parse(String sql) {
    try {
      final ParsedStatement statement = PgSqlParser.parseSingle(sql);
      assertThat(PositionInvariants.check(sql, statement)).as("position invariants").isEmpty();
      return statement;
    } catch (PgParseException e) {
      throw new AssertionError("could not parse: " + sql + "\n" + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends SqlNode> T node(String sql) {
    return (T) parse(sql).node();
  }

  private static String text(String sql, SqlNode node) {
    return new TextPositions(sql).slice(node.getParserPosition());
  }

  private static PgParseException failure(String sql) {
    try {
      PgSqlParser.parseScript(sql);
    } catch (PgParseException e) {
      return e;
    }
    throw new AssertionError("parsed, but should not have: " + sql);
  }

  private static SqlNode selectItem(String sql, int i) {
    final PgSelect select = node(sql);
    return select.getSelectList().get(i);
  }

  /** All dynamic parameters of a tree, in visiting order. */
  private static List<SqlDynamicParam> params(SqlNode node) {
    final java.util.List<SqlDynamicParam> found = new java.util.ArrayList<>();
    node.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlDynamicParam param) {
        found.add(param);
        return null;
      }
    });
    return found;
  }

  // ---------------------------------------------------------------- lexical rules

  @Nested
  class Lexical {

    @Test
    void unquotedIdentifiersFoldToLowerCase() {
      final String sql = "SELECT Email FROM Users";
      final SqlIdentifier id = (SqlIdentifier) selectItem(sql, 0);
      assertThat(id.getSimple()).isEqualTo("email");
      assertThat(text(sql, id)).isEqualTo("Email");
    }

    @Test
    void quotedIdentifiersKeepTheirCase() {
      final String sql = "SELECT \"Email\" FROM \"Users\"";
      final SqlIdentifier id = (SqlIdentifier) selectItem(sql, 0);
      assertThat(id.getSimple()).isEqualTo("Email");
      assertThat(text(sql, id)).isEqualTo("\"Email\"");
    }

    @Test
    void quotedIdentifiersMayContainAnythingEvenNewlinesAndDoubledQuotes() {
      final String sql = "SELECT \"a \"\"b\"\"\nc;$1--\" FROM t";
      final SqlIdentifier id = (SqlIdentifier) selectItem(sql, 0);
      assertThat(id.getSimple()).isEqualTo("a \"b\"\nc;$1--");
      assertThat(text(sql, id)).isEqualTo("\"a \"\"b\"\"\nc;$1--\"");
    }

    @Test
    void qualifiedQuotedNamesKeepEachPart() {
      final String sql = "SELECT \"u1_0\".\"email\" FROM \"public\".\"User\" u1_0";
      final SqlIdentifier id = (SqlIdentifier) selectItem(sql, 0);
      assertThat(id.names).containsExactly("u1_0", "email");
      final PgSelect select = node(sql);
      final SqlCall as = (SqlCall) select.getFrom();
      assertThat(((SqlIdentifier) as.operand(0)).names).containsExactly("public", "User");
    }

    @Test
    void stringLiteralsUseDoubledQuotesAsEscape() {
      final String sql = "SELECT 'it''s'";
      final SqlCharStringLiteral literal = (SqlCharStringLiteral) selectItem(sql, 0);
      assertThat(literal.getValueAs(String.class)).isEqualTo("it's");
      assertThat(text(sql, literal)).isEqualTo("'it''s'");
    }

    @Test
    void dollarQuotedStringsAreCharacterLiterals() {
      final String sql = "SELECT $$it's a $1 \"x\"$$";
      final SqlNode item = selectItem(sql, 0);
      assertThat((Object) item).isInstanceOf(SqlCharStringLiteral.class);
      assertThat(((SqlLiteral) item).getValueAs(String.class)).isEqualTo("it's a $1 \"x\"");
      assertThat(text(sql, item)).isEqualTo("$$it's a $1 \"x\"$$");
    }

    @Test
    void taggedDollarQuotesEndOnlyAtTheirOwnTag() {
      final String sql = "SELECT $fn$ body $$ still $fn$, 2";
      final SqlNode item = selectItem(sql, 0);
      assertThat(((SqlLiteral) item).getValueAs(String.class)).isEqualTo(" body $$ still ");
      assertThat(text(sql, item)).isEqualTo("$fn$ body $$ still $fn$");
      assertThat(text(sql, selectItem(sql, 1))).isEqualTo("2");
    }

    @Test
    void dollarQuotedStringsMaySpanLines() {
      final String sql = "SELECT $q$line1\r\nline2$q$ AS x";
      final SqlCall as = (SqlCall) selectItem(sql, 0);
      assertThat(text(sql, as.operand(0))).isEqualTo("$q$line1\r\nline2$q$");
      assertThat(text(sql, as.operand(1))).isEqualTo("x");
    }

    @Test
    void escapeStringsUnescapeBackslashes() {
      final String sql = "SELECT E'a\\nb\\'c'";
      final SqlNode item = selectItem(sql, 0);
      assertThat(((SqlLiteral) item).getValueAs(String.class)).isEqualTo("a\nb'c");
      assertThat(text(sql, item)).isEqualTo("E'a\\nb\\'c'");
    }

    @Test
    void unicodeEscapeStringsAreDecoded() {
      final String sql = "SELECT U&'d\\0061t\\0061'";
      final SqlNode item = selectItem(sql, 0);
      assertThat(((SqlLiteral) item).getValueAs(String.class)).isEqualTo("data");
      assertThat(text(sql, item)).isEqualTo("U&'d\\0061t\\0061'");
    }

    @Test
    void bitAndHexStringsAreLiterals() {
      final String sql = "SELECT B'0101', X'FF'";
      assertThat(text(sql, selectItem(sql, 0))).isEqualTo("B'0101'");
      assertThat(selectItem(sql, 0)).isInstanceOf(SqlLiteral.class);
      assertThat(text(sql, selectItem(sql, 1))).isEqualTo("X'FF'");
    }

    @Test
    void nestedBlockCommentsAndLineCommentsAreSkipped() {
      final String sql = "/* a /* nested */ still comment */ SELECT 1 -- tail\n, 2 /*+ not a hint */";
      final ParsedStatement statement = parse(sql);
      assertThat(sql.substring(statement.startOffset(), statement.endOffset()))
          .isEqualTo("SELECT 1 -- tail\n, 2");
      assertThat(((PgSelect) statement.node()).getSelectList()).hasSize(2);
    }

    @Test
    void backticksAreNotQuotes() {
      assertThat(failure("SELECT `x` FROM t").reason()).contains("`");
    }

    @Test
    void dollarParametersKeepTheirNumber() {
      final String sql = "SELECT * FROM users WHERE id = $2 AND (email = $1 OR alt = $1)";
      final List<SqlDynamicParam> found = params(parse(sql).node());
      assertThat(found).extracting(SqlDynamicParam::getIndex).containsExactly(1, 0, 0);
      assertThat(found).extracting(p -> text(sql, p)).containsExactly("$2", "$1", "$1");
    }

    @Test
    void dollarParametersAreNeverIdentifiers() {
      final String sql = "SELECT $12";
      assertThat(selectItem(sql, 0)).isInstanceOf(SqlDynamicParam.class);
      assertThat(((SqlDynamicParam) selectItem(sql, 0)).getIndex()).isEqualTo(11);
    }

    @Test
    void questionMarkStaysASequentialParameter() {
      final String sql = "SELECT ? , ?";
      assertThat(((SqlDynamicParam) selectItem(sql, 0)).getIndex()).isEqualTo(0);
      assertThat(((SqlDynamicParam) selectItem(sql, 1)).getIndex()).isEqualTo(1);
    }

    @Test
    void dollarZeroIsRejected() {
      assertThat(failure("SELECT $0").reason()).contains("no parameter $0");
    }

    @Test
    void identifiersMayContainDollarSigns() {
      final String sql = "SELECT a$b FROM t";
      assertThat(((SqlIdentifier) selectItem(sql, 0)).getSimple()).isEqualTo("a$b");
    }

    @Test
    void commonColumnNamesThatAreCalciteKeywordsStayIdentifiers() {
      final String sql = "SELECT name, type, value, year, date, time, timestamp, key, data, position,"
          + " count, status, level FROM t";
      final PgSelect select = node(sql);
      assertThat(select.getSelectList()).allMatch(n -> n instanceof SqlIdentifier);
    }
  }

  // ---------------------------------------------------------------- expressions

  @Nested
  class Expressions {

    @Test
    void intervalWithoutQualifier() {
      final String sql = "SELECT now() - interval '1 day'";
      final SqlBasicCall minus = (SqlBasicCall) selectItem(sql, 0);
      assertThat(text(sql, minus.operand(1))).isEqualTo("interval '1 day'");
    }

    @Test
    void infixCastToDate() {
      final String sql = "SELECT '2024-01-01'::date";
      final SqlBasicCall cast = (SqlBasicCall) selectItem(sql, 0);
      assertThat(cast.getOperator().getName()).isEqualTo("::");
      assertThat(text(sql, cast)).isEqualTo("'2024-01-01'::date");
      assertThat(text(sql, cast.operand(1))).isEqualTo("date");
    }

    @Test
    void infixCastToArrayType() {
      final String sql = "SELECT x::text[] FROM t";
      final SqlBasicCall cast = (SqlBasicCall) selectItem(sql, 0);
      assertThat((Object) cast.operand(1)).isInstanceOf(SqlDataTypeSpec.class);
      assertThat(text(sql, cast.operand(1))).isEqualTo("text[]");
    }

    @Test
    void castWithCalciteAndPostgresTypes() {
      final String sql = "SELECT CAST(x AS int), CAST(y AS varchar[]), z::timestamptz,"
          + " w::double precision, v::numeric(10,2), u::interval, b::bit(1)";
      final PgSelect select = node(sql);
      assertThat(select.getSelectList()).extracting(n -> text(sql, n)).containsExactly(
          "CAST(x AS int)", "CAST(y AS varchar[])", "z::timestamptz", "w::double precision",
          "v::numeric(10,2)", "u::interval", "b::bit(1)");
    }

    @Test
    void collateBindsToItsOperand() {
      final String sql = "SELECT * FROM t WHERE name COLLATE \"C\" < 'b'";
      final PgSelect select = node(sql);
      final SqlBasicCall lt = (SqlBasicCall) select.getWhere();
      assertThat(lt.getKind()).isEqualTo(SqlKind.LESS_THAN);
      assertThat(text(sql, lt.operand(0))).isEqualTo("name COLLATE \"C\"");
    }

    @Test
    void arrayConstructorAndSubscript() {
      final String sql = "SELECT ARRAY[1,2], arr[1] FROM t";
      assertThat(text(sql, selectItem(sql, 0))).isEqualTo("ARRAY[1,2]");
      final SqlBasicCall item = (SqlBasicCall) selectItem(sql, 1);
      assertThat(item.getKind()).isEqualTo(SqlKind.ITEM);
      assertThat(text(sql, item)).isEqualTo("arr[1]");
    }

    @Test
    void anyAndAllWithArraysAndSubqueries() {
      final String sql = "SELECT * FROM t WHERE a = ANY($1) AND b <> ALL(SELECT c FROM u)";
      final PgSelect select = node(sql);
      final SqlBasicCall and = (SqlBasicCall) select.getWhere();
      assertThat(text(sql, and.operand(0))).isEqualTo("a = ANY($1)");
      assertThat(text(sql, and.operand(1))).isEqualTo("b <> ALL(SELECT c FROM u)");
    }

    @Test
    void isDistinctFromIlikeRegexSimilarAndConcat() {
      final String sql = "SELECT a IS DISTINCT FROM b, a IS NOT DISTINCT FROM b, n ILIKE 'x%',"
          + " n ~ '^a', n ~* 'b', n !~ 'c', n !~* 'd', n SIMILAR TO 'e', 'a' || n";
      final PgSelect select = node(sql);
      assertThat(select.getSelectList()).extracting(n -> ((SqlCall) n).getOperator().getName())
          .containsExactly("IS DISTINCT FROM", "IS NOT DISTINCT FROM", "ILIKE",
              "POSIX REGEX CASE SENSITIVE", "POSIX REGEX CASE INSENSITIVE",
              "NEGATED POSIX REGEX CASE SENSITIVE", "NEGATED POSIX REGEX CASE INSENSITIVE",
              "SIMILAR TO", "||");
    }

    @Test
    void jsonbAndArrayOperators() {
      final String sql = "SELECT d->'a', d->>'a', d#>'{a}', d#>>'{a}', d@>'{}', d<@'{}',"
          + " d?'k', d?|ARRAY['k'], d?&ARRAY['k'], a&&b, d#-'{a}', v@@q FROM t";
      final PgSelect select = node(sql);
      assertThat(select.getSelectList()).extracting(n -> ((SqlCall) n).getOperator().getName())
          .containsExactly("->", "->>", "#>", "#>>", "@>", "<@", "?", "?|", "?&", "&&", "#-",
              "@@");
      assertThat(select.getSelectList()).extracting(n -> text(sql, n)).startsWith("d->'a'");
    }

    @Test
    void jsonbArrowIsNeverALambdaInFunctionArguments() {
      final String sql = "SELECT coalesce(doc->'name', doc->>'title') FROM t";
      final SqlBasicCall coalesce = (SqlBasicCall) selectItem(sql, 0);
      assertThat(((SqlCall) coalesce.operand(0)).getOperator().getName()).isEqualTo("->");
      assertThat(text(sql, coalesce.operand(1))).isEqualTo("doc->>'title'");
    }

    @Test
    void otherOperatorsBindTighterThanComparison() {
      final String sql = "SELECT * FROM t WHERE d->>'k' = 'v' AND tags @> $1";
      final PgSelect select = node(sql);
      final SqlBasicCall and = (SqlBasicCall) select.getWhere();
      final SqlBasicCall eq = (SqlBasicCall) and.operand(0);
      assertThat(eq.getKind()).isEqualTo(SqlKind.EQUALS);
      assertThat(text(sql, eq.operand(0))).isEqualTo("d->>'k'");
    }

    @Test
    void explicitOperatorSyntax() {
      final String sql = "SELECT * FROM t WHERE a OPERATOR(pg_catalog.~) 'x'";
      final PgSelect select = node(sql);
      final SqlBasicCall op = (SqlBasicCall) select.getWhere();
      assertThat(op.getOperator().getName()).isEqualTo("OPERATOR(pg_catalog.~)");
      assertThat(text(sql, op)).isEqualTo("a OPERATOR(pg_catalog.~) 'x'");
    }

    @Test
    void rowConstructors() {
      final String sql = "SELECT ROW(a, b), (a, b) = (1, 2) FROM t";
      final SqlBasicCall row = (SqlBasicCall) selectItem(sql, 0);
      assertThat(row.getKind()).isEqualTo(SqlKind.ROW);
      assertThat(text(sql, row)).isEqualTo("ROW(a, b)");
      final SqlBasicCall eq = (SqlBasicCall) selectItem(sql, 1);
      assertThat(text(sql, eq.operand(0))).isEqualTo("(a, b)");
    }

    @Test
    void namedFunctionArguments() {
      final String sql = "SELECT make_interval(days => 1)";
      final SqlBasicCall call = (SqlBasicCall) selectItem(sql, 0);
      assertThat(text(sql, call.operand(0))).isEqualTo("days => 1");
    }

    @Test
    void aggregateFilterWindowAndOrderedAggregate() {
      final String sql = "SELECT count(*) FILTER (WHERE x > 1), string_agg(name, ',' ORDER BY name),"
          + " row_number() OVER (PARTITION BY a ORDER BY b) FROM t";
      final PgSelect select = node(sql);
      assertThat(select.getSelectList()).extracting(n -> text(sql, n)).containsExactly(
          "count(*) FILTER (WHERE x > 1)", "string_agg(name, ',' ORDER BY name)",
          "row_number() OVER (PARTITION BY a ORDER BY b)");
    }

    @Test
    void dateTimeFunctions() {
      final String sql = "SELECT now(), current_timestamp, extract(epoch from created_at),"
          + " coalesce(a, b) FROM t";
      final PgSelect select = node(sql);
      assertThat(select.getSelectList()).extracting(n -> text(sql, n)).containsExactly(
          "now()", "current_timestamp", "extract(epoch from created_at)", "coalesce(a, b)");
    }

    @Test
    void columnDefinitionListsOfRecordFunctions() {
      final String sql = "SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(a int, b text[])";
      final PgSelect select = node(sql);
      final SqlCall as = (SqlCall) select.getFrom();
      assertThat(as.getOperandList().subList(2, 4)).extracting(n -> text(sql, n))
          .containsExactly("a int", "b text[]");
      assertThat(((SqlCall) as.operand(2)).getOperator()).isSameAs(PgOperators.COLUMN_DEFINITION);
    }

    @Test
    void lateralTableFunctionWithOrdinality() {
      final String sql = "SELECT * FROM products p CROSS JOIN LATERAL"
          + " jsonb_array_elements(p.attrs) WITH ORDINALITY AS a(elem, idx)";
      final PgSelect select = node(sql);
      final SqlJoin join = (SqlJoin) select.getFrom();
      assertThat(text(sql, join.getRight()))
          .isEqualTo("jsonb_array_elements(p.attrs) WITH ORDINALITY AS a(elem, idx)");
    }

    @Test
    void setReturningFunctionsAndLateralJoins() {
      final String sql = "SELECT * FROM generate_series(1, 3) g CROSS JOIN LATERAL"
          + " (SELECT * FROM u WHERE u.n = g LIMIT 1) x";
      final PgSelect select = node(sql);
      final SqlJoin join = (SqlJoin) select.getFrom();
      assertThat(text(sql, join.getLeft())).isEqualTo("generate_series(1, 3) g");
      assertThat(text(sql, join.getRight())).isEqualTo("(SELECT * FROM u WHERE u.n = g LIMIT 1) x");
    }
  }

  // ---------------------------------------------------------------- SELECT

  @Nested
  class Select {

    @Test
    void distinctOnListIncludesParentheses() {
      final String sql = "SELECT DISTINCT ON (user_id, day) * FROM orders";
      final PgSelect select = node(sql);
      assertThat(select.isDistinct()).isTrue();
      assertThat(text(sql, select.getDistinctOn())).isEqualTo("(user_id, day)");
      assertThat(select.getDistinctOn()).extracting(n -> text(sql, n))
          .containsExactly("user_id", "day");
    }

    @Test
    void distinctOnSurvivesParentheses() {
      final String sql = "SELECT * FROM (SELECT DISTINCT ON (a) a FROM t) x";
      final PgSelect outer = node(sql);
      final PgSelect inner = (PgSelect) ((SqlCall) outer.getFrom()).operand(0);
      assertThat(inner.getDistinctOn()).hasSize(1);
    }

    @Test
    void forUpdateAttachesToTheSelect() {
      final String sql = "SELECT * FROM jobs FOR UPDATE";
      final PgSelect select = node(sql);
      assertThat(select.getLockingClauses()).singleElement().satisfies(c -> {
        assertThat(c.strength()).isEqualTo(PgLockingClause.Strength.UPDATE);
        assertThat(c.waitPolicy()).isEqualTo(PgLockingClause.WaitPolicy.WAIT);
        assertThat(text(sql, c)).isEqualTo("FOR UPDATE");
      });
    }

    @Test
    void severalLockingClausesWithTablesAndWaitPolicies() {
      final String sql = "SELECT * FROM a JOIN b ON a.id = b.id ORDER BY a.id LIMIT 5"
          + " FOR NO KEY UPDATE OF a NOWAIT FOR SHARE OF b SKIP LOCKED FOR KEY SHARE";
      final SqlOrderBy orderBy = node(sql);
      final PgSelect select = (PgSelect) orderBy.query;
      assertThat(select.getLockingClauses()).extracting(PgLockingClause::strength).containsExactly(
          PgLockingClause.Strength.NO_KEY_UPDATE, PgLockingClause.Strength.SHARE,
          PgLockingClause.Strength.KEY_SHARE);
      assertThat(select.getLockingClauses()).extracting(PgLockingClause::waitPolicy)
          .containsExactly(PgLockingClause.WaitPolicy.NOWAIT,
              PgLockingClause.WaitPolicy.SKIP_LOCKED, PgLockingClause.WaitPolicy.WAIT);
      assertThat(text(sql, select.getLockingClauses().get(0))).isEqualTo("FOR NO KEY UPDATE OF a NOWAIT");
      assertThat(text(sql, select.getLockingClauses().get(1).ofTables())).isEqualTo("b");
    }

    @Test
    void lockingClauseMayPrecedeLimit() {
      final String sql = "SELECT id FROM jobs WHERE ready ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1";
      final SqlOrderBy orderBy = node(sql);
      assertThat(((PgSelect) orderBy.query).getLockingClauses()).hasSize(1);
      assertThat(text(sql, orderBy.fetch)).isEqualTo("1");
    }

    @Test
    void lockingInASubqueryAttachesToTheSubquery() {
      final String sql = "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs LIMIT 10 FOR UPDATE SKIP LOCKED)";
      final PgDelete delete = node(sql);
      assertThat(text(sql, delete.getWhere())).isEqualTo(
          "id IN (SELECT id FROM jobs LIMIT 10 FOR UPDATE SKIP LOCKED)");
    }

    @Test
    void lockingAUnionIsRejected() {
      assertThat(failure("SELECT 1 UNION SELECT 2 FOR UPDATE").reason()).contains("UNION");
    }

    @Test
    void limitAndOffsetInPostgresOrder() {
      final String sql = "SELECT * FROM t ORDER BY a LIMIT 10 OFFSET $1";
      final SqlOrderBy orderBy = node(sql);
      assertThat(text(sql, orderBy.fetch)).isEqualTo("10");
      assertThat(text(sql, orderBy.offset)).isEqualTo("$1");
      assertThat(text(sql, orderBy)).isEqualTo(sql);
    }

    @Test
    void limitAll() throws PgParseException {
      final String sql = "SELECT * FROM t LIMIT ALL";
      final ParsedStatement statement = PgSqlParser.parseSingle(sql);
      // LIMIT ALL is no limit: the tree is the bare SELECT, the statement range covers it all
      assertThat(statement.node()).isInstanceOf(PgSelect.class);
      assertThat(sql.substring(statement.startOffset(), statement.endOffset())).isEqualTo(sql);
    }

    @Test
    void offsetRowsFetchFirstRowsOnly() {
      final String sql = "select u1_0.id from users u1_0 offset $1 rows fetch first $2 rows only";
      final SqlOrderBy orderBy = node(sql);
      assertThat(((SqlDynamicParam) orderBy.offset).getIndex()).isEqualTo(0);
      assertThat(((SqlDynamicParam) orderBy.fetch).getIndex()).isEqualTo(1);
    }

    @Test
    void selectListItemsAndAliasesMapToText() {
      final String sql = "SELECT u.id AS \"userId\", lower(u.email) e, 1 + 2 FROM users u";
      final PgSelect select = node(sql);
      assertThat(select.getSelectList()).extracting(n -> text(sql, n)).containsExactly(
          "u.id AS \"userId\"", "lower(u.email) e", "1 + 2");
      assertThat(text(sql, select.getSelectList())).isEqualTo("u.id AS \"userId\", lower(u.email) e, 1 + 2");
    }
  }

  // ---------------------------------------------------------------- INSERT

  @Nested
  class Insert {

    @Test
    void multiRowValuesWithDefault() {
      final String sql = "INSERT INTO users (id, email) VALUES ($1, $2), (DEFAULT, 'x')";
      final PgInsert insert = node(sql);
      assertThat(insert.getTargetTable().names).containsExactly("users");
      assertThat(text(sql, insert.getTargetColumnList())).isEqualTo("(id, email)");
      final SqlBasicCall values = (SqlBasicCall) insert.getSource();
      assertThat(values.getKind()).isEqualTo(SqlKind.VALUES);
      assertThat(values.getOperandList()).extracting(n -> text(sql, n))
          .containsExactly("($1, $2)", "(DEFAULT, 'x')");
      final SqlBasicCall second = (SqlBasicCall) values.operand(1);
      assertThat(second.operand(0).getKind()).isEqualTo(SqlKind.DEFAULT);
      assertThat(text(sql, insert)).isEqualTo(sql);
    }

    @Test
    void defaultValues() {
      final String sql = "INSERT INTO audit DEFAULT VALUES RETURNING id";
      final PgInsert insert = node(sql);
      assertThat(insert.isDefaultValues()).isTrue();
      assertThat(insert.getSource()).isNull();
      assertThat(text(sql, insert.getReturningList())).isEqualTo("id");
    }

    @Test
    void targetAlias() {
      final String sql = "INSERT INTO users AS u (email) VALUES ('a') ON CONFLICT (email)"
          + " DO UPDATE SET email = u.email";
      final PgInsert insert = node(sql);
      assertThat(insert.getAlias().getSimple()).isEqualTo("u");
      assertThat(text(sql, insert.getAlias())).isEqualTo("u");
    }

    @Test
    void insertSelect() {
      final String sql = "INSERT INTO archive (id, total) SELECT id, total FROM orders WHERE done";
      final PgInsert insert = node(sql);
      assertThat(insert.getSource()).isInstanceOf(PgSelect.class);
      assertThat(text(sql, insert.getSource())).isEqualTo("SELECT id, total FROM orders WHERE done");
    }

    @Test
    void onConflictDoNothingWithoutTarget() {
      final String sql = "INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING";
      final PgOnConflict conflict = ((PgInsert) node(sql)).getOnConflict();
      assertThat(conflict.doNothing()).isTrue();
      assertThat(conflict.getConflictTarget()).isNull();
      assertThat(text(sql, conflict)).isEqualTo("ON CONFLICT DO NOTHING");
    }

    @Test
    void onConflictColumnsWithIndexPredicate() {
      final String sql = "INSERT INTO t (a) VALUES (1) ON CONFLICT (a, lower(b)) WHERE deleted_at IS NULL"
          + " DO NOTHING";
      final PgOnConflict conflict = ((PgInsert) node(sql)).getOnConflict();
      assertThat(text(sql, conflict.getConflictTarget())).isEqualTo("(a, lower(b))");
      assertThat(text(sql, conflict.getIndexPredicate())).isEqualTo("deleted_at IS NULL");
    }

    @Test
    void onConflictOnConstraint() {
      final String sql = "INSERT INTO t (a) VALUES (1) ON CONFLICT ON CONSTRAINT t_pkey DO NOTHING";
      final PgOnConflict conflict = ((PgInsert) node(sql)).getOnConflict();
      assertThat(conflict.getConstraintName().getSimple()).isEqualTo("t_pkey");
      assertThat(text(sql, conflict.getConstraintName())).isEqualTo("t_pkey");
    }

    @Test
    void onConflictDoUpdateWithExcludedAndWhere() {
      final String sql = "INSERT INTO users (id, email) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE"
          + " SET email = EXCLUDED.email, (a, b) = (EXCLUDED.a, 2) WHERE users.email <> EXCLUDED.email";
      final PgOnConflict conflict = ((PgInsert) node(sql)).getOnConflict();
      assertThat(conflict.doNothing()).isFalse();
      assertThat(conflict.getUpdates()).extracting(c -> text(sql, c)).containsExactly(
          "email = EXCLUDED.email", "(a, b) = (EXCLUDED.a, 2)");
      final PgSetClause first = conflict.getUpdates().get(0);
      assertThat(((SqlIdentifier) first.getValue()).names).containsExactly("excluded", "email");
      assertThat(text(sql, conflict.getUpdateWhere())).isEqualTo("users.email <> EXCLUDED.email");
      assertThat(text(sql, conflict.getUpdateList()))
          .isEqualTo("email = EXCLUDED.email, (a, b) = (EXCLUDED.a, 2)");
    }

    @Test
    void returningStarExpressionsAndAliases() {
      final String sql = "INSERT INTO t (a) VALUES (1) RETURNING *, a + 1 AS b, lower(c) d";
      final PgInsert insert = node(sql);
      assertThat(insert.getReturningList()).extracting(n -> text(sql, n))
          .containsExactly("*", "a + 1 AS b", "lower(c) d");
      assertThat(text(sql, insert.getReturningList())).isEqualTo("*, a + 1 AS b, lower(c) d");
    }
  }

  // ---------------------------------------------------------------- UPDATE / DELETE

  @Nested
  class UpdateAndDelete {

    @Test
    void updateSetClausesMapToText() {
      final String sql = "UPDATE users SET email = lower($1), name = DEFAULT WHERE id = $2";
      final PgUpdate update = node(sql);
      assertThat(update.getSetClauses()).extracting(c -> text(sql, c))
          .containsExactly("email = lower($1)", "name = DEFAULT");
      final PgSetClause first = update.getSetClauses().get(0);
      assertThat(first.isMultiColumn()).isFalse();
      assertThat(first.getTargetColumn().getSimple()).isEqualTo("email");
      assertThat(text(sql, first.getValue())).isEqualTo("lower($1)");
      assertThat(update.getSetClauses().get(1).getValue().getKind()).isEqualTo(SqlKind.DEFAULT);
      assertThat(text(sql, update.getSetList())).isEqualTo("email = lower($1), name = DEFAULT");
      assertThat(text(sql, update.getWhere())).isEqualTo("id = $2");
    }

    @Test
    void updateMultiColumnAssignments() {
      final String sql = "UPDATE t SET (a, b) = (1, 2), (c, d) = ROW(3, 4),"
          + " (e, f) = (SELECT x, y FROM u WHERE u.id = t.id)";
      final PgUpdate update = node(sql);
      assertThat(update.getSetClauses()).allMatch(PgSetClause::isMultiColumn);
      assertThat(update.getSetClauses()).extracting(c -> text(sql, c.getTargetColumns()))
          .containsExactly("(a, b)", "(c, d)", "(e, f)");
      assertThat(update.getSetClauses()).extracting(c -> text(sql, c.getValue())).containsExactly(
          "(1, 2)", "ROW(3, 4)", "(SELECT x, y FROM u WHERE u.id = t.id)");
      assertThat(update.getSetClauses().get(2).getValue()).isInstanceOf(SqlSelect.class);
    }

    @Test
    void updateWithAliasFromAndReturning() {
      final String sql = "UPDATE users AS u SET total = o.total FROM orders o, items i"
          + " WHERE o.user_id = u.id RETURNING u.id, o.total";
      final PgUpdate update = node(sql);
      assertThat(update.getAlias().getSimple()).isEqualTo("u");
      assertThat(text(sql, update.getFrom())).isEqualTo("orders o, items i");
      assertThat(text(sql, update.getReturningList())).isEqualTo("u.id, o.total");
      assertThat(text(sql, update)).isEqualTo(sql);
    }

    @Test
    void updateAliasWithoutAs() {
      final String sql = "UPDATE users u SET name = 'x'";
      final PgUpdate update = node(sql);
      assertThat(text(sql, update.getAlias())).isEqualTo("u");
    }

    @Test
    void deleteWithUsingWhereAndReturning() {
      final String sql = "DELETE FROM orders AS o USING users u WHERE u.id = o.user_id AND u.banned"
          + " RETURNING o.*";
      final PgDelete delete = node(sql);
      assertThat(delete.getTargetTable().getSimple()).isEqualTo("orders");
      assertThat(delete.getAlias().getSimple()).isEqualTo("o");
      assertThat(text(sql, delete.getUsing())).isEqualTo("users u");
      assertThat(text(sql, delete.getWhere())).isEqualTo("u.id = o.user_id AND u.banned");
      assertThat(text(sql, delete.getReturningList())).isEqualTo("o.*");
    }

    @Test
    void deleteAliasWithoutAs() {
      final String sql = "DELETE FROM orders o WHERE o.id = 1";
      assertThat(((PgDelete) node(sql)).getAlias().getSimple()).isEqualTo("o");
    }
  }

  // ---------------------------------------------------------------- WITH

  @Nested
  class With {

    @Test
    void dataModifyingCte() {
      final String sql = "WITH moved AS (DELETE FROM orders WHERE done RETURNING *)"
          + " INSERT INTO archive SELECT * FROM moved";
      final SqlWith with = node(sql);
      final SqlWithItem item = (SqlWithItem) with.withList.get(0);
      assertThat(item.query).isInstanceOf(PgDelete.class);
      assertThat(text(sql, item)).isEqualTo("moved AS (DELETE FROM orders WHERE done RETURNING *)");
      assertThat(text(sql, item.query)).isEqualTo("DELETE FROM orders WHERE done RETURNING *");
      assertThat(with.body).isInstanceOf(PgInsert.class);
      assertThat(text(sql, with)).isEqualTo(sql);
    }

    @Test
    void withInFrontOfUpdateAndDelete() {
      final String update = "WITH x AS (SELECT 1 AS a) UPDATE t SET a = x.a FROM x";
      assertThat(((SqlWith) node(update)).body).isInstanceOf(PgUpdate.class);
      final String delete = "WITH x AS (SELECT 1 AS a) DELETE FROM t USING x WHERE t.a = x.a";
      assertThat(((SqlWith) node(delete)).body).isInstanceOf(PgDelete.class);
    }

    @Test
    void severalDataModifyingCtesFeedingASelect() {
      final String sql = "WITH u AS (UPDATE users SET n = n + 1 RETURNING id),"
          + " i AS (INSERT INTO log (uid) SELECT id FROM u RETURNING uid) SELECT count(*) FROM i";
      final SqlWith with = node(sql);
      assertThat(with.withList).extracting(n -> ((SqlWithItem) n).query.getClass().getSimpleName())
          .containsExactly("PgUpdate", "PgInsert");
    }

    @Test
    void recursive() {
      final String sql = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 9)"
          + " SELECT n FROM r";
      final SqlWith with = node(sql);
      final SqlWithItem item = (SqlWithItem) with.withList.get(0);
      assertThat(item.recursive.booleanValue()).isTrue();
      assertThat(text(sql, item.columnList)).isEqualTo("(n)");
    }

    @Test
    void materializedHints() {
      final String sql = "WITH a AS MATERIALIZED (SELECT 1), b AS NOT MATERIALIZED (SELECT 2)"
          + " SELECT * FROM a, b";
      assertThat(((SqlWith) node(sql)).withList).hasSize(2);
    }

    @Test
    void withInsideInsertSource() {
      final String sql = "INSERT INTO t (a) WITH x AS (SELECT 1) SELECT * FROM x";
      final PgInsert insert = node(sql);
      assertThat(insert.getSource()).isInstanceOf(SqlWith.class);
    }
  }

  // ---------------------------------------------------------------- other statements

  @Nested
  class TransactionAndSession {

    @Test
    void transactionControl() throws PgParseException {
      final String sql = "BEGIN; START TRANSACTION ISOLATION LEVEL SERIALIZABLE; SAVEPOINT s1;"
          + " RELEASE SAVEPOINT s1; RELEASE s2; ROLLBACK TO SAVEPOINT s1; ROLLBACK TO s3;"
          + " ROLLBACK; COMMIT; END";
      final List<ParsedStatement> statements = PgSqlParser.parseScript(sql);
      assertThat(statements).extracting(s -> ((PgTransactionStatement) s.node()).kind())
          .containsExactly(PgTransactionStatement.Kind.BEGIN, PgTransactionStatement.Kind.BEGIN,
              PgTransactionStatement.Kind.SAVEPOINT, PgTransactionStatement.Kind.RELEASE_SAVEPOINT,
              PgTransactionStatement.Kind.RELEASE_SAVEPOINT,
              PgTransactionStatement.Kind.ROLLBACK_TO_SAVEPOINT,
              PgTransactionStatement.Kind.ROLLBACK_TO_SAVEPOINT,
              PgTransactionStatement.Kind.ROLLBACK, PgTransactionStatement.Kind.COMMIT,
              PgTransactionStatement.Kind.COMMIT);
      final PgTransactionStatement rollbackTo =
          (PgTransactionStatement) statements.get(5).node();
      assertThat(rollbackTo.savepointName().getSimple()).isEqualTo("s1");
      assertThat(rollbackTo.text()).isEqualTo("ROLLBACK TO SAVEPOINT s1");
      assertThat(((PgTransactionStatement) statements.get(1).node()).text())
          .isEqualTo("START TRANSACTION ISOLATION LEVEL SERIALIZABLE");
    }

    @Test
    void sessionStatements() throws PgParseException {
      final String sql = "SET search_path TO public, \"$user\"; SET SESSION statement_timeout = 5000;"
          + " SET LOCAL lock_timeout = '1s'; SET TIME ZONE 'UTC'; SHOW server_version;"
          + " RESET ALL; RESET work_mem; DISCARD ALL";
      final List<ParsedStatement> statements = PgSqlParser.parseScript(sql);
      assertThat(statements).extracting(s -> ((PgSessionStatement) s.node()).kind())
          .containsExactly(PgSessionStatement.Kind.SET, PgSessionStatement.Kind.SET,
              PgSessionStatement.Kind.SET, PgSessionStatement.Kind.SET,
              PgSessionStatement.Kind.SHOW, PgSessionStatement.Kind.RESET,
              PgSessionStatement.Kind.RESET, PgSessionStatement.Kind.DISCARD);
      final PgSessionStatement first = (PgSessionStatement) statements.get(0).node();
      assertThat(first.name().getSimple()).isEqualTo("search_path");
      assertThat(first.text()).isEqualTo("SET search_path TO public, \"$user\"");
      assertThat(((PgSessionStatement) statements.get(3).node()).name().getSimple())
          .isEqualTo("timezone");
      assertThat(((PgSessionStatement) statements.get(5).node()).name()).isNull();
    }
  }

  // ---------------------------------------------------------------- cursors

  @Nested
  class Cursors {

    @Test
    void declareTakesPostgresqlsOptionsInAnyOrderAndKeepsTheQuery() throws PgParseException {
      final String sql = "DECLARE \"_django_curs_1\" NO SCROLL CURSOR WITHOUT HOLD FOR SELECT id FROM users;"
          + " declare c binary insensitive scroll cursor with hold for values (1), (2);"
          + " DECLARE d ASENSITIVE CURSOR FOR WITH u AS (SELECT 1) SELECT * FROM u ORDER BY 1 FOR UPDATE";
      final List<ParsedStatement> statements = PgSqlParser.parseScript(sql);
      assertThat(statements).extracting(ParsedStatement::node).allMatch(n -> n instanceof PgDeclareCursor);
      final PgDeclareCursor django = (PgDeclareCursor) statements.get(0).node();
      assertThat(django.name().getSimple()).isEqualTo("_django_curs_1");
      assertThat(django.query()).isInstanceOf(SqlSelect.class);
      assertThat(((PgDeclareCursor) statements.get(1).node()).query().getKind()).isEqualTo(SqlKind.VALUES);
      assertThat(((PgDeclareCursor) statements.get(2).node()).name().getSimple()).isEqualTo("d");
    }

    @Test
    void updateAndDeleteWhereCurrentOfNameTheCursorNotAColumn() throws PgParseException {
      final PgUpdate update = (PgUpdate) PgSqlParser.parseSingle(
          "UPDATE users SET email = $1 WHERE CURRENT OF c").node();
      final SqlCall currentOf = (SqlCall) update.getWhere();
      assertThat(currentOf.getOperator()).isSameAs(PgOperators.CURRENT_OF);
      assertThat(((SqlIdentifier) currentOf.operand(0)).getSimple()).isEqualTo("c");
      final PgDelete delete = (PgDelete) PgSqlParser.parseSingle(
          "DELETE FROM users WHERE CURRENT OF \"my cursor\" RETURNING id").node();
      assertThat(((SqlIdentifier) ((SqlCall) delete.getWhere()).operand(0)).getSimple())
          .isEqualTo("my cursor");
      // CURRENT starts other expressions too: they still parse as conditions.
      final PgUpdate sequence = (PgUpdate) PgSqlParser.parseSingle(
          "UPDATE users SET email = 'x' WHERE CURRENT_DATE > created_at").node();
      assertThat(sequence.getWhere().getKind()).isEqualTo(SqlKind.GREATER_THAN);
    }

    @Test
    void declareWithoutCursorOrQueryIsASyntaxError() {
      assertThat(failure("DECLARE c FOR SELECT 1").reason()).isEqualTo("syntax error at or near \"FOR\"");
      assertThat(failure("DECLARE c CURSOR FOR").reason()).isEqualTo("syntax error at end of input");
      assertThat(failure("DECLARE c CURSOR FOR UPDATE t SET a = 1").reason())
          .isEqualTo("syntax error at or near \"UPDATE\"");
    }
  }

  // ---------------------------------------------------------------- tables filled from a query

  @Nested
  class TablesFromAQuery {

    @Test
    void createTableAsKeepsTheNameTheColumnsAndTheQuery() throws PgParseException {
      final String sql = "CREATE TABLE copy AS SELECT * FROM users;"
          + " create global temporary table if not exists s.t (a, b) as select 1, 2 with no data;"
          + " CREATE UNLOGGED TABLE u AS VALUES (1);"
          + " CREATE MATERIALIZED VIEW mv AS WITH x AS (SELECT 1) SELECT * FROM x WITH DATA";
      final List<ParsedStatement> statements = PgSqlParser.parseScript(sql);
      assertThat(statements).extracting(ParsedStatement::node).allMatch(n -> n instanceof PgCreateTableAs);
      final PgCreateTableAs copy = (PgCreateTableAs) statements.get(0).node();
      assertThat(copy.name().getSimple()).isEqualTo("copy");
      assertThat(copy.columns()).isNull();
      assertThat(copy.isMaterializedView()).isFalse();
      final PgCreateTableAs temp = (PgCreateTableAs) statements.get(1).node();
      assertThat(temp.name().names).containsExactly("s", "t");
      assertThat(temp.columns()).hasSize(2);
      assertThat(((PgCreateTableAs) statements.get(2).node()).query().getKind()).isEqualTo(SqlKind.VALUES);
      assertThat(((PgCreateTableAs) statements.get(3).node()).isMaterializedView()).isTrue();
    }

    @Test
    void selectIntoKeepsTheTableOnTheSelect() throws PgParseException {
      final SqlOrderBy ordered = (SqlOrderBy) PgSqlParser.parseSingle(
          "SELECT * INTO TEMP TABLE s.copy FROM users ORDER BY id").node();
      final PgSelect select = (PgSelect) ordered.query;
      assertThat(select.getInto()).isNotNull();
      assertThat(select.getInto().table().names).containsExactly("s", "copy");
      assertThat(select.getFrom()).isNotNull();
      final PgSelect plain = (PgSelect) PgSqlParser.parseSingle("select id into unlogged t from users").node();
      assertThat(plain.getInto().table().getSimple()).isEqualTo("t");
      assertThat(((PgSelect) PgSqlParser.parseSingle("SELECT 1").node()).getInto()).isNull();
    }

    @Test
    void otherCreateStatementsDoNotParse() {
      assertThat(failure("CREATE TABLE t (id int)").reason()).isEqualTo("syntax error at or near \"int\"");
      assertThat(failure("CREATE TABLE t WITH (fillfactor = 70) AS SELECT 1").reason())
          .isEqualTo("syntax error at or near \"WITH\"");
    }
  }

  // ---------------------------------------------------------------- prepared statements

  @Nested
  class PreparedStatements {

    @Test
    void prepareKeepsTheNameTheTypesAndTheStatement() throws PgParseException {
      final String sql = "PREPARE user_by_id(bigint, text[], varchar(20)) AS SELECT * FROM users WHERE id = $1;"
          + " prepare \"Up\" as update users set email = $1 where id = $2 returning *;"
          + " PREPARE w AS WITH m AS (DELETE FROM users WHERE id = 1 RETURNING id) SELECT count(*) FROM m;"
          + " PREPARE v AS VALUES (1)";
      final List<ParsedStatement> statements = PgSqlParser.parseScript(sql);
      assertThat(statements).extracting(ParsedStatement::node).allMatch(n -> n instanceof PgPrepare);
      final PgPrepare byId = (PgPrepare) statements.get(0).node();
      assertThat(byId.name().getSimple()).isEqualTo("user_by_id");
      assertThat(byId.parameterTypes()).hasSize(3);
      assertThat(byId.statement()).isInstanceOf(SqlSelect.class);
      final PgPrepare up = (PgPrepare) statements.get(1).node();
      assertThat(up.name().getSimple()).isEqualTo("Up");
      assertThat(up.parameterTypes()).isEmpty();
      assertThat(up.statement()).isInstanceOf(PgUpdate.class);
      assertThat(((PgPrepare) statements.get(2).node()).statement().getKind()).isEqualTo(SqlKind.WITH);
      assertThat(((PgPrepare) statements.get(3).node()).statement().getKind()).isEqualTo(SqlKind.VALUES);
    }

    @Test
    void prepareWithoutAsOrStatementIsASyntaxError() {
      assertThat(failure("PREPARE p SELECT 1").reason()).isEqualTo("syntax error at or near \"SELECT\"");
      assertThat(failure("PREPARE p AS").reason()).isEqualTo("syntax error at end of input");
      assertThat(failure("PREPARE p () AS SELECT 1").reason()).isEqualTo("syntax error at or near \")\"");
    }
  }

  // ---------------------------------------------------------------- scripts and positions

  @Nested
  class ScriptsAndPositions {

    @Test
    void scriptStatementsCarryTheirOwnRanges() throws PgParseException {
      final String sql = "  SELECT 1;\n;  -- c\nUPDATE t SET a = 1 ;DELETE FROM t;";
      final List<ParsedStatement> statements = PgSqlParser.parseScript(sql);
      assertThat(statements).extracting(s -> sql.substring(s.startOffset(), s.endOffset()))
          .containsExactly("SELECT 1", "UPDATE t SET a = 1", "DELETE FROM t");
    }

    @Test
    void emptyScriptHasNoStatements() throws PgParseException {
      assertThat(PgSqlParser.parseScript(" ; -- nothing\n /* at all */ ;")).isEmpty();
    }

    @Test
    void parseSingleRejectsTwoStatements() {
      assertThatThrownBy(() -> PgSqlParser.parseSingle("SELECT 1; SELECT 2"))
          .isInstanceOf(PgParseException.class)
          .hasMessageContaining("expected one statement");
    }

    @Test
    void positionsCountCrLfAndTabsAsPostgresTextDoes() {
      final String sql = "SELECT\r\n\ta,\r\t\"B\"\n\tFROM\tt\r\nWHERE x = $1";
      final PgSelect select = node(sql);
      assertThat(select.getSelectList()).extracting(n -> text(sql, n)).containsExactly("a", "\"B\"");
      assertThat(text(sql, select.getWhere())).isEqualTo("x = $1");
      assertThat(text(sql, select.getFrom())).isEqualTo("t");
    }

    @Test
    void positionsCountUtf16Units() {
      final String sql = "SELECT '😀é', \"名前\" FROM t";
      final PgSelect select = node(sql);
      assertThat(select.getSelectList()).extracting(n -> text(sql, n))
          .containsExactly("'😀é'", "\"名前\"");
    }

    @Test
    void multiLineStatementMapsBack() {
      final String sql = "UPDATE users\n   SET email = $1,\n       email_lower = lower($1)\n WHERE id = $2\n";
      final PgUpdate update = node(sql);
      assertThat(update.getSetClauses()).extracting(c -> text(sql, c))
          .containsExactly("email = $1", "email_lower = lower($1)");
      assertThat(text(sql, update)).isEqualTo(sql.strip());
    }
  }

  // ---------------------------------------------------------------- trees

  @Nested
  class Trees {

    @Test
    void visitorsReachEveryExpressionOfDmlNodes() {
      final String sql = "WITH x AS (DELETE FROM t WHERE a = $1 RETURNING $2 AS b)"
          + " INSERT INTO u (c) SELECT b FROM x ON CONFLICT (c) DO UPDATE SET c = $3"
          + " WHERE u.c <> $4 RETURNING $5";
      assertThat(params(parse(sql).node())).extracting(SqlDynamicParam::getIndex)
          .containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }

    @Test
    void rebuildingThroughOperatorsKeepsNodeTypes() {
      final String sql = "UPDATE users SET (a, b) = (1, 2) WHERE id = 1 RETURNING id";
      final PgUpdate update = node(sql);
      final SqlNode rebuilt = update.accept(new org.apache.calcite.sql.util.SqlShuttle() {
        @Override
        public SqlNode visit(SqlIdentifier id) {
          return id.getSimple().equals("id") ? new SqlIdentifier("key", id.getParserPosition()) : id;
        }
      });
      assertThat(rebuilt).isInstanceOf(PgUpdate.class);
      final PgUpdate copy = (PgUpdate) rebuilt;
      assertThat(copy.getSetClauses()).singleElement().satisfies(c -> assertThat(c.isMultiColumn()).isTrue());
      assertThat(copy.getWhere().toString()).contains("key");
      assertThat(update.clone(update.getParserPosition())).isInstanceOf(PgUpdate.class);
    }
  }

  // ---------------------------------------------------------------- errors

  @Nested
  class Errors {

    @Test
    void syntaxErrorsNameTokenLineColumnAndOffset() {
      final PgParseException e = failure("SELECT a\nFORM t");
      assertThat(e.reason()).isEqualTo("syntax error at or near \"t\"");
      assertThat(e.line()).isEqualTo(2);
      assertThat(e.column()).isEqualTo(6);
      assertThat(e.offset()).isEqualTo(14);
    }

    @Test
    void errorAtEndOfInput() {
      final PgParseException e = failure("SELECT a FROM");
      assertThat(e.reason()).isEqualTo("syntax error at end of input");
    }

    @Test
    void unterminatedDollarQuote() {
      final PgParseException e = failure("SELECT $x$ abc");
      assertThat(e.reason()).contains("unterminated dollar-quoted string");
      assertThat(e.offset()).isEqualTo(7);
    }

    @Test
    void unterminatedComment() {
      assertThat(failure("SELECT 1 /* a /* b */").reason()).contains("unterminated /* comment");
    }

    @Test
    void unterminatedQuotedIdentifier() {
      assertThat(failure("SELECT \"abc").reason()).contains("unterminated quoted identifier");
    }

    @Test
    void strayDollarSign() {
      assertThat(failure("SELECT $ FROM t").reason()).contains("\"$\"");
    }

    @Test
    void unsupportedStatementIsAnErrorNotAGuess() {
      assertThat(failure("VACUUM users")).isNotNull();
      assertThat(failure("SELECT * FROM t WHERE a = ")).isNotNull();
    }
  }
}
