/**
 * Device readings: the create and read endpoints, the request grammar (device ids,
 * timestamps, the batch parser), the ingest metrics, and the
 * {@link io.brightcounter.readings.DeviceReadingStore} contract that every store
 * implements.
 */
@NullMarked
package io.brightcounter.readings;

import org.jspecify.annotations.NullMarked;
