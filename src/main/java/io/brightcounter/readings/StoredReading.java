package io.brightcounter.readings;

/**
 * One stored reading, as history lists it.
 *
 * @param epochSecond its instant
 * @param offsetSeconds the offset it was sent with
 * @param count its count; 0 when the store does not know it (a reading restored from a
 * snapshot written before readings kept their counts)
 */
public record StoredReading(long epochSecond, int offsetSeconds, long count) {

    public Timestamp timestamp() {
        return new Timestamp(this.epochSecond, this.offsetSeconds);
    }

}
