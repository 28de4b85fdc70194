/*
 * Build-time tool, run by exec-maven-plugin with the Java source launcher
 * (java PatchParserTemplate.java IN OUT); not part of the module's classes.
 *
 * Calcite's Parser.jj has extension points for statements, literals, binary operators and
 * keywords, but none inside SELECT (for DISTINCT ON), after ORDER BY/LIMIT (for FOR UPDATE) or
 * in the dynamic-parameter production (for $n). This tool applies a short, fixed list of
 * textual patches to the template unpacked from calcite-core. Each patch names the exact text
 * it replaces and must match exactly once, so a Calcite upgrade that moves the text fails the
 * build here, loudly, instead of producing a parser that silently lacks a feature.
 */

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

public final class PatchParserTemplate {

  private PatchParserTemplate() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: PatchParserTemplate <in Parser.jj> <out Parser.jj>");
    }
    String text = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);

    // 1. $n parameters keep their number: $1 -> SqlDynamicParam(0).
    text = replaceOnce(text, "dynamic parameter $n",
        "    <HOOK> {\n"
            + "        return new SqlDynamicParam(nDynamicParams++, getPos());\n"
            + "    }\n",
        "    <HOOK> {\n"
            + "        return new SqlDynamicParam(nDynamicParams++, getPos());\n"
            + "    }\n"
            + "|\n"
            + "    <PG_PARAM> {\n"
            + "        return pgParam();\n"
            + "    }\n");

    // 2. SELECT DISTINCT ON (...): parsed right after DISTINCT; every SELECT becomes a PgSelect.
    text = replaceOnce(text, "SqlSelect variables",
        "    final List<SqlNode> hints = new ArrayList<SqlNode>();\n"
            + "    final Span s;\n"
            + "}\n"
            + "{\n"
            + "    <SELECT> { s = span(); }\n",
        "    final List<SqlNode> hints = new ArrayList<SqlNode>();\n"
            + "    final Span s;\n"
            + "    SqlNodeList distinctOn = null;\n"
            + "    PgSelectInto into = null;\n"
            + "}\n"
            + "{\n"
            + "    <SELECT> { s = span(); }\n");
    text = replaceOnce(text, "DISTINCT ON",
        "    (\n"
            + "        keyword = AllOrDistinct() { keywords.add(keyword); }\n"
            + "    )?\n",
        "    (\n"
            + "        keyword = AllOrDistinct() { keywords.add(keyword); }\n"
            + "        [ distinctOn = PgDistinctOn(keyword) ]\n"
            + "    )?\n");
    // 2b. SELECT … INTO [TEMP | UNLOGGED] [TABLE] name: PostgreSQL's CREATE TABLE AS, after the
    //     select list; attached to the SELECT it creates a table from.
    text = replaceOnce(text, "SELECT INTO",
        "    AddSelectItem(selectList)\n"
            + "    ( <COMMA> AddSelectItem(selectList) )*\n",
        "    AddSelectItem(selectList)\n"
            + "    ( <COMMA> AddSelectItem(selectList) )*\n"
            + "    [ into = PgSelectInto() ]\n");
    text = replaceOnce(text, "SELECT INTO attached",
        "        SqlByRewriter.rewrite(select, by);\n",
        "        if (into != null) {\n"
            + "            ((PgSelect) select).attachInto(into);\n"
            + "        }\n"
            + "        SqlByRewriter.rewrite(select, by);\n");
    text = replaceOnce(text, "PgSelect construction",
        "        final SqlSelect select = new SqlSelect(s.end(this), keywordList,\n",
        "        final SqlSelect select = new PgSelect(s.end(this), distinctOn, keywordList,\n");

    // 3. Locking clauses (FOR UPDATE ...) before or after LIMIT/OFFSET/FETCH, attached to the
    //    SELECT they lock; and an ORDER BY/LIMIT wrapper whose position spans the whole query
    //    instead of only its last token.
    text = replaceOnce(text, "OrderByLimitOpt variables",
        "    final Span s = Span.of();\n"
            + "    SqlNode[] offsetFetch = {null, null};\n"
            + "}\n",
        "    final Span s = Span.of();\n"
            + "    SqlNode[] offsetFetch = {null, null};\n"
            + "    final List<PgLockingClause> locks = new ArrayList<PgLockingClause>();\n"
            + "}\n");
    text = replaceOnce(text, "locking clauses before LIMIT",
        "    |   { orderBy = null; }\n"
            + "    )\n"
            + "    [\n"
            + "        LimitClause(s, offsetFetch)\n",
        "    |   { orderBy = null; }\n"
            + "    )\n"
            + "    ( PgLockingClause(locks) )*\n"
            + "    [\n"
            + "        LimitClause(s, offsetFetch)\n");
    text = replaceOnce(text, "locking clauses after LIMIT",
        "    |\n"
            + "        FetchClause(offsetFetch)\n"
            + "    ]\n"
            + "    {\n"
            + "        if (orderBy != null || offsetFetch[0] != null || offsetFetch[1] != null) {\n",
        "    |\n"
            + "        FetchClause(offsetFetch)\n"
            + "    ]\n"
            + "    ( PgLockingClause(locks) )*\n"
            + "    {\n"
            + "        pgAttachLocking(e, locks);\n"
            + "        if (orderBy != null || offsetFetch[0] != null || offsetFetch[1] != null) {\n");
    text = replaceOnce(text, "SqlOrderBy position",
        "            return new SqlOrderBy(getPos(), e,\n",
        "            return new SqlOrderBy(Span.of(e).end(this), e,\n");

    // 4. WITH and WITH items span their whole text, not only the WITH list / the item name.
    text = replaceOnce(text, "SqlWith position",
        "        : new SqlWith(withList.getParserPosition(), withList, e);\n",
        "        : new SqlWith(withList.getParserPosition().plus(e.getParserPosition()), withList, e);\n");
    text = replaceOnce(text, "SqlWithItem position",
        "    { list.add(new SqlWithItem(id.getParserPosition(), id, columnList, definition, recursive)); }\n",
        "    { list.add(new SqlWithItem(Span.of(id).end(this), id, columnList, definition, recursive)); }\n");

    // 5. PostgreSQL array types: int[], text[][], varchar(10)[3] (in CAST and after ::).
    text = replaceOnce(text, "array type suffix",
        "    (\n"
            + "        typeName = CollectionsTypeName(typeName)\n"
            + "    )*\n",
        "    (\n"
            + "        typeName = CollectionsTypeName(typeName)\n"
            + "    |\n"
            + "        typeName = PgArrayTypeSuffix(typeName)\n"
            + "    )*\n");

    // 6. PostgreSQL has no lambdas: "f(doc -> 'k')" is the jsonb operator ->, never a lambda.
    text = replaceExactly(text, "no lambda arguments", 2,
        "        LOOKAHEAD((SimpleIdentifierOrList() | <LPAREN> <RPAREN>) <LAMBDA>)\n"
            + "        e = LambdaExpression()\n"
            + "    |\n",
        "");

    // 7. PostgreSQL intervals need no qualifier: interval '1 day', interval '2 hours 3 minutes'.
    text = replaceOnce(text, "interval without qualifier",
        "        // literal (with quoted string)\n"
            + "        p = SimpleStringLiteral()\n"
            + "        intervalQualifier = IntervalQualifier() {\n"
            + "            return SqlParserUtil.parseIntervalLiteral(s.end(intervalQualifier),\n"
            + "                sign, p, intervalQualifier);\n"
            + "        }\n",
        "        // literal (with quoted string)\n"
            + "        p = SimpleStringLiteral()\n"
            + "        (\n"
            + "            intervalQualifier = IntervalQualifier() {\n"
            + "                return SqlParserUtil.parseIntervalLiteral(s.end(intervalQualifier),\n"
            + "                    sign, p, intervalQualifier);\n"
            + "            }\n"
            + "        |\n"
            + "            { return pgInterval(s.end(this), sign, p); }\n"
            + "        )\n");

    // 8. "FROM t FOR UPDATE": FOR after a table starts a locking clause unless FOR SYSTEM_TIME.
    text = replaceOnce(text, "snapshot lookahead",
        "            [ tableRef = Snapshot(tableRef) ]\n",
        "            [ LOOKAHEAD(2) tableRef = Snapshot(tableRef) ]\n");

    // 9. Positions that cover their whole text: a join spans its left input to its condition
    //    (Calcite: only the JOIN keyword or comma); IN / op ANY / op ALL include the closing
    //    parenthesis of their list or sub-query; ROW(...) includes the ROW keyword.
    text = replaceExactly(text, "join position", 6,
        "new SqlJoin(joinType.getParserPosition(),\n",
        "new SqlJoin(Span.of(e).end(this),\n");
    text = replaceOnce(text, "IN / ANY / ALL position",
        "                {\n"
            + "                    list.add(new SqlParserUtil.ToTreeListItem(op, s.pos()));\n"
            + "                    s.add(nodeList);\n",
        "                {\n"
            + "                    s.add(nodeList);\n"
            + "                    list.add(new SqlParserUtil.ToTreeListItem(op, s.pos()));\n");
    text = replaceOnce(text, "ROW position",
        "            return SqlStdOperatorTable.ROW.createCall(list);\n",
        "            return SqlStdOperatorTable.ROW.createCall(s.end(list), (List<SqlNode>) list);\n");

    // 10. A parenthesized query in FROM, WITH or LATERAL spans its parentheses, as Calcite
    //     already does for a parenthesized expression or scalar sub-query.
    text = replaceOnce(text, "parenthesized query position",
        "    e = ExprOrJoinOrOrderedQuery(exprContext)\n"
            + "    <RPAREN>\n"
            + "    {\n"
            + "        exprContext.throwIfNotCompatible(e);\n"
            + "        return e;\n"
            + "    }\n",
        "    e = ExprOrJoinOrOrderedQuery(exprContext)\n"
            + "    <RPAREN>\n"
            + "    {\n"
            + "        exprContext.throwIfNotCompatible(e);\n"
            + "        return pgParenthesized(e, lparen);\n"
            + "    }\n");
    text = replaceOnce(text, "parenthesized query lparen",
        "SqlNode ParenthesizedExpression(ExprContext exprContext) :\n"
            + "{\n"
            + "    SqlNode e;\n"
            + "}\n"
            + "{\n"
            + "    <LPAREN>\n",
        "SqlNode ParenthesizedExpression(ExprContext exprContext) :\n"
            + "{\n"
            + "    SqlNode e;\n"
            + "    final Span lparen;\n"
            + "}\n"
            + "{\n"
            + "    <LPAREN> { lparen = span(); }\n");

    // 11. After a dot any keyword is a name, as in PostgreSQL: pg_catalog.unnest(...),
    //     COLLATE pg_catalog.default, x.user.
    text = replaceOnce(text, "keyword after dot",
        "        LOOKAHEAD(2)\n"
            + "        <DOT>\n"
            + "        AddIdentifierSegment(nameList, posList)\n"
            + "    )*\n",
        "        LOOKAHEAD(2)\n"
            + "        <DOT>\n"
            + "        (\n"
            + "            AddIdentifierSegment(nameList, posList)\n"
            + "        |\n"
            + "            LOOKAHEAD({ PgWords.isKeyword(getToken(1)) })\n"
            + "            PgKeywordSegment(nameList, posList)\n"
            + "        )\n"
            + "    )*\n");
    text = replaceOnce(text, "keyword after dot in table names",
        "        LOOKAHEAD(2)\n"
            + "        <DOT>\n"
            + "        AddTableIdentifierSegment(nameList, posList)\n"
            + "    )*\n",
        "        LOOKAHEAD(2)\n"
            + "        <DOT>\n"
            + "        (\n"
            + "            AddTableIdentifierSegment(nameList, posList)\n"
            + "        |\n"
            + "            LOOKAHEAD({ PgWords.isKeyword(getToken(1)) })\n"
            + "            PgKeywordSegment(nameList, posList)\n"
            + "        )\n"
            + "    )*\n");

    // 12. FROM f(args): a table function whenever a parenthesis follows the name (PostgreSQL
    //     has no Calcite-style "t (extra columns)"), optionally WITH ORDINALITY.
    text = replaceOnce(text, "implicit table function",
        "            LOOKAHEAD(3)\n"
            + "            tableRef = ImplicitTableFunctionCallArgs(tableName)\n",
        "            LOOKAHEAD(1)\n"
            + "            tableRef = ImplicitTableFunctionCallArgs(tableName)\n"
            + "            [\n"
            + "                LOOKAHEAD(2) <WITH> <ORDINALITY> {\n"
            + "                    tableRef = PgOperators.WITH_ORDINALITY.createCall(\n"
            + "                        Span.of(tableRef).end(this), tableRef);\n"
            + "                }\n"
            + "            ]\n");

    // 13. SELECT with an empty select list (PostgreSQL allows "SELECT FROM t").
    text = replaceOnce(text, "empty select list",
        "    AddSelectItem(selectList)\n"
            + "    ( <COMMA> AddSelectItem(selectList) )*\n",
        "    [\n"
            + "        AddSelectItem(selectList)\n"
            + "        ( <COMMA> AddSelectItem(selectList) )*\n"
            + "    ]\n");
    text = replaceOnce(text, "empty select list position",
        "            new SqlNodeList(selectList, Span.of(selectList).pos()),\n",
        "            new SqlNodeList(selectList,\n"
            + "                selectList.isEmpty() ? s.pos() : Span.of(selectList).pos()),\n");

    // 14. TABLE t spans from TABLE (Calcite passes the position of the token before it).
    text = replaceOnce(text, "explicit table position",
        "    <TABLE> tableRef = CompoundIdentifier()\n"
            + "    {\n"
            + "        return SqlStdOperatorTable.EXPLICIT_TABLE.createCall(pos, tableRef);\n",
        "    <TABLE> { final Span s = span(); } tableRef = CompoundIdentifier()\n"
            + "    {\n"
            + "        return SqlStdOperatorTable.EXPLICIT_TABLE.createCall(s.end(this), tableRef);\n");

    // 15. A simple CASE keeps its form (value operand + compared values, each at its own
    //     position) instead of Calcite's rewrite into synthetic "value = when" comparisons.
    text = replaceOnce(text, "simple CASE",
        "        return SqlCase.createSwitched(s.end(this), caseIdentifier,\n",
        "        return new SqlCase(s.end(this), caseIdentifier,\n");

    // 16. LATERAL f(args) [WITH ORDINALITY], e.g. CROSS JOIN LATERAL jsonb_array_elements(x) e;
    //     a LATERAL reference spans its operand.
    text = replaceOnce(text, "lateral function",
        "    |\n"
            + "        [ <LATERAL> { lateral = true; } ]\n"
            + "        tableRef = TableFunctionCall()\n"
            + "        tableRef = addLateral(tableRef, lateral)\n",
        "    |\n"
            + "        LOOKAHEAD(2)\n"
            + "        <LATERAL> tableName = CompoundTableIdentifier()\n"
            + "        tableRef = ImplicitTableFunctionCallArgs(tableName)\n"
            + "        [\n"
            + "            LOOKAHEAD(2) <WITH> <ORDINALITY> {\n"
            + "                tableRef = PgOperators.WITH_ORDINALITY.createCall(\n"
            + "                    Span.of(tableRef).end(this), tableRef);\n"
            + "            }\n"
            + "        ]\n"
            + "        { tableRef = addLateral(tableRef, true); }\n"
            + "    |\n"
            + "        [ <LATERAL> { lateral = true; } ]\n"
            + "        tableRef = TableFunctionCall()\n"
            + "        tableRef = addLateral(tableRef, lateral)\n");
    text = replaceOnce(text, "lateral position",
        "        ? SqlStdOperatorTable.LATERAL.createCall(getPos(),\n",
        "        ? SqlStdOperatorTable.LATERAL.createCall(Span.of(tableRef).end(this),\n");

    // 17. Column definition lists of record-returning functions: AS x(a int, b text).
    text = replaceOnce(text, "column definition list",
        "            columnAliasList = ParenthesizedSimpleIdentifierList()\n",
        "            columnAliasList = PgColumnAliasList()\n");

    // 18. LIMIT and OFFSET take any expression, as in PostgreSQL (LIMIT '10', LIMIT $1 + 1,
    //     OFFSET ($1 - 1) * $2, LIMIT (SELECT ...)); Calcite takes only a number or a parameter.
    //     FETCH FIRST keeps Calcite's (and nearly PostgreSQL's) narrower rule.
    text = replaceOnce(text, "LIMIT expression",
        "    |\n"
            + "        offsetFetch[1] = UnsignedNumericLiteralOrParam()\n"
            + "    |\n"
            + "        <ALL>\n",
        "    |\n"
            + "        <ALL>\n"
            + "    |\n"
            + "        offsetFetch[1] = Expression(ExprContext.ACCEPT_SUB_QUERY)\n");
    text = replaceOnce(text, "OFFSET expression",
        "    <OFFSET> { s.add(this); }\n"
            + "    offsetFetch[0] = UnsignedNumericLiteralOrParam()\n",
        "    <OFFSET> { s.add(this); }\n"
            + "    offsetFetch[0] = Expression(ExprContext.ACCEPT_SUB_QUERY)\n");

    Path out = Path.of(args[1]);
    Files.createDirectories(out.getParent());
    Files.writeString(out, text, StandardCharsets.UTF_8);
  }

  private static String replaceExactly(String text, String what, int count, String from, String to) {
    int found = 0;
    for (int at = text.indexOf(from); at >= 0; at = text.indexOf(from, at + 1)) {
      found++;
    }
    if (found != count) {
      throw new IllegalStateException("Parser.jj patch '" + what + "': anchor text found " + found
          + " times, expected " + count + "; Calcite's grammar changed, update PatchParserTemplate");
    }
    return text.replace(from, to);
  }

  private static String replaceOnce(String text, String what, String from, String to) {
    int at = text.indexOf(from);
    if (at < 0) {
      throw new IllegalStateException("Parser.jj patch '" + what + "': anchor text not found;"
          + " Calcite's grammar changed, update PatchParserTemplate");
    }
    if (text.indexOf(from, at + 1) >= 0) {
      throw new IllegalStateException("Parser.jj patch '" + what + "': anchor text is not unique");
    }
    return text.substring(0, at) + to + text.substring(at + from.length());
  }
}
