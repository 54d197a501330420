/**
 * What guards the service from its callers: the API key check, CORS, load shedding, the
 * head deadline and connection limit of the guarded HTTP/1.1 protocol, and the drain of
 * in-flight requests at shutdown.
 */
@NullMarked
package io.brightcounter.protection;

import org.jspecify.annotations.NullMarked;
