/**
 * What guards the service from its callers: the API key check, CORS, load shedding and
 * the drain of in-flight requests at shutdown. The head deadline and the connection limit
 * are the guarded HTTP/1.1 protocol's, in {@code web.tomcat}.
 */
@NullMarked
package io.brightcounter.protection;

import org.jspecify.annotations.NullMarked;
