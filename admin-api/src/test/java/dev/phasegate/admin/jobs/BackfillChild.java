package dev.phasegate.admin.jobs;

import com.zaxxer.hikari.HikariDataSource;
import dev.phasegate.config.BackfillConfig;
import dev.phasegate.config.column.ColumnId;
import java.time.Duration;

/**
 * A gateway stand-in for {@link BackfillResumeIT}: starts a backfill in its own JVM and keeps
 * running until it is killed. Arguments: jdbcUrl user password columnId type source up batchSize
 * maxRowsPerSecond leaseTtlMillis.
 */
public final class BackfillChild {

    private BackfillChild() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String password = args.length > 2 && !args[2].equals("-") ? args[2] : "";
        ColumnId id = ColumnId.parse(args[3]);
        BackfillConfig config = new BackfillConfig(Integer.parseInt(args[7]), Integer.parseInt(args[8]),
                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(5), 2, 20);
        JobTesting.Columns columns = new JobTesting.Columns();
        columns.put(id.toString(), args[4], args[5], args[6], null);
        HikariDataSource pool = JobService.createPool(url, user, password, config);
        JobService jobs = new JobService(pool, config, columns,
                new JobSettings("gw-child", Duration.ofMillis(Long.parseLong(args[9])), Duration.ofMillis(100)),
                LoadProbe.postgres());
        BackfillStatus started = jobs.startBackfill(id, BackfillRequest.defaults());
        System.out.println("started run " + started.runId());
        while (true) {
            Thread.sleep(1000);
            System.out.println(jobs.backfillStatus(id, false).message());
        }
    }
}
