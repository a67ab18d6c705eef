package dev.kintsugi.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bridge classes into the bootstrap class loader, so that instrumented classes of every
 * class loader (JDK logging included) call one and the same {@code Bridge}. Must run before
 * anything loads the bridge; refers to it by name only for that reason.
 *
 * <p>Defines the classes with the JDK's internal {@code Unsafe.defineClass}, its package opened to
 * the agent through {@link Instrumentation#redefineModule}: quiet on every JDK from 11 on. ({@code
 * sun.misc.Unsafe}, ByteBuddy's default injector, makes JDK 24+ print deprecation warnings.)
 * Appending a jar to the bootstrap class path is the fallback only: with class data sharing on, the
 * JVM then prints a warning on the host's stdout.
 */
final class BootstrapBridge {
  private static final String[] CLASSES = {
    "dev.kintsugi.agent.internal.bridge.Bridge$Sink",
    "dev.kintsugi.agent.internal.bridge.Bridge",
    "dev.kintsugi.agent.internal.bridge.CircuitBridge$Circuit",
    "dev.kintsugi.agent.internal.bridge.CircuitBridge"
  };

  private BootstrapBridge() {}

  static void inject(Instrumentation inst) throws IOException {
    Map<String, byte[]> classes = new LinkedHashMap<>();
    for (String name : CLASSES) {
      classes.put(name, bytes(name));
    }
    try {
      defineInBootLoader(inst, classes);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      appendJar(inst, classes);
    }
  }

  private static void defineInBootLoader(Instrumentation inst, Map<String, byte[]> classes)
      throws ReflectiveOperationException {
    Module base = Object.class.getModule();
    inst.redefineModule(
        base,
        Set.of(),
        Map.of(),
        Map.of("jdk.internal.misc", Set.of(BootstrapBridge.class.getModule())),
        Set.of(),
        Map.of());
    Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
    Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
    Method define =
        unsafeType.getMethod(
            "defineClass",
            String.class,
            byte[].class,
            int.class,
            int.class,
            ClassLoader.class,
            ProtectionDomain.class);
    for (Map.Entry<String, byte[]> c : classes.entrySet()) {
      define.invoke(unsafe, c.getKey(), c.getValue(), 0, c.getValue().length, null, null);
    }
  }

  private static byte[] bytes(String className) throws IOException {
    String resource = className.replace('.', '/') + ".class";
    try (InputStream in = BootstrapBridge.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing " + resource + " in the agent jar");
      }
      return in.readAllBytes();
    }
  }

  private static void appendJar(Instrumentation inst, Map<String, byte[]> classes)
      throws IOException {
    Path jar = Files.createTempFile("kintsugi-agent-bridge-", ".jar");
    jar.toFile().deleteOnExit();
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      for (Map.Entry<String, byte[]> c : classes.entrySet()) {
        out.putNextEntry(new JarEntry(c.getKey().replace('.', '/') + ".class"));
        out.write(c.getValue());
        out.closeEntry();
      }
    }
    inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
  }
}
