package io.brightcounter.readings;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class JsonBytesTests {

    @ParameterizedTest
    @ValueSource(longs = { 0, 1, 9, 10, 99, 100, 1234567890123L, Long.MAX_VALUE })
    void numbersAreWrittenInDecimal(long value) {
        assertThat(text(new JsonBytes(0).number(value))).isEqualTo(Long.toString(value));
    }

    @Test
    void idsAreWrittenInLowercaseCanonicalFormQuoted() {
        UUID id = UUID.fromString("0A1B2C3D-4E5F-4a6b-8c7d-9E0F1A2B3C4D");
        assertThat(text(new JsonBytes(0).id(id))).isEqualTo("\"" + id.toString() + "\"");
        UUID zeros = new UUID(0, 0);
        assertThat(text(new JsonBytes(0).id(zeros))).isEqualTo("\"00000000-0000-0000-0000-000000000000\"");
    }

    @Test
    void timestampsAreWrittenAsTheContractFormatsThem() {
        Timestamp timestamp = new Timestamp(1632928155L, -5 * 3600 - 30 * 60);
        assertThat(text(new JsonBytes(0).timestamp(timestamp))).isEqualTo("\"" + timestamp.format() + "\"");
    }

    /**
     * Timestamps written one after another reuse the text of the one before when they
     * share its local day and offset: runs within a day, day boundaries in both
     * directions, the same instant in another offset, before 1970, and a buffer that
     * grows on the way.
     */
    @Test
    void timestampsInARowAreEachWrittenAsTheContractFormatsThem() {
        java.util.Random random = new java.util.Random(18);
        JsonBytes json = new JsonBytes(0);
        StringBuilder expected = new StringBuilder();
        long epochSecond = -86_400L * 3 - 1;
        for (int i = 0; i < 20_000; i++) {
            epochSecond += switch (random.nextInt(6)) {
                case 0 -> -random.nextInt(200_000);
                case 1 -> random.nextInt(200_000);
                default -> random.nextInt(120);
            };
            int offsetSeconds = (random.nextInt(8) == 0) ? (random.nextInt(37) - 18) * 3600 + 30 * 60 : 0;
            Timestamp timestamp = new Timestamp(epochSecond, offsetSeconds);
            json.append((byte) ',').timestamp(timestamp);
            expected.append(",\"").append(timestamp.format()).append('"');
        }
        assertThat(text(json)).isEqualTo(expected.toString());
    }

    @Test
    void aBodyLargerThanExpectedGrowsAndKeepsEverything() {
        JsonBytes json = new JsonBytes(0);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            json.append((byte) ',').number(i).nullValue();
            expected.append(',').append(i).append("null");
        }
        assertThat(text(json)).isEqualTo(expected.toString());
    }

    private static String text(JsonBytes json) {
        return new String(json.toByteArray(), StandardCharsets.US_ASCII);
    }

}
