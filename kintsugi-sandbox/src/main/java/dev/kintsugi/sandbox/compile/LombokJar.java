package dev.kintsugi.sandbox.compile;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Lombok jar of a project's class path. Lombok writes constructors, getters and loggers into
 * the classes while javac compiles them, so a changed source of a Lombok project compiles only with
 * it. It is the one annotation processor the in-process compiler runs: that compiler works in the
 * heal host, outside the sandbox, and a processor is code of the project's dependencies. Lombok is
 * a fixed artifact the trusted commit's POM names; other processors (MapStruct, JPA metamodels) are
 * not run, and a source that needs them fails to compile in the fast path (the candidate is
 * rejected by the "compiles" gate, never accepted wrongly).
 */
public final class LombokJar {

  private static final Pattern NAME = Pattern.compile("lombok-\\d[\\w.-]*\\.jar");

  private LombokJar() {}

  /** The Lombok jar among {@code classpath}, if any. */
  public static Optional<Path> in(List<Path> classpath) {
    return classpath.stream()
        .filter(
            entry ->
                entry.getFileName() != null
                    && NAME.matcher(entry.getFileName().toString()).matches())
        .findFirst();
  }
}
