package dev.phasegate.config;

/**
 * A configuration problem, phrased for the operator: which file, which key, what was wrong and
 * what was expected. Start-up stops on it.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final String key;

    public ConfigException(String source, String key, String message) {
        super(source + ": " + (key == null || key.isEmpty() ? "" : key + ": ") + message);
        this.source = source;
        this.key = key;
    }

    /** The file (or other origin) the value came from. */
    public String source() {
        return source;
    }

    /** The dotted key path, e.g. {@code upstream.port} or {@code columns[2].phase}. */
    public String key() {
        return key;
    }
}
