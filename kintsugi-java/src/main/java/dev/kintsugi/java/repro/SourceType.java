package dev.kintsugi.java.repro;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import java.util.List;
import java.util.Objects;

/**
 * A type declared in the project's main sources.
 *
 * @param packageName the package, empty for the default package
 * @param chain the declaration and its enclosing types, outermost first, the type itself last
 * @param unit the file's compilation unit (imports, package)
 */
record SourceType(String packageName, List<TypeDeclaration<?>> chain, CompilationUnit unit) {

  SourceType {
    Objects.requireNonNull(packageName, "packageName");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("empty type chain");
    }
    Objects.requireNonNull(unit, "unit");
  }

  TypeDeclaration<?> declaration() {
    return chain.get(chain.size() - 1);
  }

  /** {@code Outer.Inner}: the name relative to the package. */
  String localName() {
    StringBuilder name = new StringBuilder();
    for (TypeDeclaration<?> type : chain) {
      name.append(name.length() == 0 ? "" : ".").append(type.getNameAsString());
    }
    return name.toString();
  }

  /** {@code com.acme.Outer.Inner}. */
  String canonicalName() {
    return packageName.isEmpty() ? localName() : packageName + "." + localName();
  }

  /** {@code com.acme.Outer$Inner}, as stack traces and {@code @class} print it. */
  String binaryName() {
    String local = localName().replace('.', '$');
    return packageName.isEmpty() ? local : packageName + "." + local;
  }

  /** The top-level type's canonical name: what an import names. */
  String topLevelName() {
    String top = chain.get(0).getNameAsString();
    return packageName.isEmpty() ? top : packageName + "." + top;
  }

  SourceType member(TypeDeclaration<?> nested) {
    List<TypeDeclaration<?>> longer = new java.util.ArrayList<>(chain);
    longer.add(nested);
    return new SourceType(packageName, longer, unit);
  }

  boolean isPublicChain() {
    return chain.stream().allMatch(TypeDeclaration::isPublic);
  }

  boolean hasPrivateLink() {
    return chain.stream().anyMatch(TypeDeclaration::isPrivate);
  }

  /**
   * Whether some nested link needs an enclosing instance: a class that is neither static nor
   * declared inside an interface (records, enums and interfaces are always static).
   */
  boolean hasInnerLink() {
    for (int i = 1; i < chain.size(); i++) {
      TypeDeclaration<?> type = chain.get(i);
      boolean enclosedByInterface =
          chain.get(i - 1) instanceof ClassOrInterfaceDeclaration outer && outer.isInterface();
      if (type instanceof ClassOrInterfaceDeclaration c
          && !c.isInterface()
          && !c.hasModifier(Modifier.Keyword.STATIC)
          && !enclosedByInterface) {
        return true;
      }
    }
    return false;
  }

  boolean isAbstractOrInterface() {
    return declaration() instanceof ClassOrInterfaceDeclaration c
        && (c.isInterface() || c.isAbstract());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SourceType that && canonicalName().equals(that.canonicalName());
  }

  @Override
  public int hashCode() {
    return canonicalName().hashCode();
  }

  @Override
  public String toString() {
    return canonicalName();
  }
}
