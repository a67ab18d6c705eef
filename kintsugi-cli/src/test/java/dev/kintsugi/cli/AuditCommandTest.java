package dev.kintsugi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.audit.JsonLinesAuditLog;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kintsugi audit verify|export}, run in process on a real H2 database and real files. */
class AuditCommandTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;
  private String url;
  private long project;

  @BeforeEach
  void trail() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    url = "jdbc:h2:file:" + dir.resolve("data/kintsugi").toAbsolutePath();
    try (Database db = Database.open(url)) {
      project =
          new Store(db, Clock.systemUTC(), new SecureRandom())
              .createProject("shop", Optional.empty(), List.of("com.acme"))
              .id(); // seq 1
      AuditStore audit = new AuditStore(db, Clock.systemUTC());
      for (int i = 0; i < 3; i++) { // seq 2-4
        audit.append(project, 7L, 9L, AuditRecord.system("candidate.refused", "gate", "compiles"));
      }
      audit.append(null, null, null, AuditRecord.system("server.started")); // seq 5
    }
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private void sql(String statement) throws Exception {
    try (Database db = Database.open(url);
        Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(statement);
    }
  }

  @Test
  void anIntactTrailExitsZero() {
    assertThat(KintsugiCommand.execute("audit", "verify", "--db", url)).isEqualTo(0);
    assertThat(out()).contains("audit trail intact: 5 entries");
    assertThat(KintsugiCommand.execute("audit", "verify", "--db", url, "--project", "" + project))
        .isEqualTo(0);
    assertThat(out()).contains("intact: 4 entries").contains("(project " + project + ")");
  }

  @Test
  void anEntryEditedWithPlainSqlExitsOneNamingItsSeq() throws Exception {
    sql("UPDATE audit_entry SET detail = '{\"gate\":\"tests-pass\"}' WHERE seq = 3");

    assertThat(KintsugiCommand.execute("audit", "verify", "--db", url)).isEqualTo(1);
    assertThat(out())
        .contains("audit trail TAMPERED")
        .contains("entry seq 3: edited")
        .contains("(2 entries intact before it)");
  }

  @Test
  void aDeletedMiddleEntryExitsOneNamingTheEntryAfterIt() throws Exception {
    sql("DELETE FROM audit_entry WHERE seq = 3");

    assertThat(KintsugiCommand.execute("audit", "verify", "--db", url)).isEqualTo(1);
    assertThat(out()).contains("entry seq 4: it links to").contains("deleted");
  }

  @Test
  void anExportedProjectVerifiesAsAFileAndAnEditOfItIsFound() throws Exception {
    Path file = dir.resolve("shop.jsonl");
    assertThat(
            KintsugiCommand.execute(
                "audit",
                "export",
                "--db",
                url,
                "--project",
                "" + project,
                "--out",
                file.toString()))
        .isEqualTo(0);
    assertThat(err()).contains("exported 4 audit entries");
    assertThat(Files.readAllLines(file)).hasSize(4).allSatisfy(l -> assertThat(l).startsWith("{"));
    assertThat(KintsugiCommand.execute("audit", "verify", "--file", file.toString())).isEqualTo(0);

    Files.writeString(
        file, Files.readString(file).replace("\"actor\":\"admin\"", "\"actor\":\"eve\""));
    assertThat(KintsugiCommand.execute("audit", "verify", "--file", file.toString())).isEqualTo(1);
    assertThat(out()).contains("entry seq 1: edited");
  }

  @Test
  void aCommandLineHealsTrailVerifies() {
    Path file = dir.resolve("audit.jsonl");
    JsonLinesAuditLog log = new JsonLinesAuditLog(file);
    log.append(AuditRecord.system("heal.started"));
    log.append(AuditRecord.system("heal.finished", "status", "fixed"));

    assertThat(KintsugiCommand.execute("audit", "verify", "--file", file.toString())).isEqualTo(0);
    assertThat(out()).contains("intact: 2 entries");
  }

  @Test
  void badInputExitsTwoSayingWhat() {
    assertThat(KintsugiCommand.execute("audit", "verify", "--file", dir.resolve("no").toString()))
        .isEqualTo(2);
    assertThat(err()).contains("no such file");
    assertThat(KintsugiCommand.execute("audit", "verify", "--db", "jdbc:mysql://x/y")).isEqualTo(2);
    assertThat(err()).contains("--db must be jdbc:postgresql");
    String missing = "jdbc:h2:file:" + dir.resolve("nothing/here").toAbsolutePath();
    assertThat(KintsugiCommand.execute("audit", "verify", "--db", missing)).isEqualTo(2);
    assertThat(err()).contains("no database at");
    assertThat(Files.exists(dir.resolve("nothing"))).as("no database created").isFalse();
    assertThat(KintsugiCommand.execute("audit", "verify", "--db", url, "--project", "99"))
        .isEqualTo(2);
    assertThat(err()).contains("no project 99");
    assertThat(KintsugiCommand.execute("audit", "verify", "--db", url, "--file", "x")).isEqualTo(2);
    assertThat(KintsugiCommand.execute("audit")).isEqualTo(2);
    assertThat(err()).contains("missing command: audit verify or audit export");
  }
}
