package io.brightcounter.readings.memory;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InstantSetTests {

    private static final long BASE = 1_632_928_155L;

    @Test
    void addReportsWhetherTheInstantWasNew() {
        InstantSet set = new InstantSet();
        assertThat(set.add(BASE)).isTrue();
        assertThat(set.add(BASE)).isFalse();
        assertThat(set.add(-BASE)).isTrue();
        assertThat(set.size()).isEqualTo(2);
    }

    @Test
    void removeUndoesAnAdd() {
        InstantSet set = new InstantSet();
        set.add(BASE);
        set.remove(BASE);
        assertThat(set.size()).isZero();
        assertThat(set.add(BASE)).isTrue();
    }

    @Test
    void denseInstantsMoveToTheBitmap() {
        InstantSet set = new InstantSet();
        for (int i = 0; i < 1000; i++) {
            set.add(BASE + 60L * i);
        }
        assertThat(set.isBitmap()).isTrue();
        assertThat(set.size()).isEqualTo(1000);
    }

    @Test
    void sparseInstantsStayHashed() {
        InstantSet set = new InstantSet();
        Random random = new Random(1);
        for (int i = 0; i < 1000; i++) {
            set.add(BASE - (long) (random.nextDouble() * 50 * 365 * 86_400L));
        }
        assertThat(set.isBitmap()).isFalse();
    }

    @Test
    void bitmapMovesBackWhenInstantsSpreadOut() {
        InstantSet set = new InstantSet();
        for (int i = 0; i < 128; i++) {
            set.add(BASE + i);
        }
        assertThat(set.isBitmap()).isTrue();
        for (int i = 1; i <= 128; i++) {
            set.add(BASE + i * 1_000_000L);
        }
        assertThat(set.isBitmap()).isFalse();
        assertThat(set.size()).isEqualTo(256);
    }

    @Test
    void membershipSurvivesEveryLayoutChange() {
        InstantSet set = new InstantSet();
        Set<Long> reference = new HashSet<>();
        Random random = new Random(3);
        int layoutChanges = 0;
        boolean bitmap = set.isBitmap();
        for (int i = 0; i < 50_000; i++) {
            // Phases of dense and sparse arrivals push the layout back and forth.
            long instant = ((i / 5000) % 2 == 0) ? BASE + random.nextInt(100_000)
                    : random.nextLong() % 250_000_000_000L;
            assertThat(set.add(instant)).isEqualTo(reference.add(instant));
            if (set.isBitmap() != bitmap) {
                bitmap = set.isBitmap();
                layoutChanges++;
            }
        }
        assertThat(layoutChanges).isGreaterThanOrEqualTo(2);
        assertThat(set.size()).isEqualTo(reference.size());
        for (long instant : reference) {
            assertThat(set.add(instant)).isFalse();
        }
    }

}
