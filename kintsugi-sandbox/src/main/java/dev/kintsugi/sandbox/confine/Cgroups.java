package dev.kintsugi.sandbox.confine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory, process-count and CPU limits through control groups, which bind every process a command
 * starts (RLIMIT_NPROC does not stop a fork bomb run as root). Supports cgroup v1 (one hierarchy
 * per controller) and v2 (one unified hierarchy), when the hierarchy is writable by us.
 */
final class Cgroups {

  private static final Path ROOT = Path.of("/sys/fs/cgroup");
  private static final long CPU_PERIOD_MICROS = 100_000;
  private static final AtomicLong SEQUENCE = new AtomicLong();

  /** The directories under which a command's groups are made: one per v1 controller, or one. */
  private final List<Path> parents;

  private final boolean v2;

  private Cgroups(List<Path> parents, boolean v2) {
    this.parents = parents;
    this.v2 = v2;
  }

  /** The writable hierarchy of this machine, or empty with why not. */
  static Result detect() {
    try {
      if (Files.isRegularFile(ROOT.resolve("cgroup.controllers"))) {
        String controllers = Files.readString(ROOT.resolve("cgroup.controllers"));
        if (!controllers.contains("pids") || !controllers.contains("memory")) {
          return Result.missing("cgroup v2 lacks the pids or memory controller");
        }
        // Groups below the root need the controllers enabled for the root's children.
        Files.writeString(ROOT.resolve("cgroup.subtree_control"), "+pids +memory +cpu");
        Cgroups cgroups = new Cgroups(List.of(ROOT), true);
        cgroups.create().close(); // proves we may create, limit and remove groups
        cgroups.removeStale();
        return new Result(Optional.of(cgroups), "");
      }
      List<Path> parents = new ArrayList<>();
      for (String controller : List.of("pids", "memory", "cpu")) {
        Path dir = ROOT.resolve(controller);
        if (!Files.isRegularFile(dir.resolve("cgroup.procs"))) {
          return Result.missing("no cgroup v1 " + controller + " controller at " + dir);
        }
        parents.add(dir);
      }
      Cgroups cgroups = new Cgroups(parents, false);
      cgroups.create().close();
      cgroups.removeStale();
      return new Result(Optional.of(cgroups), "");
    } catch (IOException | RuntimeException e) {
      return Result.missing("the cgroup hierarchy is not writable (" + e.getMessage() + ")");
    }
  }

  /** A hierarchy, or why there is none. */
  record Result(Optional<Cgroups> cgroups, String problem) {
    static Result missing(String why) {
      return new Result(Optional.empty(), why);
    }
  }

  /**
   * Removes the groups of JVMs that are gone (a JVM that exits while a worker is still starting
   * cannot remove its group; the processes died with it, the empty directory stays).
   */
  private void removeStale() throws IOException {
    for (Path parent : parents) {
      try (var children = Files.list(parent)) {
        for (Path dir : children.toList()) {
          String[] parts = dir.getFileName().toString().split("-");
          if (parts.length == 3
              && parts[0].equals("kintsugi")
              && parts[1].matches("\\d{1,10}")
              && ProcessHandle.of(Long.parseLong(parts[1])).isEmpty()) {
            new Group(List.of(dir), v2).close();
          }
        }
      }
    }
  }

  /** A new empty group for one command, without limits yet. */
  Group create() {
    String name = "kintsugi-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
    List<Path> dirs = new ArrayList<>();
    try {
      for (Path parent : parents) {
        dirs.add(Files.createDirectory(parent.resolve(name)));
      }
      return new Group(dirs, v2);
    } catch (IOException e) {
      new Group(dirs, v2).close();
      throw new IllegalStateException("cannot create the cgroup " + name + ": " + e, e);
    }
  }

  /** One command's groups (one per v1 controller, or one v2 group). */
  static final class Group implements AutoCloseable {

    private static final long KILL_WAIT_MILLIS = 10_000;

    private final List<Path> dirs;
    private final boolean v2;

    private Group(List<Path> dirs, boolean v2) {
      this.dirs = dirs;
      this.v2 = v2;
    }

    /** Writes the limits; fails when the kernel refuses one. */
    void limit(SandboxPolicy.Limits limits) throws IOException {
      long quota = Math.max(1_000, Math.round(limits.cpus() * CPU_PERIOD_MICROS));
      if (v2) {
        Path dir = dirs.get(0);
        Files.writeString(dir.resolve("pids.max"), Integer.toString(limits.pids()));
        Files.writeString(dir.resolve("memory.max"), Long.toString(limits.memoryBytes()));
        writeIfPresent(dir.resolve("memory.swap.max"), "0");
        writeIfPresent(dir.resolve("cpu.max"), quota + " " + CPU_PERIOD_MICROS);
        return;
      }
      Files.writeString(dirs.get(0).resolve("pids.max"), Integer.toString(limits.pids()));
      Files.writeString(
          dirs.get(1).resolve("memory.limit_in_bytes"), Long.toString(limits.memoryBytes()));
      // Without swap accounting this file is missing; swap cannot then extend the limit either
      // where the machine has no swap.
      writeIfPresent(
          dirs.get(1).resolve("memory.memsw.limit_in_bytes"), Long.toString(limits.memoryBytes()));
      Files.writeString(dirs.get(2).resolve("cpu.cfs_period_us"), Long.toString(CPU_PERIOD_MICROS));
      Files.writeString(dirs.get(2).resolve("cpu.cfs_quota_us"), Long.toString(quota));
    }

    /** The {@code cgroup.procs} files a process writes its PID to, to join this group. */
    List<Path> procsFiles() {
      return dirs.stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    /** PIDs (host namespace) of the processes in the group. */
    List<Long> pids() {
      List<Long> pids = new ArrayList<>();
      for (Path dir : dirs) {
        try {
          for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
            if (!line.isBlank()) {
              long pid = Long.parseLong(line.strip());
              if (!pids.contains(pid)) {
                pids.add(pid);
              }
            }
          }
        } catch (IOException | NumberFormatException e) {
          // A group already removed holds nothing.
        }
      }
      return pids;
    }

    /** Kills every process in the group until none is left (new forks are bounded by pids.max). */
    void killAll() {
      long deadline = System.currentTimeMillis() + KILL_WAIT_MILLIS;
      for (List<Long> pids = pids();
          !pids.isEmpty() && System.currentTimeMillis() < deadline;
          pids = pids()) {
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        sleep(20);
      }
    }

    /** Kills what is left and removes the group (retrying while killed processes are reaped). */
    @Override
    public void close() {
      killAll();
      long deadline = System.currentTimeMillis() + KILL_WAIT_MILLIS;
      for (Path dir : dirs) {
        while (Files.exists(dir)) {
          try {
            Files.delete(dir);
          } catch (IOException e) {
            if (System.currentTimeMillis() > deadline) {
              break; // left behind empty-ish; harmless, named kintsugi-<pid>-<n>
            }
            sleep(20);
          }
        }
      }
    }

    private static void writeIfPresent(Path file, String value) {
      if (Files.exists(file)) {
        try {
          Files.writeString(file, value);
        } catch (IOException e) {
          // Optional knob (swap accounting, cpu controller) the kernel does not offer here.
        }
      }
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
