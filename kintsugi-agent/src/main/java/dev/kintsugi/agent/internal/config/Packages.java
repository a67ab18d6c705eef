package dev.kintsugi.agent.internal.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * In-app package prefixes. {@code com.acme} matches the class {@code com.acme.Shop} and every class
 * of its sub-packages, not {@code com.acmeco.X}. The agent's own classes never match.
 */
public final class Packages {
  private static final String AGENT = "dev.kintsugi.agent.";

  private final List<String> prefixes;

  private Packages(List<String> prefixes) {
    this.prefixes = Collections.unmodifiableList(prefixes);
  }

  /** Parses {@code com.acme;com.other} (blanks and trailing dots ignored). */
  public static Packages parse(String text) {
    List<String> out = new ArrayList<>();
    for (String part : text.split(";")) {
      String p = part.trim();
      while (p.endsWith(".") || p.endsWith("*")) {
        p = p.substring(0, p.length() - 1);
      }
      if (!p.isEmpty() && !out.contains(p)) {
        out.add(p);
      }
    }
    return new Packages(out);
  }

  public List<String> prefixes() {
    return prefixes;
  }

  public boolean isEmpty() {
    return prefixes.isEmpty();
  }

  /** Whether the class with this binary name is in-app. */
  public boolean matches(String className) {
    if (className == null || className.startsWith(AGENT)) {
      return false;
    }
    for (String p : prefixes) {
      if (className.startsWith(p)
          && (className.length() == p.length() || className.charAt(p.length()) == '.')) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return String.join(";", prefixes);
  }
}
