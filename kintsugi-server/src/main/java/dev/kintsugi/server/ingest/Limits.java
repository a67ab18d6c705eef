package dev.kintsugi.server.ingest;

/**
 * Sizes the ingest endpoints accept, as Sentry's: a body of at most {@code maxBodyBytes} on the
 * wire and after decompression, an event of at most {@code maxEventBytes} decompressed.
 */
public record Limits(long maxBodyBytes, int maxEventBytes) {
  public Limits {
    if (maxBodyBytes < 1 || maxEventBytes < 1) {
      throw new IllegalArgumentException(
          "limits must be positive, were " + maxBodyBytes + ", " + maxEventBytes);
    }
  }

  /** 20 MB bodies, 1 MB events. */
  public static Limits sentry() {
    return new Limits(20L * 1024 * 1024, 1024 * 1024);
  }
}
