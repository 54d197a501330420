package io.brightcounter.web;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.brightcounter.config.BrightCounterProperties;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The heap request bodies may take while they are read and parsed
 * ({@code bright-counter.overload.max-body-memory}). Permits bound how many creates run
 * at once, not how large their bodies are: two dozen bodies of 4 MiB ran a 256 MiB heap
 * out with the store most of the way full, and the answer was 500 from an
 * {@code OutOfMemoryError}. Each body now reserves room before its bytes are allocated,
 * counted at twice its size (the bytes, and what parsing builds from them); one that
 * finds no room within {@code max-wait} is refused with 503 and {@code Retry-After}, and
 * the room is given back when the request ends, whatever happened to it.
 *
 * <p>
 * Counted in KiB, so that the semaphore's {@code int} covers any heap.
 */
@Component
public class BodyMemory implements ServletRequestListener {

    /** The bytes and, at most as large, the readings parsed from them. */
    static final int BYTES_HELD_PER_BODY_BYTE = 2;

    private static final String RESERVED = BodyMemory.class.getName() + ".reservedKib";

    private final Semaphore kibibytes;

    private final long maxWaitNanos;

    @Autowired
    BodyMemory(BrightCounterProperties properties) {
        this(budget(properties), properties.overload().maxWait().toNanos());
    }

    BodyMemory(long budgetBytes, long maxWaitNanos) {
        this.kibibytes = new Semaphore((int) Math.min(Integer.MAX_VALUE, budgetBytes / 1024), true);
        this.maxWaitNanos = maxWaitNanos;
    }

    private static long budget(BrightCounterProperties properties) {
        long largestBody = (long) BYTES_HELD_PER_BODY_BYTE * properties.maxRequestBytes();
        if (properties.overload().maxBodyMemory() != null) {
            return Math.max(largestBody, properties.overload().maxBodyMemory().toBytes());
        }
        return Math.max(largestBody, Runtime.getRuntime().maxMemory() / 8);
    }

    /**
     * Reserves room for a request's body to grow to {@code bodyBytes}, on top of what it
     * reserved before; kept until the request ends.
     * @throws ApiException {@link ApiError#OVERLOADED} when no room came free in time
     */
    void reserve(ServletRequest request, long bodyBytes) {
        int wanted = toKib(BYTES_HELD_PER_BODY_BYTE * bodyBytes);
        int held = reserved(request);
        if (wanted <= held) {
            return;
        }
        try {
            if (!this.kibibytes.tryAcquire(wanted - held, this.maxWaitNanos, TimeUnit.NANOSECONDS)) {
                throw ApiError.OVERLOADED.exception();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw ApiError.OVERLOADED.exception();
        }
        request.setAttribute(RESERVED, wanted);
    }

    @Override
    public void requestDestroyed(ServletRequestEvent event) {
        int held = reserved(event.getServletRequest());
        if (held > 0) {
            event.getServletRequest().removeAttribute(RESERVED);
            this.kibibytes.release(held);
        }
    }

    /** Room free now, in KiB; for tests. */
    int availableKib() {
        return this.kibibytes.availablePermits();
    }

    private static int reserved(ServletRequest request) {
        return (request.getAttribute(RESERVED) instanceof Integer held) ? held : 0;
    }

    private static int toKib(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, (bytes + 1023) / 1024);
    }

}
