package dev.kintsugi.agent.internal.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the commit checked out where the service runs, for the default {@code release}: reads
 * {@code .git/HEAD}, then the loose ref or {@code packed-refs}, from a directory upward. Plain file
 * reads, no {@code git} process: spawning one from inside a host's premain is slow and may not be
 * allowed. Linked worktrees ({@code .git} file with {@code gitdir:}, {@code commondir}) work too.
 */
public final class ReleaseDetector {
  private static final int MAX_SYMREF_DEPTH = 5;

  private ReleaseDetector() {}

  /** The commit id of the repository containing {@code dir}, if any can be read. */
  public static Optional<String> gitCommit(Path dir) {
    try {
      for (Path d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
        Path dotGit = d.resolve(".git");
        if (Files.isDirectory(dotGit)) {
          return headOf(dotGit);
        }
        if (Files.isRegularFile(dotGit)) {
          String line = firstLine(dotGit);
          if (line != null && line.startsWith("gitdir:")) {
            return headOf(d.resolve(line.substring("gitdir:".length()).trim()).normalize());
          }
          return Optional.empty();
        }
      }
    } catch (IOException | RuntimeException e) {
      // No release rather than no agent.
    }
    return Optional.empty();
  }

  private static Optional<String> headOf(Path gitDir) throws IOException {
    Path common = gitDir;
    Path commonFile = gitDir.resolve("commondir");
    if (Files.isRegularFile(commonFile)) {
      String c = firstLine(commonFile);
      if (c != null && !c.isEmpty()) {
        common = gitDir.resolve(c).normalize();
      }
    }
    String head = firstLine(gitDir.resolve("HEAD"));
    for (int depth = 0; head != null && depth < MAX_SYMREF_DEPTH; depth++) {
      if (isObjectId(head)) {
        return Optional.of(head.toLowerCase(Locale.ROOT));
      }
      if (!head.startsWith("ref:")) {
        return Optional.empty();
      }
      head = resolveRef(gitDir, common, head.substring(4).trim());
    }
    return Optional.empty();
  }

  /** The content of a ref: a loose file (worktree first, then common dir), else packed-refs. */
  private static String resolveRef(Path gitDir, Path common, String ref) throws IOException {
    if (ref.contains("..")) {
      return null;
    }
    for (Path base : new Path[] {gitDir, common}) {
      Path loose = base.resolve(ref);
      if (Files.isRegularFile(loose)) {
        return firstLine(loose);
      }
    }
    Path packed = common.resolve("packed-refs");
    if (Files.isRegularFile(packed)) {
      List<String> lines = Files.readAllLines(packed, StandardCharsets.UTF_8);
      for (String line : lines) {
        if (line.startsWith("#") || line.startsWith("^")) {
          continue;
        }
        int space = line.indexOf(' ');
        if (space > 0 && line.substring(space + 1).trim().equals(ref)) {
          return line.substring(0, space);
        }
      }
    }
    return null;
  }

  private static String firstLine(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return lines.isEmpty() ? null : lines.get(0).trim();
  }

  /** A SHA-1 (40) or SHA-256 (64) object id in hex. */
  static boolean isObjectId(String s) {
    if (s.length() != 40 && s.length() != 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
