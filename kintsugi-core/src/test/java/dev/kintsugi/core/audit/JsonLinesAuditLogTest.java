package dev.kintsugi.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesAuditLogTest {

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("trail/audit.jsonl");
  }

  private JsonLinesAuditLog appended(int n) {
    JsonLinesAuditLog log = new JsonLinesAuditLog(file());
    for (int i = 1; i <= n; i++) {
      log.append(AuditRecord.system("candidate.refused", "gate", "compiles", "n", "" + i));
    }
    return log;
  }

  private List<String> lines() throws Exception {
    return new ArrayList<>(Files.readAllLines(file()));
  }

  private void rewrite(List<String> lines) throws Exception {
    Files.write(file(), lines);
  }

  @Test
  void appendsFormOneChainInAPrivateFileWithItsHead() throws Exception {
    appended(3);

    List<AuditEntry> entries = new ArrayList<>();
    JsonLinesAuditReader.forEach(file(), entries::add);
    assertThat(entries).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L);
    assertThat(entries.get(0).prevHash()).isEqualTo(AuditChain.GENESIS);
    assertThat(entries.get(2).detail()).containsEntry("n", "3");
    assertThat(entries.get(2).project()).isNull();
    assertThat(JsonLinesAuditReader.verify(file()).ok()).isTrue();
    assertThat(JsonLinesAuditLog.readHead(file()).orElseThrow())
        .isEqualTo(new AuditHead(null, 3, entries.get(2).hash()));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file())))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file().getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void anEditedLineIsNamed() throws Exception {
    appended(3);
    List<String> lines = lines();
    lines.set(1, lines.get(1).replace("\"compiles\"", "\"parses\""));
    rewrite(lines);

    AuditVerification v = JsonLinesAuditReader.verify(file());

    assertThat(v.firstBad().orElseThrow().seq()).isEqualTo(2);
    assertThat(v.firstBad().orElseThrow().why()).startsWith("edited");
  }

  @Test
  void aDeletedMiddleLineAndReorderedLinesAreFound() throws Exception {
    appended(4);
    List<String> original = lines();
    List<String> deleted = new ArrayList<>(original);
    deleted.remove(1);
    rewrite(deleted);
    assertThat(JsonLinesAuditReader.verify(file()).firstBad().orElseThrow().seq()).isEqualTo(3);

    List<String> swapped = new ArrayList<>(original);
    swapped.set(1, original.get(2));
    swapped.set(2, original.get(1));
    rewrite(swapped);
    AuditVerification v = JsonLinesAuditReader.verify(file());
    assertThat(v.firstBad().orElseThrow().seq()).isEqualTo(3);
    assertThat(v.firstBad().orElseThrow().why()).contains("was moved");
  }

  @Test
  void aDeletedLastLineIsFoundThroughTheHeadAndTheTrailRefusesToGoOn() throws Exception {
    JsonLinesAuditLog log = appended(3);
    List<String> lines = lines();
    rewrite(lines.subList(0, 2));

    AuditVerification v = JsonLinesAuditReader.verify(file());
    assertThat(v.firstBad().orElseThrow().seq()).isEqualTo(3);
    assertThat(v.firstBad().orElseThrow().why()).contains("ends at seq 2");
    assertThatThrownBy(() -> log.append(AuditRecord.system("heal.started")))
        .isInstanceOf(AuditException.class)
        .hasMessageContaining("ends at seq 2 before its recorded head, seq 3");
    assertThat(lines()).hasSize(2);
  }

  @Test
  void aLineThatIsNotAnEntryIsNamedByItsNumber() throws Exception {
    appended(2);
    List<String> lines = lines();
    lines.set(1, "{\"seq\": \"two\"}");
    rewrite(lines);

    AuditVerification v = JsonLinesAuditReader.verify(file());

    assertThat(v.entries()).isEqualTo(1);
    assertThat(v.firstBad().orElseThrow().seq()).isZero();
    assertThat(v.firstBad().orElseThrow().why()).startsWith("line 2 is not an audit entry");
  }

  @Test
  void aLastLineCutByACrashIsDroppedAndTheChainGoesOn() throws Exception {
    JsonLinesAuditLog log = appended(2);
    String whole = Files.readString(file());
    // A third append cut short before its line break (never acknowledged).
    Files.writeString(file(), whole + "{\"seq\":3,\"at\":\"2026-", StandardCharsets.UTF_8);

    log.append(AuditRecord.system("heal.finished", "status", "fixed"));

    List<AuditEntry> entries = new ArrayList<>();
    JsonLinesAuditReader.forEach(file(), entries::add);
    assertThat(entries).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L);
    assertThat(entries.get(2).action()).isEqualTo("heal.finished");
    assertThat(JsonLinesAuditReader.verify(file()).ok()).isTrue();
  }

  @Test
  void concurrentAppendsFromThreadsAndLogsKeepOneChain() throws Exception {
    JsonLinesAuditLog a = new JsonLinesAuditLog(file());
    JsonLinesAuditLog b = new JsonLinesAuditLog(file());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        JsonLinesAuditLog log = t % 2 == 0 ? a : b;
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 25; i++) {
                    log.append(
                        AuditRecord.system("candidate.accepted", "thread", thread + "/" + i));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }

    List<AuditEntry> entries = new ArrayList<>();
    JsonLinesAuditReader.forEach(file(), entries::add);
    assertThat(entries).hasSize(100);
    assertThat(entries).extracting(AuditEntry::seq).doesNotHaveDuplicates().isSorted();
    assertThat(entries.get(99).seq()).isEqualTo(100);
    AuditVerification v = JsonLinesAuditReader.verify(file());
    assertThat(v.ok()).as(v.toString()).isTrue();
    assertThat(v.entries()).isEqualTo(100);
  }

  @Test
  void theDefaultFileIsUnderTheUsersKintsugiDirectory() {
    assertThat(JsonLinesAuditLog.defaultFile())
        .isEqualTo(Path.of(System.getProperty("user.home"), ".kintsugi", "audit.jsonl"));
  }
}
