package dev.phasegate.gateway.cli;

import dev.phasegate.gateway.server.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code phasegate}: the jar's main class. Prints the subcommands when run without one. */
@Command(
        name = "phasegate",
        mixinStandardHelpOptions = true,
        versionProvider = PhasegateCommand.VersionProvider.class,
        description = "PostgreSQL wire-protocol gateway that makes column changes safe on a live system.",
        // Add new subcommands to this list.
        subcommands = {
                ServeCommand.class,
                DemoCommand.class,
                CommandLine.HelpCommand.class
        })
public final class PhasegateCommand implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for {@link #main} and for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new PhasegateCommand())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
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
