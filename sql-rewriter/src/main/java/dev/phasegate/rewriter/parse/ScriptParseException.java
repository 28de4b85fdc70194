package dev.phasegate.rewriter.parse;

/** The text is not something the parser understands; {@code offset} is where it gave up. */
public final class ScriptParseException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int offset;

    public ScriptParseException(String message, int offset, Throwable cause) {
        super(message, cause);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
