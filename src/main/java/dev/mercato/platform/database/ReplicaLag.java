package dev.mercato.platform.database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * How long ago the primary was where the replica is now, measured without writing anything.
 * Each check records the primary's WAL position with the time it was seen ({@link #primaryAt});
 * the replica's replayed position ({@link #replayed}) then removes every mark it has passed. The
 * oldest mark left is the earliest moment whose data the replica has not got yet, so the lag is
 * the time since then, and grows with the clock while the replica stands still, even between checks.
 * An idle primary whose position does not move adds no marks: a replica that is caught up shows 0,
 * however long ago its last replayed transaction was (which is where the usual
 * {@code now() - pg_last_xact_replay_timestamp()} misleads). Resolution: one check interval.
 *
 * <p>Thread-safe. Holds at most {@value #MAX_MARKS} marks: past that every other mark is dropped,
 * which keeps the oldest (the lag stays exact) and coarsens the rest.
 */
final class ReplicaLag {

    static final int MAX_MARKS = 4096;

    private record Mark(long lsn, Instant seen) {
    }

    private final Clock clock;
    private final ArrayDeque<Mark> notReplayed = new ArrayDeque<>();
    private long lastPrimaryLsn = -1;

    ReplicaLag(Clock clock) {
        this.clock = clock;
    }

    synchronized void primaryAt(long lsn) {
        if (lsn <= lastPrimaryLsn) {
            return; // the earlier mark already says since when the primary has been here
        }
        lastPrimaryLsn = lsn;
        notReplayed.addLast(new Mark(lsn, clock.instant()));
        if (notReplayed.size() > MAX_MARKS) {
            thinOut();
        }
    }

    synchronized void replayed(long lsn) {
        while (!notReplayed.isEmpty() && notReplayed.peekFirst().lsn() <= lsn) {
            notReplayed.removeFirst();
        }
    }

    synchronized Duration lag() {
        Mark oldest = notReplayed.peekFirst();
        if (oldest == null) {
            return Duration.ZERO;
        }
        Duration lag = Duration.between(oldest.seen(), clock.instant());
        return lag.isNegative() ? Duration.ZERO : lag;
    }

    private void thinOut() {
        Iterator<Mark> marks = notReplayed.iterator();
        marks.next(); // the oldest stays
        boolean drop = true;
        while (marks.hasNext()) {
            marks.next();
            if (drop) {
                marks.remove();
            }
            drop = !drop;
        }
    }
}
