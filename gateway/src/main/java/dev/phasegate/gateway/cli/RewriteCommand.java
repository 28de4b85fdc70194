package dev.phasegate.gateway.cli;

import dev.phasegate.config.ConfigLoader;
import dev.phasegate.config.PhasegateConfig;
import dev.phasegate.config.UpstreamConfig;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.gateway.rewrite.PlanJson;
import dev.phasegate.jdbc.CatalogLoader;
import dev.phasegate.rewriter.RewritePlan;
import dev.phasegate.rewriter.SqlRewriter;
import dev.phasegate.rewriter.catalog.Catalog;
import dev.phasegate.rewriter.lex.SearchPathCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code phasegate rewrite --config FILE --sql "…" [--phase COLUMN=PHASE]… [--json]}: what the
 * gateway would send for a statement, worked out offline from the configuration file and the
 * upstream catalog; the phase store is not read.
 */
@Command(name = "rewrite", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Preview offline what the gateway would send for a statement.",
                "",
                "Loads the configuration, reads the upstream's catalog (tables and columns) with the configured "
                        + "upstream login, and plans the statement with the managed columns the file declares, in "
                        + "the phases the file gives them unless --phase overrides them.",
                "The phase store is NOT consulted: this shows what a flip to those phases would do, not "
                        + "necessarily what runs now (for that, ask a running gateway: POST /api/v1/rewrite).",
                "",
                "Exit 0 when the statement was planned (also when the plan rejects it: see 'error'), "
                        + "1 when the catalog cannot be read, 2 for a bad option or configuration."})
public final class RewriteCommand extends CliCommand {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "phasegate.yml",
            description = "Configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--sql", required = true, paramLabel = "SQL",
            description = "The statement (or several, separated by ';'); '-' reads it from standard input.")
    String sql;

    @Option(names = "--phase", paramLabel = "COLUMN=PHASE",
            description = "Plan as if COLUMN (schema.table.column, or table.column for public) were in PHASE; "
                    + "repeatable.")
    Map<String, String> phases = new LinkedHashMap<>();

    @Option(names = "--search-path", paramLabel = "SCHEMAS",
            description = "Resolve unqualified table names through these schemas, as a session whose search_path "
                    + "is SCHEMAS would ('tenant_a, public'), instead of rewriter.searchPath.")
    String searchPath;

    @Option(names = "--json", description = "Print one JSON object: sql, changed, statement, columns, resultFilter, "
            + "parameterMap, error.")
    boolean json;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws IOException {
        PhasegateConfig loaded = ConfigLoader.load(config);
        String statement = "-".equals(sql) ? readStdin() : sql;
        PhaseSnapshot snapshot = snapshot(loaded.columns(), phases, config);
        Catalog catalog = loadCatalog(loaded.upstream());
        List<String> path = searchPath != null ? SearchPathCommand.list(searchPath) : loaded.rewriter().searchPath();
        RewritePlan plan = new SqlRewriter(loaded.rewriter()).planUncached(statement, snapshot, catalog, path);
        if (json) {
            out.println(PlanJson.of(plan).toPrettyString());
        } else {
            if (snapshot.isEmpty()) {
                out.println("note: " + config + " declares no managed columns, so nothing is rewritten");
            } else {
                out.println("phases      " + snapshot.columns().stream()
                        .map(c -> c.id() + " " + c.phase().wireName() + (phases.isEmpty() ? "" : overridden(c)))
                        .collect(Collectors.joining(", ")) + " (from " + config
                        + (phases.isEmpty() ? "" : " and --phase") + "; the phase store is not consulted)");
            }
            if (searchPath != null) {
                out.println("search path " + String.join(", ", path) + " (--search-path)");
            }
            PlanReport.print(plan, out);
        }
        return 0;
    }

    private String overridden(ManagedColumn column) {
        return phases.keySet().stream().anyMatch(k -> ColumnId.parse(k).equals(column.id())) ? " (--phase)" : "";
    }

    /** The configuration's columns with the overrides applied; usage errors for unknown columns or phases. */
    static PhaseSnapshot snapshot(List<ManagedColumn> declared, Map<String, String> overrides, Path source) {
        Map<ColumnId, ManagedColumn> columns = new TreeMap<>();
        declared.forEach(c -> columns.put(c.id(), c));
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            ColumnId id;
            try {
                id = ColumnId.parse(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw CliException.usage("--phase " + e.getKey() + "=" + e.getValue() + ": " + describe(ex));
            }
            ManagedColumn column = columns.get(id);
            if (column == null) {
                throw CliException.usage("--phase names " + id + ", which " + source + " does not declare"
                        + (columns.isEmpty() ? " (it declares no columns)"
                        : "; declared: " + columns.keySet().stream().map(ColumnId::toString)
                        .collect(Collectors.joining(", "))));
            }
            try {
                columns.put(id, column.withPhase(Phase.parse(e.getValue())));
            } catch (IllegalArgumentException ex) {
                throw CliException.usage("--phase " + e.getKey() + "=" + e.getValue() + ": " + describe(ex));
            }
        }
        return new PhaseSnapshot(1, columns.values());
    }

    private static Catalog loadCatalog(UpstreamConfig upstream) {
        Properties props = new Properties();
        props.setProperty("user", upstream.user());
        props.setProperty("password", upstream.password());
        props.setProperty("ApplicationName", "phasegate-rewrite");
        props.setProperty("connectTimeout", Long.toString(Math.max(1, upstream.connectTimeout().toSeconds())));
        props.setProperty("readOnly", "true");
        try (Connection c = DriverManager.getConnection(upstream.jdbcUrl(), props)) {
            return CatalogLoader.load(c, 1);
        } catch (SQLException e) {
            throw CliException.failed("cannot read the catalog from the upstream " + upstream.jdbcUrl() + " as "
                    + upstream.user() + ": " + describe(e) + " (the preview needs the upstream's tables and columns;"
                    + " check upstream in the configuration)");
        }
    }

    private static String readStdin() throws IOException {
        InputStream in = System.in;
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw CliException.usage("--sql -: standard input is empty");
        }
        return text.replaceFirst("\\R\\z", "");
    }
}
