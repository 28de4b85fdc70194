package dev.phasegate.admin.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes audit records as JSON Lines for the audit file. The writer thread encodes one record per
 * audited statement and shares the cores with the data path, so the encoding is written out here
 * rather than left to a general JSON library, and the parts of a record that repeat are encoded
 * once: a session's fields, a statement's column list and a statement's fingerprint and text come
 * back as the same objects for every execution of a prepared statement and for the statements of
 * one literal shape (the data path remembers them), so their encoded bytes are kept by identity
 * and copied. What is left per record is the time, three numbers and a few constant names.
 *
 * <p>The output is byte for byte what {@code AdminJson.mapper()} writes for the record (the API's
 * format), which {@code AuditJsonLineTest} checks: nulls, negative {@code rows}/{@code
 * durationMicros} and false column flags are left out; strings escape {@code "}, {@code \} and
 * control characters as Jackson does and carry everything else as UTF-8.
 *
 * <p>One instance per writer thread: it reuses one buffer, and its caches are not thread-safe.
 */
final class AuditJsonLine {

    private static final byte[][] ACTIONS = new byte[AuditAction.values().length][];

    static {
        for (AuditAction action : AuditAction.values()) {
            String field = ",\"action\":\"" + action.wireName() + '"';
            ACTIONS[action.ordinal()] = field.getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final LineBuffer buffer = new LineBuffer();
    private final Recent gateways = new Recent(4) {
        @Override
        void encode(Object gateway, Object unused) {
            stringField("gateway", (String) gateway);
        }
    };
    private final Recent sessions = new Recent(64) {
        @Override
        void encode(Object session, Object unused) {
            session((AuditSession) session);
        }
    };
    private final Recent columnLists = new Recent(256) {
        @Override
        void encode(Object columns, Object unused) {
            columns((List<?>) columns);
        }
    };
    private final Recent texts = new Recent(256) {
        @Override
        void encode(Object fingerprint, Object statement) {
            stringField("fingerprint", (String) fingerprint);
            stringField("statement", (String) statement);
        }
    };
    private final char[] time = new char[40];
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedSecondText; // "2024-05-01T12:00:00"

    /** Encodes {@code record} followed by a newline; the bytes stay valid until the next call. */
    LineBuffer encode(AuditRecord record) {
        buffer.reset();
        buffer.ascii("{\"time\":\"");
        buffer.ascii(time, formatTime(record.time()));
        buffer.write('"');
        if (record.gateway() != null) {
            gateways.append(record.gateway(), null);
        }
        if (record.session() != null) {
            sessions.append(record.session(), null);
        }
        columnLists.append(record.columns(), null);
        buffer.ascii(",\"snapshotVersion\":");
        buffer.decimal(record.snapshotVersion());
        buffer.write(ACTIONS[record.action().ordinal()]);
        if (record.fingerprint() != null || record.statement() != null) {
            texts.append(record.fingerprint(), record.statement());
        }
        if (record.rows() >= 0) {
            buffer.ascii(",\"rows\":");
            buffer.decimal(record.rows());
        }
        if (record.durationMicros() >= 0) {
            buffer.ascii(",\"durationMicros\":");
            buffer.decimal(record.durationMicros());
        }
        stringField("sqlState", record.sqlState());
        stringField("detail", record.detail());
        buffer.ascii("}\n");
        return buffer;
    }

    private void session(AuditSession session) {
        buffer.ascii(",\"session\":{");
        int start = buffer.length();
        stringField("user", session.user());
        stringField("database", session.database());
        stringField("applicationName", session.applicationName());
        stringField("clientAddress", session.clientAddress());
        buffer.dropCommaAt(start);
        buffer.write('}');
    }

    private void columns(List<?> columns) {
        buffer.ascii(",\"columns\":[");
        for (int i = 0; i < columns.size(); i++) {
            AuditColumn column = (AuditColumn) columns.get(i);
            buffer.ascii(i == 0 ? "{\"id\":" : ",{\"id\":");
            buffer.string(column.id().toString());
            buffer.ascii(",\"phase\":");
            buffer.string(column.phase().toString());
            if (column.readsSource()) {
                buffer.ascii(",\"readsSource\":true");
            }
            if (column.writesSource()) {
                buffer.ascii(",\"writesSource\":true");
            }
            if (column.newOnlyWrite()) {
                buffer.ascii(",\"newOnlyWrite\":true");
            }
            buffer.write('}');
        }
        buffer.write(']');
    }

    /** {@code ,"name":"value"}, or nothing when {@code value} is null. */
    private void stringField(String name, String value) {
        if (value != null) {
            buffer.write(',');
            buffer.write('"');
            buffer.ascii(name);
            buffer.ascii("\":");
            buffer.string(value);
        }
    }

    /**
     * Writes {@code t} as {@link Instant#toString()} does (ISO-8601, fraction in groups of three
     * digits) into {@link #time} and returns its length. The date and time up to the second are
     * formatted once per second: records of one second share them.
     */
    int formatTime(Instant t) {
        long second = t.getEpochSecond();
        if (second != cachedSecond) {
            String full = Instant.ofEpochSecond(second).toString();
            cachedSecondText = full.substring(0, full.length() - 1);
            cachedSecond = second;
        }
        int n = cachedSecondText.length();
        cachedSecondText.getChars(0, n, time, 0);
        int nanos = t.getNano();
        if (nanos != 0) {
            time[n++] = '.';
            if (nanos % 1_000_000 == 0) {
                n = digits(nanos / 1_000_000, 3, n);
            } else if (nanos % 1_000 == 0) {
                n = digits(nanos / 1_000, 6, n);
            } else {
                n = digits(nanos, 9, n);
            }
        }
        time[n++] = 'Z';
        return n;
    }

    /** {@link #formatTime} as a string (for tests). */
    String timeText(Instant t) {
        return new String(time, 0, formatTime(t));
    }

    /** {@code value} as exactly {@code width} decimal digits (zero-padded) at {@code at}. */
    private int digits(int value, int width, int at) {
        for (int i = at + width - 1; i >= at; i--) {
            time[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    /**
     * A part of a record that is often the very object of an earlier record, with the bytes it was
     * last encoded to, by the identity of the objects it encodes (one or two). Fixed in size, so a
     * part seen once costs a slot and no upkeep; two-way, so two parts in use that hash to the same
     * slot do not take turns evicting each other. The objects are immutable, so the same object
     * always encodes to the same bytes.
     */
    private abstract class Recent {
        private final Object[] keys;
        private final Object[] seconds;
        private final byte[][] encoded;

        Recent(int size) {
            keys = new Object[size]; // size: a power of two
            seconds = new Object[size];
            encoded = new byte[size][];
        }

        /** Encodes the part into {@link #buffer}. */
        abstract void encode(Object key, Object second);

        /** Appends the part: copied when it is remembered, else encoded and remembered. */
        final void append(Object key, Object second) {
            int slot = (System.identityHashCode(key) * 31 + System.identityHashCode(second)) & (keys.length - 1);
            if (copied(slot, key, second) || copied(slot ^ 1, key, second)) {
                return;
            }
            // The pair's first slot holds the part seen last; its previous one moves to the second.
            keys[slot ^ 1] = keys[slot];
            seconds[slot ^ 1] = seconds[slot];
            encoded[slot ^ 1] = encoded[slot];
            int start = buffer.length();
            encode(key, second);
            keys[slot] = key;
            seconds[slot] = second;
            encoded[slot] = Arrays.copyOfRange(buffer.bytes(), start, buffer.length());
        }

        private boolean copied(int slot, Object key, Object second) {
            if (keys[slot] != key || seconds[slot] != second || encoded[slot] == null) {
                return false;
            }
            buffer.write(encoded[slot]);
            return true;
        }
    }

    /** A growable byte buffer the line is encoded into; read with {@link #bytes()} and {@link #length()}. */
    static final class LineBuffer {
        private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

        private byte[] bytes = new byte[1024];
        private int length;

        void reset() {
            length = 0;
        }

        byte[] bytes() {
            return bytes;
        }

        int length() {
            return length;
        }

        void write(int b) {
            ensure(1);
            bytes[length++] = (byte) b;
        }

        void write(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, bytes, length, b.length);
            length += b.length;
        }

        /** Characters known to be ASCII, as they are. */
        void ascii(String s) {
            int n = s.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                bytes[length++] = (byte) s.charAt(i);
            }
        }

        void ascii(char[] chars, int n) {
            ensure(n);
            for (int i = 0; i < n; i++) {
                bytes[length++] = (byte) chars[i];
            }
        }

        /** Removes the comma a first field was written with at {@code at}, if one was. */
        void dropCommaAt(int at) {
            if (length > at && bytes[at] == ',') {
                System.arraycopy(bytes, at + 1, bytes, at, length - at - 1);
                length--;
            }
        }

        void decimal(long value) {
            if (value < 0) {
                ascii(Long.toString(value));
                return;
            }
            int n = 1;
            for (long v = value / 10; v != 0; v /= 10) {
                n++;
            }
            ensure(n);
            for (int i = length + n - 1; i >= length; i--) {
                bytes[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            length += n;
        }

        /**
         * A JSON string: quote, backslash and control characters escaped as Jackson escapes them
         * (short forms for backspace, tab, newline, form feed and carriage return, else a six-character
         * backslash-u escape), everything else in UTF-8. A
         * surrogate without its pair cannot be UTF-8; it is written as its backslash-u escape,
         * which JSON allows and which reads back as the same string.
         */
        void string(String s) {
            int n = s.length();
            ensure(n * 6 + 2); // the longest form of a char is a six-byte escape
            byte[] b = bytes;
            int at = length;
            b[at++] = '"';
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x20 && c < 0x80) {
                    if (c == '"' || c == '\\') {
                        b[at++] = '\\';
                    }
                    b[at++] = (byte) c;
                } else if (c < 0x20) {
                    at = control(b, at, c);
                } else if (c < 0x800) {
                    b[at++] = (byte) (0xC0 | c >> 6);
                    b[at++] = (byte) (0x80 | c & 0x3F);
                } else if (!Character.isSurrogate(c)) {
                    b[at++] = (byte) (0xE0 | c >> 12);
                    b[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                    b[at++] = (byte) (0x80 | c & 0x3F);
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    b[at++] = (byte) (0xF0 | cp >> 18);
                    b[at++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    b[at++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    b[at++] = (byte) (0x80 | cp & 0x3F);
                } else {
                    at = unicodeEscape(b, at, c);
                }
            }
            b[at++] = '"';
            length = at;
        }

        private static int control(byte[] b, int at, char c) {
            char shortForm = switch (c) {
                case '\b' -> 'b';
                case '\t' -> 't';
                case '\n' -> 'n';
                case '\f' -> 'f';
                case '\r' -> 'r';
                default -> 0;
            };
            if (shortForm == 0) {
                return unicodeEscape(b, at, c);
            }
            b[at++] = '\\';
            b[at++] = (byte) shortForm;
            return at;
        }

        private static int unicodeEscape(byte[] b, int at, char c) {
            b[at++] = '\\';
            b[at++] = 'u';
            b[at++] = HEX[c >> 12 & 0xF];
            b[at++] = HEX[c >> 8 & 0xF];
            b[at++] = HEX[c >> 4 & 0xF];
            b[at++] = HEX[c & 0xF];
            return at;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }
}
