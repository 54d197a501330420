/**
 * Everything that reaches into Tomcat beyond the servlet API: the guarded HTTP/1.1
 * protocol (head deadline, connection limit, stop accepting at shutdown, the time a
 * request was queued for a worker), the valves for response headers, unread bodies and
 * error reports, and the customizers that install them. Nothing else in the application
 * imports {@code org.apache.coyote}, {@code org.apache.tomcat.util.net} or
 * {@code org.apache.catalina.connector} ({@code ArchitectureTests} checks it), so a
 * Tomcat upgrade that changes those internals breaks this package only. It depends on
 * nothing of the application but its settings: what the error answers say comes in
 * through {@link io.brightcounter.web.tomcat.ContainerErrorResponder}.
 */
@NullMarked
package io.brightcounter.web.tomcat;

import org.jspecify.annotations.NullMarked;
