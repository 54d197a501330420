/**
 * What every endpoint shares: the error envelope and its mapping, request body reading, the API
 * key check, request ids, rejection metrics, API documentation and the {@code bright-counter.*}
 * settings.
 */
@NullMarked
package io.brightcounter.system;

import org.jspecify.annotations.NullMarked;
