package io.brightcounter.readings;

/**
 * The store cannot serve the request now (its database cannot be reached, or no connection came
 * free in time), but may soon: nothing of the batch was stored, and the client may retry.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        // No stack trace of its own: while the database is down every request ends here.
        super(message, cause, false, false);
    }

}
