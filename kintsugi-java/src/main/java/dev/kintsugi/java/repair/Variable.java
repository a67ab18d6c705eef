package dev.kintsugi.java.repair;

import java.util.Objects;

/**
 * A variable visible at some point of the source.
 *
 * @param type the declared type as written ({@code List<String>}, {@code int[]}), or empty when not
 *     written ({@code var}, implicit lambda parameters)
 */
record Variable(String name, String type, Kind kind, boolean isFinal) {

  enum Kind {
    LOCAL,
    PARAMETER,
    FIELD,
    /** A static final field: never reassigned, and rarely null. */
    CONSTANT
  }

  Variable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(kind, "kind");
  }

  boolean hasType() {
    return !type.isEmpty();
  }

  boolean isPrimitive() {
    return TypeGuess.isPrimitive(type);
  }

  /** Whether both have the same written, known type. */
  boolean sameTypeAs(Variable other) {
    return hasType() && type.equals(other.type);
  }
}
