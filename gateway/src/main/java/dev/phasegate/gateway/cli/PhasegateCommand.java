package dev.phasegate.gateway.cli;

import dev.phasegate.gateway.cli.admin.AuditCommand;
import dev.phasegate.gateway.cli.admin.BackfillCommand;
import dev.phasegate.gateway.cli.admin.ColumnsCommand;
import dev.phasegate.gateway.cli.admin.PhaseCommand;
import dev.phasegate.gateway.cli.admin.RollbackCommand;
import dev.phasegate.gateway.cli.admin.SchemaCommand;
import dev.phasegate.gateway.cli.admin.VerifyCommand;
import dev.phasegate.gateway.server.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code phasegate}: the jar's main class. Prints the subcommands when run without one.
 *
 * <p>Exit codes, for every subcommand: 0 success, 1 refused or failed (the reason on stderr),
 * 2 usage error (picocli's, or a configuration that does not load).
 */
@Command(
        name = "phasegate",
        mixinStandardHelpOptions = true,
        versionProvider = PhasegateCommand.VersionProvider.class,
        description = {"PostgreSQL wire-protocol gateway that makes column changes safe on a live system.",
                "Applications connect through it; managed columns change phase by flag flips on its admin API."},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = {"Exit codes: 0 success, 1 refused or failed, 2 usage error.",
                "Admin commands talk to --admin URL (default $PHASEGATE_ADMIN_URL or http://127.0.0.1:8543)"
                        + " with the token from --token or $PHASEGATE_ADMIN_TOKEN.",
                "Run 'phasegate COMMAND --help' for a command's options."},
        // Add new subcommands to this list; the order is the order of --help.
        subcommands = {
                ServeCommand.class,
                dev.phasegate.gateway.cli.demo.DemoCommand.class,
                RewriteCommand.class,
                ColumnsCommand.class,
                PhaseCommand.class,
                RollbackCommand.class,
                BackfillCommand.class,
                VerifyCommand.class,
                SchemaCommand.class,
                AuditCommand.class,
                CommandLine.HelpCommand.class
        })
public final class PhasegateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        disableLeakDetectionUnlessAsked();
        System.exit(commandLine().execute(args));
    }

    /**
     * Netty's leak detector samples one buffer in 128 and records a stack trace for it and for
     * every slice of it: on the data path that is about a thousand stack traces a second at 15,000
     * transactions a second, for a check the test suite already runs at {@code paranoid} level. Off
     * unless {@code -Dio.netty.leakDetection.level} asks for it (set before Netty's classes load).
     */
    private static void disableLeakDetectionUnlessAsked() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
    }

    /** The configured command line, for {@link #main} and for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new PhasegateCommand())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** Without a command: the usage on stderr, exit 2 (a script that forgot the command should not pass). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CliException.USAGE;
    }

    /** {@code --version}: the build's version and the JVM it runs on. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"phasegate " + Version.current(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
