package dev.kintsugi.server.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The password of an embedded H2 file database, generated when the database is created and kept
 * beside it in {@code <name>.password} (0600): the files are private already, and the password
 * keeps a database copied elsewhere, or opened through another H2 process, from being read with the
 * empty default. A database created before passwords (empty) gets one on its next open.
 *
 * @param dir the database's directory
 * @param name the database's name: its files are {@code <name>.mv.db}, {@code <name>.trace.db}
 */
record H2Password(Path dir, String name) {

  /** H2's error code for a wrong user name or password. */
  private static final int WRONG_PASSWORD = 28000;

  /** A storage prefix other than {@code file:} ({@code mem:}, {@code tcp:}, {@code zip:} ...). */
  private static final Pattern OTHER_KIND = Pattern.compile("^[a-z][a-z0-9]+:.*");

  private static final Pattern EXPLICIT_CREDENTIALS =
      Pattern.compile("(?i);\\s*(user|password)\\s*=");

  /**
   * Where an embedded file database of {@code jdbcUrl} is; empty for in-memory and remote
   * databases, PostgreSQL, and URLs that name their own user or password (the operator's).
   */
  static Optional<H2Password> of(String jdbcUrl, Path home) {
    if (!jdbcUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")
        || EXPLICIT_CREDENTIALS.matcher(jdbcUrl).find()) {
      return Optional.empty();
    }
    String spec = jdbcUrl.substring("jdbc:h2:".length());
    int options = spec.indexOf(';');
    if (options >= 0) {
      spec = spec.substring(0, options);
    }
    String kind = spec.toLowerCase(Locale.ROOT);
    if (kind.startsWith("file:")) {
      spec = spec.substring("file:".length());
    } else if (OTHER_KIND.matcher(kind).matches()) {
      return Optional.empty();
    }
    Path file =
        spec.startsWith("~")
            ? home.resolve(spec.substring(1).replaceFirst("^[/\\\\]", ""))
            : Path.of(spec);
    file = file.toAbsolutePath().normalize();
    if (file.getFileName() == null) {
      return Optional.empty();
    }
    return Optional.of(new H2Password(file.getParent(), file.getFileName().toString()));
  }

  Path passwordFile() {
    return dir.resolve(name + ".password");
  }

  Path dataFile() {
    return dir.resolve(name + ".mv.db");
  }

  /**
   * The password to connect with: the stored one, or a new one stored before any database gets it
   * (a crash never leaves a database whose password is lost). An existing database that still has
   * the empty password is given this one.
   *
   * @throws SQLException when the database refuses both the stored and the empty password
   */
  String prepare(String jdbcUrl, SecureRandom random) throws IOException, SQLException {
    Path file = passwordFile();
    String password;
    if (Files.exists(file)) {
      password = Files.readString(file, StandardCharsets.UTF_8).strip();
    } else {
      byte[] bytes = new byte[32];
      random.nextBytes(bytes);
      password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      PrivateFiles.writeSecret(file, password + "\n");
    }
    if (Files.exists(dataFile())) {
      upgradeIfEmpty(jdbcUrl, password);
    }
    return password;
  }

  private void upgradeIfEmpty(String jdbcUrl, String password) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "", password)) {
      return; // already has it
    } catch (SQLException e) {
      if (e.getErrorCode() != WRONG_PASSWORD) {
        throw e;
      }
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl, "", "");
        Statement s = c.createStatement()) {
      // base64url: nothing to escape in the literal
      s.execute("SET PASSWORD '" + password + "'");
    } catch (SQLException e) {
      throw new SQLException(
          "the database refuses the password in " + passwordFile() + " (and the empty one)",
          e.getSQLState(),
          e.getErrorCode(),
          e);
    }
  }
}
