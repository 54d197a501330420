package io.brightcounter.operations.errortracking;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.sentry.Sentry;
import io.sentry.SentryOptions;
import io.sentry.logback.SentryAppender;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Starts Sentry and hangs its Logback appender on the root logger, so that the service's
 * ERROR lines become events ({@link ServiceErrors} says which), and takes both down again
 * when the application context closes.
 *
 * <p>
 * A start that fails (a damaged journal, say) is different: Spring destroys the beans
 * first and only then logs the failure. The appender and the SDK are then left in place,
 * so that this line, the one an operator most needs, is sent; the process is ending, and
 * Sentry's shutdown hook flushes it on the way out.
 */
class SentryErrorTracking
        implements InitializingBean, DisposableBean, ApplicationListener<ContextClosedEvent>, ApplicationContextAware {

    static final String APPENDER_NAME = "SENTRY";

    /** The logging context's keys that become tags, as the logs name them. */
    static final String REQUEST_ID = "requestId";

    static final String TRACE_ID = "traceId";

    private final SentryOptions options;

    private final SentryAppender appender = new SentryAppender();

    private @Nullable ApplicationContext context;

    private volatile boolean closing;

    SentryErrorTracking(SentrySettings settings, @Nullable String release, String store, EventScrubber scrubber) {
        SentryOptions options = new SentryOptions();
        options.setDsn(settings.dsn());
        options.setEnvironment(settings.environment());
        options.setRelease(release);
        options.setTag("store", store);
        // What goes out is decided here and nowhere else: no sentry.properties, no
        // SENTRY_* variables read by the SDK behind Spring's back.
        options.setEnableExternalConfiguration(false);
        options.setSendDefaultPii(false);
        // Breadcrumbs would be other requests' log lines (the scope is process-wide).
        options.setMaxBreadcrumbs(0);
        // Events are the service's ERROR lines, each a fault it logged and handled;
        // Sentry's global handler would add its own view of threads it does not own.
        options.setEnableUncaughtExceptionHandler(false);
        options.setSendModules(false);
        options.addInAppInclude("io.brightcounter");
        options.addContextTag(REQUEST_ID);
        options.addContextTag(TRACE_ID);
        options.addEventProcessor(new RequestDetails());
        options.setBeforeSend(scrubber);
        this.options = options;
    }

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void afterPropertiesSet() {
        Sentry.init(this.options);
        // The appender makes its events with these options (the MDC keys that become
        // tags); Sentry is already started, so it starts nothing of its own.
        this.appender.setOptions(this.options);
        this.appender.setMinimumEventLevel(Level.ERROR);
        this.appender.setMinimumBreadcrumbLevel(Level.OFF);
        this.appender.setName(APPENDER_NAME);
        this.appender.setContext(loggerContext());
        this.appender.addFilter(new ServiceErrors());
        this.appender.start();
        rootLogger().addAppender(this.appender);
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        // The management port's context closes too, and its event reaches this one.
        if (event.getApplicationContext() == this.context) {
            this.closing = true;
        }
    }

    /**
     * On a normal close: the appender comes off and Sentry sends what it holds (up to its
     * flush timeout) and stops.
     */
    @Override
    public void destroy() {
        if (!this.closing) {
            // The start failed; see the class comment.
            return;
        }
        rootLogger().detachAppender(this.appender);
        this.appender.stop();
        Sentry.close();
    }

    private static Logger rootLogger() {
        return loggerContext().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static LoggerContext loggerContext() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext logback) {
            return logback;
        }
        throw new IllegalStateException(
                "Error tracking (sentry.dsn) needs Logback as the logging system, not " + factory.getClass().getName());
    }

}
