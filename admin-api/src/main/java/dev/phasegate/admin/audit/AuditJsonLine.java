package dev.phasegate.admin.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Arrays;

/**
 * Encodes audit records as JSON Lines for the audit file, with Jackson's streaming generator and
 * no reflection: the writer thread encodes one record per audited statement, and on a busy
 * gateway the generic bean serializer was the writer's main cost, competing with the data path
 * for the same cores. The output is byte for byte what {@code AdminJson.mapper()} writes for the
 * record (the API's format), which {@code AuditJsonLineTest} checks: nulls, negative
 * {@code rows}/{@code durationMicros} and false column flags are left out.
 *
 * <p>One instance per writer thread: it reuses one generator and one buffer.
 */
final class AuditJsonLine {

    private final LineBuffer buffer = new LineBuffer();
    private final JsonGenerator json;
    private final char[] time = new char[40];
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedSecondText; // "2024-05-01T12:00:00"

    AuditJsonLine() {
        try {
            json = new JsonFactory().createGenerator(buffer);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a JSON generator over memory", e);
        }
        json.setRootValueSeparator(null);
    }

    /** Encodes {@code record} followed by a newline; the bytes stay valid until the next call. */
    LineBuffer encode(AuditRecord record) throws IOException {
        buffer.reset();
        json.writeStartObject();
        json.writeFieldName("time");
        json.writeString(time, 0, formatTime(record.time()));
        stringField("gateway", record.gateway());
        if (record.session() != null) {
            session(record.session());
        }
        json.writeArrayFieldStart("columns");
        for (AuditColumn column : record.columns()) {
            column(column);
        }
        json.writeEndArray();
        json.writeNumberField("snapshotVersion", record.snapshotVersion());
        json.writeStringField("action", record.action().wireName());
        stringField("fingerprint", record.fingerprint());
        stringField("statement", record.statement());
        if (record.rows() >= 0) {
            json.writeNumberField("rows", record.rows());
        }
        if (record.durationMicros() >= 0) {
            json.writeNumberField("durationMicros", record.durationMicros());
        }
        stringField("sqlState", record.sqlState());
        stringField("detail", record.detail());
        json.writeEndObject();
        json.flush();
        buffer.write('\n');
        return buffer;
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

    private void session(AuditSession session) throws IOException {
        json.writeObjectFieldStart("session");
        stringField("user", session.user());
        stringField("database", session.database());
        stringField("applicationName", session.applicationName());
        stringField("clientAddress", session.clientAddress());
        json.writeEndObject();
    }

    private void column(AuditColumn column) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", column.id().toString());
        json.writeStringField("phase", column.phase().toString());
        if (column.readsSource()) {
            json.writeBooleanField("readsSource", true);
        }
        if (column.writesSource()) {
            json.writeBooleanField("writesSource", true);
        }
        if (column.newOnlyWrite()) {
            json.writeBooleanField("newOnlyWrite", true);
        }
        json.writeEndObject();
    }

    private void stringField(String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    /** A growable byte buffer the generator flushes into; read with {@link #bytes()} and {@link #length()}. */
    static final class LineBuffer extends OutputStream {
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

        @Override
        public void write(int b) {
            ensure(1);
            bytes[length++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, length, len);
            length += len;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }
}
