package dev.phasegate.gateway.session;

import dev.phasegate.gateway.protocol.backend.ErrorResponse;

/**
 * Marks a pending request the hook rejected: the upstream got a stand-in that fails harmlessly, and
 * its ErrorResponse is replaced by {@code error} on the way back.
 */
record Rejection(ErrorResponse error) {
}
