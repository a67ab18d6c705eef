package dev.kintsugi.heal.prepare;

import dev.kintsugi.heal.FileTrees;
import dev.kintsugi.sandbox.confine.SandboxPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Prepared releases, one per repository and commit: the commit is built and its tests run once (see
 * {@link ReleaseBuilder}), and every heal of that commit starts from the result instead of its own
 * Maven runs. Kept on disk under {@code dir/<repository key>/<commit>/} ({@code release.json} and
 * {@code tree/}), so a restarted server reuses them while the commit is unchanged; a commit is
 * immutable, so a preparation never goes stale. Heals that ask for the same commit at once share
 * one build.
 *
 * <p>Thread-safe. Stable API: the constructor, {@link #get}, {@link #prepare}, {@link #builds}.
 */
public final class Releases {

  static final String FILE = "release.json";
  static final String TREE = "tree";

  /** Prepared commits kept per repository. */
  static final int KEEP = 5;

  /**
   * How a commit is built: confined by {@code sandbox}, tested with {@code testCommand} (default
   * {@code mvn test}), every run killed at {@code timeout}.
   */
  public record Settings(SandboxPolicy sandbox, Optional<String> testCommand, Duration timeout) {
    public Settings {
      Objects.requireNonNull(sandbox, "sandbox");
      Objects.requireNonNull(testCommand, "testCommand");
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  private final Path dir;
  private final ReleaseCodec codec = new ReleaseCodec();
  private final ReleaseBuilder builder = new ReleaseBuilder(codec);
  private final Map<String, CompletableFuture<PreparedRelease>> releases =
      new ConcurrentHashMap<>();
  private final AtomicInteger builds = new AtomicInteger();
  private final ConfirmBatches confirmBatches = ConfirmBatches.forThisMachine();

  /** Keeps prepared releases under {@code dir} (created when the first one is built). */
  public Releases(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  /**
   * The prepared release of {@code commit} (a full commit id) of the repository at {@code repo}:
   * from memory, from disk, or built now. Callers asking for a commit being built wait for that
   * build.
   *
   * @throws PreparationException when the commit cannot be prepared (it does not compile, a test
   *     hangs, no sandbox): the caller heals without a preparation, and learns why from its own run
   */
  public PreparedRelease get(Path repo, String commit, Settings settings, Consumer<String> progress)
      throws PreparationException {
    Path target = dir.resolve(repositoryKey(repo)).resolve(commit);
    String key = target.toString();
    CompletableFuture<PreparedRelease> mine = new CompletableFuture<>();
    CompletableFuture<PreparedRelease> existing = releases.putIfAbsent(key, mine);
    if (existing != null) {
      if (!existing.isDone()) {
        progress.accept("waiting for the preparation of " + ReleaseBuilder.shortSha(commit));
      }
      return join(existing);
    }
    try {
      mine.complete(load(repo, commit, target, settings, progress));
    } catch (PreparationException e) {
      // Kept: a commit that does not build never will, and every later heal of it would otherwise
      // pay for the attempt before healing the long way.
      mine.completeExceptionally(e);
    } catch (IOException | RuntimeException e) {
      releases.remove(key, mine); // perhaps passing (a full disk): a later heal tries again
      mine.completeExceptionally(e);
    }
    return join(mine);
  }

  /**
   * The prepared release of the commit {@code revision} (a commit id, branch or tag) names, as
   * {@link #get}: for preparing a release ahead of its first incident.
   *
   * @throws IOException when the repository has no such commit
   */
  public PreparedRelease prepare(
      Path repo, String revision, Settings settings, Consumer<String> progress)
      throws PreparationException, IOException {
    return get(repo, resolve(repo, revision), settings, progress);
  }

  /** Where heals of these releases confirm their fixes in shared builds. */
  public ConfirmBatches confirmBatches() {
    return confirmBatches;
  }

  /** How many preparations this instance built (not read from disk or memory). */
  public int builds() {
    return builds.get();
  }

  private PreparedRelease load(
      Path repo, String commit, Path target, Settings settings, Consumer<String> progress)
      throws PreparationException, IOException {
    Path file = target.resolve(FILE);
    if (Files.isRegularFile(file)) {
      try {
        PreparedRelease release = codec.read(Files.readAllBytes(file), target.resolve(TREE));
        progress.accept("reusing the preparation of " + ReleaseBuilder.shortSha(commit));
        return release;
      } catch (IOException e) {
        progress.accept("preparing " + ReleaseBuilder.shortSha(commit) + " again: " + e);
        FileTrees.delete(target);
      }
    }
    builds.incrementAndGet();
    PreparedRelease built = builder.build(repo, commit, target, settings, progress);
    prune(target.getParent(), target);
    return built;
  }

  /**
   * Keeps the {@link #KEEP} most recently prepared commits of a repository: a release older than
   * that rarely has new incidents, and a tree with its build output can take hundreds of megabytes.
   * A pruned release is prepared again if it is needed.
   */
  private void prune(Path repositoryDir, Path keep) {
    try (var dirs = Files.list(repositoryDir)) {
      List<Path> prepared =
          dirs.filter(d -> Files.isRegularFile(d.resolve(FILE)))
              .sorted(
                  Comparator.comparing((Path d) -> d.resolve(FILE).toFile().lastModified())
                      .reversed())
              .toList();
      for (Path old : prepared.subList(Math.min(KEEP, prepared.size()), prepared.size())) {
        if (!old.equals(keep)) {
          releases.remove(old.toString());
          FileTrees.delete(old);
        }
      }
      // What a process stopped while building left behind.
      long hourAgo = System.currentTimeMillis() - 3_600_000L;
      try (var left = Files.list(repositoryDir)) {
        for (Path dir : left.toList()) {
          if (dir.getFileName().toString().contains(".building-")
              && dir.toFile().lastModified() < hourAgo) {
            FileTrees.delete(dir);
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // Only disk space is at stake; the next preparation tries again.
    }
  }

  private static PreparedRelease join(CompletableFuture<PreparedRelease> future)
      throws PreparationException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PreparationException("interrupted while waiting for a preparation", e);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof PreparationException p) {
        throw p;
      }
      throw new PreparationException(String.valueOf(cause), cause);
    }
  }

  /** The commit a revision names; only hex ids and plain names are looked up. */
  static String resolve(Path repo, String revision) throws IOException {
    try (Repository repository =
        new FileRepositoryBuilder().setWorkTree(repo.toFile()).setMustExist(true).build()) {
      ObjectId id = repository.resolve(revision + "^{commit}");
      if (id == null) {
        throw new IOException(repo + " has no commit " + revision);
      }
      return id.name();
    }
  }

  /** A short, stable directory name for a repository: its real path, hashed. */
  static String repositoryKey(Path repo) {
    Path real;
    try {
      real = repo.toRealPath();
    } catch (IOException e) {
      real = repo.toAbsolutePath().normalize();
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(real.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
