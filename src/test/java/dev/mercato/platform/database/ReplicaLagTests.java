package dev.mercato.platform.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class ReplicaLagTests {

    private final MovableClock clock = new MovableClock();
    private final ReplicaLag lag = new ReplicaLag(clock);

    @Test
    void aReplicaThatReplayedWhatThePrimaryHasIsNotBehind() {
        lag.primaryAt(100);
        clock.advance(Duration.ofSeconds(3));
        lag.replayed(100);
        assertThat(lag.lag()).isZero();
    }

    @Test
    void anIdlePrimaryAddsNoLagHoweverLongAgoTheLastWriteWas() {
        lag.primaryAt(100);
        lag.replayed(100);
        for (int check = 0; check < 10; check++) {
            clock.advance(Duration.ofMinutes(1));
            lag.primaryAt(100);
            lag.replayed(100);
        }
        assertThat(lag.lag()).isZero();
    }

    @Test
    void lagIsTheTimeSinceThePrimaryFirstHadWhatTheReplicaHasNotReplayed() {
        lag.primaryAt(100);
        clock.advance(Duration.ofSeconds(1));
        lag.primaryAt(200);
        clock.advance(Duration.ofSeconds(1));
        lag.primaryAt(300);
        lag.replayed(150); // has 100, not 200: behind since 200 was seen
        clock.advance(Duration.ofSeconds(5));
        assertThat(lag.lag()).isEqualTo(Duration.ofSeconds(6));
        lag.replayed(250);
        assertThat(lag.lag()).isEqualTo(Duration.ofSeconds(5));
        lag.replayed(300);
        assertThat(lag.lag()).isZero();
    }

    @Test
    void lagKeepsGrowingBetweenChecksWhileTheReplicaStandsStill() {
        lag.primaryAt(100);
        lag.replayed(50);
        clock.advance(Duration.ofSeconds(30));
        assertThat(lag.lag()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void thinningOutKeepsTheOldestMarkSoTheLagStaysExact() {
        lag.replayed(0);
        for (int lsn = 1; lsn <= ReplicaLag.MAX_MARKS * 3; lsn++) {
            lag.primaryAt(lsn);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(lag.lag()).isEqualTo(Duration.ofSeconds(ReplicaLag.MAX_MARKS * 3L));
        lag.replayed(ReplicaLag.MAX_MARKS * 3L);
        assertThat(lag.lag()).isZero();
    }

    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-02T04:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
