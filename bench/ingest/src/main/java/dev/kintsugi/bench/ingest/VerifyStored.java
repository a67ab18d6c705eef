package dev.kintsugi.bench.ingest;

import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * After a kill -9: opens the server's database directly and checks that every acknowledged
 * event id is stored. Usage: {@code VerifyStored JDBC_URL PROJECT ACKED_FILE}. Exit 1 if any is
 * missing.
 */
public final class VerifyStored {
  private VerifyStored() {}

  public static void main(String[] args) throws Exception {
    List<String> acked = Files.readAllLines(Path.of(args[2]));
    try (Database db = Database.open(args[0])) {
      Set<String> stored =
          new HashSet<>(
              new Store(db, Clock.systemUTC(), new SecureRandom()).eventIds(Long.parseLong(args[1])));
      long lost = acked.stream().filter(id -> !stored.contains(id)).count();
      System.out.printf(
          "acknowledged=%d stored=%d acknowledged_lost=%d%n", acked.size(), stored.size(), lost);
      System.exit(lost == 0 ? 0 : 1);
    }
  }
}
