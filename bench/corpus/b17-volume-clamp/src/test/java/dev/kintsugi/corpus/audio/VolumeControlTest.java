package dev.kintsugi.corpus.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VolumeControlTest {

    @Test
    void upIncreasesByStep() {
        VolumeControl volume = new VolumeControl(50, 10);
        volume.up();
        assertEquals(60, volume.level());
    }

    @Test
    void upStopsAtMaximum() {
        VolumeControl volume = new VolumeControl(95, 10);
        volume.up();
        assertEquals(100, volume.level());
    }

    @Test
    void downDecreasesByStep() {
        VolumeControl volume = new VolumeControl(50, 10);
        volume.down();
        assertEquals(40, volume.level());
    }

    @Test
    void downStopsAtMinimum() {
        VolumeControl volume = new VolumeControl(5, 10);
        volume.down();
        assertEquals(0, volume.level());
    }

    @Test
    void barAfterTurningAllTheWayDown() {
        VolumeControl volume = new VolumeControl(20, 15);
        volume.down();
        volume.down();
        assertEquals("----------", volume.bar(10));
    }

    @Test
    void barShowsLevel() {
        assertEquals("###-------", new VolumeControl(30, 5).bar(10));
    }

    @Test
    void muteSilencesWithoutLosingLevel() {
        VolumeControl volume = new VolumeControl(70, 5);
        volume.toggleMute();
        assertEquals(0, volume.effectiveLevel());
        assertEquals(70, volume.level());
        volume.up();
        assertEquals(75, volume.effectiveLevel());
    }

    @Test
    void setRejectsOutOfRange() {
        VolumeControl volume = new VolumeControl(10, 5);
        assertThrows(IllegalArgumentException.class, () -> volume.set(101));
        assertThrows(IllegalArgumentException.class, () -> volume.set(-1));
    }
}
