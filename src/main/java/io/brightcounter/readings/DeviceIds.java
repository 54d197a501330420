package io.brightcounter.readings;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The contract's device id rule: a version-4 UUID in canonical 8-4-4-4-12 form, hex
 * digits in either case. {@link UUID#fromString} is far more lenient (short groups, any
 * version), so the rule is checked by hand.
 */
final class DeviceIds {

    private static final int LENGTH = 36;

    private DeviceIds() {
    }

    /** Returns the device id, or {@code null} when the text is not a valid one. */
    static @Nullable UUID parseOrNull(CharSequence text) {
        if (text.length() != LENGTH || text.charAt(14) != '4' || !isVariant(text.charAt(19))) {
            return null;
        }
        long most = 0;
        long least = 0;
        int digits = 0;
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int value = Character.digit(c, 16);
            if (value < 0 || c > 'f') {
                return null;
            }
            if (digits++ < 16) {
                most = (most << 4) | value;
            }
            else {
                least = (least << 4) | value;
            }
        }
        return new UUID(most, least);
    }

    private static boolean isVariant(char c) {
        return c == '8' || c == '9' || c == 'a' || c == 'b' || c == 'A' || c == 'B';
    }

}
