package dev.kintsugi.sandbox.compile;

import java.net.URI;
import javax.tools.SimpleJavaFileObject;

/** A Java source held in memory, named by its repository-relative path for diagnostics. */
final class MemorySource extends SimpleJavaFileObject {

  private final String relativePath;
  private final String content;

  MemorySource(URI uri, String relativePath, String content) {
    super(uri, Kind.SOURCE);
    this.relativePath = relativePath;
    this.content = content;
  }

  String relativePath() {
    return relativePath;
  }

  @Override
  public CharSequence getCharContent(boolean ignoreEncodingErrors) {
    return content;
  }
}
