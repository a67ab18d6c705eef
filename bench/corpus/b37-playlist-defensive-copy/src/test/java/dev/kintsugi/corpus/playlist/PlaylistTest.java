package dev.kintsugi.corpus.playlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaylistTest {

    private static final Track INTRO = new Track("Intro", "The Fixers", Duration.ofSeconds(95));
    private static final Track GOLD = new Track("Golden Seams", "The Fixers", Duration.ofSeconds(241));
    private static final Track OUTRO = new Track("Outro", "Bowl", Duration.ofSeconds(180));

    @Test
    void totalLength() {
        assertEquals(Duration.ofSeconds(516), new Playlist("Mix", List.of(INTRO, GOLD, OUTRO)).totalLength());
    }

    @Test
    void tracksCannotBeModifiedThroughTheView() {
        Playlist playlist = new Playlist("Mix", List.of(INTRO));
        assertThrows(UnsupportedOperationException.class, () -> playlist.tracks().add(GOLD));
    }

    @Test
    void laterChangesToTheSourceListDoNotLeakIn() {
        List<Track> source = new ArrayList<>(List.of(INTRO, GOLD));
        Playlist playlist = new Playlist("Mix", source);
        source.add(OUTRO);
        source.remove(INTRO);
        assertEquals(List.of(INTRO, GOLD), playlist.tracks());
    }

    @Test
    void withTrackLeavesOriginalUntouched() {
        Playlist original = new Playlist("Mix", List.of(INTRO));
        Playlist longer = original.withTrack(GOLD);
        assertEquals(1, original.tracks().size());
        assertEquals(List.of(INTRO, GOLD), longer.tracks());
    }

    @Test
    void shuffleKeepsTheSameTracks() {
        Playlist playlist = new Playlist("Mix", List.of(INTRO, GOLD, OUTRO));
        Playlist shuffled = playlist.shuffled(42);
        assertEquals(new HashSet<>(playlist.tracks()), new HashSet<>(shuffled.tracks()));
        assertEquals("Mix (shuffled)", shuffled.name());
    }

    @Test
    void needsAName() {
        assertThrows(IllegalArgumentException.class, () -> new Playlist(" ", List.of()));
    }
}
