package io.brightcounter.config;

import io.brightcounter.config.BrightCounterProperties.Store;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Keeps the default in-memory store free of any database: unless
 * {@code bright-counter.store} chooses {@code postgres} ({@link Store#chosenIn}), Spring
 * Boot's DataSource auto-configuration is left out (it would otherwise fail for want of a
 * URL). Flyway, JdbcClient and the rest need a DataSource and back off with it. A filter
 * rather than {@code spring.autoconfigure.exclude}, because it reads the environment once
 * every property source is in place.
 */
class DatabaseAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    private static final String DATA_SOURCE = DataSourceAutoConfiguration.class.getName();

    private boolean postgres;

    @Override
    public void setEnvironment(Environment environment) {
        this.postgres = Store.chosenIn(environment) == Store.POSTGRES;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < matches.length; i++) {
            matches[i] = this.postgres || !DATA_SOURCE.equals(autoConfigurationClasses[i]);
        }
        return matches;
    }

}
