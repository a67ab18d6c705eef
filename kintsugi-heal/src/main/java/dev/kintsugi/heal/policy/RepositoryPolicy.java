package dev.kintsugi.heal.policy;

import dev.kintsugi.core.policy.Policy;
import dev.kintsugi.core.policy.PolicyException;
import dev.kintsugi.core.policy.PolicyFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The policy of one heal: a file the user gave, else the one committed in the healed commit (read
 * from the heal's export of that commit, so a production event can never choose it and uncommitted
 * edits do not count), else {@link Policy#NONE}.
 */
public final class RepositoryPolicy {

  private RepositoryPolicy() {}

  /**
   * @param given a policy file that replaces the repository's
   * @param root the heal's export of the healed commit
   * @param commit the healed commit, named in the policy's source
   * @throws PolicyException naming the file and the field when a policy cannot be used
   */
  public static Policy load(Optional<Path> given, Path root, String commit) throws PolicyException {
    if (given.isPresent()) {
      return PolicyFile.read(given.get());
    }
    for (String location : PolicyFile.LOCATIONS) {
      Path file = root.resolve(location);
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        // A committed symlink could point anywhere on the heal host: only a plain file counts.
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          throw new PolicyException(location + ": must be a regular file, not a link");
        }
        String text;
        try {
          text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new PolicyException(location + ": cannot be read (" + e.getMessage() + ")");
        }
        return PolicyFile.parse(
            text, location + " at " + commit.substring(0, Math.min(8, commit.length())));
      }
    }
    return Policy.NONE;
  }
}
