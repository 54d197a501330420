package io.brightcounter.config;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * The checks of settings that no Jakarta constraint expresses, shared by the settings
 * records: a size's bound ({@link DataSize} is not a number to the constraints) and the
 * trimming of lists. A failed check stops the start with a message that names the
 * property, as a constraint's would.
 */
public final class Settings {

    private Settings() {
    }

    /**
     * Refuses a size below one byte.
     * @param property the property's name, for the message
     * @param size the size; {@code null} (unset) passes
     * @throws IllegalArgumentException if the size is zero or negative
     */
    public static void requirePositive(String property, @Nullable DataSize size) {
        if (size != null && size.toBytes() < 1) {
            throw new IllegalArgumentException(property + " must be positive");
        }
    }

    /**
     * The values trimmed, blank ones dropped: a comma-separated list in an environment
     * variable is easily written with spaces after the commas.
     * @param values the values as bound; {@code null} is none
     * @return the trimmed values, in order
     */
    static List<String> trimmed(@Nullable List<String> values) {
        return (values != null) ? values.stream().map(String::trim).filter((value) -> !value.isEmpty()).toList()
                : List.of();
    }

}
