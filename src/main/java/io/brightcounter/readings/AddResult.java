package io.brightcounter.readings;

/**
 * What storing a batch did.
 *
 * @param stored readings stored
 * @param duplicates readings ignored because their instant was already stored or came
 * earlier in the batch
 * @param conflicts duplicates whose count differed from the stored reading's, or from the
 * earlier one's in the batch
 */
public record AddResult(int stored, int duplicates, int conflicts) {
}
