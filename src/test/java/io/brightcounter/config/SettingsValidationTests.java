package io.brightcounter.config;

import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.brightcounter.BrightCounterApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Every bound of the {@code bright-counter.*} settings, at the start of an application: a
 * value past the bound stops it with Boot's failure report naming the property and why,
 * and the value at the bound is taken.
 */
@ExtendWith(OutputCaptureExtension.class)
class SettingsValidationTests {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            max-request-bytes        | 0           | must be greater than or equal to 1
            max-request-bytes        | -1          | must be greater than or equal to 1
            max-request-bytes        | 1073741825  | must be less than or equal to 1073741824
            max-stored-readings      | 0           | must be greater than 0
            max-stored-readings      | -1          | must be greater than 0
            max-stored-bytes         | 0B          | must be positive
            max-body-read-time       | 0s          | must be longer than 0
            max-body-read-time       | -1s         | must be longer than 0
            overload.max-creates     | 0           | must be greater than 0
            overload.max-reads       | 0           | must be greater than 0
            overload.max-wait        | -1ms        | must be longer than or equal to 0
            overload.max-body-memory | 0B          | must be positive
            max-request-head-time    | 0s          | must be longer than 0
            max-request-head-time    | -1ms        | must be longer than 0
            shutdown-drain           | -1ms        | must be longer than or equal to 0
            """)
    void aValuePastItsBoundStopsTheStartNamingTheProperty(String property, String value, String reason,
            CapturedOutput output) {
        assertThatException().isThrownBy(() -> start("--bright-counter." + property + "=" + value).close());
        assertThat(output).contains("APPLICATION FAILED TO START").contains(reason);
        assertThat(output.getOut()).satisfiesAnyOf(
                // A constraint's report names the property by the record's component.
                (text) -> assertThat(text).contains("Property: bright-counter." + componentPath(property)),
                // A check by hand names it in its message.
                (text) -> assertThat(text).contains("IllegalArgumentException: bright-counter." + property));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            max-request-bytes        | 1           | 1
            max-request-bytes        | 1073741824  | 1073741824
            max-stored-readings      | 1           | 1
            max-stored-bytes         | 1B          | 1B
            max-body-read-time       | 1ns         | PT0.000000001S
            overload.max-creates     | 1           | 1
            overload.max-reads       | 1           | 1
            overload.max-wait        | 0s          | PT0S
            overload.max-body-memory | 1B          | 1B
            max-request-head-time    | 1ns         | PT0.000000001S
            shutdown-drain           | 0s          | PT0S
            max-body-read-time       | ""          | PT30S
            overload.max-wait        | ""          | PT1S
            max-request-head-time    | ""          | PT20S
            shutdown-drain           | ""          | PT5S
            """)
    void theValueAtItsBoundIsTaken(String property, String value, String bound) {
        try (ConfigurableApplicationContext context = start("--bright-counter." + property + "=" + value)) {
            BrightCounterProperties requests = context.getBean(BrightCounterProperties.class);
            EdgeProperties edges = context.getBean(EdgeProperties.class);
            Function<String, Object> read = (name) -> switch (name) {
                case "max-request-bytes" -> requests.maxRequestBytes();
                case "max-stored-readings" -> requests.maxStoredReadings();
                case "max-stored-bytes" -> requests.maxStoredBytes();
                case "max-body-read-time" -> requests.maxBodyReadTime();
                case "overload.max-creates" -> requests.overload().maxCreates();
                case "overload.max-reads" -> requests.overload().maxReads();
                case "overload.max-wait" -> requests.overload().maxWait();
                case "overload.max-body-memory" -> requests.overload().maxBodyMemory();
                case "max-request-head-time" -> edges.maxRequestHeadTime();
                case "shutdown-drain" -> edges.shutdownDrain();
                default -> throw new IllegalArgumentException(name);
            };
            assertThat(read.apply(property)).hasToString(bound);
        }
    }

    @Test
    void unsetValuesTakeTheirDefaults() {
        try (ConfigurableApplicationContext context = start()) {
            BrightCounterProperties requests = context.getBean(BrightCounterProperties.class);
            assertThat(requests.maxRequestBytes()).isEqualTo(4 * 1024 * 1024);
            assertThat(requests.store()).isEqualTo(BrightCounterProperties.Store.MEMORY);
            assertThat(requests.maxStoredReadings()).isNull();
            assertThat(requests.maxStoredBytes()).isNull();
            assertThat(requests.apiKeys()).isEmpty();
            assertThat(requests.maxBodyReadTime()).isEqualTo(Duration.ofSeconds(30));
            int cores = Runtime.getRuntime().availableProcessors();
            assertThat(requests.overload().maxCreates()).isEqualTo(Math.max(8, 4 * cores));
            assertThat(requests.overload().maxReads()).isEqualTo(Math.max(16, 8 * cores));
            assertThat(requests.overload().maxWait()).isEqualTo(Duration.ofSeconds(1));
            assertThat(requests.overload().maxBodyMemory()).isNull();
            EdgeProperties edges = context.getBean(EdgeProperties.class);
            assertThat(edges.maxRequestHeadTime()).isEqualTo(Duration.ofSeconds(20));
            assertThat(edges.shutdownDrain()).isEqualTo(Duration.ofSeconds(5));
            assertThat(edges.managementRequiresApiKey()).isFalse();
            assertThat(edges.cors().allowedOrigins()).isEmpty();
        }
    }

    @Test
    void originsAreTrimmedAndBlankOnesDropped() {
        try (ConfigurableApplicationContext context = start(
                "--bright-counter.cors.allowed-origins= https://a.example , ,https://b.example:8443 ")) {
            assertThat(context.getBean(EdgeProperties.class).cors().allowedOrigins())
                .containsExactly("https://a.example", "https://b.example:8443");
        }
    }

    @Test
    void everyBrokenBoundOfOneRecordIsReportedAtOnce(CapturedOutput output) {
        assertThatException().isThrownBy(
                () -> start("--bright-counter.max-request-bytes=0", "--bright-counter.overload.max-reads=0").close());
        assertThat(output).contains("Property: bright-counter.maxRequestBytes")
            .contains("Property: bright-counter.overload.maxReads");
    }

    /**
     * The report of a failed start prints the value a constraint rejected; keys are
     * secrets, so theirs is checked by hand with a message that does not repeat them,
     * here through the whole application's start.
     */
    @Test
    void aRejectedApiKeyNeverReachesTheStartUpLog(CapturedOutput output) {
        assertThatException().isThrownBy(
                () -> new SpringApplicationBuilder(BrightCounterApplication.class)
                    .run("--server.port=0", "--management.server.port=0",
                            "--bright-counter.api-keys=first-Secret-1, s3cr\u00e9t-Second-2")
                    .close());
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("bright-counter.api-keys: every key must be visible ASCII")
            .doesNotContain("first-Secret-1")
            .doesNotContain("Second-2");
    }

    @Test
    void keysStayOutOfTheReportOfAnotherBrokenBound(CapturedOutput output) {
        assertThatException()
            .isThrownBy(() -> start("--bright-counter.api-keys=first-Secret-1", "--bright-counter.max-request-bytes=0")
                .close());
        assertThat(output).contains("Property: bright-counter.maxRequestBytes").doesNotContain("first-Secret-1");
    }

    /**
     * {@code overload.max-reads} as Boot's report names it: {@code overload.maxReads}.
     */
    private static String componentPath(String property) {
        return Pattern.compile("-([a-z])").matcher(property).replaceAll((match) -> match.group(1).toUpperCase());
    }

    /**
     * Starts an application of the settings records alone, reading no
     * {@code application.properties}: the defaults seen are the records' own.
     */
    static ConfigurableApplicationContext start(String... arguments) {
        return new SpringApplicationBuilder(SettingsOnly.class).web(WebApplicationType.NONE)
            .properties("spring.config.name=settings-validation-tests")
            .run(arguments);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ BrightCounterProperties.class, EdgeProperties.class })
    static class SettingsOnly {

    }

}
