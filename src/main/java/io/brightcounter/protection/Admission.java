package io.brightcounter.protection;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.ServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * One request's way through load shedding: the moment by which it must have started, and
 * the permit it took once routing said what it is. {@link LoadSheddingFilter} makes it;
 * {@link RoutedPermits} takes the permit.
 */
final class Admission {

    private static final String ATTRIBUTE = Admission.class.getName();

    private final long deadlineNanos;

    private @Nullable Semaphore permit;

    Admission(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    static @Nullable Admission of(ServletRequest request) {
        return (Admission) request.getAttribute(ATTRIBUTE);
    }

    void attachTo(ServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    boolean isOverdue(long now) {
        return now - this.deadlineNanos > 0;
    }

    /**
     * Waits for a permit of the pool until the deadline, first come first served.
     * @return whether the request may go on
     */
    boolean acquire(Semaphore pool) {
        if (this.permit != null) {
            return true;
        }
        try {
            if (pool.tryAcquire(Math.max(0, this.deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                this.permit = pool;
                return true;
            }
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Gives the permit back, once; a request that took none has nothing to give. */
    void release() {
        Semaphore taken = this.permit;
        if (taken != null) {
            this.permit = null;
            taken.release();
        }
    }

}
