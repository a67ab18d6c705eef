package dev.kintsugi.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database's files are private and it has a generated password beside it. */
class DatabaseFilesTest {

  @TempDir Path tmp;

  private String url(Path base) {
    return "jdbc:h2:file:" + base.toAbsolutePath();
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void aNewDatabaseIsPrivateAndHasAGeneratedPassword() throws Exception {
    assumeTrue(PrivateFiles.posix());
    Path base = tmp.resolve("data/sub/kintsugi");
    try (Database db = Database.open(url(base))) {
      assertThat(db.writable()).isTrue();
    }

    Path password = tmp.resolve("data/sub/kintsugi.password");
    String stored = Files.readString(password).strip();
    assertThat(stored).matches("[A-Za-z0-9_-]{43}");
    assertThat(mode(tmp.resolve("data"))).isEqualTo("rwx------");
    assertThat(mode(tmp.resolve("data/sub"))).isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(tmp.resolve("data/sub"))) {
      assertThat(files.toList())
          .contains(password, tmp.resolve("data/sub/kintsugi.mv.db"))
          .allSatisfy(f -> assertThat(mode(f)).isEqualTo("rw-------"));
    }
    // The password is required: the empty default no longer opens it.
    assertThatThrownBy(() -> DriverManager.getConnection(url(base), "", "").close())
        .isInstanceOf(SQLException.class);
    DriverManager.getConnection(url(base), "", stored).close();
  }

  @Test
  void laterOpensUseTheStoredPassword() throws Exception {
    Path base = tmp.resolve("kintsugi");
    try (Database db = Database.open(url(base))) {
      db.writable();
    }
    String first = Files.readString(tmp.resolve("kintsugi.password"));
    try (Database db = Database.open(url(base))) {
      assertThat(db.writable()).isTrue();
    }
    assertThat(Files.readString(tmp.resolve("kintsugi.password"))).isEqualTo(first);
  }

  @Test
  void aDatabaseCreatedWithoutAPasswordGetsOne() throws Exception {
    Path base = tmp.resolve("old");
    try (Connection c = DriverManager.getConnection(url(base), "", "");
        Statement s = c.createStatement()) {
      // Its own schema: Flyway migrates PUBLIC, which must be empty or Kintsugi's.
      s.execute("CREATE SCHEMA older");
      s.execute("CREATE TABLE older.kept (v INT)");
      s.execute("INSERT INTO older.kept VALUES (7)");
    }

    try (Database db = Database.open(url(base))) {
      assertThat(db.writable()).isTrue();
    }

    String stored = Files.readString(tmp.resolve("old.password")).strip();
    assertThatThrownBy(() -> DriverManager.getConnection(url(base), "", "").close())
        .isInstanceOf(SQLException.class);
    try (Connection c = DriverManager.getConnection(url(base), "", stored);
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT v FROM older.kept")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(7);
    }
  }

  @Test
  void aPasswordFileWrittenButNotYetSetIsSetOnTheNextOpen() throws Exception {
    // A crash between writing the file and changing the password of an old database.
    Path base = tmp.resolve("half");
    DriverManager.getConnection(url(base), "", "").close();
    Files.writeString(tmp.resolve("half.password"), "stored-before-the-crash\n");

    try (Database db = Database.open(url(base))) {
      assertThat(db.writable()).isTrue();
    }
    DriverManager.getConnection(url(base), "", "stored-before-the-crash").close();
  }

  @Test
  void aWrongStoredPasswordIsAClearError() throws Exception {
    Path base = tmp.resolve("k");
    DriverManager.getConnection(url(base), "", "the-real-one").close();
    Files.writeString(tmp.resolve("k.password"), "another\n");

    assertThatThrownBy(() -> Database.open(url(base)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("refuses the password in " + tmp.resolve("k.password"));
  }

  @Test
  void anExistingChosenDirectoryKeepsItsModeButTheFilesArePrivate() throws Exception {
    assumeTrue(PrivateFiles.posix());
    Path shared = Files.createDirectories(tmp.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(shared.resolve("unrelated.txt"), "x");
    Files.setPosixFilePermissions(
        shared.resolve("unrelated.txt"), PosixFilePermissions.fromString("rw-r--r--"));

    try (Database db = Database.open(url(shared.resolve("kintsugi")))) {
      db.writable();
    }

    assertThat(mode(shared)).isEqualTo("rwxr-xr-x");
    assertThat(mode(shared.resolve("kintsugi.mv.db"))).isEqualTo("rw-------");
    assertThat(mode(shared.resolve("kintsugi.password"))).isEqualTo("rw-------");
    assertThat(mode(shared.resolve("unrelated.txt"))).isEqualTo("rw-r--r--");
  }

  @Test
  void inMemoryDatabasesHaveNoPasswordFile() throws Exception {
    try (Database db = Database.open("jdbc:h2:mem:files-test;DB_CLOSE_DELAY=-1")) {
      assertThat(db.writable()).isTrue();
    }
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.toList()).isEmpty();
    }
  }
}
