package dev.kintsugi.corpus.deps;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.Test;

public class DependencyDiffTest {

    private final DependencyDiff differ = new DependencyDiff();

    @Test
    public void identicalLockFilesHaveNoDifferences() {
        Map<String, String> lock = Map.of("guava", "33.0", "slf4j-api", "2.0.12");
        assertTrue(differ.diff(lock, lock).isEmpty());
    }

    @Test
    public void reportsAddedArtifacts() {
        DependencyDiff.Report report = differ.diff(Map.of("guava", "33.0"),
                Map.of("guava", "33.0", "jackson-core", "2.17.0", "asm", "9.7"));
        assertEquals(List.of("asm 9.7", "jackson-core 2.17.0"), report.added);
    }

    @Test
    public void reportsChangedVersions() {
        DependencyDiff.Report report = differ.diff(Map.of("guava", "32.1"), Map.of("guava", "33.0"));
        assertEquals(List.of("guava 32.1 -> 33.0"), report.changed);
    }

    @Test
    public void reportsRemovedArtifacts() {
        DependencyDiff.Report report = differ.diff(Map.of("guava", "33.0", "commons-lang3", "3.14.0"),
                Map.of("guava", "33.0"));
        assertEquals(List.of("commons-lang3 3.14.0"), report.removed);
    }

    @Test
    public void rendersAllSections() {
        DependencyDiff.Report report = differ.diff(
                Map.of("guava", "32.1", "log4j", "1.2.17"),
                Map.of("guava", "33.0", "slf4j-api", "2.0.12"));
        assertEquals("+ slf4j-api 2.0.12\n- log4j 1.2.17\n~ guava 32.1 -> 33.0\n", report.render());
    }

    @Test
    public void emptyBeforeMeansEverythingIsAdded() {
        DependencyDiff.Report report = differ.diff(Map.of(), Map.of("asm", "9.7"));
        assertEquals(List.of("asm 9.7"), report.added);
        assertTrue(report.removed.isEmpty());
    }
}
