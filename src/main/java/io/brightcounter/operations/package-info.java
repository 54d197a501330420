/**
 * What operators use beside the API: the management port's setup, the readiness gauge,
 * the OpenAPI document and the switch that keeps tracing off unless configured. Error
 * tracking, off unless configured too, is in
 * {@link io.brightcounter.operations.errortracking}.
 */
@NullMarked
package io.brightcounter.operations;

import org.jspecify.annotations.NullMarked;
