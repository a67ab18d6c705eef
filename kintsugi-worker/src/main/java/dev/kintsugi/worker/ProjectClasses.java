package dev.kintsugi.worker;

import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** Tells the project's own classes from library and generated ones, in the project's loader. */
final class ProjectClasses {

  private ProjectClasses() {}

  /** The loaded classes of the project's own class directories in {@code loader}. */
  static Set<Class<?>> loadedIn(Instrumentation instrumentation, ClassLoader loader) {
    Set<Class<?>> classes = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Class<?> type : instrumentation.getInitiatedClasses(loader)) {
      if (isProjectClass(type, loader)) {
        classes.add(type);
      }
    }
    return classes;
  }

  /**
   * A class defined by {@code loader} whose class file lies in a directory of the class path (the
   * project's main and test classes, a reactor sibling's classes): not a library class from a jar,
   * and not a class generated at run time — a Spring proxy, a lambda, or a Mockito mock, whose
   * fields belong to the framework (putting a mock's old interceptor back after Mockito's own reset
   * would bring back the invocations it recorded).
   */
  static boolean isProjectClass(Class<?> type, ClassLoader loader) {
    return type.getClassLoader() == loader && ON_DISK.get(type);
  }

  /** Whether a class's own class file is in the directory its code source names. */
  private static final ClassValue<Boolean> ON_DISK =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          if (type.isArray() || type.isHidden() || type.getName().contains("$$")) {
            return false;
          }
          CodeSource source = type.getProtectionDomain().getCodeSource();
          URL location = source == null ? null : source.getLocation();
          if (location == null || !location.getPath().endsWith("/")) {
            return false;
          }
          try {
            return Files.isRegularFile(
                Path.of(location.toURI()).resolve(type.getName().replace('.', '/') + ".class"));
          } catch (java.net.URISyntaxException | RuntimeException e) {
            return false;
          }
        }
      };
}
