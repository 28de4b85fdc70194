package dev.phasegate.rewriter.parse;

/** The parsers the rewriter can use. */
public final class Parsers {

    private Parsers() {
    }

    private static final ScriptParser POSTGRES = new PgScriptParser();

    /** Phasegate's PostgreSQL dialect of Calcite's parser. */
    public static ScriptParser postgres() {
        return POSTGRES;
    }

}
