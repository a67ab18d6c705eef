package dev.kintsugi.agent.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.agent.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
  @TempDir Path dir;
  final MutableClock clock = new MutableClock(1_700_000_000_000L);

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  List<String> contents(Spool spool) {
    List<String> out = new ArrayList<>();
    for (Path p : spool.files()) {
      out.add(new String(spool.read(p), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void filesComeBackOldestFirstAndLeaveNoTemporaryFiles() throws Exception {
    Spool spool = new Spool(dir.resolve("s"), 10, 1 << 20, clock);
    spool.write(bytes("one"));
    clock.advance(1);
    spool.write(bytes("two"));
    spool.write(bytes("three"));
    assertThat(contents(spool)).containsExactly("one", "two", "three");
    try (Stream<Path> all = Files.list(dir.resolve("s"))) {
      assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp"));
    }
    spool.delete(spool.files().get(0));
    assertThat(contents(spool)).containsExactly("two", "three");
  }

  @Test
  void boundedInFilesDroppingTheOldest() {
    Spool spool = new Spool(dir, 3, 1 << 20, clock);
    for (int i = 0; i < 5; i++) {
      clock.advance(1);
      assertThat(spool.write(bytes("e" + i))).isTrue();
    }
    assertThat(contents(spool)).containsExactly("e2", "e3", "e4");
    assertThat(spool.dropped()).isEqualTo(2);
  }

  @Test
  void boundedInBytesDroppingTheOldestAndRefusingWhatCanNeverFit() {
    Spool spool = new Spool(dir, 100, 1000, clock);
    for (int i = 0; i < 4; i++) {
      clock.advance(1);
      spool.write(bytes(i + "x".repeat(399)));
    }
    assertThat(contents(spool)).hasSize(2).allMatch(s -> s.startsWith("2") || s.startsWith("3"));
    assertThat(spool.write(new byte[1001])).isFalse();
    assertThat(spool.files()).hasSize(2);
  }

  @Test
  void onlyOneSpoolReplaysADirectoryAtATime() {
    Spool a = new Spool(dir, 10, 1 << 20, clock);
    Spool b = new Spool(dir, 10, 1 << 20, clock);
    assertThat(a.acquireReplayLock()).isTrue();
    assertThat(a.acquireReplayLock()).isTrue();
    assertThat(b.acquireReplayLock()).isFalse();
    a.close();
    assertThat(b.acquireReplayLock()).isTrue();
    b.close();
  }

  @Test
  void aVanishedFileReadsAsNull() {
    Spool spool = new Spool(dir, 10, 1 << 20, clock);
    assertThat(spool.read(dir.resolve("gone.envelope"))).isNull();
    assertThat(spool.files()).isEmpty();
  }
}
