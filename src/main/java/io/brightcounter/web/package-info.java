/**
 * The HTTP edge every endpoint shares: the contract's error envelope and its mapping
 * (every refusal is counted and logged through {@link io.brightcounter.web.Rejections}),
 * request body reading and its limits, request ids, the Tomcat valves and customizers
 * that shape request handling and error pages, OPTIONS answers and ping.
 */
@NullMarked
package io.brightcounter.web;

import org.jspecify.annotations.NullMarked;
