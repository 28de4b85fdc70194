package dev.phasegate.gateway.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.phasegate.admin.client.AdminClient;
import dev.phasegate.admin.client.AdminClientException;
import dev.phasegate.admin.json.AdminJson;
import dev.phasegate.gateway.cli.CliException;
import dev.phasegate.gateway.cli.admin.JobWatcher;
import dev.phasegate.gateway.cli.admin.Progress;
import dev.phasegate.gateway.cli.admin.Render;
import dev.phasegate.gateway.cli.admin.TextTable;
import dev.phasegate.gateway.cli.demo.DemoApplication.AppStatement;
import dev.phasegate.gateway.cli.demo.DemoApplication.Outcome;
import java.io.PrintWriter;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code phasegate demo --walkthrough}: a scripted migration of {@code users.email} to
 * {@code users.email_normalized} on the embedded database, hidden → write → shadow → read →
 * contract → complete, through the admin API only, while an unchanged application keeps running
 * its four statements through the gateway. At each phase it prints the step and its guard rails,
 * what the statements are rewritten to (the rewrite preview), what they returned, what the audit
 * recorded and what the table holds.
 *
 * <p>{@code force} is used only where the script cannot honestly meet a guard rail: the final step
 * to {@code complete}, which needs the applications to have stopped naming the source; this
 * application is unchanged by design. The output says so where it happens.
 */
final class Walkthrough {

    /** Progress lines while the jobs run: often enough to see a bar move in a captured run. */
    private static final Duration PLAIN_PROGRESS_EVERY = Duration.ofMillis(400);
    private static final Duration POLL_EVERY = Duration.ofMillis(100);
    private static final Duration SHADOW_DEADLINE = Duration.ofSeconds(60);
    private static final int WIDTH = 100;

    private final DemoEnvironment env;
    private final PrintWriter out;
    private final AdminClient api;
    private final String id = DemoEnvironment.COLUMN;
    private final String path = "/api/v1/columns/" + DemoEnvironment.COLUMN;
    private int step;
    private Instant phaseStart;
    private final List<String> forced = new ArrayList<>();

    Walkthrough(DemoEnvironment env, PrintWriter out) {
        this.env = env;
        this.out = out;
        this.api = new AdminClient(URI.create(env.runtime().adminUrl()), env.runtime().adminToken(), "walkthrough",
                Duration.ofSeconds(30));
    }

    /** Runs the script; returns the exit code (0 when every step went as the phases promise). */
    int run() throws Exception {
        intro();
        try (DemoApplication app = new DemoApplication(env.connectThroughGateway("walkthrough-app"));
             BackgroundLoad background = new BackgroundLoad(
                     new DemoApplication(env.connectThroughGateway("walkthrough-background")), env.rows()).start()) {

            phaseStart = null; // everything so far: the registration from the configuration
            heading("hidden", "The column exists upstream; the application can neither see nor set it. Reads of it "
                    + "return NULL (its default), assignments to it are stripped, SELECT * leaves it out.");
            out.println("Registered from the configuration in phase hidden (no step to take).");
            out.println();
            phaseRound(app);
            audit();

            phase("write", "column added upstream and checked", false,
                    "Writes fill both columns (dual write): every email written also sets email_normalized = "
                            + "lower(email). Reads still see NULL.");
            phaseRound(app);
            subheading("Backfill: the rows written before 'write'");
            command("phasegate backfill " + id + " --batch-size 50 --max-rows-per-second 250 --watch");
            ObjectNode body = AdminJson.mapper().createObjectNode().put("batchSize", 50).put("maxRowsPerSecond", 250);
            JsonNode backfill = watch(api.send("POST", path + "/backfill", body), path + "/backfill",
                    Progress::ofBackfill);
            out.println(Render.text(backfill, "message"));
            require("done".equals(Render.text(backfill, "state")), "the backfill did not finish: " + backfill);
            out.println();
            upstream();
            audit();

            phase("shadow", "backfill done", false,
                    "Still dual writes, and reads are dual reads: each row a query returns is also checked "
                            + "email_normalized IS NOT DISTINCT FROM lower(email); the check is dropped before the "
                            + "client sees the row, mismatches are counted and audited.");
            phaseRound(app);
            subheading("Verification: every row, read-only");
            command("phasegate verify " + id + " --watch");
            JsonNode verify = watch(api.send("POST", path + "/verify", AdminJson.mapper().createObjectNode()),
                    path + "/verify", Progress::ofVerification);
            out.println(Render.text(verify, "message"));
            require("done".equals(Render.text(verify, "state")) && verify.path("mismatches").asLong() == 0,
                    "the verification found mismatches: " + verify);
            out.println();
            awaitShadowWindow();
            audit();

            phase("read", "verified, shadow reads clean", false,
                    "Reads see email_normalized's real values; SELECT * includes it. Writes stay dual.");
            phaseRound(app);
            audit();

            phase("contract", "reads switched; retire email", false,
                    "email becomes virtual: reads of it return down(email_normalized), writes to it set "
                            + "email_normalized = lower(value) instead, SELECT * leaves it out. The old column is no "
                            + "longer written.");
            phaseRound(app);
            audit();

            phase("complete", "migration finished", true,
                    "The gateway lets go: no rewriting, no audit. The statements run as written: email is the "
                            + "real column again, holding what it held when contract began (rows written since have it "
                            + "NULL or stale), and nothing fills email_normalized any more. This is why complete wants "
                            + "the applications changed first.");
            phaseRound(app);
            upstream();
            audit();

            background.close();
            return summary(app, background);
        }
    }

    // ---- sections ---------------------------------------------------------------------------

    private void intro() {
        rule('=');
        out.println("Phasegate walkthrough: users.email -> users.email_normalized, one flag flip at a time");
        rule('=');
        out.println();
        out.printf(Locale.ROOT, "PostgreSQL %d (embedded, throwaway) on %s:%d: database %s, table users (id, email) "
                        + "with %s rows.%n", env.postgres().majorVersion(), env.postgres().host(), env.postgres().port(),
                DemoEnvironment.DATABASE, Progress.count(env.rows()));
        out.println("Before the gateway started, the new column was added upstream:");
        out.println("    " + DemoEnvironment.addColumnSql());
        out.println("and declared managed in the configuration:");
        out.println("    " + id + ": type " + DemoEnvironment.TYPE + ", source " + DemoEnvironment.SOURCE + ", up "
                + DemoEnvironment.UP + ", down " + DemoEnvironment.DOWN);
        out.println("Gateway on " + env.gatewayHost() + ":" + env.gatewayAddress().getPort() + ", admin API on "
                + env.runtime().adminUrl() + " (phase store: a file in a temporary directory).");
        out.println("Guard rails use demo windows: shadow reads for " + DemoEnvironment.SHADOW_WINDOW.toSeconds()
                + "s and " + DemoEnvironment.SHADOW_MIN_READS + " reads (production defaults: 10m and 1,000).");
        out.println();
        out.println("The application connects to the gateway as '" + DemoEnvironment.USER + "' with plain JDBC and "
                + "runs these four statements, unchanged, in every phase:");
        for (AppStatement s : DemoApplication.STATEMENTS) {
            out.println("    " + s.label() + "  " + s.sql());
        }
        out.println("A second copy of it runs them in a loop on its own connection for the whole walkthrough.");
        out.flush();
    }

    private void heading(String phase, String what) {
        step++;
        out.println();
        String title = "Phase " + step + "/6: " + phase + " ";
        out.println("── " + title + "─".repeat(Math.max(3, WIDTH - 3 - title.length())));
        out.println(wrap(what, WIDTH, ""));
        out.println();
    }

    private void subheading(String title) {
        out.println(title);
    }

    private void command(String line) {
        out.println("$ " + line);
        out.flush();
    }

    /** Moves the column one step forward over the API, printing the command and the guard rails. */
    private void phase(String phase, String reason, boolean mayNeedForce, String what) throws InterruptedException {
        heading(phase, what);
        phaseStart = Instant.now();
        command("phasegate phase " + id + " " + phase + " --reason \"" + reason + "\"");
        JsonNode column;
        try {
            column = api.changePhase(id, phase, reason, false);
        } catch (AdminClientException e) {
            if (!mayNeedForce || !"guard_rails_unmet".equals(e.error())) {
                throw e;
            }
            out.println("refused (409 " + e.error() + "):");
            for (JsonNode rule : e.detail().path("unmet")) {
                out.println("    " + Render.ruleLine(rule));
            }
            String why = "walkthrough: its application is unchanged by design and still names email; in production, "
                    + "change the applications first";
            out.println("The rail is right: the application still uses email. It stays unchanged here on purpose, "
                    + "so the script forces the step and says why:");
            command("phasegate phase " + id + " " + phase + " --force --reason \"" + why + "\"");
            column = api.changePhase(id, phase, why, true);
            forced.add(phase + " (" + String.join(", ", e.detail().path("unmet").findValuesAsText("rule")) + ")");
        }
        JsonNode history = column.path("history");
        JsonNode last = history.get(history.size() - 1);
        out.println(Render.text(last, "from") + " → " + Render.text(last, "to") + " (column version "
                + Render.text(column, "version") + ")" + (last.path("forced").asBoolean() ? ", FORCED" : ""));
        for (JsonNode rule : last.path("guardRails")) {
            out.println("    " + Render.ruleLine(rule));
        }
        out.println();
        out.flush();
    }

    /** The application's four statements: the rewrite preview, then a real run and what it returned. */
    private void phaseRound(DemoApplication app) throws SQLException {
        String phase = currentPhase();
        subheading("What the gateway sends for them now (POST /api/v1/rewrite):");
        for (AppStatement s : DemoApplication.STATEMENTS) {
            JsonNode preview = api.rewrite(s.sql(), Map.of());
            out.println("    " + s.label() + "  " + s.sql());
            // One entry per name the statement used (the column and its source may both pass): each action once.
            Set<String> actions = new LinkedHashSet<>();
            for (JsonNode c : preview.path("columns")) {
                actions.add(Render.text(c, "action"));
            }
            String verdict = actions.isEmpty() ? "no managed column touched"
                    : "email_normalized: " + String.join(", ", actions);
            if (preview.path("changed").asBoolean()) {
                out.println("        → " + Render.text(preview, "sql"));
                out.println("          " + verdict);
            } else {
                out.println("        = sent as written (" + verdict + ")");
            }
            JsonNode filter = preview.get("resultFilter");
            if (filter != null && !filter.isNull()) {
                for (JsonNode check : filter.path("shadowChecks")) {
                    out.println("          result: each row also checks " + Render.text(check, "expression")
                            + ", dropped before the client sees it");
                }
                if (!filter.path("droppedColumns").isEmpty()) {
                    out.println("          result: drops columns " + filter.get("droppedColumns"));
                }
            }
            if (preview.hasNonNull("error")) {
                out.println("          error: " + Render.text(preview, "error"));
            }
        }
        out.println();
        subheading("What they returned to the application:");
        String inserted = "New.User+" + phase + "@Example.COM";
        String updated = "Ada.Lovelace+" + phase + "@Example.COM";
        Outcome insert = app.insert(inserted);
        out.println("    Q1  inserted " + insert.updateCount() + " row, email '" + inserted + "'");
        Outcome update = app.update(1, updated);
        out.println("    Q2  updated " + update.updateCount() + " row, id 1, email '" + updated + "'");
        table("Q3", app.selectOne(1));
        table("Q4", app.latest());
        out.println();
        out.flush();
    }

    private void table(String label, Outcome outcome) {
        TextTable table = new TextTable(outcome.columns().toArray(String[]::new)).maxCell(60);
        for (List<String> row : outcome.rows()) {
            table.row(row.toArray());
        }
        java.io.StringWriter text = new java.io.StringWriter();
        table.print(new PrintWriter(text));
        String[] lines = text.toString().split("\\R");
        for (int i = 0; i < lines.length; i++) {
            out.println("    " + (i == 0 ? label : "  ") + "  " + lines[i]);
        }
    }

    /** Follows a job with the CLI's progress lines (plain: the walkthrough's output is often captured). */
    private JsonNode watch(JsonNode first, String statusPath, java.util.function.Function<JsonNode, Progress> view)
            throws InterruptedException {
        JobWatcher watcher = new JobWatcher(out, false, false, POLL_EVERY, PLAIN_PROGRESS_EVERY, 0);
        return watcher.watch(first, () -> api.get(statusPath), view, "");
    }

    /** Waits until the shadow-reads guard rail is met by the traffic, printing the rail as it goes. */
    private void awaitShadowWindow() throws InterruptedException {
        subheading("Shadow window: the step to read needs " + DemoEnvironment.SHADOW_WINDOW.toSeconds() + "s and "
                + DemoEnvironment.SHADOW_MIN_READS + " shadowed reads without a mismatch (demo settings).");
        long deadline = System.nanoTime() + SHADOW_DEADLINE.toNanos();
        String last = "";
        while (true) {
            JsonNode next = api.column(id).path("next");
            String message = "";
            boolean met = false;
            for (JsonNode rule : next.path("guardRails")) {
                if ("shadow-reads".equals(Render.text(rule, "rule"))) {
                    message = Render.ruleLine(rule);
                    met = "met".equals(Render.text(rule, "status"));
                }
            }
            if (met) {
                out.println("    " + message);
                out.println();
                return;
            }
            if (!message.equals(last) && System.nanoTime() > deadline - SHADOW_DEADLINE.toNanos() / 2) {
                out.println("    " + message);
                last = message;
            }
            require(System.nanoTime() < deadline, "the shadow-reads guard rail was not met within "
                    + SHADOW_DEADLINE.toSeconds() + "s: " + message);
            Thread.sleep(500);
        }
    }

    /** What the audit recorded for the column since the phase began, grouped. */
    private void audit() {
        JsonNode page = api.audit(id, null, phaseStart == null ? null : phaseStart.toString(), 10_000);
        subheading("What the audit recorded " + (phaseStart == null ? "so far" : "since the step to " + currentPhase())
                + " (GET /api/v1/audit?column=" + id + (phaseStart == null ? "" : "&since=…") + "):");
        String current = currentPhase();
        Map<List<String>, Integer> groups = new LinkedHashMap<>();
        List<JsonNode> admin = new ArrayList<>();
        for (JsonNode r : page.path("records")) {
            String phase = r.path("columns").isEmpty() ? "" : Render.text(r.path("columns").get(0), "phase");
            if (!r.hasNonNull("statement")) {
                admin.add(r);
            } else if (phase.equals(current)) {
                // statements still in flight under the previous phase when the flip happened belong to it
                groups.merge(List.of(Render.text(r, "action"), phase, Render.text(r, "statement")), 1, Integer::sum);
            }
        }
        TextTable table = new TextTable("ACTION", "PHASE", "COUNT", "STATEMENT").rightAlign(2).maxCell(100);
        groups.entrySet().stream()
                .sorted(java.util.Comparator.comparing((Map.Entry<List<String>, Integer> e) -> rank(e.getKey().get(2)))
                        .thenComparing(e -> e.getKey().get(0)))
                .forEach(e -> table.row(e.getKey().get(0), e.getKey().get(1), Progress.count(e.getValue()),
                        e.getKey().get(2)));
        for (int i = admin.size() - 1; i >= 0; i--) {
            JsonNode r = admin.get(i);
            table.row(Render.text(r, "action"), r.path("columns").isEmpty() ? ""
                    : Render.text(r.path("columns").get(0), "phase"), "1", "(admin) " + Render.text(r, "detail"));
        }
        if (!table.isEmpty()) {
            java.io.StringWriter text = new java.io.StringWriter();
            table.print(new PrintWriter(text));
            for (String line : text.toString().split("\\R")) {
                out.println("    " + line);
            }
        }
        if (groups.isEmpty()) {
            out.println("    No statement: " + ("complete".equals(current)
                    ? "in complete the gateway no longer audits." : "none touched the column."));
        }
        out.println();
        out.flush();
    }

    /** What PostgreSQL itself holds, read past the gateway. */
    private void upstream() throws SQLException {
        try (Connection c = env.connectUpstream(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), "
                     + "count(*) FILTER (WHERE email_normalized = lower(email)), "
                     + "count(*) FILTER (WHERE email_normalized IS NULL), "
                     + "count(*) FILTER (WHERE email IS NULL), "
                     + "count(*) FILTER (WHERE email_normalized <> lower(email)) FROM users")) {
            rs.next();
            out.printf(Locale.ROOT, "In PostgreSQL itself (not through the gateway): %s rows; email_normalized = "
                            + "lower(email) in %s, email_normalized NULL in %s, email NULL in %s, other in %s.%n",
                    Progress.count(rs.getLong(1)), Progress.count(rs.getLong(2)), Progress.count(rs.getLong(3)),
                    Progress.count(rs.getLong(4)), Progress.count(rs.getLong(5)));
            out.println();
        }
    }

    private int summary(DemoApplication app, BackgroundLoad background) {
        rule('=');
        out.println("Done: " + id + " went hidden → write → shadow → read → contract → complete without a "
                + "redeploy.");
        Map<String, Integer> failures = background.failures();
        long statements = app.executed() + background.statements();
        long retried = app.retried() + background.retried();
        out.println("The application ran " + Progress.count(statements) + " statements through the gateway; "
                + (failures.isEmpty() ? "none failed" : failures.values().stream().mapToInt(Integer::intValue).sum()
                + " failed")
                + (retried == 0 ? "" : "; " + retried + " met the one-time 0A000 after a flip (a statement prepared "
                + "under the previous phase) and succeeded on retry") + ".");
        failures.forEach((message, count) -> out.println("    " + count + " x " + message));
        out.println(forced.isEmpty() ? "No guard rail was forced."
                : "Forced: " + String.join(", ", forced) + ", as explained above.");
        rule('=');
        out.flush();
        return failures.isEmpty() ? 0 : 1;
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The application's order (Q1…Q4) of an audited statement text (literals there are redacted to ?). */
    private static int rank(String audited) {
        for (int i = 0; i < DemoApplication.STATEMENTS.size(); i++) {
            String sql = DemoApplication.STATEMENTS.get(i).sql();
            int common = Math.min(24, Math.min(sql.length(), audited.length()));
            if (sql.regionMatches(0, audited, 0, common)) {
                return i;
            }
        }
        return DemoApplication.STATEMENTS.size();
    }

    private String currentPhase() {
        return Render.text(api.column(id), "phase");
    }

    private void rule(char c) {
        out.println(String.valueOf(c).repeat(WIDTH));
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw CliException.failed("walkthrough: " + problem);
        }
    }

    /** Wraps text at {@code width}, every line after the first indented with {@code indent}. */
    static String wrap(String text, int width, String indent) {
        StringBuilder sb = new StringBuilder();
        int lineStart = 0;
        for (String word : text.split(" ")) {
            if (sb.length() - lineStart + word.length() + 1 > width && sb.length() > lineStart) {
                sb.append('\n').append(indent);
                lineStart = sb.length() - indent.length();
            } else if (sb.length() > lineStart) {
                sb.append(' ');
            }
            sb.append(word);
        }
        return sb.toString();
    }
}
