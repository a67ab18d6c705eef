package dev.kintsugi.corpus.audio;

/** Volume state of a media player, always within [MIN, MAX]. */
public class VolumeControl {

    public static final int MIN = 0;
    public static final int MAX = 100;

    private final int step;
    private int level;
    private boolean muted;

    public VolumeControl(int initialLevel, int step) {
        if (step <= 0) {
            throw new IllegalArgumentException("step must be positive");
        }
        this.step = step;
        set(initialLevel);
    }

    public void up() {
        level = Math.min(MAX, level + step);
        muted = false;
    }

    public void down() {
        level = level - step;
    }

    public void set(int value) {
        if (value < MIN || value > MAX) {
            throw new IllegalArgumentException("volume out of range: " + value);
        }
        level = value;
    }

    public void toggleMute() {
        muted = !muted;
    }

    public int level() {
        return level;
    }

    public int effectiveLevel() {
        return muted ? MIN : level;
    }

    public String bar(int width) {
        int filled = level * width / MAX;
        return "#".repeat(filled) + "-".repeat(width - filled);
    }
}
