package dev.phasegate.gateway.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Runs the {@code phasegate} command line in-process with captured stdout and stderr. */
public record CliRun(int exit, String out, String err) {

    public static CliRun run(String... args) {
        return run(cli -> { }, args);
    }

    /** Runs after {@code setup} has seen the command line (to reach a subcommand's test knobs). */
    public static CliRun run(Consumer<CommandLine> setup, String... args) {
        CommandLine cli = new CommandLine(new PhasegateCommand());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        setup.accept(cli);
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
