package dev.phasegate.rewriter.golden;

import static org.junit.jupiter.api.Assertions.fail;

import dev.phasegate.config.RewriterConfig;
import dev.phasegate.config.column.Phase;
import dev.phasegate.rewriter.ColumnAction;
import dev.phasegate.rewriter.ParameterMap;
import dev.phasegate.rewriter.RewritePlan;
import dev.phasegate.rewriter.ShadowCheck;
import dev.phasegate.rewriter.SqlRewriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden cases in src/test/resources/golden/*.golden: every statement × phase planned
 * against golden/fixture.txt, compared with the expected text, actions, parameter map and shadow
 * checks. A failure prints both texts and where they first differ.
 */
class GoldenCasesTest {

    static final GoldenFixture FIXTURE = GoldenFixture.load();
    private static final SqlRewriter REWRITER = new SqlRewriter(RewriterConfig.DEFAULTS);

    @TestFactory
    Stream<DynamicNode> goldenCases() throws IOException, URISyntaxException {
        List<DynamicNode> files = new ArrayList<>();
        for (Path file : goldenFiles()) {
            String name = file.getFileName().toString();
            List<GoldenCase> cases = GoldenCase.parse(name, Files.readString(file, StandardCharsets.UTF_8));
            List<DynamicNode> tests = new ArrayList<>();
            for (GoldenCase c : cases) {
                for (Map<String, Phase> phases : c.phaseSets()) {
                    String display = c.name() + " [" + describe(phases) + "] (" + name + ":" + c.line() + ")";
                    tests.add(DynamicTest.dynamicTest(display, () -> check(c, phases)));
                }
            }
            files.add(DynamicContainer.dynamicContainer(name, tests));
        }
        return files.stream();
    }

    static List<Path> goldenFiles() throws IOException, URISyntaxException {
        URL dir = GoldenCasesTest.class.getResource("/golden");
        try (Stream<Path> s = Files.list(Path.of(dir.toURI()))) {
            return s.filter(p -> p.toString().endsWith(".golden")).sorted().toList();
        }
    }

    static List<GoldenCase> allCases() throws IOException, URISyntaxException {
        List<GoldenCase> all = new ArrayList<>();
        for (Path file : goldenFiles()) {
            all.addAll(GoldenCase.parse(file.getFileName().toString(), Files.readString(file)));
        }
        return all;
    }

    private static String describe(Map<String, Phase> phases) {
        return phases.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    static void check(GoldenCase c, Map<String, Phase> phases) {
        RewritePlan plan = REWRITER.planUncached(c.sql(), FIXTURE.snapshot(phases), FIXTURE.catalog());
        List<String> problems = new ArrayList<>();
        switch (c.expectation()) {
            case UNCHANGED -> {
                if (!(plan instanceof RewritePlan.Unchanged)) {
                    problems.add("expected the statement unchanged, got " + describe(plan));
                }
            }
            case REJECTED -> {
                if (!(plan instanceof RewritePlan.Rejected)) {
                    problems.add("expected the statement rejected, got " + describe(plan));
                }
            }
            case REWRITTEN -> {
                if (!(plan instanceof RewritePlan.Rewritten)) {
                    problems.add("expected a rewrite, got " + describe(plan));
                } else if (!plan.sql().equals(c.expected())) {
                    problems.add(diff(c.expected(), plan.sql()));
                }
            }
        }
        if (c.actions() != null) {
            TreeSet<String> expected = new TreeSet<>(c.actions());
            TreeSet<String> actual = new TreeSet<>();
            for (ColumnAction a : plan.actions()) {
                actual.add(a.column().column() + ":" + a.action().wireName());
            }
            if (!expected.equals(actual)) {
                problems.add("actions: expected " + expected + ", got " + actual + "  " + plan.actions());
            }
        }
        String params = plan.parameterMap().map(GoldenCasesTest::params).orElse("");
        if (c.params() != null ? !c.params().equals(params) : !params.isEmpty()) {
            problems.add("params: expected '" + (c.params() == null ? "" : c.params()) + "', got '" + params + "'");
        }
        List<String> shadow = new ArrayList<>();
        for (ShadowCheck s : plan.resultFilter().shadowChecks()) {
            shadow.add(s.column().column() + "@" + s.tableReference());
        }
        if (!shadow.equals(c.shadow())) {
            problems.add("shadow checks: expected " + c.shadow() + ", got " + shadow);
        }
        if (!problems.isEmpty()) {
            fail(c.file() + ":" + c.line() + " " + c.name() + " [" + describe(phases) + "]\ninput:\n" + c.sql()
                    + "\n" + String.join("\n", problems) + notes(plan));
        }
    }

    static String params(ParameterMap map) {
        List<String> parts = new ArrayList<>();
        for (int i = 1; i <= map.originalCount(); i++) {
            int n = map.newNumber(i);
            parts.add("$" + i + "=" + (n == 0 ? "dropped" : "$" + n));
        }
        return String.join(" ", parts);
    }

    private static String notes(RewritePlan plan) {
        List<String> notes = new ArrayList<>();
        plan.statements().forEach(s -> notes.addAll(s.notes()));
        return notes.isEmpty() ? "" : "\nnotes: " + notes;
    }

    private static String describe(RewritePlan plan) {
        return plan.getClass().getSimpleName() + (plan.sql() != null ? ": " + plan.sql() : "")
                + plan.error().map(e -> " error: " + e.message()).orElse("");
    }

    static String diff(String expected, String actual) {
        int i = 0;
        while (i < expected.length() && i < actual.length() && expected.charAt(i) == actual.charAt(i)) {
            i++;
        }
        String caret = " ".repeat(Math.max(0, column(actual, i))) + "^";
        return "expected:\n" + expected + "\nactual:\n" + actual + "\nfirst difference at offset " + i
                + " (line " + (line(actual, i) + 1) + "):\n" + lineAt(actual, i) + "\n" + caret;
    }

    private static int line(String s, int offset) {
        int n = 0;
        for (int k = 0; k < Math.min(offset, s.length()); k++) {
            if (s.charAt(k) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static int column(String s, int offset) {
        int start = s.lastIndexOf('\n', Math.max(0, Math.min(offset, s.length()) - 1)) + 1;
        return Math.min(offset, s.length()) - start;
    }

    private static String lineAt(String s, int offset) {
        int start = s.lastIndexOf('\n', Math.max(0, Math.min(offset, s.length()) - 1)) + 1;
        int end = s.indexOf('\n', Math.min(offset, s.length()));
        return s.substring(start, end < 0 ? s.length() : end);
    }

    @SuppressWarnings("unused")
    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
