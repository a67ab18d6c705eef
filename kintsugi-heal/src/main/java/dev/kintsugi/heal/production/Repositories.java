package dev.kintsugi.heal.production;

import dev.kintsugi.core.incident.DeliveryRequest;
import dev.kintsugi.forge.ForgeException;
import dev.kintsugi.heal.deliver.ForgeToken;
import dev.kintsugi.heal.deliver.PullRequestDelivery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Where a project's repository is on disk: a local working tree as registered, or, for a git URL,
 * Kintsugi's own clone under {@code mirrors/} (fetched before each heal). Fix branches are created
 * in that clone and pushed to the URL.
 */
final class Repositories {

  /** scp-like {@code user@host:path} or any {@code scheme://} URL. */
  private static final Pattern URL =
      Pattern.compile("^(?:[a-z][a-z0-9+.-]*://|[^/\\s]+@[^/\\s]+:).+");

  /**
   * A repository ready to heal.
   *
   * @param workTree the working tree whose object database heals read and deliver to
   * @param remote the URL fix branches are pushed to, for mirrored repositories
   * @param defaultRevision what to heal when the event's release is not a commit
   */
  record Resolved(Path workTree, Optional<String> remote, String defaultRevision) {}

  private final Path mirrors;

  Repositories(Path mirrors) {
    this.mirrors = mirrors;
  }

  /**
   * Resolves a project's registered repository.
   *
   * @throws IOException naming what is wrong: neither a directory nor a git URL, or a clone/fetch
   *     that failed
   */
  Resolved resolve(String repository) throws IOException {
    String r = repository.strip();
    if (URL.matcher(r).matches()) {
      return mirror(r);
    }
    Path local = Path.of(r);
    if (!Files.isDirectory(local)) {
      throw new IOException(
          "the project's repository '" + r + "' is neither a directory nor a git URL");
    }
    return new Resolved(local.toAbsolutePath().normalize(), Optional.empty(), Constants.HEAD);
  }

  private Resolved mirror(String url) throws IOException {
    Path dir = mirrors.resolve(hash(url));
    // Concurrent heals of one repository must not clone or fetch into the same clone at once.
    synchronized (LOCKS.computeIfAbsent(dir, d -> new Object())) {
      return mirrorLocked(url, dir);
    }
  }

  private static final java.util.concurrent.ConcurrentMap<Path, Object> LOCKS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Resolved mirrorLocked(String url, Path dir) throws IOException {
    try {
      if (!Files.isDirectory(dir.resolve(Constants.DOT_GIT))) {
        Files.createDirectories(mirrors);
        Path tmp = Files.createTempDirectory(mirrors, "clone-");
        try (Git git = Git.cloneRepository().setURI(url).setDirectory(tmp.toFile()).call()) {
          // cloned: moved into place below, so a half-finished clone is never used
        } catch (GitAPIException | RuntimeException e) {
          deleteTree(tmp); // a failed clone leaves nothing behind
          throw e;
        }
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      }
      try (Git git = Git.open(dir.toFile())) {
        git.fetch()
            .setRemote("origin")
            // Tags too: a project may trust its release tags (TrustedRevision).
            .setRefSpecs(
                new RefSpec("+refs/heads/*:refs/remotes/origin/*"),
                new RefSpec("+refs/tags/*:refs/tags/*"))
            .call();
        Repository repo = git.getRepository();
        String branch = repo.getBranch();
        String remoteHead = Constants.R_REMOTES + "origin/" + branch;
        ObjectId head = repo.resolve(remoteHead);
        return new Resolved(dir, Optional.of(url), head == null ? Constants.HEAD : remoteHead);
      }
    } catch (GitAPIException | RuntimeException e) {
      throw new IOException("cannot clone or fetch " + url + ": " + e.getMessage(), e);
    }
  }

  /**
   * The repository's default branch: the branch a mirror's clone follows, or the branch a local
   * working tree has checked out.
   *
   * @throws IOException when a local working tree's {@code HEAD} is detached (no branch to name)
   */
  static String defaultBranch(Resolved repo) throws IOException {
    String remotes = Constants.R_REMOTES + "origin/";
    if (repo.defaultRevision().startsWith(remotes)) {
      return repo.defaultRevision().substring(remotes.length());
    }
    try (Git git = Git.open(repo.workTree().toFile())) {
      String full = git.getRepository().getFullBranch();
      if (full != null && full.startsWith(Constants.R_HEADS)) {
        return full.substring(Constants.R_HEADS.length());
      }
    }
    throw new IOException(
        "the repository's HEAD is detached, so it has no default branch: set the project's base"
            + " branch");
  }

  /**
   * The branch fixes delivered as {@code asked} go into: its base, else the repository's default
   * branch.
   *
   * @throws IOException as {@link #defaultBranch}
   */
  static String baseBranch(Resolved repo, DeliveryRequest asked) throws IOException {
    return asked.base().isPresent() ? asked.base().get() : defaultBranch(repo);
  }

  /**
   * Where a pull request against {@code base} goes, on the forge {@code asked} names (else the one
   * {@code origin}'s URL says).
   *
   * @throws ForgeException naming what is missing (a token, the forge)
   */
  static PullRequestDelivery.Route route(
      Resolved repo, DeliveryRequest asked, String base, ForgeToken token) throws ForgeException {
    return PullRequestDelivery.route(
        repo.workTree(),
        Constants.HEAD,
        asked.forge(),
        asked.forgeUrl(),
        asked.forgeRepo(),
        Optional.of(base),
        token);
  }

  /**
   * The commit at the head of {@code branch}: for a mirror, as fetched from its URL (the clone's
   * own branches are Kintsugi's); empty when there is no such branch.
   */
  static Optional<ObjectId> branchHead(Resolved repo, String branch) throws IOException {
    String ref =
        (repo.remote().isPresent() ? Constants.R_REMOTES + "origin/" : Constants.R_HEADS) + branch;
    if (!Repository.isValidRefName(ref)) {
      return Optional.empty();
    }
    try (Git git = Git.open(repo.workTree().toFile())) {
      return Optional.ofNullable(git.getRepository().resolve(ref + "^{commit}"));
    }
  }

  /** Pushes a fix branch to the mirrored repository's URL; returns what happened, in one line. */
  static String push(Resolved repo, String branch) {
    if (repo.remote().isEmpty()) {
      return "";
    }
    String ref = Constants.R_HEADS + branch;
    try (Git git = Git.open(repo.workTree().toFile())) {
      for (PushResult result :
          git.push().setRemote("origin").setRefSpecs(new RefSpec(ref + ":" + ref)).call()) {
        RemoteRefUpdate update = result.getRemoteUpdate(ref);
        if (update != null && update.getStatus() != RemoteRefUpdate.Status.OK) {
          return notPushed(repo, branch, "was refused: " + update.getStatus());
        }
      }
      return "pushed branch " + branch + " to " + repo.remote().get();
    } catch (IOException | GitAPIException | RuntimeException e) {
      return notPushed(repo, branch, "failed: " + e.getMessage());
    }
  }

  private static String notPushed(Resolved repo, String branch, String what) {
    return "branch "
        + branch
        + " is in Kintsugi's clone "
        + repo.workTree()
        + "; pushing it to "
        + repo.remote().get()
        + " "
        + what;
  }

  private static void deleteTree(Path root) {
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // best effort: the next clone uses a fresh temp directory anyway
                }
              });
    } catch (IOException e) {
      // as above
    }
  }

  private static String hash(String url) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
