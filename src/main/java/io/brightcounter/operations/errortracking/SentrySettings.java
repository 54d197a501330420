package io.brightcounter.operations.errortracking;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code sentry.*}, named as Sentry's own integrations name them. Bound
 * only when error tracking is on, so that they are no bean otherwise (the application's
 * configuration properties scan would make one of a {@code @ConfigurationProperties}
 * type).
 *
 * @param dsn where events go, the project's DSN as Sentry shows it
 * @param environment the environment events are filed under
 * @param release overrides the release, which is otherwise the git commit the build
 * recorded
 */
record SentrySettings(String dsn, @DefaultValue("production") String environment, @Nullable String release) {

    /** The DSN holds the project's public key: never printed. */
    @Override
    public String toString() {
        return "SentrySettings[environment=" + this.environment + ", release=" + this.release + "]";
    }

}
