package dev.phasegate.gateway.cli;

/**
 * A failure explained in the user's words: printed as {@code error: <message>} on stderr, no stack
 * trace, and the command exits with {@link #exitCode()}.
 */
public final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The command ran and something refused or failed. */
    public static final int FAILED = 1;
    /** The command line or the configuration it names is wrong. */
    public static final int USAGE = 2;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static CliException failed(String message) {
        return new CliException(FAILED, message);
    }

    public static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
