package dev.kintsugi.heal.production;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.heal.testing.Git;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which commit a production heal builds, on real git repositories. */
class TrustedRevisionTest {

  @TempDir Path tmp;
  private Git git;
  private Repositories.Resolved repo;
  private String first;
  private String head;

  @BeforeEach
  void repository() throws Exception {
    Path dir = tmp.resolve("repo");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("a.txt"), "1\n");
    git = Git.initWithCommit(dir);
    first = git.run("rev-parse", "HEAD");
    commit(dir, "2");
    head = git.run("rev-parse", "HEAD");
    repo = new Repositories.Resolved(dir, Optional.empty(), Constants.HEAD);
  }

  private String commit(Path dir, String content) throws Exception {
    Files.writeString(dir.resolve("a.txt"), content + "\n");
    git.run("commit", "-q", "-am", content);
    return git.run("rev-parse", "HEAD");
  }

  private String sideCommit(String branch) throws Exception {
    git.run("checkout", "-q", "-b", branch, first);
    String side = commit(repo.workTree(), "side " + branch);
    git.run("checkout", "-q", "main");
    return side;
  }

  @Test
  void aReleaseOnTheDefaultBranchIsHealedAsIs() {
    TrustedRevision.Choice c = TrustedRevision.choose(repo, Optional.of(first), List.of());
    assertThat(c.revision()).isEqualTo(first);
    assertThat(c.note()).isEmpty();
  }

  @Test
  void anAbbreviatedReleaseResolvesToTheFullCommit() {
    TrustedRevision.Choice c =
        TrustedRevision.choose(repo, Optional.of(first.substring(0, 10)), List.of());
    assertThat(c.revision()).isEqualTo(first);
  }

  @Test
  void aCommitOnNoTrustedBranchHealsTheDefaultBranchAndSaysSo() throws Exception {
    String side = sideCommit("feature");
    TrustedRevision.Choice c = TrustedRevision.choose(repo, Optional.of(side), List.of());
    assertThat(c.revision()).isEqualTo(Constants.HEAD);
    assertThat(c.note().orElseThrow())
        .contains(side)
        .contains("not reachable from the trusted default branch")
        .contains("neither checked out nor built");
  }

  @Test
  void configuredBranchPatternsAndTagsAreTrusted() throws Exception {
    String onRelease = sideCommit("release/1.x");
    String onFeature = sideCommit("feature/x");
    git.run("tag", "-a", "-m", "v0", "v0.9", onFeature);
    List<String> trusted = List.of("main", "release/*", "v*");

    assertThat(TrustedRevision.choose(repo, Optional.of(onRelease), trusted).revision())
        .isEqualTo(onRelease);
    assertThat(TrustedRevision.choose(repo, Optional.of(onFeature), trusted).revision())
        .as("reachable from the annotated tag v0.9")
        .isEqualTo(onFeature);
    assertThat(TrustedRevision.choose(repo, Optional.of("v0.9"), trusted).revision())
        .as("a release named like a trusted tag")
        .isEqualTo(onFeature);
    assertThat(TrustedRevision.choose(repo, Optional.of(onFeature), List.of("main")).revision())
        .isEqualTo(Constants.HEAD);
  }

  @Test
  void revisionSyntaxAndUnknownNamesInAReleaseAreNeverResolved() throws Exception {
    sideCommit("feature");
    for (String release : List.of("HEAD~1", "feature", "main^", "deadbeef00", "x".repeat(500))) {
      TrustedRevision.Choice c = TrustedRevision.choose(repo, Optional.of(release), List.of());
      assertThat(c.revision()).as(release).isEqualTo(Constants.HEAD);
      assertThat(c.note().orElseThrow()).contains("is not a commit of the repository");
    }
  }

  @Test
  void noReleaseHealsTheDefaultBranch() {
    TrustedRevision.Choice c = TrustedRevision.choose(repo, Optional.empty(), List.of("main"));
    assertThat(c.revision()).isEqualTo(Constants.HEAD);
    assertThat(c.note().orElseThrow()).contains("no release");
    assertThat(head).isNotEqualTo(first);
  }

  @Test
  void aMirrorTrustsTheRemoteBranchesItFetched() throws Exception {
    String side = sideCommit("release/2.x");
    Path mirror = tmp.resolve("mirror");
    new Git(tmp).run("clone", "-q", repo.workTree().toString(), mirror.toString());
    Repositories.Resolved mirrored =
        new Repositories.Resolved(
            mirror, Optional.of(repo.workTree().toString()), "refs/remotes/origin/main");

    assertThat(TrustedRevision.choose(mirrored, Optional.of(side), List.of()).revision())
        .isEqualTo("refs/remotes/origin/main");
    assertThat(
            TrustedRevision.choose(mirrored, Optional.of(side), List.of("main", "release/*"))
                .revision())
        .isEqualTo(side);
  }
}
