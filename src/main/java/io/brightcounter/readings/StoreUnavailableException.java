package io.brightcounter.readings;

/**
 * The store cannot serve the request now, but may soon: nothing of the batch was stored,
 * and the client may retry.
 */
public class StoreUnavailableException extends RuntimeException {

    private final Kind kind;

    /** The database cannot be reached, or no connection came free in time. */
    public StoreUnavailableException(String message, Throwable cause) {
        this(Kind.DATABASE, message, cause);
    }

    public StoreUnavailableException(Kind kind, String message, Throwable cause) {
        // No stack trace of its own: while the store is down every request ends here.
        super(message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return this.kind;
    }

    /**
     * What failed. Operators tell the two apart (each has its own alert): an unreachable
     * database usually heals by itself, a journal that cannot write (disk full,
     * read-only) needs a person.
     */
    public enum Kind {

        /** The database cannot be reached, or no connection came free in time. */
        DATABASE,

        /** The journal could not write the batch to disk. */
        JOURNAL

    }

}
