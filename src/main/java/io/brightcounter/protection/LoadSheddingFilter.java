package io.brightcounter.protection;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.brightcounter.config.BrightCounterProperties;
import io.brightcounter.web.ApiError;
import io.brightcounter.web.Rejections;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the requests in progress. Past the bound a request waits, first come first
 * served, for at most {@code bright-counter.overload.max-wait}, then gets 503 with
 * {@code Retry-After}: under far more load than the service can serve, clients are told
 * to back off (as OTLP receivers and Prometheus remote-write do) instead of every request
 * queueing for seconds.
 *
 * <p>
 * Creates and everything else take permits from separate pools, so a flood of creates is
 * shed while reads, pings and error answers, which are short and take no store lock, keep
 * answering. A create holds its permit while its body arrives: the permits also bound how
 * many bodies are held in memory at once. Runs after the key check and the body limit, so
 * neither an unauthenticated request nor an oversized one ever takes a permit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
class LoadSheddingFilter extends OncePerRequestFilter {

    private static final String CREATE_PATH = "/api/device-readings/create";

    private final Semaphore creates;

    private final Semaphore others;

    private final long maxWaitNanos;

    private final Rejections rejections;

    LoadSheddingFilter(BrightCounterProperties properties, Rejections rejections) {
        BrightCounterProperties.Overload overload = properties.overload();
        this.creates = new Semaphore(overload.maxCreates(), true);
        this.others = new Semaphore(overload.maxReads(), true);
        this.maxWaitNanos = overload.maxWait().toNanos();
        this.rejections = rejections;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Semaphore permits = isCreate(request) ? this.creates : this.others;
        if (!acquire(permits)) {
            this.rejections.respond(request, response, ApiError.OVERLOADED);
            return;
        }
        try {
            chain.doFilter(request, response);
        }
        finally {
            permits.release();
        }
    }

    private boolean acquire(Semaphore permits) {
        try {
            return permits.tryAcquire(this.maxWaitNanos, TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isCreate(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && CREATE_PATH.equals(request.getRequestURI());
    }

}
