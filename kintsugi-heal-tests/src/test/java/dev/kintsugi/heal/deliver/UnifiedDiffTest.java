package dev.kintsugi.heal.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.heal.testing.Git;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnifiedDiffTest {

  @Test
  void producesADiffThatGitApplies(@TempDir Path repo) throws Exception {
    String before = "a\nb\nc\nd\ne\nf\ng\n";
    String after = "a\nb\nc\nD\ne\nf\ng\n";
    Files.writeString(repo.resolve("f.txt"), before);
    Git git = Git.initWithCommit(repo);

    String diff = UnifiedDiff.of(List.of(new FileChange("f.txt", before, after)));

    assertThat(diff)
        .startsWith("diff --git a/f.txt b/f.txt\n--- a/f.txt\n+++ b/f.txt\n@@ -1,7 +1,7 @@");
    assertThat(diff).contains("-d\n+D\n");
    Files.writeString(repo.resolve("fix.diff"), diff);
    git.run("apply", "fix.diff");
    assertThat(Files.readString(repo.resolve("f.txt"))).isEqualTo(after);
  }
}
