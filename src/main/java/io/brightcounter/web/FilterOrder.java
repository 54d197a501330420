package io.brightcounter.web;

import org.springframework.core.Ordered;

/**
 * The order of the service's servlet filters, stated once. Each filter takes its own
 * constant and no two share one (ties were settled by component scanning), and
 * {@code FilterChainOrderTests} checks the chain Tomcat really runs. Spring Boot's own
 * filters keep their orders: its {@code CharacterEncodingFilter} at
 * {@link Ordered#HIGHEST_PRECEDENCE} and its observation filter (the request metrics) one
 * after come first, and its {@code RequestContextFilter} at -105 comes after all of
 * these.
 */
public final class FilterOrder {

    /**
     * {@code ShutdownDrain}: {@code Connection: close} on every answer once shutdown has
     * begun, whoever gives it.
     */
    public static final int SHUTDOWN_DRAIN = Ordered.HIGHEST_PRECEDENCE + 2;

    /**
     * {@link RequestIdFilter}: the id for every log line below, and the log of any fault
     * that escapes them.
     */
    public static final int REQUEST_ID = Ordered.HIGHEST_PRECEDENCE + 3;

    /**
     * {@link EarlyAnswerFilter}: sees every status set below, to close the connection of
     * an answer given before the body was read.
     */
    public static final int EARLY_ANSWER = Ordered.HIGHEST_PRECEDENCE + 4;

    /**
     * {@code CrossOriginFilter}: whether a browser may call at all, before any key is
     * asked for (a preflight never carries one).
     */
    public static final int CROSS_ORIGIN = Ordered.HIGHEST_PRECEDENCE + 5;

    /**
     * {@code DevicePageHeadersFilter}: the page's Content-Security-Policy, set before
     * anything below can answer, so that every response on the page's paths carries it.
     */
    public static final int DEVICE_PAGE = Ordered.HIGHEST_PRECEDENCE + 6;

    /**
     * {@code ApiKeyFilter}: before anything about the body, so an unauthenticated body is
     * never read; also on the management port.
     */
    public static final int API_KEY = Ordered.HIGHEST_PRECEDENCE + 10;

    /** {@link OptionsFilter}: a route's OPTIONS, answered after the key check. */
    public static final int OPTIONS = Ordered.HIGHEST_PRECEDENCE + 20;

    /**
     * {@link RequestBodyLimitFilter}: an oversized body is refused before it can take a
     * permit or be read.
     */
    public static final int BODY_LIMIT = Ordered.HIGHEST_PRECEDENCE + 21;

    /**
     * {@code LoadSheddingFilter}: last, so that no refusal above ever waits for, or
     * holds, a permit.
     */
    public static final int LOAD_SHEDDING = Ordered.HIGHEST_PRECEDENCE + 30;

    /**
     * {@link ManagementErrorFilter}, on the management port: before the key check there,
     * so that its error page is answered with the envelope too.
     */
    public static final int MANAGEMENT_ERRORS = Ordered.HIGHEST_PRECEDENCE + 2;

    private FilterOrder() {
    }

}
