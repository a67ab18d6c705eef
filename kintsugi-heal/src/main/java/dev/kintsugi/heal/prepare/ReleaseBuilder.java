package dev.kintsugi.heal.prepare;

import dev.kintsugi.core.signal.TestRunResult;
import dev.kintsugi.heal.FileTrees;
import dev.kintsugi.sandbox.BuildFailedException;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.UnsupportedProjectException;
import dev.kintsugi.sandbox.confine.Sandbox;
import dev.kintsugi.sandbox.confine.SandboxUnavailableException;
import dev.kintsugi.sandbox.maven.MavenProject;
import dev.kintsugi.sandbox.testrun.CoverageRun;
import dev.kintsugi.sandbox.testrun.TestExecutor;
import dev.kintsugi.sandbox.workspace.InvalidRepositoryException;
import dev.kintsugi.sandbox.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Prepares one commit: exports it, runs the project's own build ({@code mvn test}, which also
 * writes the test classpath), resolves the layout and runs every test once in the worker with
 * coverage — all in the sandbox, which may write only the directory being built. The result is
 * written next to the tree and the directory is renamed into place last, so a preparation is either
 * complete on disk or absent.
 */
final class ReleaseBuilder {

  private final ReleaseCodec codec;

  ReleaseBuilder(ReleaseCodec codec) {
    this.codec = codec;
  }

  PreparedRelease build(
      Path repo, String commit, Path target, Releases.Settings settings, Consumer<String> progress)
      throws PreparationException, IOException {
    Files.createDirectories(target.getParent());
    Path building =
        Files.createTempDirectory(
            target.getParent(), commit.substring(0, Math.min(12, commit.length())) + ".building-");
    try {
      List<String> warnings = new ArrayList<>();
      Sandbox sandbox = Sandbox.open(settings.sandbox().withWritable(building));
      warnings.addAll(sandbox.warnings());
      Workspace exported = Workspace.export(repo, commit, building);
      for (String submodule : exported.skippedSubmodules()) {
        warnings.add("submodule " + submodule + " was not exported");
      }
      Path tree = building.resolve(Releases.TREE);
      Files.move(exported.root(), tree);
      if (!MavenProject.isMavenProject(tree)) {
        throw new PreparationException("no Maven build (no pom.xml at the root)");
      }
      progress.accept("building " + shortSha(commit) + " and running its tests once");
      MavenProject maven = new MavenProject(tree, sandbox);
      TestRunResult build = maven.runTests(settings.testCommand(), settings.timeout());
      if (build.timedOut()) {
        throw new PreparationException(
            "its tests did not finish within " + settings.timeout().toSeconds() + "s");
      }
      ProjectLayout layout = maven.resolveLayout(settings.timeout());
      CoverageRun coverage;
      try (TestExecutor executor = new TestExecutor(building, 1, sandbox)) {
        coverage = executor.runAllWithCoverage(layout, settings.timeout());
      }
      PreparedRelease release =
          new PreparedRelease(commit, tree, layout, build, coverage, warnings);
      Files.write(building.resolve(Releases.FILE), codec.write(release));
      try {
        Files.move(building, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (!Files.isRegularFile(target.resolve(Releases.FILE))) {
          throw e;
        }
        // Another process prepared the same commit meanwhile: use its copy.
        FileTrees.delete(building);
      }
      return codec.read(
          Files.readAllBytes(target.resolve(Releases.FILE)), target.resolve(Releases.TREE));
    } catch (BuildFailedException
        | UnsupportedProjectException
        | SandboxUnavailableException
        | InvalidRepositoryException e) {
      throw new PreparationException(e.getMessage(), e);
    } catch (IllegalStateException e) {
      throw new PreparationException("its tests cannot run in the worker: " + e.getMessage(), e);
    } finally {
      if (Files.exists(building)) {
        FileTrees.delete(building);
      }
    }
  }

  static String shortSha(String sha) {
    return sha.substring(0, Math.min(8, sha.length()));
  }
}
