package io.brightcounter.web.tomcat;

import org.apache.coyote.BadRequestException;

/** What Tomcat's own exceptions mean to the API. */
public final class ContainerFailures {

    private ContainerFailures() {
    }

    /**
     * Whether a failure met while reading a request (its body, usually) is the client's
     * malformed framing, such as a bad chunk size: a 400, which the same retry cannot
     * fix, rather than a timeout or a client gone.
     */
    public static boolean isMalformedRequest(Throwable failure) {
        return failure instanceof BadRequestException;
    }

}
