package dev.phasegate.config.column;

import java.util.Locale;
import java.util.Set;

/** PostgreSQL identifier spelling: when a name needs double quotes, and how to quote it. */
public final class Identifiers {

    // Reserved words that cannot be used as bare column names (PostgreSQL's "reserved" category).
    private static final Set<String> RESERVED = Set.of(
            "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case",
            "cast", "check", "collate", "column", "constraint", "create", "current_catalog", "current_date",
            "current_role", "current_time", "current_timestamp", "current_user", "default", "deferrable",
            "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "from",
            "grant", "group", "having", "in", "initially", "intersect", "into", "lateral", "leading", "limit",
            "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order", "placing",
            "primary", "references", "returning", "select", "session_user", "some", "symmetric", "table",
            "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where",
            "window", "with");

    private Identifiers() {
    }

    public static boolean needsQuotes(String name) {
        if (name.isEmpty() || RESERVED.contains(name)) {
            return true;
        }
        char first = name.charAt(0);
        if (!(first == '_' || (first >= 'a' && first <= 'z'))) {
            return true;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return true;
            }
        }
        return false;
    }

    public static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    public static String quoteIfNeeded(String name) {
        return needsQuotes(name) ? quote(name) : name;
    }

    /** Folds an identifier as PostgreSQL does: quoted kept (unescaped), unquoted lower-cased. */
    public static String fold(String written) {
        if (written.length() >= 2 && written.startsWith("\"") && written.endsWith("\"")) {
            return written.substring(1, written.length() - 1).replace("\"\"", "\"");
        }
        return written.toLowerCase(Locale.ROOT);
    }
}
