package dev.kintsugi.corpus.playlist;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** An immutable, named list of tracks. */
public final class Playlist {

    private final String name;
    private final List<Track> tracks;

    public Playlist(String name, List<Track> tracks) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("playlist needs a name");
        }
        this.name = name;
        this.tracks = tracks;
    }

    public String name() {
        return name;
    }

    public List<Track> tracks() {
        return Collections.unmodifiableList(tracks);
    }

    public Duration totalLength() {
        return tracks.stream().map(Track::length).reduce(Duration.ZERO, Duration::plus);
    }

    public Playlist shuffled(long seed) {
        List<Track> copy = new ArrayList<>(tracks);
        Collections.shuffle(copy, new Random(seed));
        return new Playlist(name + " (shuffled)", copy);
    }

    public Playlist withTrack(Track track) {
        List<Track> copy = new ArrayList<>(tracks);
        copy.add(track);
        return new Playlist(name, copy);
    }
}
