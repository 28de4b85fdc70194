package dev.phasegate.admin.http;

import dev.phasegate.admin.audit.AuditAction;
import dev.phasegate.admin.audit.AuditLog;
import dev.phasegate.admin.audit.AuditQuery;
import dev.phasegate.admin.audit.AuditRecord;
import dev.phasegate.admin.service.ServiceException;
import dev.phasegate.config.column.ColumnId;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code GET /api/v1/audit?column=&action=&since=&limit=}: recent records from the ring buffer, newest first. */
final class AuditResource {

    private static final Pattern AGO = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final AuditLog audit;

    AuditResource(AuditLog audit) {
        this.audit = audit;
    }

    List<Route> routes() {
        return List.of(Route.get("/api/v1/audit", this::query));
    }

    /**
     * @param coverageStart from when on this gateway's audit counts are complete (drops move it)
     */
    record AuditPage(List<AuditRecord> records, int count, long dropped, Instant coverageStart, int ringSize) {
    }

    private AdminResponse query(AdminRequest request) {
        ColumnId column = request.queryParam("column").map(AdminRequest::parseColumnId).orElse(null);
        AuditAction action = request.queryParam("action").map(text -> {
            try {
                return AuditAction.parse(text);
            } catch (IllegalArgumentException e) {
                throw ServiceException.badRequest("bad_query", e.getMessage());
            }
        }).orElse(null);
        Instant since = request.queryParam("since").map(text -> since(text, audit.clock().instant())).orElse(null);
        int ring = audit.config().ringSize();
        int limit = request.queryParam("limit").map(text -> {
            try {
                int n = Integer.parseInt(text.strip());
                if (n < 1) {
                    throw new NumberFormatException();
                }
                return Math.min(n, ring);
            } catch (NumberFormatException e) {
                throw ServiceException.badRequest("bad_query", "limit must be a positive integer, got '" + text + "'");
            }
        }).orElse(Math.min(AuditQuery.DEFAULT_LIMIT, ring));
        List<AuditRecord> records = audit.query(new AuditQuery(column, action, since, limit));
        return AdminResponse.ok(new AuditPage(records, records.size(), audit.dropped(), audit.coverageStart(), ring));
    }

    /** An ISO-8601 instant, an ISO duration ({@code PT10M}) or {@code 10m}/{@code 2h}/{@code 30s} ago. */
    static Instant since(String text, Instant now) {
        String t = text.strip();
        Matcher m = AGO.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(d);
        }
        try {
            if (t.startsWith("P") || t.startsWith("p")) {
                return now.minus(Duration.parse(t));
            }
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw ServiceException.badRequest("bad_query", "since must be an ISO-8601 instant "
                    + "(2024-05-01T12:00:00Z), an ISO duration (PT10M) or an amount ago (10m, 2h), got '" + text + "'");
        }
    }
}
