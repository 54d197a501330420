package io.brightcounter.operations.errortracking;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceErrorsTests {

    private final LoggerContext context = new LoggerContext();

    private final ServiceErrors filter = new ServiceErrors();

    @Test
    void errorsOfTheServiceAndOfAFailedStartPass() {
        assertThat(decide("io.brightcounter.web.ApiExceptionHandler", Level.ERROR)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("io.brightcounter.readings.memory.journal.Journal", Level.ERROR))
            .isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("org.springframework.boot.SpringApplication", Level.ERROR)).isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void warningsAndTheLibrariesOwnErrorsDoNot() {
        assertThat(decide("io.brightcounter.web.Rejections", Level.WARN)).isEqualTo(FilterReply.DENY);
        assertThat(decide("io.brightcounter.web.Rejections", Level.INFO)).isEqualTo(FilterReply.DENY);
        assertThat(decide("org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
                Level.ERROR))
            .isEqualTo(FilterReply.DENY);
        assertThat(decide("com.zaxxer.hikari.pool.HikariPool", Level.ERROR)).isEqualTo(FilterReply.DENY);
        assertThat(decide("io.brightcounterfake.Other", Level.ERROR)).isEqualTo(FilterReply.DENY);
    }

    private FilterReply decide(String logger, Level level) {
        return this.filter.decide(
                new LoggingEvent(getClass().getName(), this.context.getLogger(logger), level, "message", null, null));
    }

}
