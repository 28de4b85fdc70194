package dev.phasegate.rewriter.parse;

import dev.phasegate.rewriter.lex.LexicalStatement;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Calcite's stock parser with PostgreSQL's lexical settings (double-quoted identifiers, unquoted
 * names folded to lower case). A stand-in that parses plain SQL only; the PostgreSQL dialect
 * replaces it.
 */
public final class CalciteScriptParser implements ScriptParser {

    private static final SqlParser.Config CONFIG = SqlParser.config()
            .withQuoting(Quoting.DOUBLE_QUOTE)
            .withUnquotedCasing(Casing.TO_LOWER)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(true)
            .withConformance(SqlConformanceEnum.LENIENT);

    @Override
    public List<Statement> parse(String sql) throws ScriptParseException {
        SqlNodeList nodes;
        try {
            nodes = SqlParser.create(sql, CONFIG).parseStmtList();
        } catch (SqlParseException e) {
            int offset = 0;
            if (e.getPos() != null && e.getPos().getLineNum() > 0) {
                offset = new Positions(sql).start(e.getPos());
            }
            throw new ScriptParseException(e.getMessage().split("\n")[0], offset, e);
        }
        List<LexicalStatement> ranges = LexicalStatement.split(sql);
        List<Statement> result = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            SqlNode node = nodes.get(i);
            LexicalStatement range = i < ranges.size() ? ranges.get(i) : new LexicalStatement(0, sql.length(), null, false);
            result.add(new Statement(node, range.start(), range.end()));
        }
        return result;
    }
}
