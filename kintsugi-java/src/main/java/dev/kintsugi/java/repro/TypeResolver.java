package dev.kintsugi.java.repro;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.type.ArrayType;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.PrimitiveType;
import com.github.javaparser.ast.type.Type;
import com.github.javaparser.ast.type.TypeParameter;
import com.github.javaparser.ast.type.WildcardType;
import dev.kintsugi.java.repro.JType.Declared;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves types as written in a source file the way javac would for the common cases: type
 * variables, member types of the enclosing types, single-type imports, the same package, on-demand
 * imports, {@code java.lang}, then fully qualified names. JDK classes are looked up (never
 * initialized) through the platform class loader; nothing from the project is loaded.
 */
final class TypeResolver {

  private final ProjectSources sources;

  TypeResolver(ProjectSources sources) {
    this.sources = sources;
  }

  JType resolve(Type type, Scope scope) {
    if (type instanceof PrimitiveType primitive) {
      return new JType.Primitive(primitive.asString());
    }
    if (type instanceof ArrayType array) {
      return new JType.ArrayOf(resolve(array.getComponentType(), scope));
    }
    if (type instanceof WildcardType wildcard) {
      return new JType.Wildcard(
          wildcard.getExtendedType().map(t -> resolve(t, scope)),
          wildcard.getSuperType().map(t -> resolve(t, scope)));
    }
    if (type instanceof ClassOrInterfaceType named) {
      return resolveNamed(named, scope);
    }
    return new JType.Unresolved(type.asString(), type.asString(), List.of());
  }

  /** The type an {@code @class} snapshot names ({@code com.acme.Cart$Line}), if known. */
  Optional<Declared> byBinaryName(String binaryName) {
    if (!JavaLiterals.isQualifiedName(binaryName.replace('$', '.'))) {
      return Optional.empty();
    }
    if (binaryName.startsWith("java.")) {
      return loadJdk(binaryName).map(Declared::jdk);
    }
    return sources.byBinaryName(binaryName).map(Declared::of);
  }

  /** A JDK type by canonical name, e.g. {@code java.util.Map.Entry}. */
  static Optional<Declared> jdk(String canonical) {
    if (!canonical.startsWith("java.") || !JavaLiterals.isQualifiedName(canonical)) {
      return Optional.empty();
    }
    String name = canonical;
    while (true) {
      Optional<Class<?>> found = loadJdk(name);
      if (found.isPresent()) {
        return found.map(Declared::jdk);
      }
      int dot = name.lastIndexOf('.');
      if (dot < "java.".length()) {
        return Optional.empty();
      }
      name = name.substring(0, dot) + "$" + name.substring(dot + 1);
    }
  }

  private static Optional<Class<?>> loadJdk(String binaryName) {
    try {
      Class<?> type = Class.forName(binaryName, false, ClassLoader.getPlatformClassLoader());
      return Modifier.isPublic(type.getModifiers()) ? Optional.of(type) : Optional.empty();
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.empty();
    }
  }

  private JType resolveNamed(ClassOrInterfaceType type, Scope scope) {
    List<String> names = new ArrayList<>();
    for (ClassOrInterfaceType t = type; t != null; t = t.getScope().orElse(null)) {
      names.add(0, t.getNameAsString());
    }
    String first = names.get(0);
    if (names.size() == 1 && scope.variables().containsKey(first)) {
      return new JType.Variable(first, erasure(scope.variables().get(first), scope.without(first)));
    }
    Optional<Declared> found =
        firstName(first, scope).flatMap(d -> nested(d, names.subList(1, names.size())));
    if (found.isEmpty()) {
      found = qualified(names);
    }
    if (found.isEmpty()) {
      return new JType.Unresolved(
          type.asString(), first, importsThatMayDeclare(scope.owner().unit(), first));
    }
    List<JType> args = new ArrayList<>();
    type.getTypeArguments().ifPresent(list -> list.forEach(a -> args.add(resolve(a, scope))));
    return found.get().withArgs(args);
  }

  private JType erasure(TypeParameter variable, Scope scope) {
    if (variable.getTypeBound().isEmpty()) {
      return JType.OBJECT;
    }
    JType bound = resolve(variable.getTypeBound().get(0), scope);
    return bound instanceof Declared declared ? declared.withArgs(List.of()) : bound;
  }

  private Optional<Declared> firstName(String name, Scope scope) {
    SourceType owner = scope.owner();
    List<TypeDeclaration<?>> chain = owner.chain();
    for (int i = chain.size() - 1; i >= 0; i--) {
      SourceType level = new SourceType(owner.packageName(), chain.subList(0, i + 1), owner.unit());
      if (chain.get(i).getNameAsString().equals(name)) {
        return Optional.of(Declared.of(level));
      }
      Optional<TypeDeclaration<?>> member = ProjectSources.memberType(chain.get(i), name);
      if (member.isPresent()) {
        return Optional.of(Declared.of(level.member(member.get())));
      }
    }
    CompilationUnit unit = owner.unit();
    for (ImportDeclaration declaration : unit.getImports()) {
      String imported = declaration.getNameAsString();
      if (!declaration.isStatic()
          && !declaration.isAsterisk()
          && (imported.equals(name) || imported.endsWith("." + name))) {
        return Optional.of(known(imported).orElseGet(() -> Declared.library(imported, "")));
      }
    }
    String pkg = owner.packageName();
    Optional<SourceType> samePackage =
        sources.byCanonicalName(pkg.isEmpty() ? name : pkg + "." + name);
    if (samePackage.isPresent()) {
      return samePackage.map(Declared::of);
    }
    for (ImportDeclaration declaration : unit.getImports()) {
      if (!declaration.isStatic() && declaration.isAsterisk()) {
        Optional<Declared> onDemand = known(declaration.getNameAsString() + "." + name);
        if (onDemand.isPresent()) {
          return onDemand;
        }
      }
    }
    return jdk("java.lang." + name);
  }

  private Optional<Declared> known(String canonical) {
    Optional<SourceType> source = sources.byCanonicalName(canonical);
    return source.isPresent() ? source.map(Declared::of) : jdk(canonical);
  }

  private Optional<Declared> nested(Declared outer, List<String> rest) {
    if (rest.isEmpty()) {
      return Optional.of(outer);
    }
    if (outer.source().isPresent()) {
      SourceType current = outer.source().get();
      for (String name : rest) {
        Optional<TypeDeclaration<?>> member =
            ProjectSources.memberType(current.declaration(), name);
        if (member.isEmpty()) {
          return Optional.empty();
        }
        current = current.member(member.get());
      }
      return Optional.of(Declared.of(current));
    }
    String suffix = "." + String.join(".", rest);
    if (outer.jdk().isPresent()) {
      return jdk(outer.canonical() + suffix);
    }
    String simple = outer.importName().substring(outer.importName().lastIndexOf('.') + 1);
    return Optional.of(
        Declared.library(
            outer.importName(), outer.localName().substring(simple.length()) + suffix));
  }

  /** A fully qualified name written in source: {@code java.util.List}, {@code org.lib.Widget}. */
  private Optional<Declared> qualified(List<String> names) {
    if (names.size() < 2) {
      return Optional.empty();
    }
    Optional<Declared> known = known(String.join(".", names));
    if (known.isPresent()) {
      return known;
    }
    // By convention packages are lower case and types are not.
    for (int i = 1; i < names.size(); i++) {
      if (Character.isUpperCase(names.get(i).charAt(0))) {
        String top = String.join(".", names.subList(0, i + 1));
        List<String> rest = names.subList(i + 1, names.size());
        return Optional.of(
            Declared.library(top, rest.isEmpty() ? "" : "." + String.join(".", rest)));
      }
    }
    return Optional.empty();
  }

  private static List<String> importsThatMayDeclare(CompilationUnit unit, String name) {
    List<String> onDemand = new ArrayList<>();
    for (ImportDeclaration declaration : unit.getImports()) {
      if (declaration.isStatic()) {
        continue;
      }
      String imported = declaration.getNameAsString();
      if (!declaration.isAsterisk() && imported.endsWith("." + name)) {
        return List.of(imported);
      }
      if (declaration.isAsterisk()) {
        onDemand.add(imported + ".*");
      }
    }
    return onDemand;
  }
}
