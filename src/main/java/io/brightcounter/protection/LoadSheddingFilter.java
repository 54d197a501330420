package io.brightcounter.protection;

import java.io.IOException;
import java.io.PrintWriter;

import io.brightcounter.config.BrightCounterProperties;
import io.brightcounter.web.ApiError;
import io.brightcounter.web.FilterOrder;
import io.brightcounter.web.Rejections;
import io.brightcounter.web.tomcat.RequestQueueing;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the requests in progress. Past the bound a request waits, first come first
 * served, then gets 503 with {@code Retry-After}: under far more load than the service
 * can serve, clients are told to back off (as OTLP receivers and Prometheus remote-write
 * do) instead of every request queueing for seconds.
 *
 * <p>
 * The wait, {@code bright-counter.overload.max-wait}, counts the time the request waited
 * in Tomcat's queue for a worker thread ({@link RequestQueueing}) as well as the time it
 * waits for a permit here: under overload most of a request's wait is spent in that queue
 * behind busy workers, where a wait counted here alone never saw it (at 512 connections
 * the p99 was 755 ms with a 1 s wait, 2.8 s with 200 ms). A request that has waited its
 * time by the time a worker takes it is refused at once, cheaply; one that has not waits
 * for a permit only for what is left of it. So what is answered was answered within about
 * the wait plus its own work, and the rest is told to retry.
 *
 * <p>
 * Writes (creates) and reads take permits from separate pools, so a flood of creates is
 * shed while reads and pings, which are short and take no store lock, keep answering.
 * Which pool is decided by the handler the request is routed to ({@link RoutedPermits});
 * this filter gives each request its {@link Admission} and gives the permit back when the
 * request is done. A create holds its permit while its body arrives: the permits also
 * bound how many bodies are read at once. Runs after the key check and the body limit, so
 * neither an unauthenticated request nor an oversized one ever takes a permit.
 *
 * <p>
 * A permit covers the work, not the write of the answer: it is given back as soon as the
 * response body is about to be written. A client that never reads its answers (pipelining
 * 1,000-device lookups into a small receive window) blocks the write on the socket for up
 * to the connection timeout; holding the permit meanwhile, a handful of such clients took
 * every read permit and every other read got 503.
 *
 * <p>
 * For the same reason a create waiting for the journal's flush may trade its permit for
 * one of a larger pool ({@link RoutedPermits}).
 */
@Component
@Order(FilterOrder.LOAD_SHEDDING)
class LoadSheddingFilter extends OncePerRequestFilter {

    private final long maxWaitNanos;

    private final Rejections rejections;

    LoadSheddingFilter(BrightCounterProperties properties, Rejections rejections) {
        this.maxWaitNanos = properties.overload().maxWait().toNanos();
        this.rejections = rejections;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long now = System.nanoTime();
        Admission admission = new Admission(now + this.maxWaitNanos - RequestQueueing.queuedNanos());
        if (admission.isOverdue(now)) {
            // It waited its time for a worker already: its client has likely given up,
            // and serving it would only make the requests behind it wait longer too.
            Admission.discardSmallBody(request);
            this.rejections.respond(request, response, ApiError.OVERLOADED);
            return;
        }
        admission.attachTo(request);
        try {
            chain.doFilter(request, new ReleaseBeforeWriting(response, admission));
        }
        finally {
            admission.release();
        }
    }

    /**
     * Gives the permit back when the body is about to be written: the work behind the
     * answer is done, and what is left may wait on a slow reader's socket.
     */
    private static final class ReleaseBeforeWriting extends HttpServletResponseWrapper {

        private final Admission admission;

        ReleaseBeforeWriting(HttpServletResponse response, Admission admission) {
            super(response);
            this.admission = admission;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            this.admission.release();
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            this.admission.release();
            return super.getWriter();
        }

        @Override
        public void flushBuffer() throws IOException {
            this.admission.release();
            super.flushBuffer();
        }

    }

}
