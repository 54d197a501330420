package io.brightcounter.web.tomcat;

/**
 * When the request a worker thread is serving was handed to the worker pool: the moment
 * its connection had bytes to read and Tomcat queued it for a thread. Under overload a
 * request can wait in that queue far longer than anywhere the application sees it, so
 * load shedding counts its wait from here ({@link GuardedHttp11NioProtocol} stamps it).
 */
public final class RequestQueueing {

    private static final ThreadLocal<long[]> QUEUED_AT = ThreadLocal.withInitial(() -> new long[1]);

    private RequestQueueing() {
    }

    /**
     * The {@link System#nanoTime()} at which the current thread's request was queued, or
     * {@code fallback} on a thread that serves no request of the guarded protocol (a
     * test's mock request, say).
     */
    public static long queuedAtNanos(long fallback) {
        long queuedAt = QUEUED_AT.get()[0];
        return (queuedAt != 0) ? queuedAt : fallback;
    }

    static void enter(long queuedAtNanos) {
        // Zero means "unknown": a stamp that happens to be zero is off by a nanosecond.
        QUEUED_AT.get()[0] = (queuedAtNanos != 0) ? queuedAtNanos : 1;
    }

    static void leave() {
        QUEUED_AT.get()[0] = 0;
    }

}
