package dev.kintsugi.corpus.firmware;

import java.util.Set;

public record Firmware(String version, Set<String> models, int minHardwareRevision) {

    public boolean supports(String model, int hardwareRevision) {
        return models.contains(model) && hardwareRevision >= minHardwareRevision;
    }
}
