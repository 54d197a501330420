package io.brightcounter.readings.memory.journal;

/**
 * How the journal's owner turns its entries into record bytes and back: the journal
 * frames, checksums, groups and files records, and knows nothing of what they hold.
 *
 * <p>
 * A record is a key followed by a body, both the codec's. The body may depend on the
 * segment's base instant (an epoch second written in the segment's header), so that
 * instants near it take few bytes; it is encoded outside the journal's lock, and again if
 * a new segment begins before the record joins a group. The key is encoded under the
 * lock, in file order, by state that lives as long as one segment: numbers given to keys
 * seen earlier in the same segment are how a record names a device in 2 bytes rather than
 * 16.
 *
 * @param <E> what one record holds
 */
public interface RecordCodec<E> {

    /**
     * Writes what of the entry's record depends only on the entry and the segment's base.
     */
    void encodeBody(E entry, long segmentBase, RecordOutput out);

    /** A segment begins: the key state starts empty. Called under the journal's lock. */
    KeyEncoder<E> beginSegment();

    /** Reads back the records of one segment, in file order. */
    Decoder<E> readSegment(long segmentBase);

    /** Writes keys for one segment; called under the journal's lock, in file order. */
    @FunctionalInterface
    interface KeyEncoder<E> {

        void encodeKey(E entry, RecordOutput out);

    }

    /**
     * Decodes the records of one segment, each key then body.
     */
    @FunctionalInterface
    interface Decoder<E> {

        /**
         * The entry a record holds.
         * @throws RuntimeException (with a message that says why) for a record whose
         * values the codec cannot have written: damage, since the frame's checksum
         * matched
         */
        E decode(RecordInput record);

    }

}
