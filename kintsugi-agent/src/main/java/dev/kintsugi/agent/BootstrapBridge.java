package dev.kintsugi.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import net.bytebuddy.dynamic.loading.ClassInjector;

/**
 * Puts the bridge classes into the bootstrap class loader, so that instrumented classes of every
 * class loader (JDK logging included) call one and the same {@code Bridge}. Must run before
 * anything loads the bridge; refers to it by name only for that reason.
 *
 * <p>Defines the classes directly (ByteBuddy's {@code Unsafe} injector, opened through {@link
 * Instrumentation}); appending a jar to the bootstrap class path is the fallback only, because with
 * class data sharing on, the JVM then prints a warning on the host's stdout.
 */
final class BootstrapBridge {
  private static final String[] CLASSES = {
    "dev.kintsugi.agent.internal.bridge.Bridge$Sink", "dev.kintsugi.agent.internal.bridge.Bridge"
  };

  private BootstrapBridge() {}

  static void inject(Instrumentation inst) throws IOException {
    Map<String, byte[]> classes = new LinkedHashMap<>();
    for (String name : CLASSES) {
      classes.put(name, bytes(name));
    }
    ClassInjector.UsingUnsafe.Factory unsafe = ClassInjector.UsingUnsafe.Factory.resolve(inst);
    if (unsafe.isAvailable()) {
      unsafe.make(null).injectRaw(classes);
    } else {
      appendJar(inst, classes);
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
