package dev.kintsugi.sandbox.confine;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Finds bubblewrap and turns a command into a bubblewrap command line. We call the tool rather than
 * reimplementing namespaces: it is small, audited, and what Flatpak confines desktop apps with.
 */
final class Bubblewrap {

  /** Points at the bwrap binary to use (tests point it at a missing path to simulate absence). */
  static final String PROPERTY = "kintsugi.bwrap";

  static final String INSTALL_HINT = "install it with: apt-get install bubblewrap";

  /** Files that hold secrets even though the system is otherwise readable. */
  private static final List<Path> SECRET_FILES =
      List.of(Path.of("/etc/shadow"), Path.of("/etc/gshadow"), Path.of("/etc/ssh"));

  /** Environment variables a build needs; everything else (tokens, keys) stays outside. */
  private static final Pattern KEPT_ENV =
      Pattern.compile(
          "PATH|HOME|USER|LOGNAME|LANG|LANGUAGE|LC_[A-Z_]+|TZ|TERM|JAVA_HOME|MAVEN_OPTS"
              + "|MAVEN_ARGS|MAVEN_HOME|M2_HOME|MAVEN_CONFIG");

  /** Only the resolve step reaches repositories, through the host's proxy and CA settings. */
  private static final Pattern RESOLVE_ENV =
      Pattern.compile(
          "(?i:https?_proxy|no_proxy|all_proxy)|SSL_CERT_FILE|SSL_CERT_DIR|CURL_CA_BUNDLE"
              + "|REQUESTS_CA_BUNDLE");

  private static final Map<Path, Optional<String>> PROBED = new ConcurrentHashMap<>();

  private Bubblewrap() {}

  /** The bwrap to use: {@code -Dkintsugi.bwrap=PATH}, else the first {@code bwrap} on PATH. */
  static Path locate() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "bwrap");
      if (Files.isExecutable(candidate)) {
        return candidate.toAbsolutePath();
      }
    }
    return Path.of("/usr/bin/bwrap");
  }

  /**
   * Empty when {@code bwrap} works here, else why not. Runs a tiny confined command once per
   * binary: an installed bwrap may still fail (no user namespaces in a container).
   */
  static Optional<String> problem(Path bwrap) {
    return PROBED.computeIfAbsent(bwrap, Bubblewrap::probe);
  }

  private static Optional<String> probe(Path bwrap) {
    if (!Files.isExecutable(bwrap)) {
      return Optional.of("bubblewrap (bwrap) is not installed (no executable " + bwrap + ")");
    }
    try {
      Process p =
          new ProcessBuilder(
                  bwrap.toString(),
                  "--ro-bind",
                  "/",
                  "/",
                  "--dev",
                  "/dev",
                  "--proc",
                  "/proc",
                  "--unshare-all",
                  "--die-with-parent",
                  "--cap-drop",
                  "ALL",
                  "true")
              .redirectErrorStream(true)
              .start();
      p.getOutputStream().close();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.of(bwrap + " did not finish a trivial confined command in 20 s");
      }
      String output = new String(p.getInputStream().readAllBytes()).strip();
      return p.exitValue() == 0
          ? Optional.empty()
          : Optional.of(
              bwrap
                  + " cannot create a sandbox here (exit "
                  + p.exitValue()
                  + "): "
                  + output
                  + " (are user namespaces disabled?)");
    } catch (IOException e) {
      return Optional.of("cannot run " + bwrap + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while checking " + bwrap);
    }
  }

  /**
   * The bubblewrap command line running {@code command} in {@code workDir} under {@code policy}.
   *
   * @param network whether this is the resolve step, which shares the host's network and may write
   *     Maven's local repository
   * @param env variables set inside on top of the kept ones of {@code hostEnv}
   */
  static List<String> wrap(
      Path bwrap,
      SandboxPolicy policy,
      List<String> command,
      Path workDir,
      Map<String, String> hostEnv,
      Map<String, String> env,
      boolean network) {
    List<String> args = new ArrayList<>();
    args.add(bwrap.toString());
    // The whole system read-only (bwrap remounts every submount read-only too, /sys/fs/cgroup
    // included, so limits cannot be lifted from inside), fresh /dev and /proc of its own PID
    // namespace (no host process is visible).
    add(args, "--ro-bind", "/", "/");
    add(args, "--dev", "/dev");
    add(args, "--proc", "/proc");
    // New user, IPC, PID, network, UTS and cgroup namespaces: no network unless shared back.
    args.add("--unshare-all");
    if (network) {
      args.add("--share-net");
    }
    args.add("--die-with-parent");
    args.add("--new-session"); // no TIOCSTI into the caller's terminal
    add(args, "--cap-drop", "ALL");
    add(args, "--tmpfs", "/tmp");
    Path home =
        Path.of(hostEnv.getOrDefault("HOME", System.getProperty("user.home")))
            .toAbsolutePath()
            .normalize();
    // A home of "/" (some service accounts) cannot be hidden without hiding the system.
    boolean hideHome = home.getNameCount() > 0 && Files.isDirectory(home);
    if (hideHome) {
      add(args, "--tmpfs", home.toString());
    }
    Path m2 = home.resolve(".m2");
    List<Path> tools = hideHome ? toolsUnder(home, hostEnv) : List.of();
    List<Path> masks = new ArrayList<>(policy.hidden());
    masks.addAll(SECRET_FILES);
    for (Path mask : masks) {
      // A path in the hidden home is unseen already; masking it would only create its mount
      // point there and show its name. Under a tool or ~/.m2, shown again below, it is masked.
      boolean unseen =
          hideHome
              && mask.startsWith(home)
              && !mask.startsWith(m2)
              && tools.stream().noneMatch(mask::startsWith);
      if (unseen) {
        continue;
      }
      if (Files.isDirectory(mask)) {
        add(args, "--tmpfs", mask.toString());
      } else if (Files.exists(mask)) {
        add(args, "--ro-bind", "/dev/null", mask.toString());
      }
    }
    for (Path tool : tools) {
      add(args, "--ro-bind", tool.toString(), tool.toString());
    }
    if (network) {
      try {
        Files.createDirectories(m2.resolve("repository"));
      } catch (IOException e) {
        // Maven reports the unwritable repository itself.
      }
    }
    if (Files.isDirectory(m2)) {
      add(args, network ? "--bind" : "--ro-bind", m2.toString(), m2.toString());
    }
    // Last, so a writable directory under /tmp or a hidden one is visible again.
    for (Path dir : policy.writable()) {
      add(args, "--bind", dir.toString(), dir.toString());
    }
    add(args, "--chdir", workDir.toAbsolutePath().normalize().toString());
    args.add("--clearenv");
    for (Map.Entry<String, String> e : hostEnv.entrySet()) {
      if (KEPT_ENV.matcher(e.getKey()).matches()
          || (network && RESOLVE_ENV.matcher(e.getKey()).matches())) {
        add(args, "--setenv", e.getKey(), e.getValue());
      }
    }
    for (Map.Entry<String, String> e : env.entrySet()) {
      add(args, "--setenv", e.getKey(), e.getValue());
    }
    args.add("--");
    args.addAll(command);
    return args;
  }

  /**
   * The JDK and the PATH entries (a {@code bin} directory with its parent, for Maven's lib/) that
   * live under the hidden home directory, shown read-only again so builds still find them.
   */
  static List<Path> toolsUnder(Path home, Map<String, String> hostEnv) {
    List<Path> tools = new ArrayList<>();
    List<Path> dirs = new ArrayList<>();
    dirs.add(Path.of(System.getProperty("java.home")));
    for (String dir : hostEnv.getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir).toAbsolutePath().normalize();
        dirs.add(
            p.getFileName() != null && p.getFileName().toString().equals("bin")
                ? p.getParent()
                : p);
      }
    }
    for (Path dir : dirs) {
      for (Path p : List.of(dir, realPath(dir))) {
        if (p.startsWith(home) && !p.equals(home) && Files.isDirectory(p) && !tools.contains(p)) {
          tools.add(p);
        }
      }
    }
    return tools;
  }

  private static Path realPath(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p;
    }
  }

  private static void add(List<String> args, String... more) {
    args.addAll(List.of(more));
  }
}
