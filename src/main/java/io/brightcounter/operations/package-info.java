/**
 * What operators use beside the API: the management port's setup, the readiness gauge,
 * the OpenAPI document and the switch that keeps tracing off unless configured.
 */
@NullMarked
package io.brightcounter.operations;

import org.jspecify.annotations.NullMarked;
