/**
 * Bright Counter: a REST service that ingests batches of device readings and answers each
 * device's latest timestamp and cumulative count. This package holds only the
 * application's entry point; the features live in the packages below it.
 */
@NullMarked
package io.brightcounter;

import org.jspecify.annotations.NullMarked;
