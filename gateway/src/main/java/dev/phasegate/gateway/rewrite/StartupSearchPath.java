package dev.phasegate.gateway.rewrite;

import dev.phasegate.rewriter.lex.SearchPathCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code search_path} a session starts with, as its StartupMessage sets it: PgJDBC's
 * {@code currentSchema} sends it as the parameter {@code search_path}; libpq's
 * {@code options='-c search_path=…'} (or {@code PGOPTIONS}) as a command-line switch in
 * {@code options}. PostgreSQL applies {@code options} first and the other parameters after, so the
 * parameter wins when both are given. {@code null} when the client set neither: the session starts
 * with the database's or role's default, which the gateway cannot see.
 */
final class StartupSearchPath {

    private static final String NAME = "search_path";

    private StartupSearchPath() {
    }

    /**
     * The schemas the session's startup parameters set, in order, or {@code null} when they set none:
     * names folded as PostgreSQL folds them, {@code $user} kept (it stands for the current role,
     * which {@link SessionSearchPath} follows).
     */
    static List<String> of(Map<String, String> startupParameters) {
        String value = null;
        for (Map.Entry<String, String> p : startupParameters.entrySet()) {
            if (p.getKey().equalsIgnoreCase("options")) {
                String fromOptions = fromOptions(p.getValue());
                if (fromOptions != null && value == null) {
                    value = fromOptions;
                }
            }
        }
        for (Map.Entry<String, String> p : startupParameters.entrySet()) {
            if (p.getKey().equalsIgnoreCase(NAME)) {
                value = p.getValue();
            }
        }
        return value == null ? null : SearchPathCommand.list(value);
    }

    /**
     * The value a {@code -c search_path=…}, {@code -csearch_path=…} or {@code --search_path=…}
     * switch in {@code options} gives (the last one), or {@code null}. Switches are separated by
     * white space; a backslash keeps the character after it, as PostgreSQL splits them.
     */
    static String fromOptions(String options) {
        List<String> args = split(options);
        String value = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String setting = null;
            if (a.equals("-c") && i + 1 < args.size()) {
                setting = args.get(++i);
            } else if (a.startsWith("--")) {
                setting = a.substring(2);
            } else if (a.startsWith("-c")) {
                setting = a.substring(2);
            }
            if (setting == null) {
                continue;
            }
            int eq = setting.indexOf('=');
            if (eq > 0 && setting.substring(0, eq).replace('-', '_').equalsIgnoreCase(NAME)) {
                value = setting.substring(eq + 1);
            }
        }
        return value;
    }

    private static List<String> split(String options) {
        List<String> args = new ArrayList<>();
        StringBuilder current = null;
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (Character.isWhitespace(c)) {
                if (current != null) {
                    args.add(current.toString());
                    current = null;
                }
                continue;
            }
            if (current == null) {
                current = new StringBuilder();
            }
            if (c == '\\' && i + 1 < options.length()) {
                c = options.charAt(++i);
            }
            current.append(c);
        }
        if (current != null) {
            args.add(current.toString());
        }
        return args;
    }
}
