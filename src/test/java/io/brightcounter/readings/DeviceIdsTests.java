package io.brightcounter.readings;

import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceIdsTests {

    private static final UUID DEVICE = UUID.fromString("063c5957-8905-45f9-bfe3-960713788919");

    @ParameterizedTest
    @ValueSource(strings = { "063c5957-8905-45f9-bfe3-960713788919", "063C5957-8905-45F9-BFE3-960713788919",
            "063c5957-8905-45F9-bFe3-960713788919" })
    void parseWhenCanonicalVersion4InEitherCaseReturnsTheSameDevice(String text) {
        assertThat(DeviceIds.parseOrNull(text)).isEqualTo(DEVICE);
    }

    @ParameterizedTest
    @ValueSource(strings = { "063c5957-8905-45f9-8fe3-960713788919", "063c5957-8905-45f9-9fe3-960713788919",
            "063c5957-8905-45f9-afe3-960713788919", "063c5957-8905-45f9-Bfe3-960713788919" })
    void parseAcceptsEveryRfcVariantDigit(String text) {
        assertThat(DeviceIds.parseOrNull(text)).isEqualTo(UUID.fromString(text));
    }

    @Test
    void parseAgreesWithTheJdkOnRandomVersion4Ids() {
        Random random = new Random(3);
        for (int i = 0; i < 2_000; i++) {
            UUID device = new UUID(random.nextLong(), random.nextLong());
            // Force version 4 and the RFC variant, as UUID.randomUUID does.
            device = new UUID((device.getMostSignificantBits() & ~0xF000L) | 0x4000L,
                    (device.getLeastSignificantBits() & ~(0x3L << 62)) | (0x2L << 62));
            String text = random.nextBoolean() ? device.toString() : device.toString().toUpperCase(Locale.ROOT);
            assertThat(DeviceIds.parseOrNull(text)).as(text).isEqualTo(device);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = { 0, 7, 8, 9, 12, 13, 15, 18, 20, 23, 24, 35 })
    void parseWhenAnyPositionHoldsAForeignCharacterReturnsNull(int position) {
        String valid = "063c5957-8905-45f9-bfe3-960713788919";
        for (char foreign : new char[] { 'g', 'G', ':', '/', '@', '`', '-', 'x', '\u0660', '\uff10', '\uff41' }) {
            if (foreign == valid.charAt(position)) {
                continue;
            }
            String text = valid.substring(0, position) + foreign + valid.substring(position + 1);
            assertThat(DeviceIds.parseOrNull(text)).as(text).isNull();
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "063c59578905-45f9-bfe3-960713788919", "063c5957890545f9bfe3960713788919",
            "{063c5957-8905-45f9-bfe3-960713788919}", "urn:uuid:063c5957-8905-45f9-bfe3-960713788919",
            " 063c5957-8905-45f9-bfe3-960713788919", "063c5957-8905-45f9-bfe3-960713788919 ",
            "063c5957-8905-15f9-bfe3-960713788919", "063c5957-8905-55f9-bfe3-960713788919",
            "063c5957-8905-45f9-cfe3-960713788919", "063c5957-8905-45f9-7fe3-960713788919",
            "063c5957-8905-45f9-bfe3-96071378891", "063c5957-8905-45f9-bfe3-9607137889190",
            "063c5957-8905-45f9-bfe3-96071378891g", "063c5957_8905_45f9_bfe3_960713788919",
            "063c5957-895-45f9-bfe3-9607137889199", "０63c5957-8905-45f9-bfe3-960713788919",
            "00000000-0000-0000-0000-000000000000", "12345", "" })
    void parseWhenNotCanonicalVersion4ReturnsNull(String text) {
        assertThat(DeviceIds.parseOrNull(text)).isNull();
    }

}
