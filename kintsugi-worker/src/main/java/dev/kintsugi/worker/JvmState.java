package dev.kintsugi.worker;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;

/**
 * The JVM-wide settings tests commonly change, captured before a candidate and put back after it,
 * so one candidate's tests cannot change what the next one sees.
 */
final class JvmState {

  private final Map<String, String> properties;
  private final Locale locale;
  private final Map<Locale.Category, Locale> categoryLocales = new HashMap<>();
  private final TimeZone timeZone;
  private final PrintStream out;
  private final PrintStream err;
  private final InputStream in;
  private final Thread.UncaughtExceptionHandler uncaughtHandler;

  private JvmState() {
    Properties system = System.getProperties();
    properties = new HashMap<>();
    for (String name : system.stringPropertyNames()) {
      properties.put(name, system.getProperty(name));
    }
    locale = Locale.getDefault();
    for (Locale.Category category : Locale.Category.values()) {
      categoryLocales.put(category, Locale.getDefault(category));
    }
    timeZone = TimeZone.getDefault();
    out = System.out;
    err = System.err;
    in = System.in;
    uncaughtHandler = Thread.getDefaultUncaughtExceptionHandler();
  }

  static JvmState capture() {
    return new JvmState();
  }

  void restore() {
    Properties system = System.getProperties();
    for (String name : system.stringPropertyNames()) {
      if (!properties.containsKey(name)) {
        system.remove(name);
      }
    }
    properties.forEach(
        (name, value) -> {
          if (!value.equals(system.getProperty(name))) {
            system.setProperty(name, value);
          }
        });
    Locale.setDefault(locale);
    categoryLocales.forEach(Locale::setDefault);
    TimeZone.setDefault(timeZone);
    System.setOut(out);
    System.setErr(err);
    System.setIn(in);
    Thread.setDefaultUncaughtExceptionHandler(uncaughtHandler);
  }
}
