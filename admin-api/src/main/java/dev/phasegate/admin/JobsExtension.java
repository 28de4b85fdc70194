package dev.phasegate.admin;

import com.zaxxer.hikari.HikariDataSource;
import dev.phasegate.admin.http.HealthCheck;
import dev.phasegate.admin.http.JobsResource;
import dev.phasegate.admin.http.Route;
import dev.phasegate.admin.jobs.BackfillStatus;
import dev.phasegate.admin.jobs.JobService;
import dev.phasegate.admin.jobs.JobSettings;
import dev.phasegate.admin.jobs.LoadProbe;
import dev.phasegate.admin.service.GuardRailFactsSource;
import dev.phasegate.admin.store.SchemaMigrator;
import dev.phasegate.config.PhasegateConfig;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds backfill, verification and schema checks to the control plane: their endpoints, their
 * guard-rail facts, and the resumption at start of runs whose runner died (a crash or kill -9 of
 * a gateway mid-backfill). The jobs use their own small pool ({@code backfill.poolSize}) to the
 * managed database, whatever the phase store is, since that is where the rows are.
 */
public final class JobsExtension implements ControlPlaneExtension {

    private static final Logger log = LoggerFactory.getLogger(JobsExtension.class);

    private HikariDataSource pool;
    private JobService jobs;

    /** The job service, once the control plane has started. */
    public JobService jobs() {
        if (jobs == null) {
            throw new IllegalStateException("the control plane has not started the jobs yet");
        }
        return jobs;
    }

    private synchronized JobService start(ControlPlane.Parts parts) {
        if (jobs == null) {
            PhasegateConfig config = parts.config();
            pool = JobService.createPool(config.upstream().jdbcUrl(), config.upstream().user(),
                    config.upstream().password(), config.backfill());
            new SchemaMigrator(pool).migrate();
            JobSettings settings = JobSettings.defaults(config.backfill()).withGatewayId(parts.gatewayId());
            jobs = new JobService(pool, config.backfill(), id -> parts.feed().current().column(id), settings,
                    LoadProbe.postgres());
            List<BackfillStatus> resumed = jobs.resumeInterrupted();
            for (BackfillStatus status : resumed) {
                log.info("Resumed an interrupted {}", status.message());
            }
        }
        return jobs;
    }

    @Override
    public List<GuardRailFactsSource> factsSources(ControlPlane.Parts parts) {
        JobService service = start(parts);
        return List.of((column, facts) -> service.guardRailFacts(column).apply(facts));
    }

    @Override
    public List<Route> routes(ControlPlane.Parts parts) {
        return new JobsResource(start(parts)).routes();
    }

    @Override
    public Map<String, HealthCheck> healthChecks(ControlPlane.Parts parts) {
        return Map.of("jobs-database", () -> new HealthCheck.Result(!pool.isClosed()
                && pool.getHikariPoolMXBean() != null, Map.of("activeConnections",
                pool.getHikariPoolMXBean() == null ? 0 : pool.getHikariPoolMXBean().getActiveConnections())));
    }

    @Override
    public synchronized void close() {
        if (jobs != null) {
            jobs.close();
            jobs = null;
        }
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }
}
