package dev.kintsugi.java.repro;

import dev.kintsugi.core.signal.CapturedException;
import dev.kintsugi.core.signal.CapturedFrame;
import dev.kintsugi.core.signal.ProductionError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds captured events the way the ingest server hands them over. */
final class Events {

  private Events() {}

  /** An event whose only exception has these frames (outermost first). */
  static ProductionError error(String exceptionType, CapturedFrame... frames) {
    return new ProductionError(
        "ev1",
        List.of(new CapturedException(exceptionType, "boom", List.of(frames))),
        Optional.empty(),
        Optional.empty());
  }

  static ProductionError chain(CapturedException... rootCauseFirst) {
    return new ProductionError("ev1", List.of(rootCauseFirst), Optional.empty(), Optional.empty());
  }

  static CapturedFrame frame(String className, String method, Map<String, Object> vars) {
    return frame(className, method, 0, vars);
  }

  static CapturedFrame frame(String className, String method, int line, Map<String, Object> vars) {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    int dollar = simple.indexOf('$');
    String file = (dollar < 0 ? simple : simple.substring(0, dollar)) + ".java";
    return new CapturedFrame(className, method, file, line, true, vars);
  }

  static CapturedFrame library(String className, String method) {
    return new CapturedFrame(className, method, "", 0, false, Map.of());
  }

  /** Ordered vars from alternating names and values; values may be null. */
  static Map<String, Object> vars(Object... namesAndValues) {
    Map<String, Object> vars = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      vars.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return vars;
  }

  /** An object snapshot {@code {"@class": type, ...}}. */
  static Map<String, Object> object(String type, Object... fieldsAndValues) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("@class", type);
    object.putAll(vars(fieldsAndValues));
    return object;
  }

  /** A JSON array that may hold nulls. */
  static List<Object> array(Object... values) {
    return new ArrayList<>(Arrays.asList(values));
  }
}
