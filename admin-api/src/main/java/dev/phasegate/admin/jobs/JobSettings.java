package dev.phasegate.admin.jobs;

import dev.phasegate.config.BackfillConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How job runners behave, beyond the operator's {@link BackfillConfig}.
 *
 * @param gatewayId    names this gateway in lease owners and status ("who runs it")
 * @param leaseTtl     how long a runner's lease lasts without renewal; it must outlast the slowest
 *                     batch (every batch renews it), and it is how long a crashed runner keeps
 *                     others from taking over
 * @param pollInterval how often a paused runner re-checks its pause condition and a cancel request
 */
public record JobSettings(String gatewayId, Duration leaseTtl, Duration pollInterval) {

    public JobSettings {
        Objects.requireNonNull(gatewayId, "gatewayId");
        if (gatewayId.isBlank()) {
            throw new IllegalArgumentException("gatewayId must not be blank");
        }
        if (leaseTtl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("leaseTtl must be at least 1s, got " + leaseTtl);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, got " + pollInterval);
        }
    }

    /**
     * Defaults for {@code config}: the host and process id as gateway id, a lease of twice the
     * statement timeout (at least 30s), polling every second.
     */
    public static JobSettings defaults(BackfillConfig config) {
        Duration lease = config.statementTimeout().plus(config.lockTimeout()).multipliedBy(2);
        if (lease.compareTo(Duration.ofSeconds(30)) < 0) {
            lease = Duration.ofSeconds(30);
        }
        return new JobSettings(defaultGatewayId(), lease, Duration.ofSeconds(1));
    }

    public JobSettings withLeaseTtl(Duration ttl) {
        return new JobSettings(gatewayId, ttl, pollInterval);
    }

    public JobSettings withPollInterval(Duration interval) {
        return new JobSettings(gatewayId, leaseTtl, interval);
    }

    public JobSettings withGatewayId(String id) {
        return new JobSettings(id, leaseTtl, pollInterval);
    }

    static String defaultGatewayId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
        }
        return host + ":" + ProcessHandle.current().pid();
    }
}
