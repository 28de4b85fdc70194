package dev.phasegate.rewriter.parse;

import java.util.List;

/**
 * Parses a query string into statements whose node positions refer to the whole string. The
 * rewriter depends on this seam, not on a parser implementation.
 */
@FunctionalInterface
public interface ScriptParser {

    List<Statement> parse(String sql) throws ScriptParseException;
}
