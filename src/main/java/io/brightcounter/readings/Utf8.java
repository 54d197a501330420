package io.brightcounter.readings;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation (RFC 3629, the Unicode standard's table 3-7): no overlong
 * forms, no encoded surrogates, nothing above U+10FFFF, no lead byte without its
 * continuation bytes and no continuation byte without its lead. Jackson decodes only what
 * it needs and lets some of these through, so {@code "…\xC0\xB7"} would be read as a
 * different id ending in {@code 7}.
 *
 * <p>
 * Written out rather than with {@link java.nio.charset.CharsetDecoder}: a decoder has to
 * produce the characters too, and bodies are almost all ASCII, which this checks eight
 * bytes at a time.
 */
final class Utf8 {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {
    }

    static boolean isValid(byte[] bytes) {
        int length = bytes.length;
        int i = 0;
        while (i < length) {
            if (i + Long.BYTES <= length && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                i += Long.BYTES;
                continue;
            }
            int lead = bytes[i] & 0xFF;
            if (lead < 0x80) {
                i++;
            }
            else if (lead < 0xC2) {
                // A continuation byte without a lead, or C0/C1: a two-byte form of an
                // ASCII character.
                return false;
            }
            else if (lead < 0xE0) {
                if (i + 1 >= length || !isContinuation(bytes[i + 1])) {
                    return false;
                }
                i += 2;
            }
            else if (lead < 0xF0) {
                if (i + 2 >= length || !isContinuation(bytes[i + 1]) || !isContinuation(bytes[i + 2])) {
                    return false;
                }
                int second = bytes[i + 1] & 0xFF;
                // E0 below A0 is overlong; ED from A0 encodes a UTF-16 surrogate.
                if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F)) {
                    return false;
                }
                i += 3;
            }
            else if (lead < 0xF5) {
                if (i + 3 >= length || !isContinuation(bytes[i + 1]) || !isContinuation(bytes[i + 2])
                        || !isContinuation(bytes[i + 3])) {
                    return false;
                }
                int second = bytes[i + 1] & 0xFF;
                // F0 below 90 is overlong; F4 from 90 is above U+10FFFF.
                if ((lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) {
                    return false;
                }
                i += 4;
            }
            else {
                // F5 to FF never occur in UTF-8.
                return false;
            }
        }
        return true;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

}
