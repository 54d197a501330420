/**
 * The default store: readings kept in this process's heap, per device, with a capacity
 * bound and an optional journal.
 */
@NullMarked
package io.brightcounter.readings.memory;

import org.jspecify.annotations.NullMarked;
