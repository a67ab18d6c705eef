package dev.kintsugi.server.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/** Decodes request bodies: limits, then gzip or deflate as the Content-Encoding says. */
final class Bodies {
  private Bodies() {}

  /** The decoded body, failing with 413 past the limits and 415 for an unknown encoding. */
  static InputStream decode(InputStream raw, String contentEncoding, Limits limits)
      throws IOException {
    InputStream wire = new BoundedStream(raw, limits.maxBodyBytes(), "body");
    String encoding =
        contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    InputStream decoded =
        switch (encoding) {
          case "", "identity" -> wire;
          case "gzip", "x-gzip" -> gzip(wire);
          case "deflate" -> new InflaterInputStream(wire);
          default ->
              throw new Rejection(
                  415, "unsupported_encoding", "unsupported Content-Encoding: " + encoding);
        };
    return new BoundedStream(decoded, limits.maxBodyBytes(), "decompressed body");
  }

  private static InputStream gzip(InputStream wire) throws IOException {
    try {
      return new GZIPInputStream(wire, 8192);
    } catch (ZipException | EOFException e) {
      throw Rejection.malformed("body is not valid gzip: " + e.getMessage());
    }
  }

  /** Reads a whole (small) body, failing with 413 past {@code max} bytes. */
  static byte[] readAtMost(InputStream in, int max, String what) throws IOException {
    byte[] bytes = in.readNBytes(max + 1);
    if (bytes.length > max) {
      throw Rejection.tooLarge(what + " over " + max + " bytes");
    }
    return bytes;
  }
}
