package io.brightcounter.readings;

import java.util.UUID;

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
