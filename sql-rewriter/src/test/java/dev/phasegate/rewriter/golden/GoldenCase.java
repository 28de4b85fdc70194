package dev.phasegate.rewriter.golden;

import dev.phasegate.config.column.Phase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One golden case: an input statement, the phases it is planned in, and what must come out.
 *
 * <pre>
 * === a name saying what the case shows
 * phase: hidden write shadow          (phases of the file's primary column; or col=phase pairs)
 * sql:
 * SELECT …                            (the input, any number of lines)
 * expect:
 * SELECT …                            (the text sent upstream; "expect: unchanged" or "expect: rejected")
 * actions: email_lower:defaulted      (column:action pairs, in any order; "actions: none")
 * params: $1=$1 $2=dropped $3=$2      (optional: the parameter map)
 * shadow: email_lower@u               (optional: shadow checks, column@table reference)
 * </pre>
 */
record GoldenCase(String file, int line, String name, List<Map<String, Phase>> phaseSets, String sql,
                  String expected, Expectation expectation, List<String> actions, String params,
                  List<String> shadow) {

    enum Expectation { REWRITTEN, UNCHANGED, REJECTED }

    static List<GoldenCase> parse(String file, String text) {
        return parse(file, text, false);
    }

    /** Like {@link #parse} but accepts drafts, whose {@code expect:} is {@code ?}. */
    static List<GoldenCase> parseDrafts(String file, String text) {
        return parse(file, text, true);
    }

    private static List<GoldenCase> parse(String file, String text, boolean drafts) {
        List<GoldenCase> cases = new ArrayList<>();
        String primary = null;
        String[] lines = text.split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            if (line.startsWith("primary:")) {
                primary = line.substring(8).strip();
                i++;
            } else if (line.startsWith("=== ")) {
                int start = i + 1;
                String name = line.substring(4).strip();
                List<Map<String, Phase>> phaseSets = new ArrayList<>();
                String sql = null;
                String expected = null;
                Expectation expectation = Expectation.REWRITTEN;
                List<String> actions = null;
                String params = null;
                List<String> shadow = List.of();
                i++;
                while (i < lines.length && !lines[i].startsWith("=== ")) {
                    String l = lines[i];
                    if (l.startsWith("phase:")) {
                        phaseSets = phases(primary, l.substring(6).strip(), file, i + 1);
                        i++;
                    } else if (l.startsWith("sql:")) {
                        StringBuilder sb = new StringBuilder();
                        i = block(lines, i + 1, sb);
                        sql = sb.toString();
                    } else if (l.startsWith("expect:")) {
                        String rest = l.substring(7).strip();
                        if (rest.equals("unchanged")) {
                            expectation = Expectation.UNCHANGED;
                            i++;
                        } else if (rest.equals("?")) {
                            expected = "?";
                            i++;
                        } else if (rest.equals("rejected")) {
                            expectation = Expectation.REJECTED;
                            i++;
                        } else {
                            StringBuilder sb = new StringBuilder();
                            i = block(lines, i + 1, sb);
                            expected = sb.toString();
                        }
                    } else if (l.startsWith("actions:")) {
                        String rest = l.substring(8).strip();
                        actions = rest.equals("none") ? List.of() : List.of(rest.split("\\s+"));
                        i++;
                    } else if (l.startsWith("params:")) {
                        params = l.substring(7).strip();
                        i++;
                    } else if (l.startsWith("shadow:")) {
                        shadow = List.of(l.substring(7).strip().split("\\s+"));
                        i++;
                    } else if (l.isBlank() || l.startsWith("#")) {
                        i++;
                    } else {
                        throw new IllegalArgumentException(file + ":" + (i + 1) + ": unexpected line '" + l + "'");
                    }
                }
                if (!drafts && expected != null && expected.strip().equals("?")) {
                    throw new IllegalArgumentException(file + ":" + start + ": case '" + name + "' is a draft");
                }
                if (sql == null || phaseSets.isEmpty() || (expectation == Expectation.REWRITTEN && expected == null)) {
                    throw new IllegalArgumentException(file + ":" + start + ": case '" + name
                            + "' needs phase:, sql: and expect:");
                }
                cases.add(new GoldenCase(file, start, name, phaseSets, sql, expected, expectation, actions, params,
                        shadow));
            } else {
                i++;
            }
        }
        return cases;
    }

    /** Reads lines up to the next keyword line; trailing blank lines dropped. */
    private static int block(String[] lines, int i, StringBuilder out) {
        List<String> collected = new ArrayList<>();
        while (i < lines.length && !isKeyword(lines[i])) {
            collected.add(lines[i]);
            i++;
        }
        while (!collected.isEmpty() && collected.get(collected.size() - 1).isBlank()) {
            collected.remove(collected.size() - 1);
        }
        out.append(String.join("\n", collected));
        return i;
    }

    private static boolean isKeyword(String line) {
        return line.startsWith("=== ") || line.startsWith("phase:") || line.startsWith("sql:")
                || line.startsWith("expect:") || line.startsWith("actions:") || line.startsWith("params:")
                || line.startsWith("shadow:");
    }

    private static List<Map<String, Phase>> phases(String primary, String spec, String file, int line) {
        List<Map<String, Phase>> sets = new ArrayList<>();
        Map<String, Phase> fixed = new LinkedHashMap<>();
        List<Phase> primaryPhases = new ArrayList<>();
        for (String word : spec.split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                fixed.put(word.substring(0, eq), Phase.parse(word.substring(eq + 1)));
            } else {
                primaryPhases.add(Phase.parse(word));
            }
        }
        if (!primaryPhases.isEmpty() && primary == null) {
            throw new IllegalArgumentException(file + ":" + line + ": bare phases need a 'primary:' column");
        }
        if (primaryPhases.isEmpty()) {
            sets.add(fixed);
        }
        for (Phase p : primaryPhases) {
            Map<String, Phase> set = new LinkedHashMap<>(fixed);
            set.put(primary, p);
            sets.add(set);
        }
        return sets;
    }
}
