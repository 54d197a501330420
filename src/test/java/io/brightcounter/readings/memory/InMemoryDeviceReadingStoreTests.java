package io.brightcounter.readings.memory;

import io.brightcounter.readings.DeviceReadingStore;
import io.brightcounter.readings.DeviceReadingStoreContractTests;

class InMemoryDeviceReadingStoreTests extends DeviceReadingStoreContractTests {

    @Override
    protected DeviceReadingStore createStore() {
        return new InMemoryDeviceReadingStore();
    }

}
