package dev.phasegate.rewriter.parse;

/** The parsers the rewriter can use. */
public final class Parsers {

    private Parsers() {
    }

    /** Phasegate's PostgreSQL dialect (until it lands: Calcite's stock parser with PostgreSQL's lexical settings). */
    public static ScriptParser postgres() {
        return new CalciteScriptParser();
    }
}
