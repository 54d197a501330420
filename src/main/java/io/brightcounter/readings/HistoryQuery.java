package io.brightcounter.readings;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.brightcounter.web.ApiError;
import org.jspecify.annotations.Nullable;

/**
 * The query parameters of history and series reads, each checked as the contract says:
 * timestamps in the create grammar, {@code limit} from 1 to {@value #MAX_LIMIT}, and a
 * {@code step} of whole seconds, minutes, hours or days.
 */
final class HistoryQuery {

    static final int DEFAULT_LIMIT = 1000;

    static final int MAX_LIMIT = 10_000;

    static final int MAX_BUCKETS = 10_000;

    /** Where a timestamp's offset starts, after {@code YYYY-MM-DDTHH:MM:SS}. */
    private static final int OFFSET_AT = 19;

    /**
     * An ISO-8601 duration of days, hours, minutes and seconds, each a whole number; at
     * least one part.
     */
    private static final Pattern STEP = Pattern.compile(
            "P(?:(\\d{1,9})D)?(?:T(?=\\d)(?:(\\d{1,9})H)?(?:(\\d{1,9})M)?(?:(\\d{1,9})S)?)?", Pattern.CASE_INSENSITIVE);

    private HistoryQuery() {
    }

    /**
     * The parameter's timestamp; {@code null} when absent. A query string's {@code +}
     * arrives as a space, so a space where the offset's sign belongs is read as
     * {@code +}: {@code ?from=2021-09-29T16:00:00+01:00} typed into a shell works.
     * @throws io.brightcounter.web.ApiException with {@code invalid} when it is not a
     * timestamp
     */
    static @Nullable Timestamp timestamp(List<String> values, ApiError invalid) {
        return values.isEmpty() ? null : timestamp(values.get(0), invalid);
    }

    /**
     * A parameter's value as a timestamp, read as {@link #timestamp(List, ApiError)}
     * reads it.
     * @throws io.brightcounter.web.ApiException with {@code invalid} when it is not a
     * timestamp
     */
    static Timestamp timestamp(String value, ApiError invalid) {
        String text = value;
        if (text.length() > OFFSET_AT && text.charAt(OFFSET_AT) == ' ') {
            text = text.substring(0, OFFSET_AT) + '+' + text.substring(OFFSET_AT + 1);
        }
        Timestamp timestamp = Timestamp.parseOrNull(text);
        if (timestamp == null) {
            throw invalid.exception();
        }
        return timestamp;
    }

    /** The page size: {@value #DEFAULT_LIMIT} when absent. */
    static int limit(List<String> values) {
        if (values.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        String text = values.get(0);
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch((c) -> c >= '0' && c <= '9')) {
            throw ApiError.INVALID_LIMIT.exception();
        }
        int limit = Integer.parseInt(text);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiError.INVALID_LIMIT.exception();
        }
        return limit;
    }

    /** The step in seconds, at least one. */
    static long stepSeconds(String text) {
        Matcher matcher = STEP.matcher(text);
        if (text.length() < 3 || !matcher.matches()) {
            throw ApiError.INVALID_STEP.exception();
        }
        long seconds = part(matcher.group(1), 86_400) + part(matcher.group(2), 3600) + part(matcher.group(3), 60)
                + part(matcher.group(4), 1);
        if (seconds < 1) {
            throw ApiError.INVALID_STEP.exception();
        }
        return seconds;
    }

    private static long part(@Nullable String digits, long unit) {
        return (digits != null) ? Long.parseLong(digits) * unit : 0;
    }

}
