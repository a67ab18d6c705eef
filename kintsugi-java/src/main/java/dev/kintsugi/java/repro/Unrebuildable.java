package dev.kintsugi.java.repro;

/**
 * Why a captured value cannot be turned back into Java code. Control flow inside the generator
 * only: it never escapes the package, so it carries no stack trace.
 */
final class Unrebuildable extends RuntimeException {

  private static final long serialVersionUID = 1L;

  Unrebuildable(String reason) {
    super(reason, null, false, false);
  }
}
