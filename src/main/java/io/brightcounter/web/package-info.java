/**
 * The HTTP edge every endpoint shares: the contract's error envelope and its mapping
 * (every refusal is counted and logged through {@link io.brightcounter.web.Rejections}),
 * request body reading and its limits, request ids, OPTIONS answers and ping. What
 * touches Tomcat's internals lives in {@code web.tomcat}.
 */
@NullMarked
package io.brightcounter.web;

import org.jspecify.annotations.NullMarked;
