package io.brightcounter.readings;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.brightcounter.web.ApiError;

/**
 * Which keys a summary carries: every key, or those the {@code fields} query parameter
 * names.
 *
 * @param included the keys to write; the writer still writes them in {@link SummaryField}
 * order
 */
record SummaryFields(Set<SummaryField> included) {

    /** No {@code fields} parameter: the whole summary. */
    static final SummaryFields ALL = new SummaryFields(EnumSet.allOf(SummaryField.class));

    SummaryFields {
        included = EnumSet.copyOf(included);
    }

    /**
     * Parses every value of the {@code fields} parameter: comma-separated names, any
     * order, repeats allowed, several {@code fields} parameters adding up. Absent means
     * all fields.
     * @throws io.brightcounter.web.ApiException {@code INVALID_FIELDS} when a name is not
     * a field: an empty one ({@code fields=}, {@code fields=a,,b}) and one with spaces
     * included
     */
    static SummaryFields parse(List<String> values) {
        if (values.isEmpty()) {
            return ALL;
        }
        Set<SummaryField> included = EnumSet.noneOf(SummaryField.class);
        for (String value : values) {
            for (String name : value.split(",", -1)) {
                SummaryField field = SummaryField.byKeyOrNull(name);
                if (field == null) {
                    throw ApiError.INVALID_FIELDS.exception();
                }
                included.add(field);
            }
        }
        return new SummaryFields(included);
    }

    boolean includes(SummaryField field) {
        return this.included.contains(field);
    }

    /**
     * These fields and the device id, which every summary of a multi-device answer
     * carries.
     */
    SummaryFields withDeviceId() {
        if (includes(SummaryField.DEVICE_ID)) {
            return this;
        }
        Set<SummaryField> withId = EnumSet.copyOf(this.included);
        withId.add(SummaryField.DEVICE_ID);
        return new SummaryFields(withId);
    }

}
