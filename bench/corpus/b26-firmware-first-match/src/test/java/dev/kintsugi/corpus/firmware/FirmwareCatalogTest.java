package dev.kintsugi.corpus.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FirmwareCatalogTest {

    private final FirmwareCatalog catalog = new FirmwareCatalog(List.of(
            new Firmware("3.2.0", Set.of("TH-200"), 3),
            new Firmware("3.1.4", Set.of("TH-100", "TH-200"), 2),
            new Firmware("2.9.9", Set.of("TH-100", "TH-200"), 1),
            new Firmware("1.0.0", Set.of("LEGACY"), 1)));

    @Test
    void newestSupportedReleaseWins() {
        assertEquals("3.2.0", catalog.latestFor("TH-200", 3).orElseThrow().version());
    }

    @Test
    void olderHardwareGetsOlderRelease() {
        assertEquals("3.1.4", catalog.latestFor("TH-200", 2).orElseThrow().version());
    }

    @Test
    void onlyOneCandidate() {
        assertEquals("1.0.0", catalog.latestFor("LEGACY", 5).orElseThrow().version());
    }

    @Test
    void unknownModelHasNoFirmware() {
        assertEquals(Optional.empty(), catalog.latestFor("TOASTER", 9));
    }

    @Test
    void listsAllSupportedVersionsNewestFirst() {
        assertEquals(List.of("3.1.4", "2.9.9"), catalog.supportedVersions("TH-100", 2));
    }

    @Test
    void upToDateDeviceNeedsNoUpdate() {
        assertFalse(catalog.needsUpdate("TH-100", 4, "3.1.4"));
    }

    @Test
    void outdatedDeviceNeedsUpdate() {
        assertTrue(catalog.needsUpdate("TH-100", 1, "2.0.0"));
    }
}
