package dev.phasegate.admin.audit;

import java.util.ArrayList;
import java.util.List;

/** The most recent records, in a fixed-size circular buffer, queried newest first. */
final class AuditRing {

    private final AuditRecord[] records;
    private int next;
    private long added;

    AuditRing(int size) {
        records = new AuditRecord[size];
    }

    synchronized void add(AuditRecord record) {
        records[next] = record;
        next = (next + 1) % records.length;
        added++;
    }

    synchronized List<AuditRecord> query(AuditQuery query) {
        List<AuditRecord> result = new ArrayList<>(Math.min(query.limit(), 256));
        int held = (int) Math.min(added, records.length);
        for (int i = 1; i <= held && result.size() < query.limit(); i++) {
            AuditRecord record = records[Math.floorMod(next - i, records.length)];
            if (query.matches(record)) {
                result.add(record);
            }
        }
        return result;
    }

    int capacity() {
        return records.length;
    }
}
