package io.brightcounter.operations.errortracking;

import java.util.Set;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Which log lines become events: ERROR lines of the service's own code, where every fault
 * is logged once (a 500 by the error handling, a failed journal write by the journal, a
 * database fault past its retries as the 500 it becomes), and the line Spring Boot logs
 * when the start fails. Not the libraries' own ERROR lines: Tomcat logs the same fault
 * again when it escapes a filter, and one fault should be one event.
 */
final class ServiceErrors extends Filter<ILoggingEvent> {

    private static final String SERVICE = "io.brightcounter.";

    private static final Set<String> START_FAILURES = Set.of("org.springframework.boot.SpringApplication",
            "org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter");

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(Level.ERROR)) {
            return FilterReply.DENY;
        }
        String logger = event.getLoggerName();
        return (logger.startsWith(SERVICE) || START_FAILURES.contains(logger)) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }

}
