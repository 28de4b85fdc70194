package dev.phasegate.rewriter.splice;

/** Edits that cannot be applied together (they overlap without one containing the other). */
public final class SpliceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SpliceException(String message) {
        super(message);
    }
}
