package io.brightcounter.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The PostgreSQL database the tests use: {@code TEST_DATABASE_URL},
 * {@code TEST_DATABASE_USER} and {@code TEST_DATABASE_PASSWORD}, by default the local
 * server with trust authentication.
 */
public final class TestDatabase {

    public static final String URL = env("TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test");

    public static final String USER = env("TEST_DATABASE_USER", "postgres");

    public static final String PASSWORD = env("TEST_DATABASE_PASSWORD", "");

    private static HikariDataSource dataSource;

    private static String unavailableReason;

    private static boolean probed;

    private TestDatabase() {
    }

    /**
     * Why the test database cannot be used, or {@code null} when it answers. Asked once
     * per JVM, with a short connect timeout, so that a machine without a database skips
     * quickly.
     */
    public static synchronized String unavailableReason() {
        if (!probed) {
            Properties properties = new Properties();
            properties.setProperty("user", USER);
            properties.setProperty("password", PASSWORD);
            properties.setProperty("connectTimeout", "3");
            try (Connection connection = DriverManager.getConnection(URL, properties)) {
                unavailableReason = connection.isValid(3) ? null : "connection not valid";
            }
            catch (SQLException ex) {
                unavailableReason = ex.getMessage();
            }
            probed = true;
        }
        return unavailableReason;
    }

    /** A pooled connection to the test database, migrated to the current schema. */
    public static synchronized HikariDataSource dataSource() {
        if (dataSource == null) {
            HikariDataSource created = new HikariDataSource();
            created.setJdbcUrl(URL);
            created.setUsername(USER);
            created.setPassword(PASSWORD);
            created.setMaximumPoolSize(10);
            created.setInitializationFailTimeout(-1);
            try (Connection connection = created.getConnection()) {
                connection.isValid(5);
            }
            catch (SQLException ex) {
                created.close();
                throw new IllegalStateException("No PostgreSQL at " + URL + " (" + ex.getMessage() + "). Start one "
                        + "(bash .ci/run starts the local server) or point TEST_DATABASE_URL, TEST_DATABASE_USER "
                        + "and TEST_DATABASE_PASSWORD at one.", ex);
            }
            Flyway.configure().dataSource(created).load().migrate();
            dataSource = created;
        }
        return dataSource;
    }

    /** Removes every stored reading. */
    public static void clear() {
        JdbcClient.create(dataSource()).sql("TRUNCATE device_readings, device_totals, device_reading_windows").update();
    }

    /** Spring properties that select the PostgreSQL store on the test database. */
    public static Map<String, String> storeProperties() {
        dataSource();
        return Map.of("bright-counter.store", "postgres", "spring.datasource.url", URL, "spring.datasource.username",
                USER, "spring.datasource.password", PASSWORD);
    }

    public static void register(DynamicPropertyRegistry registry) {
        storeProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return (value == null || value.isBlank()) ? fallback : value;
    }

}
