package io.brightcounter.readings;

/**
 * The batch would take the device's cumulative count above {@link Long#MAX_VALUE}:
 * nothing of it was stored. The client's data is at fault, so retrying the same batch
 * fails the same way.
 */
public class CountOverflowException extends RuntimeException {

    public CountOverflowException() {
        // No stack trace: a refused batch is an answer to the client, not a fault to
        // trace.
        super("Cumulative count would exceed " + Long.MAX_VALUE, null, false, false);
    }

}
