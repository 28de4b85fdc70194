package dev.phasegate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The top-level command: help, version, and usage errors (no server needed). */
class PhasegateCommandTest {

    @Test
    void helpListsEveryCommandWithItsOneLineDescription() {
        CliRun r = CliRun.run("--help");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Commands:")
                .containsPattern("serve\\s+Run the gateway")
                .containsPattern("demo\\s+Start an embedded PostgreSQL")
                .containsPattern("rewrite\\s+Preview offline what the gateway would send")
                .containsPattern("columns\\s+List the managed columns")
                .containsPattern("phase\\s+Move a managed column to another phase")
                .containsPattern("rollback\\s+Move a managed column one phase back")
                .containsPattern("backfill\\s+Start, follow or cancel the backfill")
                .containsPattern("verify\\s+Verify a managed column")
                .containsPattern("schema\\s+Check a managed column upstream")
                .containsPattern("audit\\s+Show recent audit records")
                .contains("Exit codes: 0 success, 1 refused or failed, 2 usage error.");
    }

    @Test
    void versionNamesTheBuildAndTheJvm() {
        CliRun r = CliRun.run("--version");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("phasegate ").contains("Java ");
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun r = CliRun.run();

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Usage: phasegate");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        CliRun r = CliRun.run("backfil", "public.users.x");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Unmatched argument").contains("backfill");
    }

    @Test
    void rewriteWithoutSqlIsAUsageError() {
        CliRun r = CliRun.run("rewrite", "--config", "x.yml");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--sql=SQL'");
    }

    @Test
    void rewriteWithAMissingConfigFileSaysSo() {
        CliRun r = CliRun.run("rewrite", "--config", "does-not-exist.yml", "--sql", "SELECT 1");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: does-not-exist.yml: file not found" + System.lineSeparator());
    }

    @Test
    void backfillStatusAndCancelExcludeEachOther() {
        CliRun r = CliRun.run("backfill", "public.users.email_lower", "--status", "--cancel");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("error: --status and --cancel exclude each other");
    }

    @Test
    void backfillOptionsOnlyApplyWhenStarting() {
        CliRun r = CliRun.run("backfill", "public.users.email_lower", "--status", "--batch-size", "10");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("only apply when starting a backfill, not with --status");
    }

    @Test
    void aBadAdminUrlIsAUsageError() {
        CliRun r = CliRun.run("columns", "--admin", "localhost:8543");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("error: --admin 'localhost:8543' is not a URL like http://127.0.0.1:8543");
    }

    @Test
    void anUnreachableAdminApiIsOneLineAndExitOne() {
        CliRun r = CliRun.run("schema", "public.users.email_lower", "--admin", "http://127.0.0.1:1", "--token", "t");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: cannot reach the admin API at http://127.0.0.1:1").doesNotContain("\tat ");
    }

    @Test
    void serveHelpShowsItsOptions() {
        CliRun help = CliRun.run("serve", "--help");

        assertThat(help.out()).contains("--config", "--listen", "phasegate.yml");
    }

    @Test
    void serveWithAMissingConfigurationFailsNamingTheFile(@TempDir Path dir) {
        CliRun run = CliRun.run("serve", "--config", dir.resolve("nope.yml").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: ").contains("nope.yml").contains("file not found")
                .doesNotContain("\tat ");
    }

    @Test
    void serveWithABadValueFailsNamingTheKey(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("phasegate.yml");
        Files.writeString(config, "upstream:\n  port: seventy\n");

        CliRun run = CliRun.run("serve", "--config", config.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("upstream.port").contains("seventy");
    }

    @Test
    void serveWithABadListenAddressFailsNamingTheOption(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("phasegate.yml");
        Files.writeString(config, "upstream:\n  port: 5432\n");

        CliRun run = CliRun.run("serve", "--config", config.toString(), "--listen", "no-port-here");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: --listen: ");
    }
}
