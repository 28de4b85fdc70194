package dev.phasegate.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.config.RewriterConfig;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.rewriter.catalog.Catalog;
import dev.phasegate.rewriter.golden.GoldenFixtureAccess;
import dev.phasegate.rewriter.lex.PreFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties over many random statements (seeded, so a failure reproduces): statements that touch
 * no managed column come out byte for byte, and the pre-filter never says "no" to a statement that
 * names a managed table, however it is spelled.
 */
class UnmanagedStatementsPropertyTest {

    private static final long SEED = 20_261_126L;
    private static final int ITERATIONS = 1_500;
    private static final Catalog CATALOG = GoldenFixtureAccess.fixture().catalog();
    private static final Phase[] PHASES = {Phase.HIDDEN, Phase.WRITE, Phase.SHADOW, Phase.READ, Phase.CONTRACT};

    private final Random random = new Random(SEED);
    private final SqlRewriter rewriter = new SqlRewriter(RewriterConfig.DEFAULTS);

    private PhaseSnapshot randomSnapshot() {
        return GoldenFixtureAccess.fixture().snapshot(Map.of(
                "email_lower", PHASES[random.nextInt(PHASES.length)],
                "amount_cents", PHASES[random.nextInt(PHASES.length)],
                "sku_norm", PHASES[random.nextInt(PHASES.length)]));
    }

    @Test
    void statementsOverUnmanagedTablesComeOutByteForByte() {
        String[] tables = {"orgs", "events", "accounts", "users_archive", "\"Users\"", "user_s", "audit.users_log",
                "xusers"};
        String[] columns = {"id", "name", "kind", "payload", "email_lower", "email", "amount", "\"Email\"",
                "status", "users"};
        for (int i = 0; i < ITERATIONS; i++) {
            String sql = statement(tables, columns);
            RewritePlan plan = rewriter.plan(sql, randomSnapshot(), CATALOG);
            assertThat(plan).as(sql).isInstanceOf(RewritePlan.Unchanged.class);
            assertThat(plan.sql()).as(sql).isEqualTo(sql);
            assertThat(plan.touchesManagedColumns()).as(sql).isFalse();
        }
    }

    @Test
    void statementsOverManagedTablesThatTouchNoManagedColumnComeOutByteForByte() {
        String[][] shapes = {
            {"users", "id", "name", "org_id", "created_at"},
            {"orders", "id", "user_id", "status", "note"},
            {"public.users", "id", "name", "org_id"},
            {"\"shop_product\"", "id", "title", "price"},
        };
        for (int i = 0; i < ITERATIONS; i++) {
            String[] shape = shapes[random.nextInt(shapes.length)];
            String[] columns = java.util.Arrays.copyOfRange(shape, 1, shape.length);
            String sql = statement(new String[] {shape[0]}, columns);
            RewritePlan plan = rewriter.plan(sql, randomSnapshot(), CATALOG);
            assertThat(plan).as(sql).isInstanceOf(RewritePlan.Unchanged.class);
            assertThat(plan.sql()).as(sql).isEqualTo(sql);
            assertThat(plan.touchesManagedColumns()).as(sql).isFalse();
        }
    }

    @Test
    void preFilterNeverMissesAManagedTableHoweverItIsSpelled() {
        PhaseSnapshot snapshot = GoldenFixtureAccess.fixture().snapshot(Map.of("email_lower", Phase.HIDDEN,
                "amount_cents", Phase.WRITE, "sku_norm", Phase.READ, "total_cents", Phase.SHADOW));
        PreFilter filter = rewriter.preFilter(snapshot);
        String[] managed = {"users", "orders", "shop_product", "invoices"};
        for (int i = 0; i < ITERATIONS; i++) {
            String name = managed[random.nextInt(managed.length)];
            String spelled = spell(name);
            String[] tables = {"orgs", spelled, "events"};
            String sql = noise() + statement(new String[] {spelled}, new String[] {"id", "x"}) + noise();
            assertThat(filter.mayName(sql)).as(sql).isTrue();
            // the same with the name in an otherwise unmanaged statement's noise only: no false negative
            // is possible there, and the plan must still be byte-identical if it says yes
            String decoy = "SELECT 1 FROM orgs WHERE name = '" + name + "' /* " + name + " */ -- " + name + "\n";
            RewritePlan plan = rewriter.plan(decoy, snapshot, CATALOG);
            assertThat(plan.sql()).isEqualTo(decoy);
            assertThat(filter.mayName(decoy)).isFalse();
            assertThat(tables).isNotEmpty();
        }
    }

    /** A managed name spelled any way PostgreSQL resolves to it. */
    private String spell(String name) {
        return switch (random.nextInt(5)) {
            case 0 -> name;
            case 1 -> name.toUpperCase(Locale.ROOT);
            case 2 -> "\"" + name + "\"";
            case 3 -> (name.equals("invoices") ? "billing." : "public.") + mixedCase(name);
            default -> (name.equals("invoices") ? "\"billing\"." : "\"public\".") + "\"" + name + "\"";
        };
    }

    private String mixedCase(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return sb.toString();
    }

    private String noise() {
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> "/* users orders */ ";
            case 2 -> "-- shop_product\n";
            case 3 -> "/* nested /* users */ comment */ ";
            case 4 -> "\n\t ";
            default -> " ";
        };
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private String keyword(String k) {
        return switch (random.nextInt(3)) {
            case 0 -> k.toLowerCase(Locale.ROOT);
            case 1 -> k.toUpperCase(Locale.ROOT);
            default -> mixedCase(k.toLowerCase(Locale.ROOT));
        };
    }

    private String value() {
        return switch (random.nextInt(7)) {
            case 0 -> "$" + (1 + random.nextInt(5));
            case 1 -> "'users''s ' || 'x'";
            case 2 -> "$$ orders $$";
            case 3 -> "E'a\\'b'";
            case 4 -> String.valueOf(random.nextInt(1000));
            case 5 -> "now() - interval '1 day'";
            default -> "NULL";
        };
    }

    private String statement(String[] tables, String[] columns) {
        String table = pick(tables);
        String ws = random.nextBoolean() ? " " : "\n  ";
        List<String> cols = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            cols.add(pick(columns));
        }
        String where = random.nextBoolean() ? ""
                : ws + keyword("where") + " " + pick(columns) + " " + pick(new String[] {"=", "<>", ">=", "IS DISTINCT FROM"})
                        + " " + value();
        return switch (random.nextInt(5)) {
            case 0 -> keyword("select") + " " + String.join(", ", cols) + ws + keyword("from") + " " + table + where
                    + (random.nextBoolean() ? ws + keyword("order by") + " 1 " + keyword("limit") + " "
                            + (random.nextBoolean() ? "$1" : "10") : "");
            case 1 -> keyword("select") + " t." + pick(columns) + ", count(*)" + ws + keyword("from") + " " + table
                    + " t" + where + ws + keyword("group by") + " 1";
            case 2 -> keyword("insert into") + " " + table + " (" + String.join(", ", cols) + ")" + ws
                    + keyword("values") + " (" + String.join(", ", cols.stream().map(c -> value()).toList()) + ")"
                    + (random.nextBoolean() ? " " + keyword("returning") + " " + pick(columns) : "");
            case 3 -> keyword("update") + " " + table + " " + keyword("set") + " " + pick(columns) + " = " + value()
                    + where;
            default -> keyword("delete from") + " " + table + where;
        };
    }
}
