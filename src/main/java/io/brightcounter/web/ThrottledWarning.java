package io.brightcounter.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;

/**
 * A warning logged at most once per interval, with how many occurrences were left
 * unlogged since the last one. For conditions that hit every request while they last (a
 * database that is down, load being shed): one line tells the operator; thousands a
 * second would bury the log and slow the service.
 */
final class ThrottledWarning {

    private final Log log;

    private final long intervalNanos;

    private final AtomicLong nextDue = new AtomicLong(System.nanoTime());

    private final LongAdder unlogged = new LongAdder();

    ThrottledWarning(Log log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    void warn(String message) {
        long now = System.nanoTime();
        long due = this.nextDue.get();
        if (now - due >= 0 && this.nextDue.compareAndSet(due, now + this.intervalNanos)) {
            long more = this.unlogged.sumThenReset();
            this.log.warn((more > 0) ? message + " (and " + more + " more since the last warning)" : message);
        }
        else {
            this.unlogged.increment();
        }
    }

}
