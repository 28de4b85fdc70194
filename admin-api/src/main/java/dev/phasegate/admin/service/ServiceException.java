package dev.phasegate.admin.service;

import java.util.Objects;

/**
 * Why the control plane refused or failed a request. The kind decides the HTTP status in the
 * admin API; {@link #error()} is a stable code scripts can match; {@link #detail()} is a string or
 * a JSON-serialisable value with the specifics.
 */
public final class ServiceException extends RuntimeException {

    /** What went wrong, independent of transport. */
    public enum Kind {
        /** The request is malformed or names something invalid (HTTP 400). */
        BAD_REQUEST,
        /** The column (or other named thing) does not exist (HTTP 404). */
        NOT_FOUND,
        /** The request conflicts with the current state: concurrent change, guard rails, no step back (HTTP 409). */
        CONFLICT,
        /** A dependency (the phase store) cannot be reached (HTTP 503). */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String error;
    private final transient Object detail;

    public ServiceException(Kind kind, String error, String message, Object detail) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.error = Objects.requireNonNull(error, "error");
        this.detail = detail;
    }

    public ServiceException(Kind kind, String error, String message, Object detail, Throwable cause) {
        this(kind, error, message, detail);
        initCause(cause);
    }

    public static ServiceException badRequest(String error, String message) {
        return new ServiceException(Kind.BAD_REQUEST, error, message, message);
    }

    public static ServiceException notFound(String message) {
        return new ServiceException(Kind.NOT_FOUND, "not_found", message, message);
    }

    public static ServiceException conflict(String error, String message, Object detail) {
        return new ServiceException(Kind.CONFLICT, error, message, detail);
    }

    public static ServiceException unavailable(String message, Throwable cause) {
        return new ServiceException(Kind.UNAVAILABLE, "unavailable", message, message, cause);
    }

    public Kind kind() {
        return kind;
    }

    public String error() {
        return error;
    }

    public Object detail() {
        return detail;
    }
}
