package dev.phasegate.admin.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A fact recorded about a column by a job (see {@link PhaseStore#putFact}). */
public record StoredFact(String kind, JsonNode value, Instant updatedAt) {
}
