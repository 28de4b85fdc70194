package dev.phasegate.admin.jobs;

/**
 * A job request that cannot be served, with the HTTP status the admin API should answer, a stable
 * error code scripts can match on, and a message written for the operator (what is wrong and what
 * to do).
 */
public final class JobException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public JobException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public JobException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    /** 400: the request itself is malformed (bad option, invalid {@code where}). */
    public static JobException badRequest(String message) {
        return new JobException(400, "bad_job_request", message);
    }

    /** 404: no such column, or no job of that kind ever ran. */
    public static JobException notFound(String message) {
        return new JobException(404, "not_found", message);
    }

    /** 409: another runner holds the column, or there is nothing to cancel. */
    public static JobException conflict(String message) {
        return new JobException(409, "job_conflict", message);
    }

    /** 422: the column or table cannot be processed as declared (no key, no down, missing column). */
    public static JobException unprocessable(String message) {
        return new JobException(422, "job_unprocessable", message);
    }

    /** 503: the database could not be reached or answered with an error. */
    public static JobException unavailable(String message, Throwable cause) {
        return new JobException(503, "database_unavailable", message, cause);
    }

    /** The HTTP status this maps to. */
    public int status() {
        return status;
    }

    /**
     * The error code: {@code bad_job_request} (400), {@code not_found} (404), {@code job_conflict}
     * (409), {@code job_unprocessable} (422), {@code database_unavailable} (503).
     */
    public String code() {
        return code;
    }
}
