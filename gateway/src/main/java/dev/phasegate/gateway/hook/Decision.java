package dev.phasegate.gateway.hook;

import dev.phasegate.gateway.protocol.backend.ErrorResponse;
import dev.phasegate.gateway.protocol.frontend.FrontendMessage;
import java.util.Objects;

/** What a {@link SessionHook} wants done with one request. */
public sealed interface Decision {

    /** Send the request as the client sent it (the original bytes), optionally observing the answer. */
    record Forward(ResultObserver observer) implements Decision {
    }

    /**
     * Send {@code message} instead (of the same type as the request: a Query for a Query, a Parse for
     * a Parse, a Bind for a Bind…), optionally observing the answer.
     */
    record Replace(FrontendMessage message, ResultObserver observer) implements Decision {
        public Replace {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Answer with {@code error} instead of running the request. To the client it is exactly as if
     * the server had refused it: later messages up to Sync are skipped, an open transaction block is
     * marked failed, and ReadyForQuery carries the right status (the session achieves this by having
     * the upstream fail a harmless stand-in and replacing its error with this one).
     */
    record Reject(ErrorResponse error) implements Decision {
        public Reject {
            Objects.requireNonNull(error, "error");
        }
    }

    Forward FORWARD = new Forward(null);

    static Decision forward() {
        return FORWARD;
    }

    static Decision forward(ResultObserver observer) {
        return observer == null ? FORWARD : new Forward(observer);
    }

    static Decision replace(FrontendMessage message) {
        return new Replace(message, null);
    }

    static Decision replace(FrontendMessage message, ResultObserver observer) {
        return new Replace(message, observer);
    }

    static Decision reject(ErrorResponse error) {
        return new Reject(error);
    }

    /** The observer attached to this decision, or {@code null}. */
    default ResultObserver observer() {
        if (this instanceof Forward f) {
            return f.observer();
        }
        if (this instanceof Replace r) {
            return r.observer();
        }
        return null;
    }
}
