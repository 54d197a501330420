package io.brightcounter.operations.errortracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.brightcounter.config.BrightCounterProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Sentry, wired by hand because no Sentry integration for Spring Boot 4 is available to
 * this build (see the pom): the core SDK initialised from {@code sentry.*} and the
 * service's settings, and Sentry's Logback appender on the root logger. An
 * auto-configuration rather than a scanned one so that it can be left out whole: without
 * a DSN (unset or blank) not one of these beans exists.
 */
@AutoConfiguration(after = ProjectInfoAutoConfiguration.class)
@Conditional(ErrorTrackingAutoConfiguration.DsnConfigured.class)
class ErrorTrackingAutoConfiguration {

    @Bean
    SentryErrorTracking sentryErrorTracking(Environment environment, BrightCounterProperties properties,
            ObjectProvider<GitProperties> git, ObjectProvider<BuildProperties> build) {
        Binder binder = Binder.get(environment);
        SentrySettings settings = binder.bindOrCreate("sentry", SentrySettings.class);
        String release = (settings.release() != null) ? settings.release() : release(git, build);
        List<String> secrets = new ArrayList<>();
        for (String property : List.of("bright-counter.api-keys", "bright-counter.admin-api-keys")) {
            secrets.addAll(binder.bind(property, Bindable.listOf(String.class)).orElse(List.of()));
        }
        return new SentryErrorTracking(settings, release, properties.store().name().toLowerCase(Locale.ROOT),
                new EventScrubber(secrets));
    }

    /**
     * The commit the build recorded ({@code git.properties}); the version when the build
     * had no git directory (an image built from a copy of the sources).
     */
    private static @Nullable String release(ObjectProvider<GitProperties> git, ObjectProvider<BuildProperties> build) {
        GitProperties commit = git.getIfAvailable();
        if (commit != null && commit.getCommitId() != null) {
            return commit.getCommitId();
        }
        BuildProperties version = build.getIfAvailable();
        return (version != null) ? version.getVersion() : null;
    }

    /**
     * A DSN with text in it: {@code SENTRY_DSN=} (empty, as compose files pass an unset
     * variable) means off too.
     */
    static final class DsnConfigured implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("sentry.dsn"));
        }

    }

}
