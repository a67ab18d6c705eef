package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.TypeDeclaration;
import java.util.Optional;

/** Finds the declaration of a type named in a source file, for templates that look past it. */
interface TypeLookup {

  /** Finds nothing: templates then stay within the file. */
  TypeLookup NONE = (from, type) -> Optional.empty();

  /**
   * The declaration of {@code type} as written in {@code from} ({@code Order}, {@code List<Order>}
   * gives {@code List}), or empty when it is not in the project sources.
   */
  Optional<TypeDeclaration<?>> find(CompilationUnit from, String type);

  /** The simple name of a written type: {@code a.b.Order<X>[]} → {@code Order}. */
  static String simpleName(String type) {
    String raw = type;
    int generic = raw.indexOf('<');
    if (generic >= 0) {
      raw = raw.substring(0, generic);
    }
    raw = raw.replace("[]", "").trim();
    return raw.substring(raw.lastIndexOf('.') + 1);
  }
}
