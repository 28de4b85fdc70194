package dev.phasegate.gateway.protocol;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Maps PostgreSQL's {@code client_encoding} names to Java charsets, for the statement text the
 * hook reads and writes. An encoding Java does not know maps to ISO-8859-1, which round-trips
 * every byte unchanged, so text the hook does not rewrite is never corrupted.
 */
public final class PgCharsets {

    private static final Map<String, String> JAVA_NAMES = Map.ofEntries(
            Map.entry("UTF8", "UTF-8"), Map.entry("UNICODE", "UTF-8"), Map.entry("SQL_ASCII", "ISO-8859-1"),
            Map.entry("LATIN1", "ISO-8859-1"), Map.entry("LATIN2", "ISO-8859-2"), Map.entry("LATIN9", "ISO-8859-15"),
            Map.entry("WIN1250", "windows-1250"), Map.entry("WIN1251", "windows-1251"),
            Map.entry("WIN1252", "windows-1252"), Map.entry("KOI8R", "KOI8-R"), Map.entry("EUC_JP", "EUC-JP"),
            Map.entry("SJIS", "Shift_JIS"), Map.entry("GBK", "GBK"), Map.entry("BIG5", "Big5"),
            Map.entry("EUC_KR", "EUC-KR"), Map.entry("GB18030", "GB18030"));

    private PgCharsets() {
    }

    public static Charset forEncoding(String pgName) {
        if (pgName == null) {
            return StandardCharsets.UTF_8;
        }
        String key = pgName.toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (Map.Entry<String, String> e : JAVA_NAMES.entrySet()) {
            if (e.getKey().replace("_", "").equals(key)) {
                try {
                    return Charset.forName(e.getValue());
                } catch (RuntimeException unsupported) {
                    return StandardCharsets.ISO_8859_1;
                }
            }
        }
        return StandardCharsets.ISO_8859_1;
    }
}
