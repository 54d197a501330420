package io.brightcounter.readings;

import java.time.Instant;
import java.util.List;

import io.brightcounter.web.ApiError;
import io.brightcounter.web.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The history and series query parameters, value by value: timestamps (a space where the
 * offset's sign belongs read as {@code +}), {@code limit} from 1 to 10,000 and
 * {@code step} in whole days, hours, minutes and seconds.
 */
class HistoryQueryTests {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|',
            value = { "2021-09-29T16:00:00+01:00 | 2021-09-29T15:00:00Z | 3600",
                    "2021-09-29T16:00:00 01:00 | 2021-09-29T15:00:00Z | 3600",
                    "2021-09-29T16:00:00 0130 | 2021-09-29T14:30:00Z | 5400",
                    "2021-09-29T16:00:00-01:00 | 2021-09-29T17:00:00Z | -3600",
                    "2021-09-29T16:00:00Z | 2021-09-29T16:00:00Z | 0" })
    void aTimestampIsReadInTheCreateGrammarWithASpaceForPlus(String value, String instant, int offsetSeconds) {
        Timestamp expected = new Timestamp(Instant.parse(instant).getEpochSecond(), offsetSeconds);
        assertThat(HistoryQuery.timestamp(value, ApiError.INVALID_FROM)).isEqualTo(expected);
        assertThat(HistoryQuery.timestamp(List.of(value, "x"), ApiError.INVALID_FROM)).as("the first value")
            .isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "", "2021-09-29T16:00:00", "2021-09-29T16:00:00 ", " 2021-09-29T16:00:00Z",
            "2021-09-29 16:00:00Z", "2021-09-29T16:00:00 Z", "2021-09-29T16:00:00  01:00" })
    void aValueThatIsNotATimestampIsRefusedWithTheParametersOwnError(String value) {
        assertRefused(() -> HistoryQuery.timestamp(value, ApiError.INVALID_TO), ApiError.INVALID_TO);
        assertRefused(() -> HistoryQuery.timestamp(List.of(value), ApiError.INVALID_FROM), ApiError.INVALID_FROM);
    }

    @Test
    void anAbsentTimestampIsNull() {
        assertThat(HistoryQuery.timestamp(List.of(), ApiError.INVALID_FROM)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "1, 1", "7, 7", "10000, 10000", "09999, 9999", "00001, 1" })
    void aLimitFrom1To10000IsTaken(String value, int limit) {
        assertThat(HistoryQuery.limit(List.of(value, "5"))).isEqualTo(limit);
    }

    @Test
    void anAbsentLimitIsTheDefault() {
        assertThat(HistoryQuery.limit(List.of())).isEqualTo(HistoryQuery.DEFAULT_LIMIT).isEqualTo(1000);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "", "0", "00000", "10001", "99999", "000001", "100000", "-1", "+5", "1.0", "1e3", " 5",
            "5 ", "x", "１" })
    void aLimitOutsideTheRangeOrNotADecimalNumberIsRefused(String value) {
        assertRefused(() -> HistoryQuery.limit(List.of(value)), ApiError.INVALID_LIMIT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "PT1S, 1", "PT59S, 59", "PT1M, 60", "PT1H, 3600", "P1D, 86400", "pt15m, 900", "P1DT1H1M1S, 90061",
            "PT0H0M1S, 1", "P0DT1S, 1", "PT999999999S, 999999999", "P999999999D, 86399999913600",
            "P999999999DT999999999H999999999M999999999S, 90060999909939" })
    void aStepOfWholeDaysHoursMinutesAndSecondsIsReadInSeconds(String value, long seconds) {
        assertThat(HistoryQuery.stepSeconds(value)).isEqualTo(seconds);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "", "P", "PT", "P1", "PT0S", "P0D", "PT0H0M0S", "P1H", "PT1D", "PT1.5S", "PT-1S", "P1W",
            "P1M", "P1Y", "1S", "PT1S ", "PT1000000000S", "P1DT", "T1S" })
    void aStepThatIsNotAWholeDurationOfAtLeastASecondIsRefused(String value) {
        assertRefused(() -> HistoryQuery.stepSeconds(value), ApiError.INVALID_STEP);
    }

    private static void assertRefused(Runnable read, ApiError expected) {
        assertThatExceptionOfType(ApiException.class).isThrownBy(read::run)
            .satisfies((ex) -> assertThat(ex.error()).isEqualTo(expected));
    }

}
