package io.brightcounter.readings;

import java.util.UUID;

/**
 * A create request that passed validation: the device and its readings in arrival order.
 */
public record CreateRequest(UUID deviceId, ReadingBatch readings) {
}
