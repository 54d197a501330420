package io.brightcounter.readings;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The body check agrees with the JDK's strict UTF-8 decoder on every lead byte followed
 * by every second byte, in each shape a sequence may take (cut short, completed by
 * continuation bytes, followed by a byte that is not one), after ASCII prefixes that put
 * the sequence inside, across and past the eight bytes the ASCII fast path reads at a
 * time.
 */
class Utf8Tests {

    private static final byte[][] TAILS = { {}, { (byte) 0x80 }, { (byte) 0xBF, (byte) 0x80 },
            { (byte) 0x80, (byte) 0xBF, (byte) 0x80 }, { (byte) 0xC0, (byte) 0x80 }, { (byte) 0x80, 'a' },
            { (byte) 0x90, (byte) 0x80, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h' } };

    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);

    private final CharBuffer decoded = CharBuffer.allocate(64);

    @ParameterizedTest(name = "after {0} ASCII bytes")
    @ValueSource(ints = { 0, 1, 7, 8 })
    void everyLeadAndSecondByteIsJudgedAsTheStrictDecoderJudgesThem(int prefix) {
        List<String> disagreements = new ArrayList<>();
        for (int lead = 0; lead < 256; lead++) {
            for (int second = 0; second < 256; second++) {
                for (byte[] tail : TAILS) {
                    byte[] bytes = new byte[prefix + 2 + tail.length];
                    Arrays.fill(bytes, 0, prefix, (byte) 'x');
                    bytes[prefix] = (byte) lead;
                    bytes[prefix + 1] = (byte) second;
                    System.arraycopy(tail, 0, bytes, prefix + 2, tail.length);
                    check(bytes, disagreements);
                    check(Arrays.copyOf(bytes, prefix + 1), disagreements);
                }
            }
        }
        assertThat(disagreements).isEmpty();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = { 0, 1, 7, 8, 9, 15, 16, 17, 24 })
    void aByteWithItsHighBitSetIsFoundAtEveryPlaceOfTheFastPath(int length) {
        byte[] ascii = new byte[length];
        Arrays.fill(ascii, (byte) 0x7F);
        assertThat(Utf8.isValid(ascii)).isTrue();
        for (int at = 0; at < length; at++) {
            byte[] bytes = ascii.clone();
            bytes[at] = (byte) 0x80;
            assertThat(Utf8.isValid(bytes)).as("0x80 at %d of %d", at, length).isFalse();
        }
    }

    private void check(byte[] bytes, List<String> disagreements) {
        this.strict.reset();
        this.decoded.clear();
        CoderResult result = this.strict.decode(ByteBuffer.wrap(bytes), this.decoded, true);
        boolean valid = !result.isError() && !this.strict.flush(this.decoded).isError();
        if (Utf8.isValid(bytes) != valid) {
            StringBuilder hex = new StringBuilder(valid ? "valid: " : "invalid: ");
            for (byte b : bytes) {
                hex.append(String.format("%02X ", b & 0xFF));
            }
            disagreements.add(hex.toString().trim());
        }
    }

}
