package dev.phasegate.admin.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The admin API refused or failed a request, or could not be reached ({@link #status()} 0).
 *
 * @see #error() the API's stable error code ({@code guard_rails_unmet}, {@code not_found}, …)
 */
public final class AdminClientException extends RuntimeException {

    private final int status;
    private final String error;
    private final transient JsonNode detail;

    public AdminClientException(int status, String error, String message, JsonNode detail, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.error = error;
        this.detail = detail;
    }

    /** HTTP status, or 0 when the API could not be reached. */
    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** The {@code detail} of the error body (a string or an object), or {@code null}. */
    public JsonNode detail() {
        return detail;
    }
}
