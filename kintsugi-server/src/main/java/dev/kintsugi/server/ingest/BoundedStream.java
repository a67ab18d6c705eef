package dev.kintsugi.server.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails with 413 as soon as more than {@code max} bytes come through. Applied to the raw body and
 * again after decompression, so a decompression bomb is stopped after {@code max} bytes of output,
 * whatever its ratio, and never buffered whole. (Hand-written: the JDK's inflater streams have no
 * output limit, and the commons-io equivalent would be a dependency for 30 lines.)
 */
final class BoundedStream extends FilterInputStream {
  private final long max;
  private final String what;
  private long count;

  BoundedStream(InputStream in, long max, String what) {
    super(in);
    this.max = max;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      add(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0) {
      add(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    add(skipped);
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void add(long n) {
    count += n;
    if (count > max) {
      throw Rejection.tooLarge(what + " over " + max + " bytes");
    }
  }
}
