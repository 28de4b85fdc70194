package dev.phasegate.gateway.cli;

import dev.phasegate.admin.client.AdminClientException;
import dev.phasegate.config.ConfigException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the subcommands: runs the command and turns every failure into one line on stderr and an
 * exit code (0 ok, 1 refused or failed, 2 usage), never a stack trace. The handling lives here, not
 * in a {@code CommandLine} handler, so that {@code new CommandLine(new PhasegateCommand())} behaves
 * exactly like the jar.
 */
public abstract class CliCommand implements Callable<Integer> {

    /** Set to print stack traces of unexpected errors (for bug reports). */
    static final String DEBUG_ENV = "PHASEGATE_DEBUG";

    @Spec
    protected CommandSpec spec;

    /** Does the work; returns the exit code. */
    protected abstract int run(PrintWriter out, PrintWriter err) throws Exception;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } catch (CliException e) {
            err.println("error: " + e.getMessage());
            return e.exitCode();
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return CliException.USAGE;
        } catch (AdminClientException e) {
            err.println("error: " + e.getMessage());
            return CliException.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return CliException.FAILED;
        } catch (Exception e) {
            err.println("error: " + describe(e));
            if (System.getenv(DEBUG_ENV) != null) {
                e.printStackTrace(err);
            } else {
                err.println("(this looks like a bug; set " + DEBUG_ENV + "=1 for the stack trace)");
            }
            return CliException.FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The exception's message, or its type when it has none. */
    public static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
