/**
 * What the tests share: a child JVM running the application ({@link ChildApplication}),
 * raw HTTP on a socket ({@link RawHttp}), request bodies and the error envelope, the test
 * database and its JUnit conditions, a headless browser, a Sentry receiver, a TCP proxy
 * that can cut a connection, and damage for journal files. Each test lives in the package
 * of what it tests; only the suites that cover the whole contract stay at the root.
 */
package io.brightcounter.testsupport;
