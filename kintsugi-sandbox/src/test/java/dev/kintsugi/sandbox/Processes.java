package dev.kintsugi.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on OS processes for tests that must leave nothing running. */
public final class Processes {

  private Processes() {}

  /**
   * Whether the process runs: alive and not a zombie (a killed orphan may wait a moment for its new
   * parent to reap it, but runs no code).
   */
  public static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }
}
