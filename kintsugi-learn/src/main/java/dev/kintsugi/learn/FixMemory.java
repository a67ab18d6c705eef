package dev.kintsugi.learn;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.core.learn.FixExample;
import dev.kintsugi.core.learn.FixExamples;
import dev.kintsugi.core.learn.Learner;
import dev.kintsugi.core.learn.TrackRecord;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.signal.SecretScrubber;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.learn.pattern.EditPattern;
import dev.kintsugi.learn.pattern.PatternExtractor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The learn stage: remembers fixes ({@link #learn}) in a JSON-lines file ({@code fixes.jsonl} under
 * a directory, by default {@code ~/.kintsugi/memory/}) so that a recurring failure gets its fix
 * back first ({@link #recall}, replayed by {@link MemoryRepairer}), similar failures give the model
 * examples ({@link #similar}), and templates that worked before get higher priors ({@link
 * #templatePriorMultipliers()}).
 *
 * <p>Each fix is one line, appended with a single write under a file lock (a line torn by a crash
 * is skipped on reading, and the next append starts on a fresh line). Unreadable lines are skipped
 * and counted. Failure messages are scrubbed of secrets before they are stored. Thread-safe.
 *
 * <p>Stability: experimental.
 */
public final class FixMemory implements Learner, FixExamples {

  public static final String FILE_NAME = "fixes.jsonl";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final int MAX_MESSAGE = 300;

  private final EmbeddingSimilarity embeddings = new EmbeddingSimilarity();
  private final Path file;
  private final Clock clock;
  private final List<RememberedFix> fixes = new ArrayList<>();
  private int skippedLines;

  private FixMemory(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  /**
   * Opens (creating the directory if needed) the memory stored under {@code directory}.
   *
   * @throws UncheckedIOException when the directory cannot be created or the file read
   */
  public static FixMemory open(Path directory) {
    return open(directory, Clock.systemUTC());
  }

  public static FixMemory open(Path directory, Clock clock) {
    Objects.requireNonNull(directory, "directory");
    try {
      Files.createDirectories(directory);
      FixMemory memory = new FixMemory(directory.resolve(FILE_NAME), clock);
      memory.load();
      return memory;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open fix memory under " + directory, e);
    }
  }

  /** {@code ~/.kintsugi/memory}. */
  public static Path defaultDirectory() {
    return Path.of(System.getProperty("user.home"), ".kintsugi", "memory");
  }

  private void load() throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        RememberedFix fix = JSON.readValue(line, RememberedFix.class);
        if (fix.fingerprint().isEmpty() || fix.diff().isEmpty()) {
          skippedLines++;
        } else {
          fixes.add(fix);
        }
      } catch (IOException | RuntimeException e) {
        skippedLines++;
      }
    }
  }

  /**
   * Remembers a fix for these failing tests (its diff is computed from the candidate's file
   * changes), on disk and in this instance.
   *
   * @throws UncheckedIOException when the file cannot be appended to
   */
  @Override
  public void learn(List<TestOutcome> failing, Candidate fix, String outcome) {
    Objects.requireNonNull(failing, "failing");
    Objects.requireNonNull(fix, "fix");
    Objects.requireNonNull(outcome, "outcome");
    if (failing.isEmpty()) {
      throw new IllegalArgumentException("no failing tests: a fix is learned for a failure");
    }
    if (outcome.isBlank()) {
      throw new IllegalArgumentException("outcome is blank");
    }
    Fingerprint fp = Fingerprint.of(failing);
    String message =
        failing.stream()
            .sorted(Comparator.comparing(o -> o.id().toString()))
            .map(TestOutcome::message)
            .filter(m -> !m.isBlank())
            .findFirst()
            .map(m -> m.lines().findFirst().orElse(""))
            .map(m -> SecretScrubber.standard().scrub(m))
            .map(m -> m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) : m)
            .orElse("");
    RememberedFix remembered =
        new RememberedFix(
            fp.id(),
            fp.exceptionType(),
            fp.frames(),
            fp.tests(),
            message,
            fix.changes().stream().map(FileChange::file).toList(),
            MemoryDiff.of(fix.changes()),
            fix.repairer(),
            fix.description(),
            outcome,
            clock.instant().toString(),
            patternOf(fix));
    remember(remembered);
  }

  /**
   * The edits abstracted from successful fixes, most often learned first (then most recent), each
   * with how often and where it was learned.
   */
  public synchronized List<LearnedPattern> patterns() {
    Map<EditPattern, List<RememberedFix>> byPattern = new java.util.LinkedHashMap<>();
    for (int i = fixes.size() - 1; i >= 0; i--) {
      RememberedFix fix = fixes.get(i);
      if (fix.succeeded() && fix.pattern() != null) {
        byPattern.computeIfAbsent(fix.pattern(), p -> new ArrayList<>()).add(fix);
      }
    }
    List<LearnedPattern> out = new ArrayList<>();
    byPattern.forEach(
        (pattern, from) ->
            out.add(
                new LearnedPattern(
                    pattern,
                    from.size(),
                    (from.get(0).tests().isEmpty() ? "?" : from.get(0).tests().get(0))
                        + " ("
                        + from.get(0).recordedAt()
                        + ")")));
    out.sort(Comparator.comparingInt(LearnedPattern::count).reversed());
    return out;
  }

  /**
   * The fix's edit pattern; none when it has none or the parser fails on it (never costs the fix).
   */
  private static EditPattern patternOf(Candidate fix) {
    try {
      return PatternExtractor.extract(fix.changes()).orElse(null);
    } catch (RuntimeException | StackOverflowError e) {
      return null;
    }
  }

  /** Appends a fix to the file and to this instance. */
  synchronized void remember(RememberedFix fix) {
    Objects.requireNonNull(fix, "fix");
    byte[] line;
    try {
      line = (JSON.writeValueAsString(fix) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode fix", e);
    }
    // A file lock excludes other processes, not other instances in this JVM (the JVM refuses a
    // second lock on the file: OverlappingFileLockException); heals that run at once each open
    // their own memory, so they take the file's monitor first.
    synchronized (WRITERS.computeIfAbsent(file.toAbsolutePath().normalize(), f -> new Object())) {
      append(line);
    }
    fixes.add(fix);
  }

  /** One monitor per memory file in this JVM. */
  private static final java.util.concurrent.ConcurrentMap<Path, Object> WRITERS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private void append(byte[] line) {
    try (FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      FileLock lock = channel.lock();
      long size = channel.size();
      ByteBuffer out;
      if (size > 0 && !endsWithNewline(channel, size)) {
        out = ByteBuffer.allocate(line.length + 1).put((byte) '\n').put(line).flip();
      } else {
        out = ByteBuffer.wrap(line);
      }
      // At the end, under an exclusive lock: appends from other processes cannot interleave.
      long position = size;
      while (out.hasRemaining()) {
        position += channel.write(out, position);
      }
      channel.force(true);
      lock.release();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to fix memory " + file, e);
    }
  }

  private static boolean endsWithNewline(FileChannel channel, long size) throws IOException {
    ByteBuffer last = ByteBuffer.allocate(1);
    channel.read(last, size - 1);
    return last.get(0) == '\n';
  }

  /**
   * The most recent successful fix remembered for exactly this failure, unless it was found wrong
   * later ({@link #recordOutcome}).
   */
  public synchronized Optional<RememberedFix> recall(Fingerprint fingerprint) {
    String id = fingerprint.id();
    java.util.Set<String> withdrawn = withdrawn();
    for (int i = fixes.size() - 1; i >= 0; i--) {
      RememberedFix fix = fixes.get(i);
      if (fix.fingerprint().equals(id) && fix.succeeded() && !withdrawn.contains(key(fix))) {
        return Optional.of(fix);
      }
    }
    return Optional.empty();
  }

  /**
   * Records again, with a new outcome ({@code regressed}, {@code reverted}, {@code rejected}), the
   * most recent fix remembered with exactly these changes (the same diff), so that {@link
   * #trackRecord} counts it failed and {@link #recall} no longer offers it. A fix whose latest
   * record already says it failed is not recorded twice.
   *
   * @param changes the fix's file changes, as it was delivered (e.g. read back from its commit)
   * @return the fix as recorded now; empty when no fix with this diff is remembered
   * @throws IllegalArgumentException when {@code outcome} is blank or says the fix worked
   * @throws UncheckedIOException when the file cannot be appended to
   */
  public synchronized Optional<RememberedFix> recordOutcome(
      List<FileChange> changes, String outcome) {
    Objects.requireNonNull(changes, "changes");
    Objects.requireNonNull(outcome, "outcome");
    if (outcome.isBlank()
        || outcome.equals(Learner.VALIDATED)
        || outcome.equals(Learner.DELIVERED)) {
      throw new IllegalArgumentException(
          "the outcome of a fix found wrong must say how (e.g. regressed), was '" + outcome + "'");
    }
    String diff = MemoryDiff.of(changes);
    for (int i = fixes.size() - 1; i >= 0; i--) {
      RememberedFix fix = fixes.get(i);
      if (!fix.diff().equals(diff)) {
        continue;
      }
      if (!fix.succeeded()) {
        return Optional.of(fix); // already recorded as failed
      }
      RememberedFix failed =
          new RememberedFix(
              fix.fingerprint(),
              fix.exceptionType(),
              fix.frames(),
              fix.tests(),
              fix.message(),
              fix.files(),
              fix.diff(),
              fix.editPattern(),
              fix.description(),
              outcome,
              clock.instant().toString(),
              fix.pattern());
      remember(failed);
      return Optional.of(failed);
    }
    return Optional.empty();
  }

  /** Fixes (by failure, repairer and diff) whose latest record says they failed. */
  private java.util.Set<String> withdrawn() {
    Map<String, Boolean> latest = new HashMap<>();
    for (RememberedFix fix : fixes) {
      latest.put(key(fix), fix.succeeded());
    }
    java.util.Set<String> out = new java.util.HashSet<>();
    latest.forEach(
        (key, succeeded) -> {
          if (!succeeded) {
            out.add(key);
          }
        });
    return out;
  }

  /** One fix across its records: the failure, who made it, and its diff. */
  private static String key(RememberedFix fix) {
    return fix.fingerprint() + "\n" + fix.editPattern() + "\n" + fix.diff();
  }

  /**
   * Up to {@code limit} successful fixes of other failures most similar to these failing tests
   * (their fingerprint and first message), most similar first, each at least somewhat similar.
   * Similarity averages the MiniLM sentence embedding's cosine (meaning: "NPE" ~ "null") with
   * TF-IDF over identifier words (exact names: classes, methods, tests); without an ONNX runtime,
   * TF-IDF alone.
   */
  @Override
  public List<FixExample> similar(List<TestOutcome> failing, int limit) {
    Objects.requireNonNull(failing, "failing");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
    String message = failing.stream().map(TestOutcome::message).findFirst().orElse("");
    return similar(Fingerprint.of(failing), message, limit).stream()
        .map(RememberedFix::example)
        .toList();
  }

  synchronized List<RememberedFix> similar(Fingerprint fingerprint, String message, int limit) {
    String id = fingerprint.id();
    java.util.Set<String> withdrawn = withdrawn();
    List<RememberedFix> pool =
        fixes.stream()
            .filter(
                f -> f.succeeded() && !f.fingerprint().equals(id) && !withdrawn.contains(key(f)))
            .toList();
    if (pool.isEmpty() || limit <= 0) {
      return List.of();
    }
    TokenSimilarity similarity =
        new TokenSimilarity(pool.stream().map(RememberedFix::text).toList());
    String query = fingerprint.text() + " " + (message == null ? "" : message);
    record Scored(RememberedFix fix, double score) {}
    List<Scored> scored = new ArrayList<>();
    Map<String, Boolean> seen = new HashMap<>();
    for (int i = pool.size() - 1; i >= 0; i--) {
      RememberedFix fix = pool.get(i);
      if (seen.putIfAbsent(fix.fingerprint() + "\n" + fix.diff(), true) != null) {
        continue;
      }
      double tokens = similarity.similarity(query, i);
      double meaning = embeddings.similarity(query, fix.text());
      double s = Double.isNaN(meaning) ? tokens : (tokens + Math.max(0, meaning)) / 2;
      if (s >= 0.15) {
        scored.add(new Scored(fix, s));
      }
    }
    return scored.stream()
        .sorted(Comparator.comparingDouble(Scored::score).reversed())
        .limit(limit)
        .map(Scored::fix)
        .toList();
  }

  /**
   * Prior multipliers for templates, from how often each made a successful fix: {@code 1 + 0.5 ×
   * ln(1 + n)}, at most 3; keys are template names without the {@code template:} prefix (a
   * combination {@code template:a+b} counts for both), ready for {@code new
   * TemplateRepairer(multipliers)}.
   */
  public synchronized Map<String, Double> templatePriorMultipliers() {
    Map<String, Integer> counts = new TreeMap<>();
    for (RememberedFix fix : fixes) {
      if (fix.succeeded() && fix.editPattern().startsWith("template:")) {
        for (String name : fix.editPattern().substring("template:".length()).split("\\+")) {
          if (!name.isBlank()) {
            counts.merge(name, 1, Integer::sum);
          }
        }
      }
    }
    Map<String, Double> out = new TreeMap<>();
    counts.forEach((name, n) -> out.put(name, Math.min(3.0, 1.0 + 0.5 * Math.log1p(n))));
    return out;
  }

  /**
   * Delivered fixes of a repairer family kept, and those recorded as failed later ({@code
   * regressed}, {@code reverted}, {@code rejected}); validated-only fixes count for neither. A fix
   * found wrong is recorded again with its new outcome, so it leaves the kept ones.
   */
  @Override
  public synchronized TrackRecord trackRecord(String repairerFamily) {
    int delivered = 0;
    int failed = 0;
    for (RememberedFix fix : fixes) {
      String pattern = fix.editPattern();
      int colon = pattern.indexOf(':');
      String family = colon < 0 ? pattern : pattern.substring(0, colon);
      if (!family.equals(repairerFamily) || fix.outcome().equals(Learner.VALIDATED)) {
        continue;
      }
      if (fix.succeeded()) {
        delivered++;
      } else {
        failed++;
      }
    }
    return new TrackRecord(Math.max(0, delivered - failed), failed);
  }

  /** Per edit pattern ({@code template:...}, {@code llm:...}, {@code memory}), successful fixes. */
  public synchronized Map<String, Integer> successCounts() {
    Map<String, Integer> counts = new TreeMap<>();
    fixes.stream()
        .filter(RememberedFix::succeeded)
        .forEach(f -> counts.merge(f.editPattern(), 1, Integer::sum));
    return counts;
  }

  public synchronized List<RememberedFix> all() {
    return List.copyOf(fixes);
  }

  /** Lines of the file that could not be read (torn or corrupt) and were skipped. */
  public synchronized int skippedLines() {
    return skippedLines;
  }

  public Path file() {
    return file;
  }
}
