package dev.kintsugi.forge.git;

import dev.kintsugi.forge.ForgeException;
import dev.kintsugi.forge.ForgeKind;
import dev.kintsugi.forge.ForgeTarget;
import dev.kintsugi.forge.Untrusted;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefLeaseSpec;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Pushes a fix branch to a remote ({@code origin} by default) and deletes it there again.
 *
 * <p>https remotes (and http ones on this machine) get the token as credentials, only when one is
 * given and only when the remote's host is the forge's own (the API host {@code api.github.com}
 * counts for {@code github.com}): GitHub as {@code x-access-token:<token>}, GitLab as {@code
 * oauth2:<token>}, Gitea as the password. ssh remotes go through the {@code git} executable, so the
 * user's ssh setup applies; local paths and everything else through JGit as configured. Nothing is
 * ever forced: a rejected push is a {@link ForgeException} carrying the remote's own words.
 */
public final class BranchPush {

  /** The remote pushed to unless another is named. */
  public static final String ORIGIN = "origin";

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private BranchPush() {}

  /** Pushes {@code refs/heads/<branch>} of {@code repo} to {@code origin}. */
  public static void push(Path repo, String branch, Optional<String> token, ForgeTarget target)
      throws ForgeException {
    push(repo, ORIGIN, branch, token, target);
  }

  /**
   * Pushes {@code refs/heads/<branch>} to the same name on {@code remote}: a configured remote's
   * name, or a URL or path. A branch already there at the same commit is fine.
   */
  public static void push(
      Path repo, String remote, String branch, Optional<String> token, ForgeTarget target)
      throws ForgeException {
    transfer(repo, remote, branch, false, token, target, Optional.empty());
  }

  /**
   * Deletes {@code branch} from {@code origin}; see {@link #delete(Path, String, String, Optional,
   * ForgeTarget)}.
   */
  public static void delete(Path repo, String branch, Optional<String> token, ForgeTarget target)
      throws ForgeException {
    delete(repo, ORIGIN, branch, token, target);
  }

  /**
   * Deletes {@code branch} from {@code remote} again (after opening the pull request failed), only
   * while it still points at the local branch's commit: a branch someone pushed to since is left
   * alone (a {@link ForgeException}). A branch that is not there is fine.
   */
  public static void delete(
      Path repo, String remote, String branch, Optional<String> token, ForgeTarget target)
      throws ForgeException {
    transfer(repo, remote, branch, true, token, target, Optional.empty());
  }

  /** How a ref travels: JGit, or the {@code git} executable (ssh). */
  enum Transport {
    JGIT,
    GIT_EXECUTABLE;

    static Transport of(String url) {
      return RemoteUrl.isSsh(url) ? GIT_EXECUTABLE : JGIT;
    }
  }

  /** Pushes or deletes one branch; the transport follows the URL unless one is given (tests). */
  static void transfer(
      Path repo,
      String remote,
      String branch,
      boolean delete,
      Optional<String> token,
      ForgeTarget target,
      Optional<Transport> transport)
      throws ForgeException {
    String ref = checkedRef(branch);
    checkRemote(remote);
    try (Repository repository = GitRepositories.open(repo)) {
      ObjectId local = localHead(repository, repo, branch);
      String url = urlOf(repository, remote);
      Update update =
          delete
              ? new Update("deleting", branch, remote, url, ":" + ref, local)
              : new Update("pushing", branch, remote, url, ref + ":" + ref, null);
      if (transport.orElse(Transport.of(url)) == Transport.GIT_EXECUTABLE) {
        withGit(
            repo,
            update,
            delete ? List.of("--force-with-lease=" + ref + ":" + local.name()) : List.of());
      } else {
        withJGit(repository, update, sendableToken(url, token, target), target.kind());
      }
    }
  }

  /** The URL of the repository's {@code origin} remote, as configured. */
  public static String originUrl(Path repo) throws ForgeException {
    try (Repository repository = GitRepositories.open(repo)) {
      String url = repository.getConfig().getString("remote", ORIGIN, "url");
      if (url == null || url.isBlank()) {
        throw new ForgeException(
            "the repository "
                + Untrusted.location(repo.toString())
                + " has no remote '"
                + ORIGIN
                + "': add one (git remote add origin URL) to deliver a pull request, or deliver"
                + " as a branch");
      }
      return url.strip();
    }
  }

  /** One ref update: what is done, to which remote, with which refspec and lease. */
  private record Update(
      String verb, String branch, String remote, String url, String refSpec, ObjectId lease) {

    String describe() {
      return verb
          + " branch "
          + branch
          + " "
          + (verb.equals("deleting") ? "from " : "to ")
          + (remote.equals(url) ? "" : remote + " ")
          + "("
          + Untrusted.location(url)
          + ")";
    }

    String ref() {
      return Constants.R_HEADS + branch;
    }
  }

  private static void withJGit(
      Repository repository, Update update, Optional<String> token, ForgeKind kind)
      throws ForgeException {
    String secret = token.orElse("");
    List<String> problems = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    try (Git git = new Git(repository)) {
      PushCommand push =
          git.push()
              .setRemote(update.remote())
              .setRefSpecs(new RefSpec(update.refSpec()))
              .setTimeout((int) TIMEOUT.toSeconds());
      if (update.lease() != null) {
        push.setRefLeaseSpecs(new RefLeaseSpec(update.ref(), update.lease().name()));
      }
      if (token.isPresent()) {
        push.setCredentialsProvider(
            new UsernamePasswordCredentialsProvider(username(kind), token.get()));
      }
      for (PushResult result : push.call()) {
        if (result.getMessages() != null && !result.getMessages().isBlank()) {
          messages.add(result.getMessages());
        }
        for (RemoteRefUpdate ref : result.getRemoteUpdates()) {
          problem(ref, update).ifPresent(problems::add);
        }
      }
    } catch (GitAPIException | JGitInternalException e) {
      throw new ForgeException(
          update.describe()
              + " failed: "
              + Untrusted.clean(e.getMessage(), 300, secret)
              + authHint(e, token.isPresent()));
    }
    if (!problems.isEmpty()) {
      String said = Untrusted.clean(String.join(" ", messages), 300, secret);
      throw new ForgeException(
          update.describe()
              + " was rejected: "
              + String.join("; ", problems)
              + (said.isEmpty() ? "" : " (the remote said: \"" + said + "\")"));
    }
  }

  private static Optional<String> problem(RemoteRefUpdate ref, Update update) {
    String remoteRef = ref.getRemoteName();
    return switch (ref.getStatus()) {
      case OK, UP_TO_DATE -> Optional.empty();
      case NON_EXISTING ->
          update.verb().equals("deleting")
              ? Optional.empty()
              : Optional.of(remoteRef + " does not exist on the remote");
      case REJECTED_NONFASTFORWARD ->
          Optional.of(
              remoteRef
                  + " on the remote has commits the local branch lacks (non-fast-forward);"
                  + " Kintsugi never forces");
      case REJECTED_NODELETE -> Optional.of("the remote does not allow deleting " + remoteRef);
      case REJECTED_REMOTE_CHANGED ->
          Optional.of(
              remoteRef
                  + " on the remote moved since Kintsugi pushed it"
                  + (update.lease() == null
                      ? ""
                      : " (no longer " + update.lease().abbreviate(8).name() + ")")
                  + ": left alone");
      case REJECTED_OTHER_REASON ->
          Optional.of(
              "the remote refused "
                  + remoteRef
                  + (ref.getMessage() == null
                      ? ""
                      : ": " + Untrusted.clean(ref.getMessage(), 200)));
      case NOT_ATTEMPTED, AWAITING_REPORT ->
          Optional.of("the remote did not report on " + remoteRef);
    };
  }

  private static void withGit(Path repo, Update update, List<String> options)
      throws ForgeException {
    if (update.lease() != null) {
      // git's lease fails alike for a moved and a missing branch: tell them apart first.
      String there = remoteHead(repo, update);
      if (there.isEmpty()) {
        return; // already gone
      }
      if (!there.equals(update.lease().name())) {
        throw new ForgeException(
            update.describe()
                + " was rejected: "
                + update.ref()
                + " on the remote moved since Kintsugi pushed it (no longer "
                + update.lease().abbreviate(8).name()
                + "): left alone");
      }
    }
    List<String> arguments = new ArrayList<>(List.of("push", "--porcelain"));
    arguments.addAll(options);
    arguments.add(update.remote());
    arguments.add(update.refSpec());
    GitProcess.Result result;
    try {
      result = GitProcess.run(repo, TIMEOUT, arguments);
    } catch (IOException e) {
      throw new ForgeException(
          update.describe() + " failed: " + Untrusted.clean(e.getMessage(), 200));
    }
    if (result.exitCode() == 0) {
      return;
    }
    throw new ForgeException(
        update.describe()
            + " was rejected (git exited with "
            + result.exitCode()
            + "): "
            + gitSaid(result.output()));
  }

  /** The commit the remote's branch points to, or "" if it has no such branch. */
  private static String remoteHead(Path repo, Update update) throws ForgeException {
    GitProcess.Result result;
    try {
      result =
          GitProcess.run(
              repo, TIMEOUT, List.of("ls-remote", "--refs", update.remote(), update.ref()));
    } catch (IOException e) {
      throw new ForgeException(
          update.describe() + " failed: " + Untrusted.clean(e.getMessage(), 200));
    }
    if (result.exitCode() != 0) {
      throw new ForgeException(
          update.describe()
              + " failed (git ls-remote exited with "
              + result.exitCode()
              + "): "
              + gitSaid(result.output()));
    }
    for (String line : result.output().split("\n")) {
      String[] parts = line.strip().split("\\s+");
      if (parts.length == 2 && parts[1].equals(update.ref())) {
        return parts[0];
      }
    }
    return "";
  }

  /** git's own words on a failure: the rejected refs and what the remote and git said. */
  private static String gitSaid(String output) {
    List<String> said = new ArrayList<>();
    for (String line : output.split("\n")) {
      String l = line.strip();
      if (l.startsWith("!")
          || l.startsWith("remote:")
          || l.startsWith("error:")
          || l.startsWith("fatal:")) {
        said.add(l.replace('\t', ' '));
      }
    }
    return Untrusted.clean(said.isEmpty() ? output : String.join(" ", said), 300);
  }

  /** The token, if it may go to this URL: https (or http on this machine) to the forge's host. */
  static Optional<String> sendableToken(String url, Optional<String> token, ForgeTarget target) {
    if (token.isEmpty() || token.get().isBlank()) {
      return Optional.empty();
    }
    Optional<String> host = RemoteUrl.tokenHost(url);
    if (host.isEmpty() || !RemoteUrl.sameForge(host.get(), target.apiUrl().getHost())) {
      return Optional.empty();
    }
    return Optional.of(token.get().strip());
  }

  static String username(ForgeKind kind) {
    return switch (kind) {
      case GITHUB -> "x-access-token";
      case GITLAB -> "oauth2";
      case GITEA -> "kintsugi"; // Gitea takes a token as the password of any user name
    };
  }

  private static String authHint(Exception e, boolean tokenSent) {
    String message =
        e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
    boolean auth =
        message.contains("not authorized")
            || message.contains("authentication")
            || message.contains("credentialsprovider");
    if (!auth) {
      return "";
    }
    return tokenSent
        ? " (check that KINTSUGI_FORGE_TOKEN may push to the repository)"
        : " (the token is sent only over https to the forge's own host; ssh remotes use your ssh"
            + " setup)";
  }

  private static ObjectId localHead(Repository repository, Path repo, String branch)
      throws ForgeException {
    Ref ref;
    try {
      ref = repository.exactRef(Constants.R_HEADS + branch);
    } catch (IOException e) {
      throw new ForgeException(
          "cannot read branch " + branch + " in " + Untrusted.location(repo.toString()));
    }
    if (ref == null || ref.getObjectId() == null) {
      throw new ForgeException(
          "no branch " + branch + " in " + Untrusted.location(repo.toString()));
    }
    return ref.getObjectId();
  }

  /**
   * The URL git would use for {@code remote}: a configured remote's (insteadOf applied), or itself.
   */
  private static String urlOf(Repository repository, String remote) throws ForgeException {
    try {
      if (repository.getConfig().getSubsections("remote").contains(remote)) {
        RemoteConfig config = new RemoteConfig(repository.getConfig(), remote);
        List<URIish> urls =
            config.getPushURIs().isEmpty() ? config.getURIs() : config.getPushURIs();
        if (urls.isEmpty()) {
          throw new ForgeException("the remote '" + remote + "' has no URL");
        }
        return urls.get(0).toString();
      }
    } catch (URISyntaxException e) {
      throw new ForgeException("the remote '" + remote + "' has an unreadable URL");
    }
    if (remote.equals(ORIGIN)) {
      throw new ForgeException(
          "the repository has no remote '"
              + ORIGIN
              + "': add one (git remote add origin URL) to deliver a pull request, or deliver as a"
              + " branch");
    }
    return remote;
  }

  private static String checkedRef(String branch) throws ForgeException {
    if (branch == null
        || branch.isBlank()
        || branch.startsWith("-")
        || !Repository.isValidRefName(Constants.R_HEADS + branch)) {
      throw new ForgeException("not a valid branch name: '" + Untrusted.clean(branch, 100) + "'");
    }
    return Constants.R_HEADS + branch;
  }

  private static void checkRemote(String remote) throws ForgeException {
    if (remote == null || remote.isBlank() || remote.startsWith("-")) {
      throw new ForgeException("not a remote: '" + Untrusted.clean(remote, 100) + "'");
    }
  }
}
