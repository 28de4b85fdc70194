package dev.phasegate.rewriter.golden;

import dev.phasegate.config.column.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The golden cases for tests in other packages. */
public final class GoldenCaseAccess {

    /** A case's input and phases, and where it is written. */
    public record Case(String where, String sql, List<Map<String, Phase>> phaseSets) {
    }

    private GoldenCaseAccess() {
    }

    public static List<Case> all() throws Exception {
        List<Case> result = new ArrayList<>();
        for (GoldenCase c : GoldenCasesTest.allCases()) {
            result.add(new Case(c.file() + ":" + c.line() + " " + c.name(), c.sql(), c.phaseSets()));
        }
        return result;
    }
}
