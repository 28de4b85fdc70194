package dev.phasegate.rewriter.golden;

import dev.phasegate.config.RewriterConfig;
import dev.phasegate.config.column.Phase;
import dev.phasegate.rewriter.ColumnAction;
import dev.phasegate.rewriter.RewritePlan;
import dev.phasegate.rewriter.ShadowCheck;
import dev.phasegate.rewriter.SqlRewriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A maintainer's tool, not a test: fills in the expectations of draft cases (those whose
 * {@code expect:} is {@code ?}) in a golden file with what the rewriter does today, for a human to
 * review line by line before committing. Warns when the phases of one case disagree.
 *
 * <p>{@code java -cp … dev.phasegate.rewriter.golden.GoldenDraft src/test/resources/golden/x.golden}
 */
public final class GoldenDraft {

    private GoldenDraft() {
    }

    public static void main(String[] args) throws Exception {
        GoldenFixture fixture = GoldenFixture.load();
        SqlRewriter rewriter = new SqlRewriter(RewriterConfig.DEFAULTS);
        for (String arg : args) {
            Path path = Path.of(arg);
            List<String> lines = Files.readAllLines(path);
            String text = String.join("\n", lines);
            List<GoldenCase> cases = GoldenCase.parseDrafts(path.getFileName().toString(), text);
            List<String> out = new ArrayList<>();
            int caseIndex = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("=== ")) {
                    GoldenCase c = cases.get(caseIndex++);
                    if (c.expected() == null || !"?".equals(c.expected().strip())) {
                        out.add(line);
                        continue;
                    }
                    // Rewrite this case entirely.
                    out.add(line);
                    int j = i + 1;
                    List<String> keep = new ArrayList<>();
                    while (j < lines.size() && !lines.get(j).startsWith("=== ")) {
                        keep.add(lines.get(j));
                        j++;
                    }
                    String phaseLine = keep.stream().filter(l -> l.startsWith("phase:")).findFirst().orElseThrow();
                    out.add(phaseLine);
                    out.add("sql:");
                    out.add(c.sql());
                    String first = null;
                    for (Map<String, Phase> phases : c.phaseSets()) {
                        RewritePlan plan = rewriter.planUncached(c.sql(), fixture.snapshot(phases), fixture.catalog());
                        String rendered = render(plan);
                        if (first == null) {
                            first = rendered;
                        } else if (!first.equals(rendered)) {
                            System.err.println("WARN " + path + ":" + (i + 1) + " '" + c.name() + "' differs in " + phases
                                    + ":\n" + rendered);
                        }
                    }
                    out.add(first);
                    out.add("");
                    i = j - 1;
                } else {
                    out.add(line);
                }
            }
            Files.writeString(path, String.join("\n", out).replaceAll("\n{3,}", "\n\n").strip() + "\n");
        }
    }

    private static String render(RewritePlan plan) {
        StringBuilder sb = new StringBuilder();
        if (plan instanceof RewritePlan.Rejected) {
            sb.append("expect: rejected");
        } else if (plan instanceof RewritePlan.Unchanged) {
            sb.append("expect: unchanged");
        } else {
            sb.append("expect:\n").append(plan.sql());
        }
        TreeSet<String> actions = new TreeSet<>();
        for (ColumnAction a : plan.actions()) {
            actions.add(a.column().column() + ":" + a.action().wireName());
        }
        sb.append("\nactions: ").append(actions.isEmpty() ? "none" : String.join(" ", actions));
        plan.parameterMap().ifPresent(m -> sb.append("\nparams: ").append(GoldenCasesTest.params(m)));
        List<String> shadow = new ArrayList<>();
        for (ShadowCheck s : plan.resultFilter().shadowChecks()) {
            shadow.add(s.column().column() + "@" + s.tableReference());
        }
        if (!shadow.isEmpty()) {
            sb.append("\nshadow: ").append(String.join(" ", shadow));
        }
        plan.error().ifPresent(e -> sb.append("\n# error: ").append(e.message().replace("\n", " ")));
        List<String> notes = new ArrayList<>();
        plan.statements().forEach(s -> notes.addAll(s.notes()));
        for (String n : notes) {
            sb.append("\n# note: ").append(n.replace("\n", " "));
        }
        return sb.toString();
    }
}
