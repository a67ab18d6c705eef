package dev.kintsugi.java.localize;

/** One {@code at pkg.Class.method(File.java:12)} line of a Java stack trace. */
record StackFrame(String className, String method, String fileName, int line) {

  /** The top-level class that owns the source file ({@code a.B$C} → {@code a.B}). */
  String outerClassName() {
    int dollar = className.indexOf('$');
    return dollar < 0 ? className : className.substring(0, dollar);
  }

  String packageName() {
    String outer = outerClassName();
    int dot = outer.lastIndexOf('.');
    return dot < 0 ? "" : outer.substring(0, dot);
  }
}
