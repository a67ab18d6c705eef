package dev.kintsugi.heal.deliver;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * How many fixes a repository received lately: its {@code kintsugi/fix-*} branches whose commit was
 * made in the window. The repository is the ledger, so the count holds across processes and for
 * heals run from the command line, without a server.
 */
public final class RecentFixes {

  private RecentFixes() {}

  /** Fix branches of {@code repository} committed after {@code now - window}. */
  public static int count(Path repository, Instant now, Duration window) throws IOException {
    long since = now.minus(window).getEpochSecond();
    try (Repository repo =
            new FileRepositoryBuilder()
                .setWorkTree(repository.toFile())
                .setMustExist(true)
                .build();
        RevWalk walk = new RevWalk(repo)) {
      int count = 0;
      for (Ref ref :
          repo.getRefDatabase().getRefsByPrefix("refs/heads/" + BranchDelivery.BRANCH_PREFIX)) {
        if (ref.getObjectId() == null) {
          continue;
        }
        RevCommit commit = walk.parseCommit(ref.getObjectId());
        if (commit.getCommitTime() >= since) {
          count++;
        }
      }
      return count;
    }
  }
}
