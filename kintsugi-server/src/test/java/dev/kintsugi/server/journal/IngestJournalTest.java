package dev.kintsugi.server.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.server.store.NewEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestJournalTest {
  private static final long MB = 1024 * 1024;

  @TempDir Path dir;
  final List<String> log = Collections.synchronizedList(new ArrayList<>());

  static NewEvent event(int n) {
    return new NewEvent(
        7,
        String.format("%032x", n),
        "fp" + (n % 3),
        "Boom é " + n,
        "com.acme.Svc.run",
        n % 2 == 0 ? Optional.of("1." + n) : Optional.empty(),
        Optional.of("prod"),
        Instant.parse("2026-11-23T10:00:00Z").plusNanos(n * 1_000_001L),
        ("{\"n\":" + n + ",\"text\":\"ünïcode\"}").getBytes(StandardCharsets.UTF_8));
  }

  IngestJournal open(long maxBacklog, long segmentBytes) throws IOException {
    return IngestJournal.open(dir, 1, false, maxBacklog, segmentBytes, log::add);
  }

  static List<JournalReader.Entry> readAll(IngestJournal journal, long after) throws IOException {
    try (JournalReader reader = journal.lanes().get(0).reader(after)) {
      List<JournalReader.Entry> all = new ArrayList<>();
      List<JournalReader.Entry> next;
      while (!(next = reader.next(7, line -> {})).isEmpty()) {
        all.addAll(next);
      }
      return all;
    }
  }

  static void assertSame(NewEvent actual, NewEvent expected) {
    assertThat(actual).usingRecursiveComparison().ignoringFields("payload").isEqualTo(expected);
    assertThat(actual.payload()).isEqualTo(expected.payload());
  }

  @Test
  void recordsAreNumberedInOrderAndReadBackWhole() throws Exception {
    try (IngestJournal journal = open(64 * MB, 64 * MB)) {
      assertThat(journal.lastSeqs()[0]).isZero();
      journal.append(List.of(event(1), event(2)));
      assertThat(journal.lastSeqs()[0]).isEqualTo(2);
      journal.append(List.of(event(3)));
      assertThat(journal.lastSeqs()[0]).isEqualTo(3);
      List<JournalReader.Entry> all = readAll(journal, 0);
      assertThat(all).extracting(JournalReader.Entry::seq).containsExactly(1L, 2L, 3L);
      for (int i = 0; i < 3; i++) {
        assertSame(all.get(i).event(), event(i + 1));
      }
      assertThat(readAll(journal, 2)).extracting(JournalReader.Entry::seq).containsExactly(3L);
    }
  }

  @Test
  void aReopenedJournalKeepsItsIdentityAndNumbering() throws Exception {
    String id;
    try (IngestJournal journal = open(64 * MB, 64 * MB)) {
      id = journal.id();
      journal.append(List.of(event(1), event(2)));
    }
    try (IngestJournal journal = open(64 * MB, 64 * MB)) {
      assertThat(journal.id()).isEqualTo(id);
      assertThat(journal.lastSeqs()[0]).isEqualTo(2);
      journal.append(List.of(event(3)));
      assertThat(journal.lastSeqs()[0]).isEqualTo(3);
      assertThat(readAll(journal, 1)).extracting(JournalReader.Entry::seq).containsExactly(2L, 3L);
    }
    assertThat(log).isEmpty();
  }

  @Test
  void aRecordCutShortByACrashIsDroppedAtOpen() throws Exception {
    try (IngestJournal journal = open(64 * MB, 64 * MB)) {
      journal.append(List.of(event(1), event(2)));
    }
    Path segment = onlySegment();
    byte[] half = java.util.Arrays.copyOf(RecordCodec.encode(event(3)), 40);
    Files.write(segment, half, StandardOpenOption.APPEND);

    try (IngestJournal journal = open(64 * MB, 64 * MB)) {
      assertThat(journal.lastSeqs()[0]).isEqualTo(2);
      assertThat(log).anyMatch(l -> l.contains("cut short") && l.contains("40 bytes"));
      journal.append(List.of(event(4)));
      assertThat(journal.lastSeqs()[0]).isEqualTo(3);
      List<JournalReader.Entry> all = readAll(journal, 0);
      assertThat(all).extracting(JournalReader.Entry::seq).containsExactly(1L, 2L, 3L);
      assertSame(all.get(2).event(), event(4));
    }
  }

  @Test
  void aRecordWhoseBytesChangedIsNotAppliedAndTheDamageIsReported() throws Exception {
    try (IngestJournal journal = open(64 * MB, 64 * MB)) {
      journal.append(List.of(event(1), event(2)));
    }
    Path segment = onlySegment();
    try (FileChannel c = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      c.write(ByteBuffer.wrap(new byte[] {'#'}), Files.size(segment) - 3); // inside record 2
    }
    try (IngestJournal journal = open(64 * MB, 64 * MB)) {
      assertThat(journal.lastSeqs()[0]).isEqualTo(1);
      assertThat(readAll(journal, 0)).extracting(JournalReader.Entry::seq).containsExactly(1L);
    }
    assertThat(log).anyMatch(l -> l.contains(segment.toString()));
  }

  @Test
  void segmentsRollAndAreDeletedOnceApplied() throws Exception {
    try (IngestJournal journal = open(64 * MB, 1024)) {
      for (int i = 1; i <= 40; i++) {
        journal.append(List.of(event(i)));
      }
      assertThat(segments()).hasSizeGreaterThan(5);
      List<JournalReader.Entry> all = readAll(journal, 0);
      assertThat(all).extracting(JournalReader.Entry::seq).hasSize(40).isSorted();
      assertSame(all.get(39).event(), event(40));

      long bytes = all.stream().limit(30).mapToLong(JournalReader.Entry::bytes).sum();
      journal.applied(journal.lanes().get(0), 30, bytes);
      List<Long> firsts =
          segments().stream().map(p -> Segment.firstSeqOf(p).orElseThrow()).toList();
      assertThat(firsts.get(0)).isLessThanOrEqualTo(31L);
      assertThat(firsts).hasSizeLessThan(6);
      assertThat(readAll(journal, 30)).extracting(JournalReader.Entry::seq).hasSize(10);
    }
    try (IngestJournal journal = open(64 * MB, 1024)) {
      assertThat(journal.lastSeqs()[0]).isEqualTo(40);
      assertThat(readAll(journal, 30)).extracting(JournalReader.Entry::seq).startsWith(31L);
      journal.append(List.of(event(41)));
      assertThat(journal.lastSeqs()[0]).isEqualTo(41);
    }
  }

  @Test
  void aFullBacklogRefusesUntilRecordsAreApplied() throws Exception {
    long[] size = new long[5];
    for (int i = 1; i <= 4; i++) {
      size[i] = RecordCodec.encode(event(i)).length;
    }
    long three = size[1] + size[2] + size[3];
    try (IngestJournal journal = open(three, 64 * MB)) {
      journal.append(List.of(event(1), event(2)));
      journal.append(List.of(event(3)));
      assertThat(journal.backlogBytes()).isEqualTo(three);
      assertThatThrownBy(() -> journal.append(List.of(event(4)))).isInstanceOf(Overloaded.class);
      assertThat(journal.lastSeqs()[0]).isEqualTo(3);
      journal.applied(journal.lanes().get(0), 2, size[1] + size[2]);
      journal.append(List.of(event(4)));
      assertThat(journal.lastSeqs()[0]).isEqualTo(4);
      assertThat(journal.backlogBytes()).isEqualTo(size[3] + size[4]);
    }
  }

  @Test
  void oneServerAtATime() throws Exception {
    try (IngestJournal journal = open(64 * MB, 64 * MB)) {
      assertThatThrownBy(() -> open(64 * MB, 64 * MB))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("in use by another Kintsugi server")
          .hasMessageContaining("--journal");
    }
    open(64 * MB, 64 * MB).close(); // released on close
  }

  @Test
  void aFileThatIsNotASegmentIsRefusedByName() throws Exception {
    Files.createDirectories(dir.resolve("lane-0"));
    Files.writeString(dir.resolve("lane-0/00000000000000000001.journal"), "hello");
    assertThatThrownBy(() -> open(64 * MB, 64 * MB))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a Kintsugi ingest journal segment")
        .hasMessageContaining("00000000000000000001.journal");
    Files.delete(dir.resolve("lane-0/00000000000000000001.journal"));
    open(64 * MB, 64 * MB).close(); // the failed open released the lock
  }

  @Test
  void concurrentAppendsWithFsyncGetEveryNumberOnce() throws Exception {
    try (IngestJournal journal = IngestJournal.open(dir, 1, true, 64 * MB, 8192, log::add)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 1; i <= 400; i++) {
        NewEvent e = event(i);
        done.add(
            pool.submit(
                () -> {
                  journal.append(List.of(e));
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
      assertThat(journal.lastSeqs()[0]).isEqualTo(400);
      List<JournalReader.Entry> all = readAll(journal, 0);
      assertThat(all).extracting(JournalReader.Entry::seq).hasSize(400).isSorted();
      assertThat(all.stream().map(e -> e.event().eventId()).distinct()).hasSize(400);
    }
  }

  @Test
  void anAppliedSegmentRollsAndIsDeletedOnceOldAndTheNumberingGoesOn() throws Exception {
    try (IngestJournal journal =
        IngestJournal.open(dir, 1, false, 64 * MB, 64 * MB, Duration.ofSeconds(2), log::add)) {
      journal.append(List.of(event(1), event(2)));
      Path first = onlySegment();
      assertThat(new String(Files.readAllBytes(first), StandardCharsets.UTF_8))
          .as("a segment holds an event's text as is (IngestQuotasTest searches for it)")
          .contains("{\"n\":1,\"text\":\"ünïcode\"}");
      long bytes = readAll(journal, 0).stream().mapToLong(JournalReader.Entry::bytes).sum();
      journal.applied(journal.lanes().get(0), 2, bytes);

      journal.rollApplied(new long[] {2});
      assertThat(onlySegment()).as("too young to roll").isEqualTo(first);
      journal.rollApplied(new long[] {1});
      Thread.sleep(2_100);
      journal.rollApplied(new long[] {1});
      assertThat(onlySegment()).as("not all applied").isEqualTo(first);

      journal.rollApplied(new long[] {2});
      Path fresh = onlySegment();
      assertThat(fresh).isNotEqualTo(first);
      assertThat(Files.size(fresh)).isEqualTo(Segment.MAGIC.length);
      assertThat(Segment.firstSeqOf(fresh)).contains(3L);
      journal.append(List.of(event(3)));
      assertThat(readAll(journal, 2)).extracting(JournalReader.Entry::seq).containsExactly(3L);
    }
    try (IngestJournal journal = open(64 * MB, 64 * MB)) {
      assertThat(journal.lastSeqs()[0]).isEqualTo(3);
    }
  }

  @Test
  void aSegmentOlderThanTheAgeRollsAtTheNextAppend() throws Exception {
    try (IngestJournal journal =
        IngestJournal.open(dir, 1, false, 64 * MB, 64 * MB, Duration.ofMillis(100), log::add)) {
      journal.append(List.of(event(1)));
      Thread.sleep(150);
      journal.append(List.of(event(2)));
      assertThat(segments())
          .extracting(p -> Segment.firstSeqOf(p).orElseThrow())
          .containsExactly(1L, 2L);
    }
  }

  @Test
  void filesAreTheOwnersOnly() throws Exception {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (IngestJournal journal = open(64 * MB, 64 * MB)) {
      journal.append(List.of(event(1)));
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
            .as(p.toString())
            .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
      }
    }
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("lane-0"))) {
      return files.filter(p -> Segment.firstSeqOf(p).isPresent()).sorted().toList();
    }
  }

  private Path onlySegment() throws IOException {
    List<Path> all = segments();
    assertThat(all).hasSize(1);
    return all.get(0);
  }
}
