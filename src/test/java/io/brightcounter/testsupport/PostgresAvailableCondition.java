package io.brightcounter.testsupport;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs {@link RequiresPostgres} tests only when the test database answers. The database
 * is probed once per JVM and the skip is announced once, in one line that says how to run
 * these tests.
 */
public class PostgresAvailableCondition implements ExecutionCondition {

    public static final String REQUIRE_VARIABLE = "BRIGHT_COUNTER_TEST_REQUIRE_POSTGRES";

    private static final AtomicBoolean announced = new AtomicBoolean();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String problem = TestDatabase.unavailableReason();
        if (problem == null) {
            return ConditionEvaluationResult.enabled("PostgreSQL at " + TestDatabase.URL);
        }
        String message = "No PostgreSQL at " + TestDatabase.URL + " (" + problem + "). To run the PostgreSQL tests, "
                + "start one (bash .ci/run starts the local server) or point TEST_DATABASE_URL, TEST_DATABASE_USER and "
                + "TEST_DATABASE_PASSWORD at one";
        if (Boolean.parseBoolean(System.getenv(REQUIRE_VARIABLE))) {
            // Thrown, not disabled: JUnit reports the class as failed.
            throw new ExtensionConfigurationException(message + "; " + REQUIRE_VARIABLE + "=true makes it required.");
        }
        if (announced.compareAndSet(false, true)) {
            System.err.println("SKIPPED PostgreSQL tests: " + message + ". " + REQUIRE_VARIABLE
                    + "=true turns this skip into a failure.");
        }
        return ConditionEvaluationResult.disabled(message);
    }

}
