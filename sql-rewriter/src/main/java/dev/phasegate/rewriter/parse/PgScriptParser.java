package dev.phasegate.rewriter.parse;

import dev.phasegate.rewriter.parser.ParsedStatement;
import dev.phasegate.rewriter.parser.PgParseException;
import dev.phasegate.rewriter.parser.PgSqlParser;
import java.util.ArrayList;
import java.util.List;

/** Phasegate's PostgreSQL dialect of Calcite's parser behind the rewriter's parser seam. */
public final class PgScriptParser implements ScriptParser {

    @Override
    public List<Statement> parse(String sql) throws ScriptParseException {
        List<ParsedStatement> parsed;
        try {
            parsed = PgSqlParser.parseScript(sql);
        } catch (PgParseException e) {
            throw new ScriptParseException(e.getMessage(), e.offset(), e);
        } catch (RuntimeException | StackOverflowError e) {
            // The generated parser and Calcite's node constructors can throw on odd input.
            throw new ScriptParseException("the parser failed: " + e, 0, e);
        }
        List<Statement> result = new ArrayList<>(parsed.size());
        for (ParsedStatement p : parsed) {
            result.add(new Statement(p.node(), p.startOffset(), p.endOffset()));
        }
        return result;
    }
}
