package dev.kintsugi.worker;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Driver;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * JDBC drivers of a candidate's libraries, registered with the JVM-wide {@code DriverManager} when
 * the candidate starts and removed when it ends. {@code DriverManager} loads drivers through the
 * service loader only once per JVM, and hands out only drivers the caller's class loader can see:
 * without this, a second candidate's {@code DriverManager.getConnection} would find the first
 * candidate's driver, refuse it, and fail with "no suitable driver".
 */
final class JdbcDrivers {

  private static final String SERVICES = "META-INF/services/java.sql.Driver";

  private JdbcDrivers() {}

  /** Whether the candidate's class path declares JDBC drivers. */
  static boolean declared(java.net.URLClassLoader loader) {
    return loader.findResource(SERVICES) != null;
  }

  /** Loads the declared drivers: a JDBC 4 driver registers itself when its class initializes. */
  static void register(ClassLoader loader) {
    Iterator<Driver> drivers = ServiceLoader.load(Driver.class, loader).iterator();
    while (true) {
      try {
        if (!drivers.hasNext()) {
          return;
        }
        drivers.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        System.err.println("kintsugi-worker: cannot load a JDBC driver: " + e);
      }
    }
  }

  /**
   * Deregisters the drivers whose classes {@code loader} defined. {@code DriverManager} lets only
   * code that sees a driver's class remove it, so the work is done by {@link Deregistration},
   * defined afresh in a child of the candidate's loader.
   */
  static void deregister(ClassLoader loader) {
    try (InputStream in =
        JdbcDrivers.class.getResourceAsStream(Deregistration.class.getSimpleName() + ".class")) {
      if (in == null) {
        return;
      }
      byte[] bytes = in.readAllBytes();
      Class<?> type = new Definer(loader).define(Deregistration.class.getName(), bytes);
      ((Runnable) type.getDeclaredConstructor().newInstance()).run();
    } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
      System.err.println("kintsugi-worker: cannot deregister JDBC drivers: " + e);
    }
  }

  private static final class Definer extends ClassLoader {
    Definer(ClassLoader parent) {
      super(parent);
    }

    Class<?> define(String name, byte[] bytes) {
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
