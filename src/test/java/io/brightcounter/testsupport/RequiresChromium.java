package io.brightcounter.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that drives a real browser: Debian's {@code chromium} and
 * {@code chromium-driver}, found on the {@code PATH}. Without them it is skipped, with
 * one line saying so; with {@code BRIGHT_COUNTER_TEST_REQUIRE_CHROMIUM=true}, as CI sets
 * it, it fails instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(ChromiumAvailableCondition.class)
public @interface RequiresChromium {

}
