package io.brightcounter.readings;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampTests {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // The contract's valid examples
            "2021-09-29T16:09:15+01:00, 2021-09-29T16:09:15+01:00",
            "2024-02-02T08:03:29-0600, 2024-02-02T08:03:29-06:00", "2021-09-29T15:09:15Z, 2021-09-29T15:09:15Z",
            // Letters in either case, offset limits, calendar edges
            "2021-09-29t15:09:15z, 2021-09-29T15:09:15Z", "2021-09-29T15:09:15+18:00, 2021-09-29T15:09:15+18:00",
            "2021-09-29T15:09:15-1800, 2021-09-29T15:09:15-18:00",
            "2021-09-29T15:09:15+05:45, 2021-09-29T15:09:15+05:45", "2021-09-29T15:09:15-00:00, 2021-09-29T15:09:15Z",
            "2024-02-29T23:59:59+00:00, 2024-02-29T23:59:59Z", "2000-02-29T00:00:00Z, 2000-02-29T00:00:00Z",
            "0001-01-01T00:00:00+18:00, 0001-01-01T00:00:00+18:00",
            "9999-12-31T23:59:59-18:00, 9999-12-31T23:59:59-18:00", "1969-12-31T23:59:59Z, 1969-12-31T23:59:59Z" })
    void parseWhenValidReturnsInstantAndOffset(String text, String expected) {
        OffsetDateTime reference = OffsetDateTime.parse(expected);
        Timestamp timestamp = Timestamp.parseOrNull(text);
        assertThat(timestamp)
            .isEqualTo(new Timestamp(reference.toEpochSecond(), reference.getOffset().getTotalSeconds()));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
            // The contract's invalid examples
            "2025-02-02 19:18:00.000Z", "2021-09-29T16:09:15", "2021-09-29T16:09:15.5Z", "1738523887",
            // Not real calendar times
            "2021-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2021-02-30T00:00:00Z", "2021-04-31T00:00:00Z",
            "2021-13-01T00:00:00Z", "2021-00-01T00:00:00Z", "2021-01-00T00:00:00Z", "2021-01-01T24:00:00Z",
            "2021-01-01T23:60:00Z", "2021-01-01T23:59:60Z", "0000-01-01T00:00:00Z",
            // Offsets out of range or malformed
            "2021-09-29T16:09:15+18:01", "2021-09-29T16:09:15-19:00", "2021-09-29T16:09:15+01:60",
            "2021-09-29T16:09:15+01", "2021-09-29T16:09:15+1:00", "2021-09-29T16:09:15+01:0",
            "2021-09-29T16:09:15 01:00", "2021-09-29T16:09:15+01-00", "2021-09-29T16:09:15+01:00:00",
            "2021-09-29T16:09:15+0100Z", "2021-09-29T16:09:15ZZ", "2021-09-29T16:09:15X",
            // Field widths and separators
            "21-09-29T16:09:15Z", "2021-9-29T16:09:15Z", "2021-09-9T16:09:15Z", "2021-09-29T6:09:15Z",
            "12021-09-29T16:09:15Z", "2021/09/29T16:09:15Z", "2021-09-29T16.09.15Z", "2021-09-29X16:09:15Z",
            "20210929T160915Z", "2021-09-29T16:09Z", " 2021-09-29T16:09:15Z", "2021-09-29T16:09:15Z ",
            // Non-digits in the time fields (found by the fuzz test)
            "2021-09-29T$0:16:00+08:15", "2021-09-29T1x:16:00Z", "2021-09-29T16:x0:00Z", "2021-09-29T16:00:0yZ",
            "2021-09-29T16:00:/0Z", "2021-09-29T-1:16:00Z",
            // Non-ASCII digits, signs and empty
            "２021-09-29T16:09:15Z", "2021-09-29T16:09:15\u221201:00", "+2021-09-29T16:09:15Z", "" })
    void parseWhenInvalidReturnsNull(String text) {
        assertThat(Timestamp.parseOrNull(text)).isNull();
    }

    @Test
    void parseAgreesWithJavaTimeOnRandomTimestamps() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long epochSecond = -62_135_596_800L + 64_800 + (long) (random.nextDouble() * 315_537_897_599L);
            int offsetMinutes = random.nextInt(2 * 18 * 60 + 1) - 18 * 60;
            OffsetDateTime reference = OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond),
                    ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
            if (reference.getYear() < 1 || reference.getYear() > 9999) {
                continue;
            }
            String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d%s%02d%s%02d", reference.getYear(),
                    reference.getMonthValue(), reference.getDayOfMonth(), reference.getHour(), reference.getMinute(),
                    reference.getSecond(), (offsetMinutes < 0) ? "-" : "+", Math.abs(offsetMinutes) / 60,
                    random.nextBoolean() ? ":" : "", Math.abs(offsetMinutes) % 60);
            assertThat(Timestamp.parseOrNull(text)).as(text).isEqualTo(new Timestamp(epochSecond, offsetMinutes * 60));
        }
    }

    @Test
    void formatAgreesWithJavaTimeOnRandomTimestamps() {
        Random random = new Random(11);
        DateTimeFormatter pattern = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxx");
        for (int i = 0; i < 20_000; i++) {
            long epochSecond = -62_135_596_800L + 64_800 + (long) (random.nextDouble() * 315_537_897_599L);
            int offsetSeconds = 60 * (random.nextInt(2 * 18 * 60 + 1) - 18 * 60);
            OffsetDateTime reference = OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond),
                    ZoneOffset.ofTotalSeconds(offsetSeconds));
            if (reference.getYear() < 1 || reference.getYear() > 9999) {
                continue;
            }
            Timestamp timestamp = new Timestamp(epochSecond, offsetSeconds);
            String formatted = timestamp.format();
            assertThat(formatted).as("%d at %d", epochSecond, offsetSeconds).isEqualTo(reference.format(pattern));
            assertThat(Timestamp.parseOrNull(formatted)).isEqualTo(timestamp);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({ "2021-09-29T16:09:15+01:00, 2021-09-29T16:09:15+0100",
            "2024-02-02T08:03:29-0600, 2024-02-02T08:03:29-0600", "2021-09-29T15:09:15Z, 2021-09-29T15:09:15+0000",
            "2021-09-29T15:09:15-00:00, 2021-09-29T15:09:15+0000",
            "0001-01-01T00:00:00+18:00, 0001-01-01T00:00:00+1800",
            "9999-12-31T23:59:59-18:00, 9999-12-31T23:59:59-1800",
            "2021-09-29T15:09:15+05:45, 2021-09-29T15:09:15+0545",
            // The last day of a 400-year cycle of the calendar arithmetic (March-based
            // years)
            "2000-02-29T12:00:00Z, 2000-02-29T12:00:00+0000", "1600-02-29T23:59:59-01:00, 1600-02-29T23:59:59-0100" })
    void formatWritesTheReadingsOwnOffsetWithoutColon(String input, String expected) {
        assertThat(Timestamp.parseOrNull(input).format()).isEqualTo(expected);
    }

    /**
     * The range a reading read back from a file must lie in, at each of its edges: the
     * local time's first and last second, reached with no offset, with the largest
     * offsets either way and with an hour's, and one second or minute past each.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({ "first local second at +00:00, 0001-01-01T00:00:00, 0, 0, true",
            "a second before it at +00:00, 0001-01-01T00:00:00, -1, 0, false",
            "first local second at +18:00, 0001-01-01T00:00:00, 0, 64800, true",
            "a second before it at +18:00, 0001-01-01T00:00:00, -1, 64800, false",
            "first local second at +01:00, 0001-01-01T00:00:00, 0, 3600, true",
            "last local second at +00:00, 9999-12-31T23:59:59, 0, 0, true",
            "a second after it at +00:00, 9999-12-31T23:59:59, 1, 0, false",
            "last local second at -18:00, 9999-12-31T23:59:59, 0, -64800, true",
            "a second after it at -18:00, 9999-12-31T23:59:59, 1, -64800, false",
            "last local second at -01:00, 9999-12-31T23:59:59, 0, -3600, true",
            "an offset of exactly +18:00, 2021-09-29T16:09:15, 0, 64800, true",
            "an offset of exactly -18:00, 2021-09-29T16:09:15, 0, -64800, true",
            "an offset a second past +18:00, 2021-09-29T16:09:15, 0, 64801, false",
            "an offset a second past -18:00, 2021-09-29T16:09:15, 0, -64801, false" })
    void isValidHoldsTheLocalTimeToTheYears0001To9999AndTheOffsetTo18Hours(String name, String localTime,
            long secondsAfter, int offsetSeconds, boolean valid) {
        long local = LocalDateTime.parse(localTime).toEpochSecond(ZoneOffset.UTC) + secondsAfter;
        assertThat(Timestamp.isValid(local - offsetSeconds, offsetSeconds)).isEqualTo(valid);
    }

}
