package io.brightcounter.readings;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;

import io.brightcounter.web.ApiError;
import io.brightcounter.web.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static io.brightcounter.testsupport.CreateBodies.create;
import static io.brightcounter.testsupport.CreateBodies.createRaw;
import static io.brightcounter.testsupport.CreateBodies.quoted;
import static io.brightcounter.testsupport.CreateBodies.reading;
import static io.brightcounter.testsupport.CreateBodies.readingRaw;
import static io.brightcounter.testsupport.CreateBodies.readings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CreateRequestParserTests {

    private static final String ID = "063c5957-8905-45f9-bfe3-960713788919";

    private static final String READING = reading(9, "2021-09-29T16:09:15+01:00");

    private final CreateRequestParser parser = new CreateRequestParser(JsonMapper.builder().build());

    @Test
    void parseWhenValidReturnsReadingsInArrivalOrder() {
        CreateRequest request = parse(create(ID, READING, reading(14, "2021-09-29T16:08:15Z")));
        assertThat(request.deviceId()).isEqualTo(UUID.fromString(ID));
        ReadingBatch readings = request.readings();
        assertThat(readings.size()).isEqualTo(2);
        assertThat(readings.count(0)).isEqualTo(9);
        assertThat(readings.epochSecond(0)).isEqualTo(1632928155L);
        assertThat(readings.offsetSeconds(0)).isEqualTo(3600);
        assertThat(readings.count(1)).isEqualTo(14);
        assertThat(readings.epochSecond(1)).isEqualTo(1632931695L);
        assertThat(readings.offsetSeconds(1)).isZero();
    }

    @Test
    void parseIgnoresUnknownFieldsAtEveryLevel() {
        CreateRequest request = parse("{\"extra\": {\"a\": [1, {\"b\": null}]}, \"id\": \"" + ID
                + "\", \"readings\": [{\"note\": [\"x\"], \"count\": 9223372036854775807, "
                + "\"timestamp\": \"2021-09-29T16:09:15Z\", \"more\": {}}], \"tail\": true}");
        assertThat(request.readings().count(0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void parseAcceptsManyReadingsAndAUtf8ByteOrderMark() {
        String[] readings = new String[1000];
        for (int i = 0; i < readings.length; i++) {
            readings[i] = reading(i + 1, "2021-09-29T16:09:15Z");
        }
        CreateRequest request = parse("\uFEFF" + create(ID, readings));
        assertThat(request.readings().size()).isEqualTo(1000);
        assertThat(request.readings().count(999)).isEqualTo(1000);
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("invalidBodies")
    void parseWhenInvalidRejectsWithTheFirstFailingRow(ApiError expected, String body) {
        assertRejected(body.getBytes(StandardCharsets.UTF_8), expected);
    }

    static Stream<Arguments> invalidBodies() {
        String validReadings = "\"readings\": " + readings(READING);
        return Stream.of(
                // Row 1: not valid JSON
                arguments(ApiError.INVALID_JSON, ""), arguments(ApiError.INVALID_JSON, "   "),
                arguments(ApiError.INVALID_JSON, "{"), arguments(ApiError.INVALID_JSON, "{\"id\": }"),
                arguments(ApiError.INVALID_JSON, "{'id': 'x'}"),
                arguments(ApiError.INVALID_JSON, create(ID, READING) + " x"),
                arguments(ApiError.INVALID_JSON, create(ID, READING) + " {}"),
                arguments(ApiError.INVALID_JSON,
                        "{\"id\": \"" + ID + "\", \"id\": \"" + ID + "\", " + validReadings + "}"),
                arguments(ApiError.INVALID_JSON,
                        readingWith("\"count\": 1, \"count\": 2, \"timestamp\": \"2021-09-29T16:09:15Z\"")),
                arguments(ApiError.INVALID_JSON, "{\"a\": {\"b\": 1, \"b\": 2}, \"id\": 5}"),
                arguments(ApiError.INVALID_JSON, create(ID, readingRaw("01", quoted("2021-09-29T16:09:15Z")))),
                arguments(ApiError.INVALID_JSON, create(ID, readingRaw("NaN", quoted("2021-09-29T16:09:15Z")))),
                arguments(ApiError.INVALID_JSON, "[1, 2,]"), arguments(ApiError.INVALID_JSON, "nul"),
                arguments(ApiError.INVALID_JSON, "[".repeat(5000) + "]".repeat(5000)),
                arguments(ApiError.INVALID_JSON, "{\"x\": " + "[".repeat(5000) + "]".repeat(5000) + "}"),
                // Row 2: JSON but not an object
                arguments(ApiError.NOT_AN_OBJECT, "[]"), arguments(ApiError.NOT_AN_OBJECT, "[{\"id\": 1}]"),
                arguments(ApiError.NOT_AN_OBJECT, "\"text\""), arguments(ApiError.NOT_AN_OBJECT, "42"),
                arguments(ApiError.NOT_AN_OBJECT, "null"), arguments(ApiError.NOT_AN_OBJECT, " true "),
                // Row 3: id missing, null or empty (before any readings problem)
                arguments(ApiError.ID_REQUIRED, "{}"), arguments(ApiError.ID_REQUIRED, "{" + validReadings + "}"),
                arguments(ApiError.ID_REQUIRED, "{\"id\": null, " + validReadings + "}"),
                arguments(ApiError.ID_REQUIRED, "{\"id\": \"\", \"readings\": 5}"),
                arguments(ApiError.ID_REQUIRED, "{\"ID\": \"" + ID + "\", " + validReadings + "}"),
                // Row 4: readings missing, null or empty (before an invalid id)
                arguments(ApiError.READINGS_REQUIRED, "{\"id\": \"" + ID + "\"}"),
                arguments(ApiError.READINGS_REQUIRED, createRaw("\"nope\"", "null")),
                arguments(ApiError.READINGS_REQUIRED, createRaw("7", "[]")),
                // Row 5: id not a valid device id (before readings' shape)
                arguments(ApiError.INVALID_DEVICE_ID, create("nope", READING)),
                arguments(ApiError.INVALID_DEVICE_ID, createRaw("123", "5")),
                arguments(ApiError.INVALID_DEVICE_ID, createRaw("true", readings(READING))),
                arguments(ApiError.INVALID_DEVICE_ID, createRaw("[" + quoted(ID) + "]", readings(READING))),
                arguments(ApiError.INVALID_DEVICE_ID, createRaw("{\"v\": 1}", readings(READING))),
                arguments(ApiError.INVALID_DEVICE_ID, create("063c5957-8905-15f9-bfe3-960713788919", READING)),
                // Row 6: readings not an array of objects, anywhere in the array (before
                // counts)
                arguments(ApiError.READINGS_NOT_ARRAY, createRaw(quoted(ID), "{}")),
                arguments(ApiError.READINGS_NOT_ARRAY, createRaw(quoted(ID), "\"r\"")),
                arguments(ApiError.READINGS_NOT_ARRAY, createRaw(quoted(ID), "3")),
                arguments(ApiError.READINGS_NOT_ARRAY, create(ID, "1")),
                arguments(ApiError.READINGS_NOT_ARRAY, create(ID, "null")),
                arguments(ApiError.READINGS_NOT_ARRAY, create(ID, readings(READING))),
                arguments(ApiError.READINGS_NOT_ARRAY, create(ID, "{\"count\": -1}", READING, "\"x\"")),
                // Row 7: count
                arguments(ApiError.INVALID_COUNT, readingWith("\"timestamp\": \"2021-09-29T16:09:15Z\"")),
                arguments(ApiError.INVALID_COUNT,
                        readingWith("\"count\": null, \"timestamp\": \"2021-09-29T16:09:15Z\"")),
                arguments(ApiError.INVALID_COUNT,
                        readingWith("\"count\": true, \"timestamp\": \"2021-09-29T16:09:15Z\"")),
                arguments(ApiError.INVALID_COUNT,
                        readingWith("\"count\": \"5\", \"timestamp\": \"2021-09-29T16:09:15Z\"")),
                arguments(ApiError.INVALID_COUNT,
                        readingWith("\"count\": 5.0, \"timestamp\": \"2021-09-29T16:09:15Z\"")),
                arguments(ApiError.INVALID_COUNT,
                        readingWith("\"count\": 5e0, \"timestamp\": \"2021-09-29T16:09:15Z\"")),
                arguments(ApiError.INVALID_COUNT, readingWith("\"count\": 0, \"timestamp\": \"2021-09-29T16:09:15Z\"")),
                arguments(ApiError.INVALID_COUNT,
                        readingWith("\"count\": -0, \"timestamp\": \"2021-09-29T16:09:15Z\"")),
                arguments(ApiError.INVALID_COUNT,
                        readingWith("\"count\": -3, \"timestamp\": \"2021-09-29T16:09:15Z\"")),
                arguments(ApiError.INVALID_COUNT,
                        readingWith("\"count\": 9223372036854775808, " + "\"timestamp\": \"2021-09-29T16:09:15Z\"")),
                arguments(ApiError.INVALID_COUNT,
                        readingWith("\"count\": " + "9".repeat(5000) + ", \"timestamp\": \"2021-09-29T16:09:15Z\"")),
                arguments(ApiError.INVALID_COUNT,
                        readingWith("\"count\": [1], \"timestamp\": \"2021-09-29T16:09:15Z\"")),
                arguments(ApiError.INVALID_COUNT, readingWith("\"count\": {\"v\": 1}, \"timestamp\": \"bad\"")),
                arguments(ApiError.INVALID_COUNT, readingWith("\"timestamp\": \"bad\", \"count\": 0")),
                arguments(ApiError.INVALID_COUNT, readingWith("\"Count\": 5, \"timestamp\": \"2021-09-29T16:09:15Z\"")),
                // Row 8: timestamp
                arguments(ApiError.INVALID_TIMESTAMP, readingWith("\"count\": 5")),
                arguments(ApiError.INVALID_TIMESTAMP, readingWith("\"count\": 5, \"timestamp\": null")),
                arguments(ApiError.INVALID_TIMESTAMP, readingWith("\"count\": 5, \"timestamp\": 1738523887")),
                arguments(ApiError.INVALID_TIMESTAMP,
                        readingWith("\"count\": 5, \"timestamp\": [\"2021-09-29T16:09:15Z\"]")),
                arguments(ApiError.INVALID_TIMESTAMP,
                        readingWith("\"count\": 5, \"timestamp\": \"2021-09-29T16:09:15\"")),
                arguments(ApiError.INVALID_TIMESTAMP,
                        readingWith("\"count\": 5, \"timestamp\": \"2025-02-02 19:18:00.000Z\"")),
                // Rows 7 and 8 go reading by reading: the first bad reading decides
                arguments(ApiError.INVALID_TIMESTAMP,
                        create(ID, READING, reading(1, "x"), reading(0, "2021-09-29T16:09:15Z"))),
                arguments(ApiError.INVALID_COUNT,
                        create(ID, READING, reading(0, "2021-09-29T16:09:15Z"), reading(1, "x"))));
    }

    @Test
    void parseWhenBodyIsNotUtf8RejectsAsInvalidJson() {
        String body = create(ID, READING);
        assertRejected(body.getBytes(StandardCharsets.UTF_16BE), ApiError.INVALID_JSON);
        assertRejected(body.getBytes(StandardCharsets.UTF_16LE), ApiError.INVALID_JSON);
        assertRejected(body.getBytes(StandardCharsets.UTF_16), ApiError.INVALID_JSON);
        assertRejected(body.getBytes(Charset.forName("UTF-32")), ApiError.INVALID_JSON);
        byte[] latin1 = "{\"id\": \"caf\u00e9\", \"readings\": []}".getBytes(StandardCharsets.ISO_8859_1);
        assertRejected(latin1, ApiError.INVALID_JSON);
        byte[] truncatedSequence = { '{', '"', 'i', 'd', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}' };
        assertRejected(truncatedSequence, ApiError.INVALID_JSON);
    }

    /**
     * Issue 10, finding 4: bytes no UTF-8 encoder produces, wherever they stand in the
     * body.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8")
    void parseWhenBodyHasInvalidUtf8RejectsAsInvalidJson(String name, byte[] sequence) {
        assertRejected(
                withBytes("{\"id\": \"" + ID.substring(0, 35) + "\u0001\", \"readings\": [" + READING + "]}", sequence),
                ApiError.INVALID_JSON);
        assertRejected(
                withBytes("{\"id\": \"" + ID + "\", \"note\": \"\u0001\", \"readings\": [" + READING + "]}", sequence),
                ApiError.INVALID_JSON);
        assertRejected(withBytes("{\"id\": \"" + ID + "\", \"readings\": [" + READING + "], \"\u0001\": 1}", sequence),
                ApiError.INVALID_JSON);
    }

    static Stream<Arguments> invalidUtf8() {
        return Stream.of(arguments("overlong slash C0 AF", bytes(0xC0, 0xAF)),
                arguments("overlong 7 C0 B7", bytes(0xC0, 0xB7)), arguments("overlong C1 BF", bytes(0xC1, 0xBF)),
                arguments("overlong three bytes E0 80 AF", bytes(0xE0, 0x80, 0xAF)),
                arguments("overlong four bytes F0 80 80 AF", bytes(0xF0, 0x80, 0x80, 0xAF)),
                arguments("high surrogate ED A0 80", bytes(0xED, 0xA0, 0x80)),
                arguments("low surrogate ED BF BF", bytes(0xED, 0xBF, 0xBF)),
                arguments("above U+10FFFF F4 90 80 80", bytes(0xF4, 0x90, 0x80, 0x80)),
                arguments("lead byte F5", bytes(0xF5, 0x80, 0x80, 0x80)), arguments("lead byte F8", bytes(0xF8, 0x88)),
                arguments("lone continuation 80", bytes(0x80)), arguments("truncated two bytes C3", bytes(0xC3)),
                arguments("truncated three bytes E2 82", bytes(0xE2, 0x82)),
                arguments("truncated four bytes F0 9F 98", bytes(0xF0, 0x9F, 0x98)));
    }

    @Test
    void parseAcceptsEveryLengthOfValidUtf8() {
        CreateRequest request = parse("{\"id\": \"" + ID
                + "\", \"note\": \"\u00e9 \u20ac \ud834\udd1e \uffff \u0080\", " + "\"readings\": [" + READING + "]}");
        assertThat(request.readings().size()).isEqualTo(1);
    }

    /** The text's UTF-8 bytes with the sequence in place of its {@code \u0001}. */
    private static byte[] withBytes(String text, byte[] sequence) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int at = text.indexOf('\u0001');
        byte[] result = new byte[bytes.length - 1 + sequence.length];
        System.arraycopy(bytes, 0, result, 0, at);
        System.arraycopy(sequence, 0, result, at, sequence.length);
        System.arraycopy(bytes, at + 1, result, at + sequence.length, bytes.length - at - 1);
        return result;
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** A body with one reading of the given fields, written as JSON text. */
    private static String readingWith(String fields) {
        return create(ID, "{" + fields + "}");
    }

    private CreateRequest parse(String body) {
        return this.parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private void assertRejected(byte[] body, ApiError expected) {
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.parser.parse(body))
            .satisfies((ex) -> assertThat(ex.error()).isEqualTo(expected));
    }

}
