package dev.kintsugi.server.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A live part of a page: it fetches itself again ({@code hx-get="src"}) on every {@link ChangeFeed}
 * change, and {@code src} carries a stamp of what it shows, so that the server answers 204 (htmx
 * keeps the part as it is) when nothing in it changed. A part is therefore swapped only when its
 * data did: a form in it is not reset, a trace being read is not redrawn, on every event elsewhere.
 *
 * @param src the part's own URL with its stamp ({@code ...?v=...})
 * @param data what it shows: records of values only, so their {@code toString} is the stamp's input
 */
record Live<T>(String src, T data) {

  static <T> Live<T> of(String path, T data) {
    return new Live<>(path + "?v=" + stamp(data), data);
  }

  /** Whether a part fetched with stamp {@code v} would show the same as this one. */
  boolean sameAs(String v) {
    return v != null && src.endsWith("?v=" + v);
  }

  private static String stamp(Object data) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(String.valueOf(data).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
