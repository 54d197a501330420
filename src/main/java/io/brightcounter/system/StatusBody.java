package io.brightcounter.system;

/** The body of a successful ping or create: {@code {"status": "ok"}}. */
public record StatusBody(String status) {

    public static final StatusBody OK = new StatusBody("ok");

}
