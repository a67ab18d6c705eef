package dev.kintsugi.heal.production;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Chooses the commit a production heal builds. An event's {@code release} is untrusted: whoever
 * holds the DSN key can name any commit, an old one whose build script does harm included. So the
 * release is used only when it is a commit reachable from one of the project's trusted branches or
 * tags (by default the repository's default branch); otherwise the default branch's head is healed
 * and the report says why. An unknown or untrusted release is never checked out.
 */
final class TrustedRevision {

  private static final Pattern COMMIT_LIKE = Pattern.compile("[0-9a-fA-F]{7,40}");

  /** The commit to heal, and what to tell the reader about the choice (empty when nothing). */
  record Choice(String revision, Optional<String> note) {}

  private TrustedRevision() {}

  static Choice choose(
      Repositories.Resolved repo, Optional<String> release, List<String> trustedRefs) {
    String fallback = repo.defaultRevision();
    if (release.isEmpty() || release.get().isBlank()) {
      return new Choice(fallback, Optional.of("the event has no release; healed " + fallback));
    }
    String r = release.get().strip();
    // Release names are free text; only a hex id or a trusted tag's exact name is looked up, so
    // revision syntax (r^, r~3, r@{...}, :path) in an event never reaches the resolver.
    try (Git git = Git.open(repo.workTree().toFile());
        RevWalk walk = new RevWalk(git.getRepository())) {
      Repository repository = git.getRepository();
      List<Ref> tips = trustedTips(repository, repo, trustedRefs);
      String shown = describe(trustedRefs);
      Optional<ObjectId> commit = releaseCommit(repository, r, tips);
      if (commit.isEmpty()) {
        return new Choice(
            fallback,
            Optional.of(
                "the event's release '"
                    + printable(r)
                    + "' is not a commit of the repository; healed "
                    + fallback
                    + " instead"));
      }
      RevCommit target = walk.parseCommit(commit.get());
      for (Ref tip : tips) {
        ObjectId tipId =
            tip.getPeeledObjectId() != null ? tip.getPeeledObjectId() : tip.getObjectId();
        if (tipId == null) {
          continue;
        }
        RevCommit tipCommit;
        try {
          tipCommit = walk.parseCommit(tipId);
        } catch (IOException notACommit) {
          continue; // a tag of a tree or blob
        }
        if (walk.isMergedInto(target, tipCommit)) {
          return new Choice(target.name(), Optional.empty());
        }
        walk.reset();
      }
      return new Choice(
          fallback,
          Optional.of(
              "the event's release "
                  + target.name()
                  + " is not reachable from the trusted "
                  + shown
                  + "; healed "
                  + fallback
                  + " instead (the release was neither checked out nor built)"));
    } catch (IOException | RuntimeException e) {
      return new Choice(
          fallback,
          Optional.of(
              "the event's release could not be checked against the trusted refs ("
                  + e.getMessage()
                  + "); healed "
                  + fallback
                  + " instead"));
    }
  }

  /**
   * Whether the release an event names contains one of {@code commits}: the release is a commit id
   * (or a trusted tag's exact name) reachable from a trusted branch or tag, as for {@link #choose},
   * and one of the commits is it or an ancestor of it. An unknown, untrusted or unreadable release
   * contains nothing: a regression is declared on evidence only. Only hex ids and trusted tag names
   * are looked up; nothing is fetched.
   */
  static boolean contains(
      Repositories.Resolved repo, String release, List<String> commits, List<String> trustedRefs)
      throws IOException {
    if (release == null || release.isBlank()) {
      return false;
    }
    try (Git git = Git.open(repo.workTree().toFile());
        RevWalk walk = new RevWalk(git.getRepository())) {
      Repository repository = git.getRepository();
      List<Ref> tips = trustedTips(repository, repo, trustedRefs);
      Optional<ObjectId> releaseId = releaseCommit(repository, release.strip(), tips);
      if (releaseId.isEmpty()) {
        return false;
      }
      RevCommit target = walk.parseCommit(releaseId.get());
      if (!reachable(walk, target, tips)) {
        return false;
      }
      for (String commit : commits) {
        if (commit == null || !COMMIT_LIKE.matcher(commit).matches()) {
          continue;
        }
        ObjectId id = repository.resolve(commit + "^{commit}");
        if (id == null) {
          continue; // not in this clone (yet): not evidence
        }
        walk.reset();
        if (walk.isMergedInto(walk.parseCommit(id), target)) {
          return true;
        }
      }
      return false;
    } catch (org.eclipse.jgit.errors.MissingObjectException
        | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
      return false;
    }
  }

  private static boolean reachable(RevWalk walk, RevCommit target, List<Ref> tips)
      throws IOException {
    for (Ref tip : tips) {
      ObjectId tipId =
          tip.getPeeledObjectId() != null ? tip.getPeeledObjectId() : tip.getObjectId();
      if (tipId == null) {
        continue;
      }
      RevCommit tipCommit;
      try {
        walk.reset();
        tipCommit = walk.parseCommit(tipId);
      } catch (IOException notACommit) {
        continue; // a tag of a tree or blob
      }
      walk.reset();
      if (walk.isMergedInto(target, tipCommit)) {
        return true;
      }
    }
    return false;
  }

  private static Optional<ObjectId> releaseCommit(Repository repository, String r, List<Ref> tips)
      throws IOException {
    if (COMMIT_LIKE.matcher(r).matches()) {
      ObjectId id = repository.resolve(r + "^{commit}");
      if (id != null) {
        return Optional.of(id);
      }
    }
    for (Ref tip : tips) {
      if (tip.getName().equals(Constants.R_TAGS + r)) {
        ObjectId id = repository.resolve(tip.getName() + "^{commit}");
        return Optional.ofNullable(id);
      }
    }
    return Optional.empty();
  }

  /** The refs whose history is trusted: those the patterns name, or the default branch. */
  private static List<Ref> trustedTips(
      Repository repository, Repositories.Resolved repo, List<String> patterns) throws IOException {
    List<Ref> tips = new ArrayList<>();
    if (patterns.isEmpty()) {
      Ref head = repository.exactRef(repo.defaultRevision());
      if (head == null) {
        head = repository.findRef(repo.defaultRevision());
      }
      if (head != null) {
        tips.add(head);
      }
      return tips;
    }
    String branches =
        repo.remote().isPresent() ? Constants.R_REMOTES + "origin/" : Constants.R_HEADS;
    for (Ref ref : repository.getRefDatabase().getRefsByPrefix(branches)) {
      if (matchesAny(ref.getName().substring(branches.length()), patterns)) {
        tips.add(ref);
      }
    }
    for (Ref ref : repository.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
      if (matchesAny(ref.getName().substring(Constants.R_TAGS.length()), patterns)) {
        tips.add(repository.getRefDatabase().peel(ref));
      }
    }
    return tips;
  }

  static boolean matchesAny(String name, List<String> patterns) {
    for (String p : patterns) {
      if (p.endsWith("*") ? name.startsWith(p.substring(0, p.length() - 1)) : name.equals(p)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(List<String> patterns) {
    return patterns.isEmpty()
        ? "default branch"
        : "branches and tags (" + String.join(", ", patterns) + ")";
  }

  /** An untrusted release, cut short and reduced to printable ASCII for the report. */
  private static String printable(String r) {
    String s = r.length() > 80 ? r.substring(0, 80) + "…" : r;
    return s.replaceAll("[^\\x20-\\x7E…]", "?");
  }
}
