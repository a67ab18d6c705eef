package dev.kintsugi.corpus.playlist;

import java.time.Duration;

public record Track(String title, String artist, Duration length) {
}
