package io.brightcounter.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs {@link RequiresChromium} tests only where the browser and its driver are
 * installed; the skip is announced once per JVM, in one line.
 */
public class ChromiumAvailableCondition implements ExecutionCondition {

    public static final String REQUIRE_VARIABLE = "BRIGHT_COUNTER_TEST_REQUIRE_CHROMIUM";

    private static final AtomicBoolean announced = new AtomicBoolean();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (browser().isPresent() && driver().isPresent()) {
            return ConditionEvaluationResult.enabled("chromium and chromedriver are installed");
        }
        String message = "No chromium and chromedriver on the PATH (Debian: apt-get install chromium chromium-driver)";
        if (Boolean.parseBoolean(System.getenv(REQUIRE_VARIABLE))) {
            throw new ExtensionConfigurationException(message + "; " + REQUIRE_VARIABLE + "=true makes them required.");
        }
        if (announced.compareAndSet(false, true)) {
            System.err.println("SKIPPED browser tests: " + message + ". " + REQUIRE_VARIABLE
                    + "=true turns this skip into a failure.");
        }
        return ConditionEvaluationResult.disabled(message);
    }

    public static Optional<Path> browser() {
        return onPath("chromium");
    }

    public static Optional<Path> driver() {
        return onPath("chromedriver");
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Pattern.compile(Pattern.quote(File.pathSeparator))
            .splitAsStream(path)
            .filter((dir) -> !dir.isEmpty())
            .map((dir) -> Path.of(dir, name))
            .filter(Files::isExecutable)
            .findFirst();
    }

}
