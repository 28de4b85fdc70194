package dev.phasegate.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}} and {@code ${NAME:-default}} in configuration text, as a shell would.
 * An unset variable without a default is an error naming the variable and the line, never an
 * empty string silently.
 */
public final class EnvSubstitution {

    private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    private EnvSubstitution() {
    }

    public static String expand(String text, Map<String, String> env, String source) {
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String name = m.group(1);
            String value = env.get(name);
            if (value == null || (value.isEmpty() && m.group(2) != null)) {
                if (m.group(2) == null) {
                    int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                    throw new ConfigException(source, "line " + line,
                            "environment variable " + name + " is not set (write ${" + name + ":-default} for a default)");
                }
                value = m.group(3);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
