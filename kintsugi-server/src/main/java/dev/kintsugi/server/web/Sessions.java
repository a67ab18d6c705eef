package dev.kintsugi.server.web;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dashboard sessions, in memory: a server restart signs everyone out (the admin token signs in
 * again). Each session has its own CSRF token. Idle sessions expire; the number kept is capped so
 * that sign-ins cannot fill memory.
 */
final class Sessions {
  static final Duration IDLE = Duration.ofHours(12);
  static final int MAX = 10_000;

  /** A signed-in browser: {@code id} is the cookie's value, {@code csrf} its forms' token. */
  record Session(String id, Viewer viewer, String csrf, Instant lastSeen) {
    boolean csrfMatches(String given) {
      return given != null
          && MessageDigest.isEqual(
              csrf.getBytes(java.nio.charset.StandardCharsets.UTF_8),
              given.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private final Map<String, Session> byId = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;

  Sessions(Clock clock) {
    this.clock = clock;
  }

  Session open(Viewer viewer) {
    Instant now = clock.instant();
    if (byId.size() >= MAX) {
      byId.values().removeIf(s -> s.lastSeen().plus(IDLE).isBefore(now));
      if (byId.size() >= MAX) {
        byId.values().stream()
            .min(java.util.Comparator.comparing(Session::lastSeen))
            .ifPresent(oldest -> byId.remove(oldest.id()));
      }
    }
    Session s = new Session(newSecret(), viewer, newSecret(), now);
    byId.put(s.id(), s);
    return s;
  }

  /** The live session with this id, touched; empty when unknown or expired. */
  Optional<Session> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session s = byId.get(id);
    if (s == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (s.lastSeen().plus(IDLE).isBefore(now)) {
      byId.remove(id);
      return Optional.empty();
    }
    Session touched = new Session(s.id(), s.viewer(), s.csrf(), now);
    byId.put(id, touched);
    return Optional.of(touched);
  }

  void close(String id) {
    if (id != null) {
      byId.remove(id);
    }
  }

  private String newSecret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
