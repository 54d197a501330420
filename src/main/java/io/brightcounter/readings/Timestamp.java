package io.brightcounter.readings;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * A reading's instant together with the UTC offset it was written in.
 *
 * <p>
 * Parsing follows the contract's grammar exactly ({@code YYYY-MM-DDTHH:MM:SS} then
 * {@code Z}, {@code ±HH:MM} or {@code ±HHMM}); it is written by hand because no
 * {@code DateTimeFormatter} pattern accepts both offset forms while refusing fractions
 * and lenient variants, and because it runs once per reading on the ingest path.
 *
 * @param epochSecond seconds since 1970-01-01T00:00:00Z
 * @param offsetSeconds the offset from UTC the reading was written with
 */
public record Timestamp(long epochSecond, int offsetSeconds) {

    /** Length of {@link #format()}'s text: {@code YYYY-MM-DDTHH:MM:SS±HHMM}. */
    public static final int FORMATTED_LENGTH = 24;

    private static final int MAX_OFFSET_SECONDS = 18 * 3600;

    /** 0001-01-01T00:00:00 as seconds from 1970-01-01T00:00:00, local time. */
    private static final long MIN_LOCAL_SECOND = epochDay(1, 1, 1) * 86_400L;

    /** 9999-12-31T23:59:59 likewise. */
    private static final long MAX_LOCAL_SECOND = epochDay(9999, 12, 31) * 86_400L + 86_399L;

    private static final int DATE_TIME_LENGTH = 19;

    /**
     * Returns the timestamp, or {@code null} when the text does not follow the contract's
     * grammar.
     */
    public static @Nullable Timestamp parseOrNull(CharSequence text) {
        char[] chars = text.toString().toCharArray();
        return parseOrNull(chars, 0, chars.length);
    }

    /**
     * Returns the timestamp in {@code chars[start, start + length)}, or {@code null} when
     * invalid.
     */
    public static @Nullable Timestamp parseOrNull(char[] chars, int start, int length) {
        if (length != 20 && length != 24 && length != 25) {
            return null;
        }
        int s = start;
        int year = digits4(chars, s);
        int month = digits2(chars, s + 5);
        int day = digits2(chars, s + 8);
        int hour = digits2(chars, s + 11);
        int minute = digits2(chars, s + 14);
        int second = digits2(chars, s + 17);
        if (chars[s + 4] != '-' || chars[s + 7] != '-' || (chars[s + 10] | 0x20) != 't' || chars[s + 13] != ':'
                || chars[s + 16] != ':') {
            return null;
        }
        // A field that is not two digits parses as negative, so the lower bounds also
        // catch non-digits.
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int offset = parseOffset(chars, s + DATE_TIME_LENGTH, length - DATE_TIME_LENGTH);
        if (offset == Integer.MIN_VALUE) {
            return null;
        }
        long epochSecond = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offset;
        return new Timestamp(epochSecond, offset);
    }

    /**
     * Formats as {@code YYYY-MM-DDTHH:MM:SS±HHMM} in this timestamp's own offset.
     * Computed directly rather than through {@code ZoneOffset}, whose cache lookup showed
     * up in profiles of the read endpoint.
     */
    public String format() {
        byte[] out = new byte[FORMATTED_LENGTH];
        formatTo(out, 0);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes {@link #format()}'s text as ASCII into {@code out} from {@code at}, for
     * responses built as bytes without a {@code String} per timestamp.
     */
    public void formatTo(byte[] out, int at) {
        long local = this.epochSecond + this.offsetSeconds;
        long epochDay = Math.floorDiv(local, 86_400L);
        int secondOfDay = (int) Math.floorMod(local, 86_400L);
        // Howard Hinnant's civil_from_days, the inverse of epochDay below.
        long z = epochDay + 719_468L;
        long era = Math.floorDiv(z, 146_097L);
        int dayOfEra = (int) (z - era * 146_097L);
        int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int shiftedMonth = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
        int month = (shiftedMonth < 10) ? shiftedMonth + 3 : shiftedMonth - 9;
        int year = (int) (yearOfEra + era * 400) + ((month <= 2) ? 1 : 0);
        put4(out, at, year);
        out[at + 4] = '-';
        put2(out, at + 5, month);
        out[at + 7] = '-';
        put2(out, at + 8, day);
        out[at + 10] = 'T';
        formatTimeOfDayTo(out, at, secondOfDay);
        int offset = Math.abs(this.offsetSeconds);
        out[at + 19] = (byte) ((this.offsetSeconds < 0) ? '-' : '+');
        put2(out, at + 20, offset / 3600);
        put2(out, at + 22, (offset / 60) % 60);
    }

    /**
     * The local day {@link #formatTo} writes: timestamps of one day and offset share
     * their text but for the time of day.
     */
    long localDay() {
        return Math.floorDiv(this.epochSecond + this.offsetSeconds, 86_400L);
    }

    /**
     * Writes the time of day, {@code hh:mm:ss}, where {@link #formatTo} writes it in a
     * text starting at {@code at}: over the text of another timestamp of the same local
     * day and offset, it makes this one's.
     */
    void formatTimeOfDayTo(byte[] out, int at) {
        formatTimeOfDayTo(out, at, (int) Math.floorMod(this.epochSecond + this.offsetSeconds, 86_400L));
    }

    private static void formatTimeOfDayTo(byte[] out, int at, int secondOfDay) {
        put2(out, at + 11, secondOfDay / 3600);
        out[at + 13] = ':';
        put2(out, at + 14, (secondOfDay / 60) % 60);
        out[at + 16] = ':';
        put2(out, at + 17, secondOfDay % 60);
    }

    /**
     * Offset in seconds, or {@link Integer#MIN_VALUE} when the suffix is not a valid
     * offset.
     */
    private static int parseOffset(char[] chars, int s, int length) {
        if (length == 1) {
            return ((chars[s] | 0x20) == 'z') ? 0 : Integer.MIN_VALUE;
        }
        char sign = chars[s];
        if (sign != '+' && sign != '-') {
            return Integer.MIN_VALUE;
        }
        int hours = digits2(chars, s + 1);
        int minutesAt = s + 3;
        if (length == 6) {
            if (chars[s + 3] != ':') {
                return Integer.MIN_VALUE;
            }
            minutesAt = s + 4;
        }
        int minutes = digits2(chars, minutesAt);
        int seconds = hours * 3600 + minutes * 60;
        if (hours < 0 || minutes < 0 || minutes > 59 || seconds > MAX_OFFSET_SECONDS) {
            return Integer.MIN_VALUE;
        }
        return (sign == '-') ? -seconds : seconds;
    }

    /** Two ASCII digits as a number, or a negative number when either is not a digit. */
    private static int digits2(char[] chars, int at) {
        int high = chars[at] - '0';
        int low = chars[at + 1] - '0';
        if (high < 0 || high > 9 || low < 0 || low > 9) {
            return -1;
        }
        return high * 10 + low;
    }

    private static int digits4(char[] chars, int at) {
        int high = digits2(chars, at);
        int low = digits2(chars, at + 2);
        return (high < 0 || low < 0) ? -1 : high * 100 + low;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    private static boolean isLeap(int year) {
        return (year % 4 == 0) && (year % 100 != 0 || year % 400 == 0);
    }

    /**
     * Whether the instant is within the contract's range in this offset: an offset of at
     * most 18 hours either way, and a local date and time in the years 0001 to 9999. What
     * is read back from a file is checked against it.
     */
    public static boolean isValid(long epochSecond, int offsetSeconds) {
        if (Math.abs(offsetSeconds) > MAX_OFFSET_SECONDS) {
            return false;
        }
        long local = epochSecond + offsetSeconds;
        return epochSecond >= MIN_LOCAL_SECOND - MAX_OFFSET_SECONDS
                && epochSecond <= MAX_LOCAL_SECOND + MAX_OFFSET_SECONDS && local >= MIN_LOCAL_SECOND
                && local <= MAX_LOCAL_SECOND;
    }

    /**
     * Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's
     * days_from_civil).
     */
    private static long epochDay(int year, int month, int day) {
        int y = (month <= 2) ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + ((month > 2) ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }

    private static void put2(byte[] out, int at, int value) {
        out[at] = (byte) ('0' + value / 10);
        out[at + 1] = (byte) ('0' + value % 10);
    }

    private static void put4(byte[] out, int at, int value) {
        put2(out, at, value / 100);
        put2(out, at + 2, value % 100);
    }

}
