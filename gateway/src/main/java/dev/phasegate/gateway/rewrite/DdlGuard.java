package dev.phasegate.gateway.rewrite;

import dev.phasegate.config.DdlConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.config.column.TableName;
import dev.phasegate.gateway.protocol.SqlState;
import dev.phasegate.gateway.protocol.backend.ErrorResponse;
import dev.phasegate.rewriter.ddl.DdlFinding;
import dev.phasegate.rewriter.ddl.DdlInspector;
import dev.phasegate.rewriter.lex.LeadingWords;
import dev.phasegate.rewriter.lex.SqlLexer;
import dev.phasegate.rewriter.lex.TokenType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * DDL safety on the data path: a cheap lexical test ({@link #mayBeDdl}, no allocation beyond the
 * lexer) picks out statements that start with {@code ALTER}, {@code CREATE} or {@code DROP};
 * only those go through the rewriter's {@link DdlInspector}, whose findings become a
 * {@link Verdict} under the configured action per rule. Thread-safe.
 */
final class DdlGuard {

    /** SQLSTATE of a notice: {@code warning}. */
    static final String WARNING_STATE = "01000";

    private final DdlConfig config;
    private final List<String> searchPath;
    private volatile Managed managed = new Managed(null, Set.of(), Set.of());

    private record Managed(PhaseSnapshot snapshot, Set<TableName> tables, Set<ColumnId> columns) {
    }

    /**
     * What to do with one DDL text.
     *
     * @param block    the first finding whose rule blocks, or {@code null}
     * @param warnings findings whose rule warns (sent as notices when the text runs)
     */
    record Verdict(DdlFinding block, List<DdlFinding> warnings) {

        static final Verdict NONE = new Verdict(null, List.of());

        boolean blocked() {
            return block != null;
        }

        boolean isEmpty() {
            return block == null && warnings.isEmpty();
        }

        /** The error a blocked statement gets: names the rule and the safe alternative. */
        ErrorResponse error() {
            return ErrorResponse.error(SqlState.FEATURE_NOT_SUPPORTED, "phasegate blocked this statement: "
                    + block.message()).withHint("Set ddl." + block.rule().key()
                    + " to warn or allow in the gateway configuration to let it through.");
        }

        /** One NoticeResponse (severity WARNING) per warning. */
        List<ErrorResponse> notices() {
            List<ErrorResponse> notices = new ArrayList<>(warnings.size());
            for (DdlFinding f : warnings) {
                notices.add(ErrorResponse.of("WARNING", WARNING_STATE, "phasegate: " + f.message()));
            }
            return notices;
        }

        /** For the audit record's detail. */
        String describe() {
            StringBuilder b = new StringBuilder();
            if (block != null) {
                b.append("ddl blocked: ").append(block.message());
            }
            for (DdlFinding f : warnings) {
                if (!b.isEmpty()) {
                    b.append(" | ");
                }
                b.append("ddl warning: ").append(f.message());
            }
            return b.toString();
        }
    }

    DdlGuard(DdlConfig config, List<String> searchPath) {
        this.config = config;
        this.searchPath = List.copyOf(searchPath);
    }

    /**
     * Whether some statement of {@code sql} starts with {@code ALTER}, {@code CREATE} or {@code DROP}
     * (comments and literals are skipped; false positives only cost an inspection).
     */
    static boolean mayBeDdl(CharSequence sql) {
        return mayBeDdl(sql, LeadingWords.of(sql));
    }

    /** {@link #mayBeDdl(CharSequence)} for a text whose {@link LeadingWords} the caller already has. */
    static boolean mayBeDdl(CharSequence sql, int leadingWords) {
        return (leadingWords & LeadingWords.DDL) != 0 // the common case, decided without lexing
                && startsAStatementWithDdlWord(sql);
    }

    /** {@link #mayBeDdl} by the lexer alone: the decision the scan before it must never turn into "no". */
    static boolean startsAStatementWithDdlWord(CharSequence sql) {
        SqlLexer lexer = new SqlLexer(sql);
        boolean statementStart = true;
        for (TokenType t = lexer.next(); t != null; t = lexer.next()) {
            if (t == TokenType.SEMICOLON) {
                statementStart = true;
                continue;
            }
            if (statementStart && (lexer.isWord("alter") || lexer.isWord("create") || lexer.isWord("drop"))) {
                return true;
            }
            statementStart = false;
        }
        return false;
    }

    /** Whether the first statement of {@code sql} starts with {@code word} (lower-case ASCII). */
    static boolean startsWith(CharSequence sql, String word) {
        SqlLexer lexer = new SqlLexer(sql);
        lexer.next();
        return lexer.isWord(word);
    }

    /** Inspects a DDL text under the snapshot in force, unqualified names resolved through the configured path. */
    Verdict inspect(String sql, PhaseSnapshot snapshot) {
        return inspect(sql, snapshot, searchPath);
    }

    /** Inspects a DDL text of a session whose unqualified names resolve through {@code sessionPath}. */
    Verdict inspect(String sql, PhaseSnapshot snapshot, List<String> sessionPath) {
        Managed m = managed(snapshot);
        List<DdlFinding> findings = DdlInspector.inspect(sql, m.tables(), m.columns(), sessionPath);
        if (findings.isEmpty()) {
            return Verdict.NONE;
        }
        DdlFinding block = null;
        List<DdlFinding> warnings = new ArrayList<>();
        for (DdlFinding f : findings) {
            DdlConfig.Action action = f.action(config);
            if (action == DdlConfig.Action.BLOCK && block == null) {
                block = f;
            } else if (action == DdlConfig.Action.WARN) {
                warnings.add(f);
            }
        }
        return block == null && warnings.isEmpty() ? Verdict.NONE : new Verdict(block, List.copyOf(warnings));
    }

    /** Managed tables and columns (with their sources) that are not complete, per snapshot. */
    private Managed managed(PhaseSnapshot snapshot) {
        Managed current = managed;
        if (current.snapshot() == snapshot) {
            return current;
        }
        Set<TableName> tables = new HashSet<>();
        Set<ColumnId> columns = new HashSet<>();
        for (ManagedColumn c : snapshot.columns()) {
            if (c.phase() == Phase.COMPLETE) {
                continue;
            }
            tables.add(c.id().tableName());
            columns.add(c.id());
            c.sourceId().ifPresent(columns::add);
        }
        Managed fresh = new Managed(snapshot, Set.copyOf(tables), Set.copyOf(columns));
        managed = fresh;
        return fresh;
    }
}
