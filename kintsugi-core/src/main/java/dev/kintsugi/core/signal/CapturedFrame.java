package dev.kintsugi.core.signal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One stack frame of an error captured in production (a Sentry {@code stacktrace.frames[]} entry).
 *
 * <p>{@code vars} holds the snapshot of the frame's arguments as JSON-like Java values ({@code
 * null}, {@link Boolean}, {@link Number}, {@link String}, {@link java.util.List}, {@link Map}), in
 * parameter order; {@code "this"} is the receiver of an instance method when it was recorded. The
 * format is described in {@code ARCHITECTURE.md} ("argument snapshots"). Untrusted data: values are
 * only ever turned into Java literals, never evaluated.
 *
 * @param className the declaring class, binary name ({@code com.acme.Cart$Line})
 * @param method the method name ({@code <init>} for constructors)
 * @param fileName the source file name, or empty
 * @param line the line number, or 0 when unknown
 * @param inApp whether the frame belongs to the project's own packages
 * @param vars argument snapshot; empty when none was recorded
 */
public record CapturedFrame(
    String className,
    String method,
    String fileName,
    int line,
    boolean inApp,
    Map<String, Object> vars) {

  public CapturedFrame {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(method, "method");
    fileName = fileName == null ? "" : fileName;
    // Map.copyOf refuses null values, and null is a legitimate argument value.
    vars =
        vars == null || vars.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(vars));
  }

  /** {@code com.acme.Cart.total}: class and method, no line. */
  public String qualifiedMethod() {
    return className + "." + method;
  }
}
