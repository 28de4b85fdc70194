package dev.phasegate.admin.jobs;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a job run is. {@code paused} runs continue by themselves; the last three are final. */
public enum JobState {
    RUNNING, PAUSED, DONE, FAILED, CANCELLED;

    /** The lower-case name stored in the database and shown in the API. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }

    static JobState parse(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return wireName();
    }
}
