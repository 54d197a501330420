package io.brightcounter.testsupport;

/**
 * The contract's error envelope, as the tests expect it byte for byte.
 */
public final class Envelopes {

    private Envelopes() {
    }

    /**
     * The body of an error answer: {@code status}, {@code error_message} and
     * {@code status_code}, in that order.
     */
    public static String envelope(String message, int status) {
        return "{\"status\":\"error\",\"error_message\":\"" + message + "\",\"status_code\":" + status + "}";
    }

}
