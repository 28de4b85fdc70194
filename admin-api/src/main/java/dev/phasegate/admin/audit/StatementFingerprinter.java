package dev.phasegate.admin.audit;

/**
 * Redacts literals and fingerprints statements for the audit. The gateway supplies the
 * rewriter's lexer-based implementation; {@link #SIMPLE} is a self-contained fallback that knows
 * PostgreSQL's quoting (strings, {@code E''}, dollar quotes, quoted identifiers, comments).
 */
public interface StatementFingerprinter {

    /** The default, lexer-free implementation. */
    StatementFingerprinter SIMPLE = new SimpleStatementFingerprinter();

    /**
     * The statement with every literal (string, number, dollar-quoted body) replaced by {@code ?}
     * and comments removed; identifiers, keywords, {@code $n} parameters and layout kept.
     */
    String redact(String sql);

    /**
     * A short, stable id of the statement's shape: equal for statements that differ only in
     * literal values, comments, whitespace or the case of unquoted words.
     */
    String fingerprint(String sql);
}
