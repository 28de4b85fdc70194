<#--
// Phasegate: PostgreSQL productions added to Calcite's Parser.jj.
//
// Included by the template right after SqlStmt(), so the TOKEN definitions below come before
// Calcite's own: on a tie (same length) JavaCC picks the earlier definition, so ours win.
// Node classes live in dev.phasegate.rewriter.parser; see docs/parser.md.
-->

/* ---------------------------------------------------------------------------------------
 * Tokens
 * ------------------------------------------------------------------------------------- */

<DEFAULT, DQID, BTID> TOKEN :
{
    // $1, $2, ...: PgTokenManager produces these; listed here so the kind exists.
    < PG_PARAM: "$" (["0"-"9"])+ >
    // $$...$$ and $tag$...$tag$: produced by PgTokenManager, which matches the closing tag.
|   < PG_DOLLAR_STRING: "$$" (~["$"])* "$$" >
|   < PG_BIT_STRING: ["b","B"] "'" (["0","1"])* "'" >
|   < #PG_IDENT_START: [ "a"-"z", "A"-"Z", "_", "\u0080"-"\uffff" ] >
|   < PG_JSON_GET_TEXT: "->>" >
|   < PG_PATH_GET_TEXT: "#>>" >
|   < PG_PATH_GET: "#>" >
|   < PG_DELETE_PATH: "#-" >
|   < PG_CONTAINS: "@>" >
|   < PG_CONTAINED_BY: "<${'@'}" >  <#-- written so, because a less-than sign followed by an at sign starts a FreeMarker macro call -->
|   < PG_HAS_ANY: "?|" >
|   < PG_HAS_ALL: "?&" >
|   < PG_OVERLAPS: "&&" >
|   < PG_TEXT_MATCH: "@@" >
|   < PG_DISTANCE: "<->" >
|   < PG_HASH: "#" >
|   < NEGATE: "!" >
|   < TILDE: "~" >
}

/* ---------------------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------------------- */

/** Consumes the unquoted word {@code word} (PostgreSQL words that are not Calcite keywords). */
JAVACODE void pgWord(String word) {
    final Token t = getToken(1);
    if (!PgWords.is(t, word)) {
        throw new PgGrammarException("syntax error at or near \"" + (t.kind == EOF ? "end of input" : t.image)
            + "\", expected " + word.toUpperCase(Locale.ROOT),
            new SqlParserPos(t.beginLine, t.beginColumn, t.endLine, t.endColumn));
    }
    getNextToken();
}

/** Consumes every token up to the end of the statement (';' or end of input). */
JAVACODE void pgSkipRest() {
    while (getToken(1).kind != SEMICOLON && getToken(1).kind != EOF) {
        getNextToken();
    }
}

/** The original text at a parser position. */
JAVACODE String pgText(SqlParserPos pos) {
    final TextPositions positions = new TextPositions(originalSql);
    return originalSql.substring(positions.start(pos), positions.end(pos));
}

/** $n keeps its number: $1 is SqlDynamicParam index 0. */
JAVACODE SqlDynamicParam pgParam() {
    int n;
    try {
        n = Integer.parseInt(token.image.substring(1));
    } catch (NumberFormatException e) {
        n = 0;
    }
    if (n < 1) {
        throw new PgGrammarException("there is no parameter " + token.image, getPos());
    }
    return new SqlDynamicParam(n - 1, getPos());
}

/** interval '1 day': PostgreSQL's free-form interval, kept as an unknown INTERVAL literal. */
JAVACODE SqlNode pgInterval(SqlParserPos pos, int sign, String value) {
    final SqlLiteral literal = SqlLiteral.createUnknown("INTERVAL", value, pos);
    return sign == -1 ? SqlStdOperatorTable.UNARY_MINUS.createCall(pos, literal) : literal;
}

/** A parenthesized query takes the position of its parentheses; other nodes keep theirs. */
JAVACODE SqlNode pgParenthesized(SqlNode e, Span lparen) {
    return e.isA(SqlKind.QUERY) ? e.clone(lparen.end(this)) : e;
}

/** Attaches FOR UPDATE/SHARE clauses to the SELECT they lock. */
JAVACODE void pgAttachLocking(SqlNode e, List<PgLockingClause> locks) {
    if (locks.isEmpty()) {
        return;
    }
    SqlNode q = e;
    while (true) {
        if (q instanceof SqlWith) {
            q = ((SqlWith) q).body;
        } else if (q instanceof SqlOrderBy) {
            q = ((SqlOrderBy) q).query;
        } else {
            break;
        }
    }
    if (!(q instanceof PgSelect)) {
        throw new PgGrammarException(
            "FOR UPDATE/SHARE is not allowed with UNION, INTERSECT, EXCEPT or VALUES",
            locks.get(0).getParserPosition());
    }
    ((PgSelect) q).attachLocking(locks);
}

/* ---------------------------------------------------------------------------------------
 * Statement list (entry point used by PgSqlParser)
 * ------------------------------------------------------------------------------------- */

/** Statements separated by ';', each with the position of its first and last token. */
List<Pair<SqlNode, SqlParserPos>> PgStmtList() :
{
    final List<Pair<SqlNode, SqlParserPos>> list = new ArrayList<Pair<SqlNode, SqlParserPos>>();
}
{
    ( <SEMICOLON> )*
    [
        PgAddStmt(list)
        (
            <SEMICOLON>
            [ PgAddStmt(list) ]
        )*
    ]
    <EOF>
    { return list; }
}

void PgAddStmt(List<Pair<SqlNode, SqlParserPos>> list) :
{
    final Token first;
    final SqlNode stmt;
}
{
    { first = getToken(1); }
    stmt = SqlStmt()
    {
        final Token last = getToken(0);
        list.add(Pair.of(stmt,
            new SqlParserPos(first.beginLine, first.beginColumn, last.endLine, last.endColumn)));
    }
}

/* ---------------------------------------------------------------------------------------
 * INSERT / UPDATE / DELETE
 * ------------------------------------------------------------------------------------- */

SqlNode PgInsert() :
{
    final Span s;
    final SqlIdentifier table;
    SqlIdentifier alias = null;
    SqlNodeList columns = null;
    SqlNode source = null;
    boolean defaultValues = false;
    PgOnConflict onConflict = null;
    SqlNodeList returning = null;
}
{
    <INSERT> { s = span(); }
    <INTO> table = CompoundIdentifier()
    [ <AS> alias = SimpleIdentifier() ]
    [ LOOKAHEAD(2) columns = PgColumnList() ]
    (
        <DEFAULT_> <VALUES> { defaultValues = true; }
    |
        source = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    )
    [ onConflict = PgOnConflictClause() ]
    [ returning = PgReturning() ]
    {
        return new PgInsert(s.end(this), table, alias, columns, source, defaultValues,
            onConflict, returning);
    }
}

/** "(a, b, c)": the list's position includes the parentheses. */
SqlNodeList PgColumnList() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlIdentifier id;
}
{
    <LPAREN> { s = span(); }
    id = CompoundIdentifier() { list.add(id); }
    ( <COMMA> id = CompoundIdentifier() { list.add(id); } )*
    <RPAREN>
    { return new SqlNodeList(list, s.end(this)); }
}

PgOnConflict PgOnConflictClause() :
{
    final Span s;
    SqlNodeList target = null;
    SqlNode targetWhere = null;
    SqlIdentifier constraint = null;
    boolean doNothing = false;
    final List<PgSetClause> sets = new ArrayList<PgSetClause>();
    SqlNode updateWhere = null;
}
{
    <ON> { s = span(); } pgWord("conflict")
    [
        target = PgIndexElements() [ targetWhere = Where() ]
    |
        <ON> <CONSTRAINT> constraint = SimpleIdentifier()
    ]
    pgWord("do")
    (
        LOOKAHEAD({ PgWords.is(getToken(1), "nothing") }) <IDENTIFIER> { doNothing = true; }
    |
        <UPDATE> <SET> PgSetClauses(sets)
        [ updateWhere = Where() ]
    )
    {
        return new PgOnConflict(s.end(this), target, targetWhere, constraint, doNothing, sets,
            updateWhere);
    }
}

/** Conflict target "(col, lower(expr), ...)": the list's position includes the parentheses. */
SqlNodeList PgIndexElements() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
}
{
    <LPAREN> { s = span(); }
    AddExpression(list, ExprContext.ACCEPT_NON_QUERY)
    ( <COMMA> AddExpression(list, ExprContext.ACCEPT_NON_QUERY) )*
    <RPAREN>
    { return new SqlNodeList(list, s.end(this)); }
}

void PgSetClauses(List<PgSetClause> sets) :
{
    PgSetClause c;
}
{
    c = PgSetClause() { sets.add(c); }
    ( <COMMA> c = PgSetClause() { sets.add(c); } )*
}

/** "col = expr", "col = DEFAULT", "(a, b) = (x, y)", "(a, b) = ROW(..)", "(a, b) = (SELECT ..)". */
PgSetClause PgSetClause() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlIdentifier id;
    SqlNodeList columns;
    SqlNode value;
    boolean multi;
}
{
    (
        id = CompoundIdentifier() {
            s = Span.of(id);
            list.add(id);
            columns = new SqlNodeList(list, id.getParserPosition());
            multi = false;
        }
    |
        <LPAREN> { s = span(); }
        id = CompoundIdentifier() { list.add(id); }
        ( <COMMA> id = CompoundIdentifier() { list.add(id); } )*
        <RPAREN> {
            columns = new SqlNodeList(list, s.end(this));
            multi = true;
        }
    )
    <EQ>
    (
        value = Default()
    |
        value = Expression(ExprContext.ACCEPT_SUB_QUERY)
    )
    {
        return new PgSetClause(s.end(this), columns, value, multi);
    }
}

/** RETURNING items: the list's position spans the items, not the keyword. */
SqlNodeList PgReturning() :
{
    final List<SqlNode> list = new ArrayList<SqlNode>();
}
{
    <RETURNING>
    AddSelectItem(list)
    ( <COMMA> AddSelectItem(list) )*
    { return new SqlNodeList(list, Span.of(list).pos()); }
}

SqlNode PgUpdate() :
{
    final Span s;
    final SqlIdentifier table;
    SqlIdentifier alias = null;
    final List<PgSetClause> sets = new ArrayList<PgSetClause>();
    SqlNode from = null;
    SqlNode where = null;
    SqlNodeList returning = null;
}
{
    <UPDATE> { s = span(); }
    [ <ONLY> ]
    table = CompoundIdentifier()
    [ [ <AS> ] alias = SimpleIdentifier() ]
    <SET> PgSetClauses(sets)
    [ <FROM> from = FromClause() ]
    [ where = PgWhereOrCurrentOf() ]
    [ returning = PgReturning() ]
    { return new PgUpdate(s.end(this), table, alias, sets, from, where, returning); }
}

SqlNode PgDelete() :
{
    final Span s;
    final SqlIdentifier table;
    SqlIdentifier alias = null;
    SqlNode using = null;
    SqlNode where = null;
    SqlNodeList returning = null;
}
{
    <DELETE> { s = span(); }
    <FROM>
    [ <ONLY> ]
    table = CompoundIdentifier()
    [ [ <AS> ] alias = SimpleIdentifier() ]
    [ <USING> using = FromClause() ]
    [ where = PgWhereOrCurrentOf() ]
    [ returning = PgReturning() ]
    { return new PgDelete(s.end(this), table, alias, using, where, returning); }
}

/** WHERE condition, or WHERE CURRENT OF cursor (the row the cursor stands on). */
SqlNode PgWhereOrCurrentOf() :
{
    final Span s;
    final SqlIdentifier cursor;
    final SqlNode condition;
}
{
    <WHERE>
    (
        LOOKAHEAD(2)
        <CURRENT> { s = span(); } <OF> cursor = SimpleIdentifier()
        { return PgOperators.CURRENT_OF.createCall(s.end(this), cursor); }
    |
        condition = Expression(ExprContext.ACCEPT_SUB_QUERY) { return condition; }
    )
}

/* ---------------------------------------------------------------------------------------
 * WITH in front of any statement, with data-modifying CTEs
 * ------------------------------------------------------------------------------------- */

SqlNode PgWithStatement() :
{
    final Span s;
    final List<SqlNode> items = new ArrayList<SqlNode>();
    boolean recursive = false;
    final SqlLiteral rec;
    final SqlParserPos listPos;
    final SqlNode body;
}
{
    <WITH> { s = span(); }
    [ <RECURSIVE> { recursive = true; } ]
    { rec = SqlLiteral.createBoolean(recursive, getPos()); }
    PgWithItem(items, rec)
    ( <COMMA> PgWithItem(items, rec) )*
    { listPos = s.end(this); }
    body = PgStatementBody()
    { return new SqlWith(s.end(this), new SqlNodeList(items, listPos), body); }
}

SqlNode PgStatementBody() :
{
    final SqlNode e;
}
{
    (
        e = PgInsert()
    |
        e = PgUpdate()
    |
        e = PgDelete()
    |
        e = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    )
    { return e; }
}

void PgWithItem(List<SqlNode> items, SqlLiteral recursive) :
{
    final SqlIdentifier id;
    SqlNodeList columns = null;
    final SqlNode query;
}
{
    id = SimpleIdentifier()
    [ columns = ParenthesizedSimpleIdentifierList() ]
    <AS>
    [
        LOOKAHEAD({ PgWords.is(getToken(1), "materialized") }) <IDENTIFIER>
    |
        <NOT> pgWord("materialized")
    ]
    <LPAREN>
    query = PgStatementBody()
    <RPAREN>
    { items.add(new SqlWithItem(Span.of(id).end(this), id, columns, query, recursive)); }
}

/** TIME ZONE in SET / SHOW / RESET: the parameter "timezone". */
SqlIdentifier PgTimeZoneName() :
{
    final Span s;
}
{
    <TIME> { s = span(); } <ZONE>
    { return new SqlIdentifier("timezone", s.end(this)); }
}

/** A reserved word used as a name after a dot, as PostgreSQL allows (pg_catalog.unnest). */
void PgKeywordSegment(List<String> names, List<SqlParserPos> positions) :
{
}
{
    {
        final Token t = getNextToken();
        names.add(SqlParserUtil.toCase(t.image, unquotedCasing));
        positions.add(new SqlParserPos(t.beginLine, t.beginColumn, t.endLine, t.endColumn));
    }
}

/** Functions that are reserved words in Calcite but plain functions in PostgreSQL
 * (unnest(...), current_schema()), and aggregates taking ORDER BY (jsonb_agg, json_agg,
 * json_object_agg, jsonb_object_agg, xmlagg): a call of a function of that name. */
SqlNode PgFunctionCall() :
{
    final Span s;
    final String name;
    final List<SqlNode> args = new ArrayList<SqlNode>();
    SqlLiteral qualifier = null;
    SqlNodeList orderBy;
}
{
    (
        <UNNEST> { s = span(); name = "unnest"; }
    |
        <CURRENT_SCHEMA> { s = span(); name = "current_schema"; }
    |
        LOOKAHEAD({ PgWords.isOrderedAggregate(getToken(1)) && getToken(2).kind == LPAREN })
        <IDENTIFIER> { s = span(); name = unquotedIdentifier(); }
    )
    <LPAREN>
    [
        [ qualifier = AllOrDistinct() ]
        AddArg(args, ExprContext.ACCEPT_SUB_QUERY)
        ( <COMMA> AddArg(args, ExprContext.ACCEPT_SUB_QUERY) )*
        [ orderBy = OrderBy(true) { args.add(orderBy); } ]
    ]
    <RPAREN>
    {
        final SqlParserPos pos = s.end(this);
        return createCall(new SqlIdentifier(name, s.pos()), pos,
            SqlFunctionCategory.USER_DEFINED_FUNCTION, qualifier, args);
    }
}

/* ---------------------------------------------------------------------------------------
 * SELECT extensions (called from patched Calcite productions)
 * ------------------------------------------------------------------------------------- */

/** "ON (a, b)" after DISTINCT: the list's position includes the parentheses. */
SqlNodeList PgDistinctOn(SqlLiteral keyword) :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
}
{
    <ON> {
        if (keyword.symbolValue(SqlSelectKeyword.class) != SqlSelectKeyword.DISTINCT) {
            throw new PgGrammarException("ON is only allowed after DISTINCT", getPos());
        }
    }
    <LPAREN> { s = span(); }
    AddExpression(list, ExprContext.ACCEPT_SUB_QUERY)
    ( <COMMA> AddExpression(list, ExprContext.ACCEPT_SUB_QUERY) )*
    <RPAREN>
    { return new SqlNodeList(list, s.end(this)); }
}

/** FOR UPDATE | FOR NO KEY UPDATE | FOR SHARE | FOR KEY SHARE [OF t, ...] [NOWAIT | SKIP LOCKED] */
void PgLockingClause(List<PgLockingClause> locks) :
{
    final Span s;
    final PgLockingClause.Strength strength;
    final List<SqlNode> tables = new ArrayList<SqlNode>();
    SqlNodeList of = null;
    PgLockingClause.WaitPolicy wait = PgLockingClause.WaitPolicy.WAIT;
    SqlIdentifier id;
}
{
    <FOR> { s = span(); }
    (
        <UPDATE> { strength = PgLockingClause.Strength.UPDATE; }
    |
        <NO> <KEY> <UPDATE> { strength = PgLockingClause.Strength.NO_KEY_UPDATE; }
    |
        <KEY> pgWord("share") { strength = PgLockingClause.Strength.KEY_SHARE; }
    |
        LOOKAHEAD({ PgWords.is(getToken(1), "share") }) <IDENTIFIER> { strength = PgLockingClause.Strength.SHARE; }
    )
    [
        <OF> id = CompoundIdentifier() { tables.add(id); }
        ( <COMMA> id = CompoundIdentifier() { tables.add(id); } )*
        { of = new SqlNodeList(tables, Span.of(tables).pos()); }
    ]
    [
        LOOKAHEAD({ PgWords.is(getToken(1), "nowait") }) <IDENTIFIER> { wait = PgLockingClause.WaitPolicy.NOWAIT; }
    |
        <SKIP_> pgWord("locked") { wait = PgLockingClause.WaitPolicy.SKIP_LOCKED; }
    ]
    { locks.add(new PgLockingClause(s.end(this), strength, of, wait)); }
}

/** Column aliases after a table alias, "(a, b)", or a column definition list of a
 * record-returning function, "(a int, b text)": a typed entry is a COLUMN DEFINITION call of
 * the name and its type. The list's position includes the parentheses. */
SqlNodeList PgColumnAliasList() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
}
{
    <LPAREN> { s = span(); }
    PgAddColumnAlias(list)
    ( <COMMA> PgAddColumnAlias(list) )*
    <RPAREN>
    { return new SqlNodeList(list, s.end(this)); }
}

void PgAddColumnAlias(List<SqlNode> list) :
{
    final SqlIdentifier id;
    final SqlDataTypeSpec type;
}
{
    id = SimpleIdentifier()
    (
        type = PgDataType() {
            list.add(PgOperators.COLUMN_DEFINITION.createCall(
                Span.of(id).end(this), id, type));
        }
    |
        { list.add(id); }
    )
}

/** "int[]", "text[][]", "varchar(10)[3]": PostgreSQL array types. */
SqlTypeNameSpec PgArrayTypeSuffix(SqlTypeNameSpec elementType) :
{
}
{
    <LBRACKET> [ <UNSIGNED_INTEGER_LITERAL> ] <RBRACKET>
    {
        return new SqlCollectionTypeNameSpec(elementType, SqlTypeName.ARRAY,
            Span.of(elementType.getParserPos()).end(this));
    }
}

/** Types Calcite lacks: BIT [VARYING] [(n)], and any type name with modifiers, such as
 * geometry(Point, 4326) or vector(3), kept as a user-defined type of that name. */
SqlTypeNameSpec PgTypeName() :
{
    final Span s;
    String name;
}
{
    (
        <BIT> { s = span(); name = "bit"; }
        [ <VARYING> { name = "varbit"; } ]
        [ <LPAREN> <UNSIGNED_INTEGER_LITERAL> <RPAREN> ]
    |
        <IDENTIFIER> { s = span(); name = unquotedIdentifier(); }
        <LPAREN>
        {
            while (getToken(1).kind != RPAREN && getToken(1).kind != EOF) {
                getNextToken();
            }
        }
        <RPAREN>
    )
    {
        final SqlParserPos pos = s.end(this);
        return new SqlUserDefinedTypeNameSpec(new SqlIdentifier(name, pos), pos);
    }
}

/* ---------------------------------------------------------------------------------------
 * Literals and operators
 * ------------------------------------------------------------------------------------- */

/** Dollar-quoted strings ($$..$$, $tag$..$tag$) and bit strings (B'0101'). */
SqlNode PgStringLiteral() :
{
}
{
    <PG_DOLLAR_STRING> {
        final String image = token.image;
        final int tagLength = image.indexOf('$', 1) + 1;
        return SqlLiteral.createCharString(
            image.substring(tagLength, image.length() - tagLength), getPos());
    }
|
    <PG_BIT_STRING> {
        return SqlLiteral.createUnknown("BIT",
            token.image.substring(2, token.image.length() - 1), getPos());
    }
}

/** expr::type */
void PgInfixCast(List<Object> list, ExprContext exprContext, Span s) :
{
    final SqlDataTypeSpec dt;
    final SqlParserPos pos;
}
{
    <INFIX_CAST> {
        checkNonQueryExpression(exprContext);
        pos = getPos();
    }
    dt = PgDataType() {
        list.add(new SqlParserUtil.ToTreeListItem(SqlLibraryOperators.INFIX_CAST, pos));
        list.add(dt);
    }
}

/** A type after "::": Calcite's types plus "interval" without qualifier. */
SqlDataTypeSpec PgDataType() :
{
    final SqlDataTypeSpec dt;
    SqlTypeNameSpec typeName;
    final Span s;
}
{
    (
        <INTERVAL> {
            s = span();
            typeName = new SqlUserDefinedTypeNameSpec(
                new SqlIdentifier("interval", getPos()), getPos());
        }
        ( typeName = PgArrayTypeSuffix(typeName) )*
        { dt = new SqlDataTypeSpec(typeName, s.end(this)); }
    |
        dt = DataType()
    )
    { return dt; }
}

/** PostgreSQL operators Calcite lacks: jsonb, array, text search, OPERATOR(schema.op),
 * COLLATE, and the postfix ISNULL / NOTNULL. */
void PgBinaryOperator(List<Object> list, ExprContext exprContext, Span s) :
{
    final SqlOperator op;
    final Span opSpan;
    final SqlIdentifier collation;
}
{
    (
        (
            <LAMBDA> { op = PgOperators.JSON_GET; }
        |   <PG_JSON_GET_TEXT> { op = PgOperators.JSON_GET_TEXT; }
        |   <PG_PATH_GET> { op = PgOperators.PATH_GET; }
        |   <PG_PATH_GET_TEXT> { op = PgOperators.PATH_GET_TEXT; }
        |   <PG_DELETE_PATH> { op = PgOperators.DELETE_PATH; }
        |   <PG_CONTAINS> { op = PgOperators.CONTAINS; }
        |   <PG_CONTAINED_BY> { op = PgOperators.CONTAINED_BY; }
        |   <HOOK> { op = PgOperators.HAS_KEY; }
        |   <PG_HAS_ANY> { op = PgOperators.HAS_ANY_KEY; }
        |   <PG_HAS_ALL> { op = PgOperators.HAS_ALL_KEYS; }
        |   <PG_OVERLAPS> { op = PgOperators.OVERLAPS; }
        |   <PG_TEXT_MATCH> { op = PgOperators.TEXT_MATCH; }
        |   <PG_DISTANCE> { op = PgOperators.DISTANCE; }
        |   <PG_HASH> { op = PgOperators.BITWISE_XOR; }
        |   <VERTICAL_BAR> { op = PgOperators.BITWISE_OR; }
        |   <CARET> { op = PgOperators.POWER; }
        )
        {
            checkNonQueryExpression(exprContext);
            list.add(new SqlParserUtil.ToTreeListItem(op, getPos()));
        }
        AddExpression2b(list, ExprContext.ACCEPT_SUB_QUERY)
    |
        LOOKAHEAD({ PgWords.is(getToken(1), "operator") && getToken(2).kind == LPAREN })
        op = PgExplicitOperator() {
            checkNonQueryExpression(exprContext);
            list.add(new SqlParserUtil.ToTreeListItem(op, getPos()));
        }
        AddExpression2b(list, ExprContext.ACCEPT_SUB_QUERY)
    |
        LOOKAHEAD(3) <AT> { opSpan = span(); } <TIME> <ZONE> {
            checkNonQueryExpression(exprContext);
            list.add(new SqlParserUtil.ToTreeListItem(PgOperators.AT_TIME_ZONE, opSpan.end(this)));
        }
        AddExpression2b(list, ExprContext.ACCEPT_SUB_QUERY)
    |
        <COLLATE> { opSpan = span(); }
        collation = CompoundIdentifier() {
            checkNonQueryExpression(exprContext);
            list.add(new SqlParserUtil.ToTreeListItem(PgOperators.COLLATE, opSpan.pos()));
            list.add(collation);
        }
    |
        LOOKAHEAD({ PgWords.is(getToken(1), "isnull") })
        <IDENTIFIER> {
            checkNonQueryExpression(exprContext);
            list.add(new SqlParserUtil.ToTreeListItem(SqlStdOperatorTable.IS_NULL, getPos()));
        }
    |
        LOOKAHEAD({ PgWords.is(getToken(1), "notnull") })
        <IDENTIFIER> {
            checkNonQueryExpression(exprContext);
            list.add(new SqlParserUtil.ToTreeListItem(SqlStdOperatorTable.IS_NOT_NULL, getPos()));
        }
    )
}

/** OPERATOR(pg_catalog.~) and friends: the operator's name is its text. */
SqlOperator PgExplicitOperator() :
{
    final StringBuilder name = new StringBuilder();
}
{
    <IDENTIFIER>
    <LPAREN>
    {
        while (getToken(1).kind != RPAREN && getToken(1).kind != EOF) {
            name.append(getNextToken().image);
        }
    }
    <RPAREN>
    { return PgOperators.explicit(name.toString()); }
}

/* ---------------------------------------------------------------------------------------
 * Transaction control and session statements
 * ------------------------------------------------------------------------------------- */

SqlNode PgTransactionStatement() :
{
    final Span s;
    PgTransactionStatement.Kind kind;
    SqlIdentifier name = null;
}
{
    (
        <BEGIN> { s = span(); kind = PgTransactionStatement.Kind.BEGIN; }
        pgSkipRest()
    |
        <START> { s = span(); kind = PgTransactionStatement.Kind.BEGIN; }
        <TRANSACTION> pgSkipRest()
    |
        <COMMIT> { s = span(); kind = PgTransactionStatement.Kind.COMMIT; }
        pgSkipRest()
    |
        <END> { s = span(); kind = PgTransactionStatement.Kind.COMMIT; }
        pgSkipRest()
    |
        <ROLLBACK> { s = span(); kind = PgTransactionStatement.Kind.ROLLBACK; }
        [ <WORK> | <TRANSACTION> ]
        [
            <TO> [ <SAVEPOINT> ] name = SimpleIdentifier() {
                kind = PgTransactionStatement.Kind.ROLLBACK_TO_SAVEPOINT;
            }
        ]
        pgSkipRest()
    |
        <SAVEPOINT> { s = span(); kind = PgTransactionStatement.Kind.SAVEPOINT; }
        name = SimpleIdentifier()
    |
        <RELEASE> { s = span(); kind = PgTransactionStatement.Kind.RELEASE_SAVEPOINT; }
        [ <SAVEPOINT> ] name = SimpleIdentifier()
    )
    {
        final SqlParserPos pos = s.end(this);
        return new PgTransactionStatement(pos, kind, name, pgText(pos));
    }
}

/* ---------------------------------------------------------------------------------------
 * DECLARE name [BINARY] [ASENSITIVE | INSENSITIVE] [[NO] SCROLL] CURSOR [{WITH | WITHOUT} HOLD]
 * FOR query (PostgreSQL accepts the options before CURSOR in any order)
 * ------------------------------------------------------------------------------------- */

SqlNode PgDeclareCursor() :
{
    final Span s;
    final SqlIdentifier name;
    final SqlNode query;
}
{
    <DECLARE> { s = span(); }
    name = SimpleIdentifier()
    (
        <BINARY>
    |
        <ASENSITIVE>
    |
        <INSENSITIVE>
    |
        <NO> <SCROLL>
    |
        <SCROLL>
    )*
    <CURSOR>
    [ ( <WITH> | <WITHOUT> ) <HOLD> ]
    <FOR>
    query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    { return new PgDeclareCursor(s.end(this), name, query); }
}

/* CREATE [[GLOBAL | LOCAL] {TEMPORARY | TEMP} | UNLOGGED] TABLE [IF NOT EXISTS] name [(column, ...)]
 *     AS query [WITH [NO] DATA], and CREATE MATERIALIZED VIEW [IF NOT EXISTS] name [(column, ...)]
 *     AS query [WITH [NO] DATA]: a table filled from a query. The other clauses (USING, WITH (...),
 *     ON COMMIT, TABLESPACE) are not accepted; such a statement follows the policy. */
SqlNode PgCreateTableAs() :
{
    final Span s;
    boolean view = false;
    final SqlIdentifier name;
    SqlNodeList columns = null;
    final SqlNode query;
}
{
    <CREATE> { s = span(); }
    (
        [ <GLOBAL> | <LOCAL> ]
        (
            <TEMPORARY>
        |
            LOOKAHEAD({ PgWords.is(getToken(1), "temp") }) <IDENTIFIER>
        )
        <TABLE>
    |
        LOOKAHEAD({ PgWords.is(getToken(1), "unlogged") }) <IDENTIFIER> <TABLE>
    |
        <TABLE>
    |
        LOOKAHEAD({ PgWords.is(getToken(1), "materialized") }) <IDENTIFIER> <VIEW> { view = true; }
    )
    [ LOOKAHEAD({ PgWords.is(getToken(1), "if") }) <IDENTIFIER> <NOT> <EXISTS> ]
    name = CompoundIdentifier()
    [ columns = ParenthesizedSimpleIdentifierList() ]
    <AS>
    query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    [ <WITH> [ <NO> ] <DATA> ]
    { return new PgCreateTableAs(s.end(this), view, name, columns, query); }
}

/* INTO [[GLOBAL | LOCAL] {TEMPORARY | TEMP} | UNLOGGED] [TABLE] name, after a SELECT's list. */
PgSelectInto PgSelectInto() :
{
    final Span s;
    final SqlIdentifier table;
}
{
    <INTO> { s = span(); }
    [
        [ <GLOBAL> | <LOCAL> ]
        (
            <TEMPORARY>
        |
            LOOKAHEAD({ PgWords.is(getToken(1), "temp") && getToken(2).kind != FROM }) <IDENTIFIER>
        )
    |
        LOOKAHEAD({ PgWords.is(getToken(1), "unlogged") && getToken(2).kind != FROM }) <IDENTIFIER>
    ]
    [ <TABLE> ]
    table = CompoundIdentifier()
    { return new PgSelectInto(table, s.end(this)); }
}

/* PREPARE name [ ( type [, ...] ) ] AS statement: an SQL-level prepared statement, run later by
 * EXECUTE. The statement is planned like a top-level one; the types are kept only in the text. */
SqlNode PgPrepare() :
{
    final Span s;
    final SqlIdentifier name;
    final List<SqlNode> types = new ArrayList<SqlNode>();
    SqlDataTypeSpec type;
    final SqlNode statement;
}
{
    <PREPARE> { s = span(); }
    name = SimpleIdentifier()
    [
        <LPAREN>
        type = DataType() { types.add(type); }
        ( <COMMA> type = DataType() { types.add(type); } )*
        <RPAREN>
    ]
    <AS>
    (
        LOOKAHEAD(<WITH>)
        statement = PgWithStatement()
    |
        statement = PgStatementBody()
    )
    { return new PgPrepare(s.end(this), name, new SqlNodeList(types, s.end(this)), statement); }
}

SqlNode PgSessionStatement() :
{
    final Span s;
    PgSessionStatement.Kind kind;
    SqlIdentifier name = null;
}
{
    (
        <SET> { s = span(); kind = PgSessionStatement.Kind.SET; }
        [ <SESSION> | <LOCAL> ]
        (
            name = PgTimeZoneName()
        |
            name = CompoundIdentifier()
        )
        [ <TO> | <EQ> ]
        pgSkipRest()
    |
        <RESET> { s = span(); kind = PgSessionStatement.Kind.RESET; }
        (
            <ALL>
        |
            name = PgTimeZoneName()
        |
            name = CompoundIdentifier()
        )
    |
        <SHOW> { s = span(); kind = PgSessionStatement.Kind.SHOW; }
        (
            <ALL>
        |
            name = PgTimeZoneName()
        |
            name = CompoundIdentifier()
        )
        pgSkipRest()
    |
        LOOKAHEAD({ PgWords.is(getToken(1), "discard") })
        <IDENTIFIER> { s = span(); kind = PgSessionStatement.Kind.DISCARD; }
        pgSkipRest()
    )
    {
        final SqlParserPos pos = s.end(this);
        return new PgSessionStatement(pos, kind, name, pgText(pos));
    }
}
