package dev.phasegate.gateway.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasegate.admin.audit.AuditLog;
import dev.phasegate.admin.http.AdminServer;
import dev.phasegate.admin.http.AdminToken;
import dev.phasegate.admin.json.AdminJson;
import dev.phasegate.admin.service.Actor;
import dev.phasegate.admin.service.ColumnService;
import dev.phasegate.admin.service.GuardRailFactsSource;
import dev.phasegate.admin.store.FilePhaseStore;
import dev.phasegate.admin.store.SnapshotFeed;
import dev.phasegate.config.AuditConfig;
import dev.phasegate.config.GuardRailConfig;
import dev.phasegate.config.HostPort;
import dev.phasegate.config.column.ColumnId;
import dev.phasegate.config.column.ManagedColumn;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The admin subcommands against a real admin API (file store, real HTTP on loopback). */
class AdminCommandsTest {

    private static final String TOKEN = "cli-token";
    private static final ColumnId EMAIL = ColumnId.parse("public.users.email_lower");

    @TempDir
    Path dir;

    private FilePhaseStore store;
    private SnapshotFeed feed;
    private AuditLog audit;
    private AdminServer server;

    @BeforeEach
    void start() {
        store = FilePhaseStore.open(dir.resolve("phases.json"), Clock.systemUTC());
        feed = new SnapshotFeed(store, Duration.ofMillis(100), Clock.systemUTC()).start();
        audit = new AuditLog(new AuditConfig(null, true, 4096, 1, 1024, 1024), "gw", Duration.ofHours(1),
                Clock.systemUTC()).start();
        GuardRailConfig rails = new GuardRailConfig(Duration.ofMinutes(10), 1000, Duration.ofMinutes(10));
        ColumnService service = new ColumnService(store,
                GuardRailFactsSource.compose(ColumnService.defaultFacts(store, audit, rails)), rails, audit, null,
                Clock.systemUTC());
        service.onChange(feed::refresh);
        service.register(ManagedColumn.declared(EMAIL, "text", "email", "lower(email)", null, null), "normalise",
                false, new Actor("setup", null));
        server = AdminServer.builder().listen(new HostPort("127.0.0.1", 0)).token(AdminToken.of(TOKEN))
                .columns(service).feed(feed).audit(audit).start();
    }

    @AfterEach
    void stop() {
        server.close();
        audit.close();
        feed.close();
        store.close();
    }

    record Run(int exit, String out, String err) {
    }

    private Run run(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--admin";
        all[args.length + 1] = server.baseUrl();
        all[args.length + 2] = "--token";
        all[args.length + 3] = TOKEN;
        int exit = cli.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void columnsPrintsATable() {
        Run r = run(new ColumnsCommand());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("ID").contains("PHASE").contains("public.users.email_lower")
                .contains("hidden").contains("lower(email)");
    }

    @Test
    void columnsWithAnIdShowsTheNextStepAndHistory() {
        Run r = run(new ColumnsCommand(), "public.users.email_lower");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("phase      hidden (version 1")
                .contains("next       write (refused without --force)")
                .contains("[unknown]  schema")
                .contains("history").contains("normalise");
    }

    @Test
    void columnsAsJsonIsTheApiAnswer() throws Exception {
        Run r = run(new ColumnsCommand(), "--json");

        JsonNode json = AdminJson.mapper().readTree(r.out());
        assertThat(json.get("columns").get(0).get("id").asText()).isEqualTo("public.users.email_lower");
    }

    @Test
    void phaseRefusedPrintsTheUnmetRulesAndExitsOne() {
        Run r = run(new PhaseCommand(), "public.users.email_lower", "write", "--reason", "try");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("error: moving public.users.email_lower from 'hidden' to 'write' is refused")
                .contains("[unknown]  schema").contains("--force");
    }

    @Test
    void phaseForcedMovesTheColumn() {
        Run r = run(new PhaseCommand(), "public.users.email_lower", "write", "--reason", "added by hand", "--force");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("public.users.email_lower: hidden → write (version 2").contains("FORCED")
                .contains("overridden: [unknown]  schema");
        assertThat(feed.current().column(EMAIL).orElseThrow().phase().wireName()).isEqualTo("write");
    }

    @Test
    void phaseNeedsAReason() {
        Run r = run(new PhaseCommand(), "public.users.email_lower", "write");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--reason");
    }

    @Test
    void rollbackMovesOneStepBack() {
        run(new PhaseCommand(), "public.users.email_lower", "write", "--reason", "r", "--force");

        Run r = run(new RollbackCommand(), "public.users.email_lower", "--reason", "oops");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("rolled back write → hidden");
        Run again = run(new RollbackCommand(), "public.users.email_lower", "--reason", "again");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("nothing to roll back");
    }

    @Test
    void auditListsRecordsNewestFirstAndFilters() throws Exception {
        run(new PhaseCommand(), "public.users.email_lower", "write", "--reason", "try");
        run(new PhaseCommand(), "public.users.email_lower", "write", "--reason", "now", "--force");
        audit.flush(Duration.ofSeconds(30));

        Run all = run(new AuditCommand(), "--column", "public.users.email_lower");
        assertThat(all.exit()).isZero();
        String[] lines = all.out().split("\n");
        assertThat(lines[0]).startsWith("TIME").contains("ACTION");
        assertThat(lines[1]).contains("phase_changed");
        assertThat(lines[2]).contains("phase_refused");
        assertThat(lines[3]).contains("registered");

        Run filtered = run(new AuditCommand(), "--action", "phase_refused", "--json");
        JsonNode json = AdminJson.mapper().readTree(filtered.out());
        assertThat(json.get("records")).hasSize(1);
    }

    @Test
    void aWrongTokenIsExplained() {
        CommandLine cli = new CommandLine(new ColumnsCommand());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));

        int exit = cli.execute("--admin", server.baseUrl(), "--token", "wrong");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("error: missing or wrong bearer token");
    }

    @Test
    void anUnreachableApiIsExplained() {
        CommandLine cli = new CommandLine(new ColumnsCommand());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("--admin", "http://127.0.0.1:1", "--token", TOKEN);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("cannot reach the admin API at http://127.0.0.1:1");
    }
}
