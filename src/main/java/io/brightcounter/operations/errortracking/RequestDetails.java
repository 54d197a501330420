package io.brightcounter.operations.errortracking;

import java.util.regex.Pattern;

import io.sentry.EventProcessor;
import io.sentry.Hint;
import io.sentry.SentryEvent;
import io.sentry.SpanContext;
import io.sentry.SpanId;
import io.sentry.protocol.SentryId;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.MDC;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.HandlerMapping;

/**
 * What an event logged while a request is handled learns of that request. Runs on the
 * thread that logged, as Sentry processes events before it queues them.
 * <ul>
 * <li>The route the request matched, as a template ({@code /api/devices/{device_id}}),
 * never the path it came with: the tag {@code route}, and the event's transaction
 * ({@code GET /api/devices/{device_id}}), which Sentry lists issues by. A fault before
 * routing (in a filter) has none.
 * <li>With tracing on, the request's trace as the event's trace context, so that Sentry
 * shows the trace id the logs and the tracing backend know (the SDK's own would be one
 * made-up id for the whole process).
 * </ul>
 * The request id and trace id tags come from the logging context, by the appender.
 */
final class RequestDetails implements EventProcessor {

    static final String ROUTE = "route";

    private static final String SPAN_ID = "spanId";

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

    private static final Pattern SPAN = Pattern.compile("[0-9a-f]{16}");

    @Override
    public SentryEvent process(SentryEvent event, Hint hint) {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes instanceof ServletRequestAttributes servlet) {
            HttpServletRequest request = servlet.getRequest();
            Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            // On the error page's dispatch the route is the error page's own.
            if (route != null && request.getDispatcherType() != DispatcherType.ERROR) {
                event.setTag(ROUTE, route.toString());
                event.setTransaction(request.getMethod() + " " + route);
            }
        }
        String traceId = MDC.get(SentryErrorTracking.TRACE_ID);
        String spanId = MDC.get(SPAN_ID);
        if (traceId != null && spanId != null && TRACE_ID.matcher(traceId).matches()
                && SPAN.matcher(spanId).matches()) {
            event.getContexts()
                .setTrace(new SpanContext(new SentryId(traceId), new SpanId(spanId), "http.server", null, null));
        }
        return event;
    }

}
