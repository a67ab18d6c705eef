package dev.kintsugi.forge.git;

import dev.kintsugi.forge.ForgeException;
import dev.kintsugi.forge.Untrusted;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** Opens the repository at a path: a working tree (with {@code .git}) or a bare repository. */
final class GitRepositories {

  private GitRepositories() {}

  static Repository open(Path path) throws ForgeException {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true);
    if (Files.exists(path.resolve(".git"))) {
      builder.setWorkTree(path.toFile());
    } else {
      builder.setGitDir(path.toFile());
    }
    try {
      Repository repository = builder.build();
      if (!repository.getObjectDatabase().exists()) {
        repository.close();
        throw notARepository(path);
      }
      return repository;
    } catch (IOException | IllegalArgumentException e) {
      throw notARepository(path);
    }
  }

  private static ForgeException notARepository(Path path) {
    return new ForgeException("not a git repository: " + Untrusted.location(path.toString()));
  }
}
