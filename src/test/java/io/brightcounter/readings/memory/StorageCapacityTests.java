package io.brightcounter.readings.memory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's two limits, bytes and readings, reserved exactly. */
class StorageCapacityTests {

    @Test
    void aBatchThatFitsExactlyIsAcceptedAndOneMoreByteIsNot() {
        StorageCapacity capacity = new StorageCapacity(1000, StorageCapacity.UNLIMITED);
        assertThat(capacity.tryReserve(600, 1)).isTrue();
        assertThat(capacity.tryReserve(401, 1)).isFalse();
        assertThat(capacity.tryReserve(400, 1)).isTrue();
        assertThat(capacity.usedBytes()).isEqualTo(1000);
        assertThat(capacity.usedReadings()).isEqualTo(2);
    }

    @Test
    void aBatchPastTheReadingsLimitIsRefusedWithNothingReserved() {
        StorageCapacity capacity = new StorageCapacity(1000, 10);
        assertThat(capacity.tryReserve(100, 10)).isTrue();
        assertThat(capacity.tryReserve(1, 1)).isFalse();
        assertThat(capacity.usedBytes()).isEqualTo(100);
        assertThat(capacity.usedReadings()).isEqualTo(10);
    }

    @Test
    void aBatchRefusedForItsBytesGivesBackTheReadingsItReserved() {
        StorageCapacity capacity = new StorageCapacity(1000, 10);
        assertThat(capacity.tryReserve(1001, 3)).isFalse();
        assertThat(capacity.usedReadings()).isZero();
        assertThat(capacity.usedBytes()).isZero();
    }

    @Test
    void aBatchThatShrinksTheLayoutFitsEvenWhenFull() {
        StorageCapacity capacity = new StorageCapacity(1000, StorageCapacity.UNLIMITED);
        assertThat(capacity.tryReserve(1000, 5)).isTrue();
        assertThat(capacity.tryReserve(-200, 0)).isTrue();
        assertThat(capacity.usedBytes()).isEqualTo(800);
    }

    @Test
    void restoredReadingsAreTakenPastTheLimitsAndReleasedLikeAnyOther() {
        StorageCapacity capacity = new StorageCapacity(1000, 10);
        capacity.reserveRegardless(1500, 12);
        assertThat(capacity.usedBytes()).isEqualTo(1500);
        assertThat(capacity.usedReadings()).isEqualTo(12);
        assertThat(capacity.tryReserve(1, 0)).as("over the limit now").isFalse();
        capacity.release(1000, 5);
        assertThat(capacity.usedBytes()).isEqualTo(500);
        assertThat(capacity.usedReadings()).isEqualTo(7);
        capacity.adjustBytes(-100);
        capacity.adjustBytes(0);
        assertThat(capacity.usedBytes()).isEqualTo(400);
    }

    @Test
    void theFillRatioIsTheFullerLimit() {
        StorageCapacity capacity = new StorageCapacity(1000, 10);
        assertThat(capacity.fillRatio()).isZero();
        capacity.tryReserve(250, 5);
        assertThat(capacity.fillRatio()).isEqualTo(0.5);
        capacity.tryReserve(500, 0);
        assertThat(capacity.fillRatio()).isEqualTo(0.75);
        assertThat(capacity.maxBytes()).isEqualTo(1000);
        assertThat(capacity.maxReadings()).isEqualTo(10);
    }

    @Test
    void withoutAReadingsLimitOnlyBytesFill() {
        StorageCapacity capacity = new StorageCapacity(1000, StorageCapacity.UNLIMITED);
        capacity.tryReserve(100, 1_000_000);
        assertThat(capacity.fillRatio()).isEqualTo(0.1);
    }

}
