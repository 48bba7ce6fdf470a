package dev.mercato.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.util.ReflectionTestUtils;

import dev.mercato.platform.database.BatchDatabase;

/**
 * Schedules and pool sizes come from the modules' settings records, under the property names the
 * README documents: set to values no default has, each reaches its job or pool.
 */
@SpringBootTest(properties = {
        "mercato.orders.recovery-interval=31s",
        "mercato.inventory.sweep-interval=6s",
        "mercato.inventory.settle-interval=2s",
        "mercato.inventory.reconcile-interval=6m",
        "mercato.search.reconcile-every=7m",
        "mercato.platform.outbox.sample-every=17s",
        "mercato.platform.batch-pool-size=3",
        "mercato.recommendations.rebuild-cron=0 15 3 * * *",
        "mercato.orders.archival.cron=0 30 2 15 * *",
        "mercato.events.kafka.bootstrap-servers=127.0.0.1:9",
        "mercato.events.kafka.relay-interval=3s"})
@ActiveProfiles("test")
class ConfiguredSchedulesTests {

    @Autowired
    ScheduledTaskHolder scheduler;

    @Autowired
    BatchDatabase batchDatabase;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void everyConfigurableJobRunsAtItsConfiguredInterval() {
        Map<String, Duration> intervals = new TreeMap<>();
        Map<String, Duration> initialDelays = new TreeMap<>();
        Map<String, String> crons = new TreeMap<>();
        for (ScheduledTask scheduled : scheduler.getScheduledTasks()) {
            if (scheduled.getTask() instanceof FixedDelayTask task) {
                String job = job(task);
                intervals.put(job, task.getIntervalDuration());
                initialDelays.put(job, task.getInitialDelayDuration());
            } else if (scheduled.getTask() instanceof CronTask task) {
                crons.put(job(task), task.getExpression());
            }
        }
        assertThat(crons).containsEntry("Archival.scheduledArchival", "0 30 2 15 * *");
        assertThat(intervals)
                .containsEntry("OrderRecovery.scheduledRecovery", Duration.ofSeconds(31))
                .containsEntry("HoldSweeper.scheduledSweep", Duration.ofSeconds(6))
                .containsEntry("HoldSettler.scheduledSettle", Duration.ofSeconds(2))
                .containsEntry("StockReconciler.scheduledReconcile", Duration.ofMinutes(6))
                .containsEntry("IndexReconciler.reconcile", Duration.ofMinutes(7))
                .containsEntry("OutboxBacklog.sample", Duration.ofSeconds(17))
                // only with Kafka configured, as here (nothing is in the outbox, so nothing is sent)
                .containsEntry("KafkaRelay.scheduledRelay", Duration.ofSeconds(3));
        // the sweeper and settler also wait one interval before their first run
        assertThat(initialDelays)
                .containsEntry("HoldSweeper.scheduledSweep", Duration.ofSeconds(6))
                .containsEntry("HoldSettler.scheduledSettle", Duration.ofSeconds(2));
    }

    /** A scheduled method's runnable is named after the method, e.g. dev.mercato...HoldSweeper.scheduledSweep. */
    private static String job(org.springframework.scheduling.config.Task task) {
        String method = task.getRunnable().toString();
        return method.substring(method.lastIndexOf('.', method.lastIndexOf('.') - 1) + 1);
    }

    @Test
    void cronJobsRunAtTheirConfiguredTimes() {
        Map<String, String> crons = new TreeMap<>();
        for (ScheduledTask scheduled : scheduler.getScheduledTasks()) {
            if (scheduled.getTask() instanceof CronTask task) {
                crons.put(job(task), task.getExpression());
            }
        }
        assertThat(crons).containsEntry("RecommendationRebuild.nightly", "0 15 3 * * *");
    }

    @Test
    void theBatchPoolHasItsConfiguredSize() {
        var pool = (HikariDataSource) ReflectionTestUtils.getField(batchDatabase, "dataSource");
        assertThat(pool.getMaximumPoolSize()).isEqualTo(3);
        batchDatabase.jdbc().sql("SELECT 1").query(Integer.class).single(); // the pool starts on first use
        // exported as hikaricp_connections_max{pool="mercato-batch"}, which the pool alerts read
        var max = meters.find("hikaricp.connections.max").tag("pool", "mercato-batch").gauge();
        assertThat(max).as("the batch pool's hikaricp metrics").isNotNull();
        assertThat(max.value()).isEqualTo(3);
    }
}
