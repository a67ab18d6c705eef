package dev.kintsugi.server.api;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Requires {@code Authorization: Bearer <admin token>} (compared in constant time). The dashboard
 * signs in with the same token ({@link #matches}).
 */
public final class AdminAuth {
  private final byte[] token;

  public AdminAuth(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  void check(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new ApiError(401, "missing bearer token");
    }
    if (!matches(header.substring(7).trim())) {
      throw new ApiError(401, "invalid bearer token");
    }
  }

  /** Whether {@code given} is the admin token (compared in constant time). */
  public boolean matches(String given) {
    return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
  }
}
