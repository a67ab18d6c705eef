package dev.kintsugi.corpus.firmware;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Picks the firmware image a device should update to. Releases are kept newest first. */
public class FirmwareCatalog {

    private final List<Firmware> releasesNewestFirst;

    public FirmwareCatalog(List<Firmware> releasesNewestFirst) {
        this.releasesNewestFirst = List.copyOf(releasesNewestFirst);
    }

    /** The newest release that supports the device. */
    public Optional<Firmware> latestFor(String model, int hardwareRevision) {
        Firmware match = null;
        for (Firmware release : releasesNewestFirst) {
            if (release.supports(model, hardwareRevision)) {
                match = release;
            }
        }
        return Optional.ofNullable(match);
    }

    public List<String> supportedVersions(String model, int hardwareRevision) {
        List<String> versions = new ArrayList<>();
        for (Firmware release : releasesNewestFirst) {
            if (release.supports(model, hardwareRevision)) {
                versions.add(release.version());
            }
        }
        return versions;
    }

    public boolean needsUpdate(String model, int hardwareRevision, String installedVersion) {
        return latestFor(model, hardwareRevision)
                .map(latest -> !latest.version().equals(installedVersion))
                .orElse(false);
    }
}
