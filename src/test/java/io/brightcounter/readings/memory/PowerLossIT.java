package io.brightcounter.readings.memory;

/**
 * The power-loss trials of {@link PowerLossTests}, ten times as many, for {@code verify}.
 */
class PowerLossIT extends PowerLossTests {

    @Override
    int trials(int fast) {
        return Integer.getInteger("bright-counter.power-loss.trials", fast * 10);
    }

}
