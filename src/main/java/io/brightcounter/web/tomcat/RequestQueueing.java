package io.brightcounter.web.tomcat;

/**
 * How long the request a worker thread is serving waited for that thread: from the moment
 * its connection had bytes to read and Tomcat queued it for the worker pool, to the
 * moment a worker began on it. Under overload a request can wait in that queue far longer
 * than anywhere the application sees it, so load shedding counts this wait too
 * ({@link GuardedHttp11NioProtocol} measures it). The time the worker then spends on the
 * request (parsing it, loading classes on the first requests after a start) is work, not
 * waiting, and is not counted.
 */
public final class RequestQueueing {

    private static final ThreadLocal<long[]> QUEUED_NANOS = ThreadLocal.withInitial(() -> new long[1]);

    private RequestQueueing() {
    }

    /**
     * Nanoseconds the current thread's request waited for a worker; zero on a thread that
     * serves no request of the guarded protocol (a test's mock request, say).
     */
    public static long queuedNanos() {
        return QUEUED_NANOS.get()[0];
    }

    static void enter(long queuedNanos) {
        QUEUED_NANOS.get()[0] = Math.max(0, queuedNanos);
    }

    static void leave() {
        QUEUED_NANOS.get()[0] = 0;
    }

}
