package io.brightcounter.operations.errortracking;

import java.util.Arrays;

import ch.qos.logback.classic.LoggerContext;
import io.brightcounter.config.BrightCounterProperties;
import io.sentry.Sentry;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a DSN, nothing of Sentry exists: no bean, no appender, no SDK. With one, the
 * SDK and the appender are up while the context is, and gone once it closes.
 */
class ErrorTrackingAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ErrorTrackingAutoConfiguration.class))
        .withUserConfiguration(Settings.class);

    @Test
    void withoutADsnThereIsNoSentryAtAll() {
        this.runner.run(this::assertNoSentry);
    }

    @Test
    void aBlankDsnIsNoDsn() {
        this.runner.withPropertyValues("sentry.dsn= ").run(this::assertNoSentry);
    }

    @Test
    void withADsnSentryAndItsAppenderLastAsLongAsTheContext() {
        // Port 9 (discard) on loopback: nothing is logged here, so nothing is sent.
        this.runner.withPropertyValues("sentry.dsn=http://public@127.0.0.1:9/1").run((context) -> {
            assertThat(context).hasSingleBean(SentryErrorTracking.class);
            assertThat(Sentry.isEnabled()).isTrue();
            assertThat(sentryAppenderAttached()).isTrue();
        });
        assertThat(Sentry.isEnabled()).isFalse();
        assertThat(sentryAppenderAttached()).isFalse();
    }

    private void assertNoSentry(AssertableApplicationContext context) {
        assertThat(context).hasNotFailed();
        assertThat(Arrays.stream(context.getBeanDefinitionNames()).map(context::getType))
            .filteredOn((type) -> type.getNestHost() != getClass())
            .noneMatch((type) -> type.getPackageName().startsWith("io.sentry")
                    || type.getPackageName().equals(ErrorTrackingAutoConfiguration.class.getPackageName()));
        assertThat(Sentry.isEnabled()).isFalse();
        assertThat(sentryAppenderAttached()).isFalse();
    }

    private static boolean sentryAppenderAttached() {
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        return logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
            .getAppender(SentryErrorTracking.APPENDER_NAME) != null;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BrightCounterProperties.class)
    static class Settings {

    }

}
