package dev.phasegate.admin.http;

import dev.phasegate.admin.jobs.BackfillRequest;
import dev.phasegate.admin.jobs.JobException;
import dev.phasegate.admin.jobs.JobService;
import dev.phasegate.admin.jobs.VerifyRequest;
import java.util.List;
import java.util.Locale;

/**
 * Backfill, verification and schema-check endpoints over {@link JobService}:
 * {@code POST/GET/DELETE /api/v1/columns/{id}/backfill}, {@code POST/GET …/verify},
 * {@code GET …/schema}. A job's own refusals keep their status and stable code.
 */
public final class JobsResource {

    private static final String COLUMN = "/api/v1/columns/{id}";

    private final JobService jobs;

    public JobsResource(JobService jobs) {
        this.jobs = jobs;
    }

    public List<Route> routes() {
        return List.of(
                Route.post(COLUMN + "/backfill", request -> guarded(() -> AdminResponse.json(202,
                        jobs.startBackfill(request.columnId(), bodyOr(request, BackfillRequest.class,
                                BackfillRequest.defaults()))))),
                Route.get(COLUMN + "/backfill", request -> guarded(() -> AdminResponse.ok(
                        jobs.backfillStatus(request.columnId(), request.queryParam("reverse")
                                .map(v -> v.toLowerCase(Locale.ROOT).equals("true")).orElse(null))))),
                Route.delete(COLUMN + "/backfill", request -> guarded(() -> AdminResponse.ok(
                        jobs.cancelBackfill(request.columnId())))),
                Route.post(COLUMN + "/verify", request -> guarded(() -> AdminResponse.json(202,
                        jobs.startVerification(request.columnId(), bodyOr(request, VerifyRequest.class,
                                VerifyRequest.defaults()))))),
                Route.get(COLUMN + "/verify", request -> guarded(() -> AdminResponse.ok(
                        jobs.verificationStatus(request.columnId())))),
                Route.get(COLUMN + "/schema", request -> guarded(() -> AdminResponse.ok(
                        jobs.schema(request.columnId())))));
    }

    private static <T> T bodyOr(AdminRequest request, Class<T> type, T defaults) {
        return request.hasBody() ? request.body(type) : defaults;
    }

    private interface Call {
        AdminResponse run();
    }

    private static AdminResponse guarded(Call call) {
        try {
            return call.run();
        } catch (JobException e) {
            return AdminResponse.error(e.status(), e.code(), e.getMessage(), null);
        }
    }
}
