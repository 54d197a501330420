/**
 * The PostgreSQL store, for readings that outlive the process and are shared by several
 * instances.
 */
@NullMarked
package io.brightcounter.readings.postgres;

import org.jspecify.annotations.NullMarked;
