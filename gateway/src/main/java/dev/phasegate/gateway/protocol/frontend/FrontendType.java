package dev.phasegate.gateway.protocol.frontend;

/** Type bytes of typed frontend messages. 'D', 'S', 'E', 'C' mean other things from the server. */
public final class FrontendType {

    public static final byte BIND = 'B';
    public static final byte CLOSE = 'C';
    public static final byte COPY_DATA = 'd';
    public static final byte COPY_DONE = 'c';
    public static final byte COPY_FAIL = 'f';
    public static final byte DESCRIBE = 'D';
    public static final byte EXECUTE = 'E';
    public static final byte FLUSH = 'H';
    public static final byte FUNCTION_CALL = 'F';
    public static final byte PARSE = 'P';
    /** PasswordMessage, SASLInitialResponse, SASLResponse, GSSResponse: all 'p'. */
    public static final byte PASSWORD = 'p';
    public static final byte QUERY = 'Q';
    public static final byte SYNC = 'S';
    public static final byte TERMINATE = 'X';

    private static final boolean[] KNOWN = new boolean[256];

    static {
        for (byte b : new byte[] {BIND, CLOSE, COPY_DATA, COPY_DONE, COPY_FAIL, DESCRIBE, EXECUTE, FLUSH,
                FUNCTION_CALL, PARSE, PASSWORD, QUERY, SYNC, TERMINATE}) {
            KNOWN[b & 0xff] = true;
        }
    }

    private FrontendType() {
    }

    public static boolean isKnown(byte type) {
        return KNOWN[type & 0xff];
    }

    /** The message's name as in the PostgreSQL documentation, for logs. */
    public static String name(byte type) {
        return switch (type) {
            case BIND -> "Bind";
            case CLOSE -> "Close";
            case COPY_DATA -> "CopyData";
            case COPY_DONE -> "CopyDone";
            case COPY_FAIL -> "CopyFail";
            case DESCRIBE -> "Describe";
            case EXECUTE -> "Execute";
            case FLUSH -> "Flush";
            case FUNCTION_CALL -> "FunctionCall";
            case PARSE -> "Parse";
            case PASSWORD -> "PasswordMessage";
            case QUERY -> "Query";
            case SYNC -> "Sync";
            case TERMINATE -> "Terminate";
            default -> "0x" + Integer.toHexString(type & 0xff);
        };
    }
}
