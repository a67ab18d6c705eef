package dev.kintsugi.cli;

import dev.kintsugi.core.audit.AuditEntry;
import dev.kintsugi.core.audit.AuditJson;
import dev.kintsugi.core.audit.AuditVerification;
import dev.kintsugi.core.audit.JsonLinesAuditReader;
import dev.kintsugi.heal.ExitCode;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.Store;
import dev.kintsugi.server.store.StoreException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kintsugi audit verify|export}: checks the audit trail's hash chains (the server's database
 * or a JSON-lines file) and exports it as JSON lines. Exit codes: 0 intact, 1 tampered (the first
 * bad entry and why on standard output), 2 bad input (no such file or database, unreadable).
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Verify or export the tamper-evident audit trail.",
    subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class})
final class AuditCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command: audit verify or audit export");
  }

  /** Where the trail is: the server's database, or a JSON-lines file. */
  static final class Source {
    @Option(
        names = "--db",
        paramLabel = "URL",
        description =
            "The server's JDBC URL: jdbc:postgresql://... or jdbc:h2:... (default: the server's"
                + " H2 file under ~/.kintsugi/).")
    String db;

    @Option(
        names = "--file",
        paramLabel = "FILE",
        description =
            "A JSON-lines trail: a command-line heal's (~/.kintsugi/audit.jsonl) or an export.")
    Path file;
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Check every entry's hash and its link to the one before; exit 0 if intact, 1 naming the"
            + " first edited, deleted or moved entry, 2 on bad input."
      })
  static final class Verify implements Callable<Integer> {

    @ArgGroup(exclusive = true)
    Source source = new Source();

    @Option(
        names = "--project",
        paramLabel = "ID",
        description = "Only this project's chain (with --db).")
    Long project;

    @Override
    public Integer call() {
      PrintStream out = System.out;
      if (source.file != null) {
        if (project != null) {
          return bad("--project needs --db: a file is verified whole");
        }
        try {
          return report(out, source.file.toString(), JsonLinesAuditReader.verify(source.file));
        } catch (NoSuchFileException e) {
          return bad("no such file: " + source.file);
        } catch (IOException e) {
          return bad("cannot read " + source.file + ": " + e.getMessage());
        }
      }
      return withDatabase(
          source.db,
          project,
          (db, projectId) ->
              report(
                  out,
                  db.describe() + projectId.map(p -> " (project " + p + ")").orElse(""),
                  new AuditStore(db, Clock.systemUTC()).verify(projectId)));
    }

    private static String entries(long n) {
      return n + (n == 1 ? " entry" : " entries");
    }

    private static int report(PrintStream out, String where, AuditVerification v) {
      if (v.ok()) {
        out.println("audit trail intact: " + entries(v.entries()) + " in " + where);
        return ExitCode.SUCCESS;
      }
      var bad = v.firstBad().orElseThrow();
      out.println(
          "audit trail TAMPERED in "
              + where
              + ": "
              + (bad.seq() > 0 ? "entry seq " + bad.seq() + ": " : "")
              + bad.why()
              + " ("
              + entries(v.entries())
              + " intact before it)");
      return ExitCode.NOT_FIXED;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = {
        "Write the server's audit trail (or one project's chain, which verifies on its own) as"
            + " JSON lines, one entry a line, hashes included."
      })
  static final class Export implements Callable<Integer> {

    @Option(
        names = "--db",
        paramLabel = "URL",
        description = "The server's JDBC URL (default: the server's H2 file under ~/.kintsugi/).")
    String db;

    @Option(names = "--project", paramLabel = "ID", description = "Only this project's chain.")
    Long project;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Write here (created private, 0600) instead of standard output.")
    Path out;

    @Override
    public Integer call() {
      return withDatabase(
          db,
          project,
          (database, projectId) -> {
            Iterable<AuditEntry> entries =
                new AuditStore(database, Clock.systemUTC()).entries(projectId);
            try {
              if (out == null) {
                Writer w =
                    new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
                long n = write(entries, w);
                w.flush();
                System.err.println("kintsugi: exported " + n + " audit entries");
              } else {
                Path tmp =
                    Files.createTempFile(
                        out.toAbsolutePath().getParent(),
                        ".audit-export",
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                long n;
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                  n = write(entries, w);
                } catch (IOException | RuntimeException e) {
                  Files.deleteIfExists(tmp);
                  throw e;
                }
                Files.move(
                    tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                System.err.println("kintsugi: exported " + n + " audit entries to " + out);
              }
              return ExitCode.SUCCESS;
            } catch (IOException e) {
              return bad("cannot write the export: " + e.getMessage());
            }
          });
    }

    private static long write(Iterable<AuditEntry> entries, Writer w) throws IOException {
      long n = 0;
      for (AuditEntry e : entries) {
        w.write(AuditJson.line(e));
        w.write('\n');
        n++;
      }
      return n;
    }
  }

  interface DatabaseWork {
    int run(Database db, Optional<Long> project);
  }

  /**
   * Opens the server's database as {@code kintsugi server} does (an existing one only: a tool must
   * not create an empty database and call it intact), checks the project, runs {@code work}.
   */
  static int withDatabase(String url, Long project, DatabaseWork work) {
    String jdbcUrl =
        url != null ? url : Database.defaultUrl(Path.of(System.getProperty("user.home")));
    if (!jdbcUrl.startsWith("jdbc:postgresql:") && !jdbcUrl.startsWith("jdbc:h2:")) {
      return bad("--db must be jdbc:postgresql://... or jdbc:h2:..., was " + jdbcUrl);
    }
    Optional<Path> file = Database.embeddedFile(jdbcUrl);
    if (file.isPresent() && !Files.exists(file.get())) {
      return bad("no database at " + file.get());
    }
    if (project != null && project < 1) {
      return bad("--project must be a project id (1 or more), was " + project);
    }
    Database db;
    try {
      db = Database.open(jdbcUrl);
    } catch (StoreException | IllegalArgumentException e) {
      return bad(
          e.getMessage()
              + (file.isPresent()
                  ? " (a running server keeps its H2 file open: ask it instead, GET"
                      + " /api/v1/audit/verify)"
                  : ""));
    }
    try (db) {
      if (project != null
          && new Store(db, Clock.systemUTC(), new SecureRandom()).project(project).isEmpty()) {
        return bad("no project " + project + " in " + db.describe());
      }
      return work.run(db, Optional.ofNullable(project));
    } catch (StoreException e) {
      return bad(e.getMessage());
    }
  }

  private static int bad(String message) {
    System.err.println("kintsugi: " + message);
    return ExitCode.BAD_INPUT;
  }
}
