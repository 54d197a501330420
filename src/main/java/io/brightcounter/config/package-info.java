/**
 * The {@code bright-counter.*} settings and their bounds, and the filter that leaves
 * database auto-configuration out unless the PostgreSQL store is chosen.
 */
@NullMarked
package io.brightcounter.config;

import org.jspecify.annotations.NullMarked;
