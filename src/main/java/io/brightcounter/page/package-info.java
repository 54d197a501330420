/**
 * The device page at {@code /}: a static page and its assets, served from the jar, that
 * shows one device through the public API. Its paths are {@code /} and {@code /page/**},
 * never under {@code /api}; it runs under a Content-Security-Policy that allows only the
 * service's own origin.
 */
@NullMarked
package io.brightcounter.page;

import org.jspecify.annotations.NullMarked;
