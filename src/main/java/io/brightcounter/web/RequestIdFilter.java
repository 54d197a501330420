package io.brightcounter.web;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.MDC;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the client's {@code X-Request-Id} when it is sane, a new one
 * otherwise. The id is echoed in the response and put in the logging context (MDC key
 * {@code requestId}), so every log line of the request carries it. A fault that escapes
 * the application is logged here, with the id, before the container's error page answers.
 */
@Component
@Order(FilterOrder.REQUEST_ID)
class RequestIdFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Request-Id";

    static final String MDC_KEY = "requestId";

    /** Set once a fault is logged, so the error page does not log it again. */
    static final String FAULT_LOGGED = RequestIdFilter.class.getName() + ".faultLogged";

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private static final Log logger = LogFactory.getLog(RequestIdFilter.class);

    /**
     * A random version-4 UUID from {@link ThreadLocalRandom}: ids correlate log lines and
     * need no cryptographic strength, and {@link UUID#randomUUID()} takes a lock on a
     * shared {@code SecureRandom} on every request.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(most, least).toString();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String sent = request.getHeader(HEADER);
        String id = (sent != null && SANE.matcher(sent).matches()) ? sent : newId();
        response.setHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        }
        catch (IOException | ServletException | RuntimeException | Error ex) {
            logger.error("Request failed", ex);
            request.setAttribute(FAULT_LOGGED, Boolean.TRUE);
            throw ex;
        }
        finally {
            MDC.remove(MDC_KEY);
        }
    }

}
