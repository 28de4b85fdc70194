package dev.phasegate.admin.jobs;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which way a backfill copies: {@code new = up(row)}, or back {@code source = down(new)}. */
public enum Direction {
    FORWARD, REVERSE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Direction parse(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return wireName();
    }
}
