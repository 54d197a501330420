package io.brightcounter.protection;

import java.io.IOException;
import java.time.Duration;

import io.brightcounter.config.EdgeProperties;
import io.brightcounter.web.FilterOrder;
import io.brightcounter.web.tomcat.GuardedHttp11NioProtocol;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The drain before a shutdown. Without it, a SIGTERM closed idle keep-alive connections
 * at once, and a client whose next request was already on its way saw the connection
 * closed without a response: an I/O error on a write, during a routine deploy.
 *
 * <p>
 * When the application context starts closing, readiness goes DOWN (so load balancers
 * stop sending) and for {@code bright-counter.shutdown-drain} the service goes on
 * answering as usual, but with {@code Connection: close} on every response: each client
 * finishes its request, reads its answer and opens a fresh connection, which by then goes
 * to another instance. Only then does the graceful shutdown run: new connections are
 * refused, requests in progress finish.
 *
 * <p>
 * The wait happens in the listener for the context's own {@link ContextClosedEvent},
 * which comes before any bean is stopped, and ahead of the listener that closes the
 * management port's context, so the readiness probe answers DOWN during the drain rather
 * than not at all.
 */
@Component
@Order(FilterOrder.SHUTDOWN_DRAIN)
class ShutdownDrain extends OncePerRequestFilter implements ApplicationListener<ContextClosedEvent> {

    private static final Log logger = LogFactory.getLog(ShutdownDrain.class);

    /**
     * Long enough for a request already sent on an accepted connection to be answered.
     */
    private static final long SETTLE_MILLIS = 1000;

    private final ApplicationContext context;

    private final Duration drain;

    private volatile boolean draining;

    ShutdownDrain(ApplicationContext context, EdgeProperties properties) {
        this.context = context;
        this.drain = properties.shutdownDrain();
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() != this.context || this.draining) {
            // The management port's child context closing, or a second close.
            return;
        }
        AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
        this.draining = true;
        if (this.drain.isZero()) {
            return;
        }
        logger.info("Shutdown: draining for " + this.drain.toMillis() + " ms, every response with Connection: close");
        try {
            Thread.sleep(this.drain.toMillis());
            stopAccepting();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Refuses new connections and lets those already accepted be answered (at most
     * {@link #SETTLE_MILLIS}), before the graceful shutdown, which only waits for
     * requests it has already started.
     */
    private void stopAccepting() throws InterruptedException {
        if (this.context instanceof WebServerApplicationContext web) {
            int open = GuardedHttp11NioProtocol.stopAccepting(web.getWebServer(), SETTLE_MILLIS);
            logger.info("Shutdown: no longer accepting connections; " + open + " still open");
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (this.draining) {
            // Tomcat closes the connection after a response that says so.
            response.setHeader(HttpHeaders.CONNECTION, "close");
        }
        chain.doFilter(request, response);
    }

}
