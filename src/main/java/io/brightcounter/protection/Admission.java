package io.brightcounter.protection;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * One request's way through load shedding: the moment by which it must have started, and
 * the permit it took once routing said what it is. {@link LoadSheddingFilter} makes it;
 * {@link RoutedPermits} takes the permit.
 */
final class Admission {

    private static final String ATTRIBUTE = Admission.class.getName();

    /** A single-reading create is about 100 bytes; a batch of 100 about 6 KB. */
    private static final int SMALL_BODY_BYTES = 16 * 1024;

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

    /**
     * Reads and drops a small body of declared length before a refusal, so the client
     * keeps its connection: an answer given with the body unread closes it, and under
     * overload every shed request would then cost a new connection too (an accept, a
     * handshake, a socket registered with the poller), which is what the shedding is
     * meant to spare. Only a body that has arrived whole is read, so a refusal never
     * waits on a client; large, chunked and incomplete bodies are left unread, and their
     * connection closes.
     */
    static void discardSmallBody(ServletRequest request) {
        long length = request.getContentLengthLong();
        if (length > 0 && length <= SMALL_BODY_BYTES) {
            try {
                ServletInputStream body = request.getInputStream();
                if (body.available() >= length) {
                    body.readNBytes((int) length);
                }
            }
            catch (IOException | RuntimeException ex) {
                // Not there, or the client is gone: the connection closes after the
                // answer.
            }
        }
    }

    /**
     * Trades a permit of {@code from} for one of {@code to}, if the request holds the
     * former and the latter has one free at once; otherwise keeps what it holds.
     */
    void exchange(Semaphore from, Semaphore to) {
        if (this.permit == from && to.tryAcquire()) {
            from.release();
            this.permit = to;
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
