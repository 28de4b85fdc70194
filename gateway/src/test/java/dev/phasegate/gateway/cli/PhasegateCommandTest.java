package dev.phasegate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PhasegateCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PhasegateCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsTheSubcommands() {
        Run help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("serve", "demo", "help");
    }

    @Test
    void versionNamesTheBuild() {
        Run version = run("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("phasegate ").contains("Java 17");
    }

    @Test
    void serveHelpShowsItsOptions() {
        Run help = run("serve", "--help");
        assertThat(help.out()).contains("--config", "--listen", "phasegate.yml");
    }

    @Test
    void serveWithAMissingConfigurationFailsNamingTheFile(@TempDir Path dir) {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            Run serve = run("serve", "--config", dir.resolve("nope.yml").toString());
            assertThat(serve.exit()).isEqualTo(2);
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString()).contains("nope.yml").contains("file not found");
    }

    @Test
    void serveWithABadValueFailsNamingTheKey(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("phasegate.yml");
        Files.writeString(config, "upstream:\n  port: seventy\n");
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            assertThat(run("serve", "--config", config.toString()).exit()).isEqualTo(2);
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString()).contains("upstream.port").contains("seventy");
    }
}
