/**
 * Error tracking with Sentry, off unless {@code sentry.dsn} ({@code SENTRY_DSN}) is set:
 * then every ERROR line the service logs (each 500, a failed journal write, a database
 * fault past its retries, a start that fails) becomes one Sentry event, tagged with the
 * request id, trace id, route template and store kind, and scrubbed of device ids, API
 * keys, bearer tokens and query strings before it leaves the process. Contract errors
 * (400, 404, 503, 507...) are INFO or WARN lines and send nothing. Without a DSN nothing
 * here is instantiated and the SDK never opens a connection.
 */
@NullMarked
package io.brightcounter.operations.errortracking;

import org.jspecify.annotations.NullMarked;
